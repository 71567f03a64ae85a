// Compact hatchback facing +Z: extruded side-profile body with wheel arches, glass, lights, bumpers and torus tyres.
function buildObject() {
  const car = new THREE.Group();
  const paint = new THREE.MeshStandardMaterial({ color: 0xd63a2f, metalness: 0.4, roughness: 0.45, flatShading: true });
  const glass = new THREE.MeshStandardMaterial({ color: 0x1d2a38, metalness: 0.2, roughness: 0.1 });
  const rubber = new THREE.MeshLambertMaterial({ color: 0x1b1b1b, flatShading: true });
  const chrome = new THREE.MeshStandardMaterial({ color: 0xdddddd, metalness: 1.0, roughness: 0.2 });
  const trim = new THREE.MeshLambertMaterial({ color: 0x303030 });
  const WIDTH = 0.9, ARCH = 0.33, WHEEL_Z = 0.62, WHEEL_R = 0.27;

  // Side profile in (u = forward, v = up), with two wheel arches cut into the bottom edge.
  const profile = new THREE.Shape();
  profile.moveTo(-1.05, 0.27);
  profile.lineTo(-WHEEL_Z - ARCH, 0.27);
  profile.absarc(-WHEEL_Z, 0.27, ARCH, Math.PI, 0, true);
  profile.lineTo(WHEEL_Z - ARCH, 0.27);
  profile.absarc(WHEEL_Z, 0.27, ARCH, Math.PI, 0, true);
  profile.lineTo(1.05, 0.27);
  profile.lineTo(1.1, 0.5);
  profile.lineTo(1.0, 0.62);
  profile.lineTo(0.45, 0.68);
  profile.lineTo(0.1, 1.0);
  profile.lineTo(-0.6, 1.0);
  profile.lineTo(-0.95, 0.72);
  profile.lineTo(-1.08, 0.62);
  profile.closePath();
  const bodyGeometry = new THREE.ExtrudeGeometry(profile, { depth: WIDTH, bevelEnabled: true, bevelThickness: 0.04, bevelSize: 0.03, bevelSegments: 2, curveSegments: 8 });
  bodyGeometry.translate(0, 0, -WIDTH / 2);
  bodyGeometry.rotateY(-Math.PI / 2); // (u, v, w) -> (-w, v, u): forward becomes +Z
  car.add(new THREE.Mesh(bodyGeometry, paint));

  // Side windows: the cabin outline as flat shapes just outside each flank.
  const windowOutline = [[0.38, 0.71], [0.1, 0.95], [-0.56, 0.95], [-0.86, 0.73]];
  for (const side of [1, -1]) {
    const shape = new THREE.Shape(windowOutline.map(([u, v]) => new THREE.Vector2(side > 0 ? -u : u, v)));
    const pane = new THREE.Mesh(new THREE.ShapeGeometry(shape), glass);
    pane.rotation.y = side * Math.PI / 2;
    pane.position.x = side * (WIDTH / 2 + 0.045); // just outside the bevelled flank
    car.add(pane);
    // B-pillar splitting the side window.
    const pillar = new THREE.Mesh(new THREE.BoxGeometry(0.01, 0.26, 0.06), paint);
    pillar.position.set(side * (WIDTH / 2 + 0.05), 0.83, -0.15);
    car.add(pillar);
  }
  // Windshield and rear window: planes tilted to the body's slopes.
  const windshield = new THREE.Mesh(new THREE.PlaneGeometry(WIDTH - 0.08, 0.44), glass);
  windshield.position.set(0, 0.87, 0.3);
  windshield.rotation.x = -Math.atan2(0.35, 0.32);
  car.add(windshield);
  const rear = new THREE.Mesh(new THREE.PlaneGeometry(WIDTH - 0.1, 0.4), glass);
  rear.position.set(0, 0.89, -0.8);
  rear.rotation.set(-Math.atan2(0.35, 0.28), Math.PI, 0, 'YXZ');
  car.add(rear);

  // Lights and bumpers.
  for (const side of [-1, 1]) {
    const head = new THREE.Mesh(new THREE.BoxGeometry(0.18, 0.08, 0.04), new THREE.MeshStandardMaterial({ color: 0xfff5c0, emissive: 0xffe9a0, emissiveIntensity: 0.6 }));
    head.position.set(side * 0.3, 0.52, 1.12);
    car.add(head);
    const tail = new THREE.Mesh(new THREE.BoxGeometry(0.16, 0.08, 0.04), new THREE.MeshStandardMaterial({ color: 0xb01010, emissive: 0x600000 }));
    tail.position.set(side * 0.32, 0.58, -1.11);
    car.add(tail);
  }
  for (const z of [1.12, -1.11]) {
    const bumper = new THREE.Mesh(new THREE.BoxGeometry(WIDTH + 0.04, 0.1, 0.08), trim);
    bumper.position.set(0, 0.32, z);
    car.add(bumper);
  }

  // Wheels: torus tyre (axis turned to X) around a chrome hub with a cap.
  const tyre = new THREE.TorusGeometry(WHEEL_R - 0.08, 0.08, 8, 16);
  const hub = new THREE.CylinderGeometry(0.13, 0.13, 0.12, 10);
  for (const x of [-1, 1]) {
    for (const z of [-1, 1]) {
      const wheel = new THREE.Group();
      wheel.position.set(x * (WIDTH / 2 - 0.02), WHEEL_R, z * WHEEL_Z);
      car.add(wheel);
      const t = new THREE.Mesh(tyre, rubber);
      t.rotation.y = Math.PI / 2;
      wheel.add(t);
      const h = new THREE.Mesh(hub, chrome);
      h.rotation.z = Math.PI / 2;
      wheel.add(h);
    }
  }
  return car;
}

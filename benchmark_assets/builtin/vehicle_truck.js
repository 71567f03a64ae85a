// Box delivery truck facing +Z: a blue cab-over with windshield, grille, headlights and mirrors, a white cargo box with a stripe and roll-up door, and six wheels on a dark chassis.
function buildObject() {
  const truck = new THREE.Group();
  const paint = new THREE.MeshStandardMaterial({ color: 0x2f6fc4, metalness: 0.3, roughness: 0.5, flatShading: true });
  const boxPaint = new THREE.MeshLambertMaterial({ color: 0xe6e8ec, flatShading: true });
  const door = new THREE.MeshLambertMaterial({ color: 0xb8bcc4, flatShading: true });
  const glass = new THREE.MeshStandardMaterial({ color: 0x1d2a38, metalness: 0.2, roughness: 0.1 });
  const dark = new THREE.MeshLambertMaterial({ color: 0x2b2b30, flatShading: true });
  const rubber = new THREE.MeshLambertMaterial({ color: 0x1b1b1b, flatShading: true });
  const chrome = new THREE.MeshStandardMaterial({ color: 0xdddddd, metalness: 0.9, roughness: 0.25 });
  const headlight = new THREE.MeshStandardMaterial({ color: 0xfff5c0, emissive: 0xffe9a0, emissiveIntensity: 0.6 });
  const taillight = new THREE.MeshStandardMaterial({ color: 0xb01010, emissive: 0x600000 });
  const amber = new THREE.MeshStandardMaterial({ color: 0xffa020, emissive: 0x804000 });
  const WIDTH = 1.0, WHEEL_R = 0.27, FRONT_AXLE = 1.2;

  function add(parent, geometry, material, x, y, z) {
    const mesh = new THREE.Mesh(geometry, material);
    mesh.position.set(x, y, z);
    parent.add(mesh);
    return mesh;
  }

  // Cab: a side profile in (u = forward, v = up) with the front wheel arch cut out, extruded across the width.
  const profile = new THREE.Shape();
  profile.moveTo(0.62, 0.3);
  profile.lineTo(FRONT_AXLE - 0.34, 0.3);
  profile.absarc(FRONT_AXLE, 0.27, 0.34, Math.PI, 0, true);
  profile.lineTo(1.68, 0.3);
  profile.lineTo(1.7, 1.0);
  profile.lineTo(1.58, 1.7);
  profile.lineTo(0.62, 1.72);
  profile.closePath();
  const cabGeometry = new THREE.ExtrudeGeometry(profile, { depth: WIDTH, bevelEnabled: true, bevelThickness: 0.03, bevelSize: 0.03, bevelSegments: 2, curveSegments: 8 });
  cabGeometry.translate(0, 0, -WIDTH / 2);
  cabGeometry.rotateY(-Math.PI / 2); // (u, v, w) -> (-w, v, u): forward becomes +Z
  truck.add(new THREE.Mesh(cabGeometry, paint));

  // Windshield on the sloping front, and a side window on each door.
  const windshield = add(truck, new THREE.PlaneGeometry(WIDTH - 0.12, 0.52), glass, 0, 1.36, 1.69);
  windshield.rotation.x = -Math.atan2(0.12, 0.7);
  for (const side of [1, -1]) {
    const outline = [[0.86, 1.08], [1.5, 1.08], [1.56, 1.6], [0.86, 1.62]];
    const shape = new THREE.Shape(outline.map(([u, v]) => new THREE.Vector2(side > 0 ? -u : u, v)));
    const pane = add(truck, new THREE.ShapeGeometry(shape), glass, side * (WIDTH / 2 + 0.035), 0, 0);
    pane.rotation.y = side * Math.PI / 2;
    // Mirror on an arm ahead of the door.
    add(truck, new THREE.BoxGeometry(0.14, 0.03, 0.03), dark, side * (WIDTH / 2 + 0.08), 1.25, 1.52);
    add(truck, new THREE.BoxGeometry(0.04, 0.22, 0.1), dark, side * (WIDTH / 2 + 0.16), 1.25, 1.52);
    // Headlights and indicators.
    add(truck, new THREE.BoxGeometry(0.2, 0.12, 0.03), headlight, side * 0.33, 0.62, 1.72);
    add(truck, new THREE.BoxGeometry(0.08, 0.06, 0.03), amber, side * 0.44, 0.5, 1.71);
  }
  // Grille with chrome slats, bumper, and marker lights on the roof.
  add(truck, new THREE.BoxGeometry(0.42, 0.3, 0.03), dark, 0, 0.66, 1.72);
  for (let i = 0; i < 4; i++) add(truck, new THREE.BoxGeometry(0.4, 0.025, 0.02), chrome, 0, 0.55 + i * 0.075, 1.74);
  add(truck, new THREE.BoxGeometry(WIDTH + 0.06, 0.14, 0.12), dark, 0, 0.36, 1.72);
  for (const x of [-0.25, 0, 0.25]) add(truck, new THREE.BoxGeometry(0.08, 0.04, 0.05), amber, x, 1.77, 1.45);

  // Chassis, cargo box with a stripe, rear door with slats, tail lights and mudguards.
  add(truck, new THREE.BoxGeometry(0.6, 0.14, 3.1), dark, 0, 0.42, 0.05);
  const BOX_FRONT = 0.56, BOX_BACK = -1.6, boxLength = BOX_FRONT - BOX_BACK, boxZ = (BOX_FRONT + BOX_BACK) / 2;
  add(truck, new THREE.BoxGeometry(WIDTH + 0.08, 1.25, boxLength), boxPaint, 0, 0.6 + 0.625, boxZ);
  add(truck, new THREE.BoxGeometry(WIDTH + 0.1, 0.14, boxLength - 0.1), paint, 0, 1.05, boxZ);
  add(truck, new THREE.BoxGeometry(WIDTH + 0.1, 0.04, boxLength + 0.02), dark, 0, 0.61, boxZ);
  add(truck, new THREE.BoxGeometry(WIDTH - 0.08, 1.05, 0.02), door, 0, 1.2, BOX_BACK - 0.01);
  for (let i = 1; i < 7; i++) add(truck, new THREE.BoxGeometry(WIDTH - 0.1, 0.015, 0.02), boxPaint, 0, 0.68 + i * 0.15, BOX_BACK - 0.02);
  add(truck, new THREE.BoxGeometry(0.16, 0.04, 0.04), chrome, 0, 0.75, BOX_BACK - 0.03);
  for (const side of [-1, 1]) {
    add(truck, new THREE.BoxGeometry(0.1, 0.16, 0.03), taillight, side * 0.45, 0.5, BOX_BACK - 0.01);
    add(truck, new THREE.BoxGeometry(0.2, 0.03, 0.85), dark, side * 0.42, 0.6, -0.9);
  }
  add(truck, new THREE.BoxGeometry(WIDTH + 0.04, 0.1, 0.08), dark, 0, 0.42, BOX_BACK + 0.02);

  // Wheels: a torus tyre round a chrome hub, one front axle and a tandem rear.
  const tyre = new THREE.TorusGeometry(WHEEL_R - 0.08, 0.08, 8, 16);
  const hub = new THREE.CylinderGeometry(0.13, 0.13, 0.14, 10);
  for (const z of [FRONT_AXLE, -0.65, -1.15]) {
    for (const x of [-1, 1]) {
      const wheel = new THREE.Group();
      wheel.position.set(x * (WIDTH / 2 - 0.06), WHEEL_R, z);
      truck.add(wheel);
      wheel.add(new THREE.Mesh(tyre, rubber)).rotation.y = Math.PI / 2;
      const h = new THREE.Mesh(hub, chrome);
      h.rotation.z = Math.PI / 2;
      wheel.add(h);
    }
  }
  return truck;
}

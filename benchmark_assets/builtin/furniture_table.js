// Farmhouse dining table: rounded-corner extruded top, turned lathe legs, aprons and a cloth runner.
function buildObject() {
  const table = new THREE.Group();
  const wood = new THREE.MeshPhongMaterial({ color: 0xb9834f, shininess: 25, flatShading: true });
  const darkWood = new THREE.MeshPhongMaterial({ color: 0x80512c, shininess: 15, flatShading: true });
  const cloth = new THREE.MeshLambertMaterial({ color: 0x3f7fbf, side: THREE.DoubleSide });
  const W = 2.0, D = 1.1, H = 1.0, TOP = 0.08, R = 0.12;

  // Table top: a rounded rectangle shape, extruded and laid flat (shape XY -> world XZ).
  const shape = new THREE.Shape();
  shape.moveTo(-W / 2 + R, -D / 2);
  shape.lineTo(W / 2 - R, -D / 2);
  shape.absarc(W / 2 - R, -D / 2 + R, R, -Math.PI / 2, 0, false);
  shape.lineTo(W / 2, D / 2 - R);
  shape.absarc(W / 2 - R, D / 2 - R, R, 0, Math.PI / 2, false);
  shape.lineTo(-W / 2 + R, D / 2);
  shape.absarc(-W / 2 + R, D / 2 - R, R, Math.PI / 2, Math.PI, false);
  shape.lineTo(-W / 2, -D / 2 + R);
  shape.absarc(-W / 2 + R, -D / 2 + R, R, Math.PI, Math.PI * 1.5, false);
  const topGeometry = new THREE.ExtrudeGeometry(shape, { depth: TOP, bevelEnabled: true, bevelThickness: 0.015, bevelSize: 0.015, bevelSegments: 2, curveSegments: 4 });
  topGeometry.rotateX(Math.PI / 2); // extrusion now runs downward from y=0 to y=-TOP
  const top = new THREE.Mesh(topGeometry, wood);
  top.position.y = H;
  table.add(top);

  // Turned legs: a lathe profile with a foot, a bead and a square-ish upper block.
  const profile = [[0, 0], [0.05, 0], [0.065, 0.04], [0.045, 0.1], [0.04, 0.35], [0.06, 0.42], [0.04, 0.48],
    [0.05, 0.65], [0.065, 0.7], [0.065, H - TOP], [0, H - TOP]].map(([r, y]) => new THREE.Vector2(r, y));
  const legGeometry = new THREE.LatheGeometry(profile, 8);
  for (const x of [-1, 1]) {
    for (const z of [-1, 1]) {
      const leg = new THREE.Mesh(legGeometry, darkWood);
      leg.position.set(x * (W / 2 - 0.16), 0, z * (D / 2 - 0.14));
      table.add(leg);
    }
  }

  // Aprons under the top, joining the legs.
  const apronY = H - TOP - 0.07;
  for (const z of [-1, 1]) {
    const apron = new THREE.Mesh(new THREE.BoxGeometry(W - 0.32, 0.14, 0.04), darkWood);
    apron.position.set(0, apronY, z * (D / 2 - 0.14));
    table.add(apron);
  }
  for (const x of [-1, 1]) {
    const apron = new THREE.Mesh(new THREE.BoxGeometry(0.04, 0.14, D - 0.28), darkWood);
    apron.position.set(x * (W / 2 - 0.16), apronY, 0);
    table.add(apron);
  }

  // Cloth runner across the width, hanging over both long edges.
  const runner = new THREE.Mesh(new THREE.PlaneGeometry(0.45, D + 0.04), cloth);
  runner.rotation.x = -Math.PI / 2;
  runner.position.y = H + 0.017;
  table.add(runner);
  for (const z of [-1, 1]) {
    const flap = new THREE.Mesh(new THREE.PlaneGeometry(0.45, 0.16), cloth);
    flap.position.set(0, H - 0.06, z * (D / 2 + 0.037));
    table.add(flap);
  }
  return table;
}

// Garden shovel, blade down: an ash shaft with a D-grip, a green-painted steel socket and a pointed, dished steel blade with foot treads.
function buildObject() {
  const shovel = new THREE.Group();
  const steel = new THREE.MeshStandardMaterial({ color: 0x8d96a0, metalness: 0.75, roughness: 0.35, flatShading: true, side: THREE.DoubleSide });
  const painted = new THREE.MeshStandardMaterial({ color: 0x2f7a3a, metalness: 0.3, roughness: 0.5, flatShading: true });
  const wood = new THREE.MeshLambertMaterial({ color: 0xc9975f, flatShading: true });
  const grip = new THREE.MeshLambertMaterial({ color: 0x2a2a2a, flatShading: true });
  const BLADE_TOP = 0.58; // the blade's tip sits at y = 0
  const DISH = 0.9;       // z offset = DISH * x^2: the blade curves forward at its sides

  // Blade outline in XY (top edge at y = 0, tip at y = -0.58), then dished and moved up onto the ground.
  const outline = new THREE.Shape();
  outline.moveTo(-0.2, 0);
  outline.lineTo(0.2, 0);
  outline.lineTo(0.19, -0.34);
  outline.quadraticCurveTo(0.16, -0.5, 0, -0.58);
  outline.quadraticCurveTo(-0.16, -0.5, -0.19, -0.34);
  outline.closePath();
  const blade = new THREE.ExtrudeGeometry(outline, { depth: 0.012, bevelEnabled: true, bevelThickness: 0.004, bevelSize: 0.006, bevelSegments: 1, curveSegments: 8 });
  blade.translate(0, 0, -0.006);
  const bp = blade.attributes.position;
  for (let i = 0; i < bp.count; i++) bp.setZ(i, bp.getZ(i) + DISH * bp.getX(i) * bp.getX(i));
  blade.computeVertexNormals();
  const bladeMesh = new THREE.Mesh(blade, steel);
  bladeMesh.position.y = BLADE_TOP;
  shovel.add(bladeMesh);

  // Foot treads: rolled strips along the top edge either side of the socket, following the dish.
  for (const side of [-1, 1]) {
    for (let j = 0; j < 3; j++) {
      const x = side * (0.07 + j * 0.045);
      const tread = new THREE.Mesh(new THREE.BoxGeometry(0.05, 0.025, 0.05), steel);
      tread.position.set(x, BLADE_TOP + 0.005, DISH * x * x - 0.02);
      tread.rotation.y = -Math.atan(2 * DISH * x); // lie along the slope of the dish
      shovel.add(tread);
    }
  }

  // Socket: a painted tapered sleeve from the blade up the shaft, with a strap down the back of the blade.
  const socket = new THREE.Mesh(new THREE.CylinderGeometry(0.042, 0.06, 0.3, 10), painted);
  socket.position.set(0, BLADE_TOP + 0.14, -0.03);
  shovel.add(socket);
  const strap = new THREE.Mesh(new THREE.BoxGeometry(0.08, 0.24, 0.02), painted);
  strap.position.set(0, BLADE_TOP - 0.1, -0.022);
  shovel.add(strap);
  const rivet = new THREE.Mesh(new THREE.CylinderGeometry(0.012, 0.012, 0.13, 6), steel);
  rivet.rotation.x = Math.PI / 2;
  rivet.position.set(0, BLADE_TOP + 0.2, -0.03);
  shovel.add(rivet);

  // Shaft.
  const SHAFT = 1.05, shaftTop = BLADE_TOP + 0.25 + SHAFT;
  const shaft = new THREE.Mesh(new THREE.CylinderGeometry(0.033, 0.036, SHAFT, 8), wood);
  shaft.position.set(0, BLADE_TOP + 0.25 + SHAFT / 2, -0.03);
  shovel.add(shaft);

  // D-grip: a painted collar, two wooden cheeks splaying out and a black crossbar.
  const collar = new THREE.Mesh(new THREE.CylinderGeometry(0.042, 0.042, 0.08, 10), painted);
  collar.position.set(0, shaftTop - 0.02, -0.03);
  shovel.add(collar);
  for (const side of [-1, 1]) {
    const cheek = new THREE.Mesh(new THREE.CylinderGeometry(0.022, 0.026, 0.26, 6), wood);
    cheek.position.set(side * 0.055, shaftTop + 0.11, -0.03);
    cheek.rotation.z = -side * 0.42;
    shovel.add(cheek);
  }
  const bar = new THREE.Mesh(new THREE.CylinderGeometry(0.03, 0.03, 0.22, 8), grip);
  bar.rotation.z = Math.PI / 2;
  bar.position.set(0, shaftTop + 0.23, -0.03);
  shovel.add(bar);
  return shovel;
}

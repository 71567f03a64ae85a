// Three-seat sofa facing +Z: a fabric base and back, rolled armrests, three seat and three back cushions, two throw pillows and tapered wooden legs.
function buildObject() {
  const sofa = new THREE.Group();
  const fabric = new THREE.MeshLambertMaterial({ color: 0x3f7f8f, flatShading: true });
  const cushion = new THREE.MeshLambertMaterial({ color: 0x4d95a6, flatShading: true });
  const pillowA = new THREE.MeshLambertMaterial({ color: 0xf0b841, flatShading: true });
  const pillowB = new THREE.MeshLambertMaterial({ color: 0xe07a5f, flatShading: true });
  const wood = new THREE.MeshLambertMaterial({ color: 0x6b4226, flatShading: true });
  const W = 2.2, D = 0.9, LEG = 0.14;

  function add(parent, geometry, material, x, y, z) {
    const mesh = new THREE.Mesh(geometry, material);
    mesh.position.set(x, y, z);
    parent.add(mesh);
    return mesh;
  }

  // Tapered legs at the corners.
  for (const x of [-1, 1]) for (const z of [-1, 1]) {
    add(sofa, new THREE.CylinderGeometry(0.04, 0.025, LEG, 6), wood, x * (W / 2 - 0.1), LEG / 2, z * (D / 2 - 0.08));
  }
  // Base and back frame.
  add(sofa, new THREE.BoxGeometry(W - 0.3, 0.28, D), fabric, 0, LEG + 0.14, 0);
  add(sofa, new THREE.BoxGeometry(W - 0.3, 0.62, 0.2), fabric, 0, LEG + 0.28 + 0.31, -D / 2 + 0.1);
  // Armrests: a block with a rolled top and a round front cap.
  for (const x of [-1, 1]) {
    const armX = x * (W / 2 - 0.13);
    add(sofa, new THREE.BoxGeometry(0.26, 0.46, D), fabric, armX, LEG + 0.23, 0);
    const roll = add(sofa, new THREE.CylinderGeometry(0.15, 0.15, D, 12), fabric, armX + x * 0.01, LEG + 0.48, 0);
    roll.rotation.x = Math.PI / 2;
    const cap = add(sofa, new THREE.CylinderGeometry(0.11, 0.11, 0.02, 12), cushion, armX + x * 0.01, LEG + 0.48, D / 2 + 0.005);
    cap.rotation.x = Math.PI / 2;
  }
  // Seat cushions and back cushions (tilted back), with small gaps between them.
  const cw = (W - 0.3 - 0.04) / 3;
  for (let i = -1; i <= 1; i++) {
    const seat = add(sofa, new THREE.BoxGeometry(cw - 0.02, 0.16, D - 0.2), cushion, i * cw, LEG + 0.36, 0.1);
    seat.scale.set(1, 1, 1);
    const back = add(sofa, new THREE.BoxGeometry(cw - 0.03, 0.46, 0.16), cushion, i * cw, LEG + 0.68, -D / 2 + 0.27);
    back.rotation.x = -0.14;
    // A button tuft on each back cushion.
    add(sofa, new THREE.SphereGeometry(0.025, 6, 4), fabric, i * cw, LEG + 0.7, -D / 2 + 0.345);
  }
  // Throw pillows leaning into the corners.
  const p1 = add(sofa, new THREE.BoxGeometry(0.38, 0.38, 0.12), pillowA, -(W / 2 - 0.5), LEG + 0.62, -0.12);
  p1.rotation.set(-0.3, 0.35, 0.3);
  const p2 = add(sofa, new THREE.BoxGeometry(0.34, 0.34, 0.12), pillowB, W / 2 - 0.48, LEG + 0.6, -0.1);
  p2.rotation.set(-0.3, -0.4, -0.25);
  return sofa;
}

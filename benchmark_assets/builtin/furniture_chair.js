// Wooden dining chair: four tapered legs, stretchers, a cushioned seat and a slatted backrest (back at -Z).
function buildObject() {
  const chair = new THREE.Group();
  const wood = new THREE.MeshLambertMaterial({ color: 0xa86b3c, flatShading: true });
  const darkWood = new THREE.MeshLambertMaterial({ color: 0x7a4a26, flatShading: true });
  const cushion = new THREE.MeshLambertMaterial({ color: 0xb03a3a, flatShading: true });
  const SEAT_Y = 0.9, HALF = 0.4;

  function add(geometry, material, x, y, z) {
    const mesh = new THREE.Mesh(geometry, material);
    mesh.position.set(x, y, z);
    chair.add(mesh);
    return mesh;
  }

  // Legs: square-section tapered posts (4-sided cylinders turned 45 degrees); the back ones run up into the backrest.
  for (const x of [-1, 1]) {
    for (const z of [-1, 1]) {
      const back = z < 0;
      const height = back ? SEAT_Y + 0.95 : SEAT_Y;
      const leg = add(new THREE.CylinderGeometry(0.045, 0.035, height, 4), wood, x * (HALF - 0.04), height / 2, z * (HALF - 0.04));
      leg.rotation.y = Math.PI / 4;
      if (back) leg.rotation.x = -0.06; // lean back with the backrest
    }
  }

  // Stretchers between the legs, low down.
  for (const x of [-1, 1]) add(new THREE.BoxGeometry(0.04, 0.05, 2 * HALF - 0.08), darkWood, x * (HALF - 0.04), 0.28, 0);
  add(new THREE.BoxGeometry(2 * HALF - 0.08, 0.05, 0.04), darkWood, 0, 0.38, 0);

  // Seat frame and cushion.
  add(new THREE.BoxGeometry(2 * HALF, 0.08, 2 * HALF), wood, 0, SEAT_Y - 0.04, 0);
  add(new THREE.BoxGeometry(2 * HALF - 0.08, 0.08, 2 * HALF - 0.1), cushion, 0, SEAT_Y + 0.04, 0.02);

  // Backrest: a group tilted back slightly, with a curved top rail and vertical slats.
  const back = new THREE.Group();
  back.position.set(0, SEAT_Y, -(HALF - 0.04));
  back.rotation.x = -0.06;
  chair.add(back);
  const rail = new THREE.Mesh(new THREE.CylinderGeometry(1.2, 1.2, 0.16, 24, 1, true, Math.PI - 0.33, 0.66), darkWood);
  rail.material = darkWood.clone();
  rail.material.side = THREE.DoubleSide;
  rail.position.set(0, 0.85, 1.16);
  back.add(rail);
  const lowRail = new THREE.Mesh(new THREE.BoxGeometry(2 * HALF - 0.08, 0.06, 0.04), darkWood);
  lowRail.position.y = 0.2;
  back.add(lowRail);
  for (let i = -1; i <= 1; i++) {
    const slat = new THREE.Mesh(new THREE.BoxGeometry(0.09, 0.6, 0.025), wood);
    slat.position.set(i * 0.19, 0.5, 0);
    back.add(slat);
  }
  return chair;
}

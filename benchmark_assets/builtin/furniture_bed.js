// Single bed, headboard at the back (-Z): a wooden frame with corner posts and ball finials, a mattress, a blue duvet folded back over a white sheet, and a pillow.
function buildObject() {
  const bed = new THREE.Group();
  const wood = new THREE.MeshLambertMaterial({ color: 0xa8703e, flatShading: true });
  const darkWood = new THREE.MeshLambertMaterial({ color: 0x7a4b26, flatShading: true });
  const mattress = new THREE.MeshLambertMaterial({ color: 0xe9e4da, flatShading: true });
  const sheet = new THREE.MeshLambertMaterial({ color: 0xf4f1ea, flatShading: true });
  const duvet = new THREE.MeshLambertMaterial({ color: 0x3f74c4, flatShading: true });
  const duvetDark = new THREE.MeshLambertMaterial({ color: 0x2f5aa0, flatShading: true });
  const pillowColour = new THREE.MeshLambertMaterial({ color: 0xfaf7f0, flatShading: true });
  const W = 1.1, L = 2.1, TOP = 0.62; // width, length, mattress top

  function add(parent, geometry, material, x, y, z) {
    const mesh = new THREE.Mesh(geometry, material);
    mesh.position.set(x, y, z);
    parent.add(mesh);
    return mesh;
  }

  // Corner posts (tall at the head, short at the foot) with ball finials.
  for (const x of [-1, 1]) {
    for (const [z, height] of [[-1, 1.25], [1, 0.82]]) {
      add(bed, new THREE.BoxGeometry(0.09, height, 0.09), darkWood, x * (W / 2), height / 2, z * (L / 2));
      add(bed, new THREE.SphereGeometry(0.07, 8, 6), darkWood, x * (W / 2), height + 0.04, z * (L / 2));
    }
    // Side rail.
    add(bed, new THREE.BoxGeometry(0.06, 0.16, L - 0.09), wood, x * (W / 2), 0.32, 0);
  }
  // Headboard: a panel with a top rail and three raised vertical boards.
  add(bed, new THREE.BoxGeometry(W - 0.09, 0.62, 0.05), wood, 0, 0.74, -L / 2);
  add(bed, new THREE.BoxGeometry(W + 0.02, 0.08, 0.1), darkWood, 0, 1.1, -L / 2);
  for (const x of [-0.3, 0, 0.3]) add(bed, new THREE.BoxGeometry(0.2, 0.46, 0.03), darkWood, x, 0.74, -L / 2 + 0.035);
  // Footboard: lower panel and rail.
  add(bed, new THREE.BoxGeometry(W - 0.09, 0.3, 0.05), wood, 0, 0.5, L / 2);
  add(bed, new THREE.BoxGeometry(W + 0.02, 0.07, 0.1), darkWood, 0, 0.68, L / 2);

  // Mattress on the rails.
  add(bed, new THREE.BoxGeometry(W - 0.1, 0.24, L - 0.1), mattress, 0, TOP - 0.12, 0);

  // Duvet over the foot two thirds, hanging over both sides; its head end is folded back showing the sheet.
  const duvetLength = L * 0.66, duvetZ = L / 2 - 0.06 - duvetLength / 2;
  add(bed, new THREE.BoxGeometry(W - 0.04, 0.06, duvetLength), duvet, 0, TOP + 0.03, duvetZ);
  for (const x of [-1, 1]) add(bed, new THREE.BoxGeometry(0.03, 0.24, duvetLength), duvet, x * (W / 2 - 0.035), TOP - 0.09, duvetZ);
  add(bed, new THREE.BoxGeometry(W - 0.04, 0.03, 0.22), sheet, 0, TOP + 0.075, duvetZ - duvetLength / 2 + 0.11);
  const roll = add(bed, new THREE.CylinderGeometry(0.04, 0.04, W - 0.04, 8), duvetDark, 0, TOP + 0.06, duvetZ - duvetLength / 2 + 0.22);
  roll.rotation.z = Math.PI / 2;
  // Stitched squares on the duvet: thin darker strips across and along it.
  for (let i = 1; i < 4; i++) add(bed, new THREE.BoxGeometry(W - 0.05, 0.005, 0.02), duvetDark, 0, TOP + 0.062, duvetZ - duvetLength / 2 + 0.22 + i * (duvetLength - 0.22) / 4);
  add(bed, new THREE.BoxGeometry(0.02, 0.005, duvetLength - 0.24), duvetDark, 0, TOP + 0.062, duvetZ + 0.11);

  // Pillow: a plump squashed sphere against the headboard.
  const pillow = add(bed, new THREE.SphereGeometry(0.5, 12, 8), pillowColour, 0, TOP + 0.07, -L / 2 + 0.28);
  pillow.scale.set(0.78, 0.16, 0.36);
  pillow.rotation.x = -0.15;
  return bed;
}

// Bookshelf: a wooden carcass with three shelves filled by one InstancedMesh of coloured book spines.
function buildObject() {
  const shelf = new THREE.Group();
  const wood = new THREE.MeshStandardMaterial({ color: 0x9a6a3e, roughness: 0.8, metalness: 0.0, flatShading: true });
  const backWood = new THREE.MeshStandardMaterial({ color: 0x6e4a2a, roughness: 0.9 });
  const W = 1.2, H = 1.75, D = 0.35, T = 0.04;
  const LEVELS = [0.08, 0.62, 1.16]; // top surfaces of the bottom board and the two shelves

  function board(w, h, d, x, y, z, material) {
    const mesh = new THREE.Mesh(new THREE.BoxGeometry(w, h, d), material || wood);
    mesh.position.set(x, y, z);
    shelf.add(mesh);
    return mesh;
  }
  board(T, H, D, -W / 2 + T / 2, H / 2, 0);
  board(T, H, D, W / 2 - T / 2, H / 2, 0);
  board(W + 0.06, T, D + 0.04, 0, H + T / 2, 0.01); // crown
  board(W - 2 * T, 0.08, D, 0, 0.04, 0); // plinth
  board(W - 2 * T, H, 0.02, 0, H / 2, -D / 2 + 0.01, backWood);
  for (const level of LEVELS.slice(1)) board(W - 2 * T, T, D - 0.02, 0, level - T / 2, 0.01);

  // Books: scale a unit box per instance (width, height, depth), lean a few, tint each one.
  const palette = [0x8e2b2b, 0x2b4f8e, 0x2f7a46, 0xd0a030, 0x5a2e6e, 0xc8c0b0, 0x1f1f2a, 0xb85a2a];
  let seed = 42;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const placements = [];
  for (const level of LEVELS) {
    let x = -W / 2 + T + 0.02;
    const end = level === 0.08 ? W / 2 - T - 0.02 : level === 0.62 ? 0.2 : -0.08;
    while (true) {
      const w = 0.035 + rnd() * 0.045, h = 0.3 + rnd() * 0.16, d = 0.2 + rnd() * 0.08;
      if (x + w > end) break;
      placements.push({ w, h, d, x: x + w / 2, y: level, lean: 0 });
      x += w + 0.004;
    }
    if (level === 0.62) placements.push({ w: 0.04, h: 0.38, d: 0.24, x: x + 0.16, y: level, lean: 0.4 }); // leaning book
  }
  // A small stack lying flat on the top shelf.
  for (let i = 0; i < 4; i++) placements.push({ w: 0.3 - i * 0.03, h: 0.05, d: 0.24, x: 0.12, y: 1.16 + i * 0.05, lean: 0 });

  const books = new THREE.InstancedMesh(new THREE.BoxGeometry(1, 1, 1), new THREE.MeshLambertMaterial({ color: 0xffffff }), placements.length);
  const dummy = new THREE.Object3D();
  const color = new THREE.Color();
  placements.forEach((b, i) => {
    dummy.rotation.set(0, 0, 0);
    dummy.scale.set(b.w, b.h, b.d);
    dummy.position.set(b.x, b.y + b.h / 2, 0.02);
    if (b.lean) {
      dummy.rotation.z = b.lean;
      dummy.position.set(b.x - Math.sin(b.lean) * b.h / 2, b.y + Math.cos(b.lean) * b.h / 2 + Math.sin(b.lean) * b.w / 2, 0.02);
    }
    dummy.updateMatrix();
    books.setMatrixAt(i, dummy.matrix);
    books.setColorAt(i, color.setHex(palette[Math.floor(rnd() * palette.length)]));
  });
  shelf.add(books);

  // A little potted plant on the top shelf.
  const pot = new THREE.Mesh(new THREE.CylinderGeometry(0.08, 0.06, 0.14, 8), new THREE.MeshLambertMaterial({ color: 0xc0643a }));
  pot.position.set(0.42, 1.16 + 0.07, 0);
  shelf.add(pot);
  const leaves = new THREE.Mesh(new THREE.IcosahedronGeometry(0.12, 0), new THREE.MeshLambertMaterial({ color: 0x4f9a3a, flatShading: true }));
  leaves.position.set(0.42, 1.16 + 0.24, 0);
  shelf.add(leaves);
  return shelf;
}

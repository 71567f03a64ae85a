// Cheeseburger: bun halves, patty, cheese slice, tomato, wavy lettuce and instanced sesame seeds.
function buildObject() {
  const burger = new THREE.Group();
  const bun = new THREE.MeshLambertMaterial({ color: 0xd9953f, flatShading: true });
  const crumb = new THREE.MeshLambertMaterial({ color: 0xf1d7a0 });
  const meat = new THREE.MeshLambertMaterial({ color: 0x5a3020, flatShading: true });
  const cheese = new THREE.MeshLambertMaterial({ color: 0xf7c325 });
  const tomato = new THREE.MeshLambertMaterial({ color: 0xd8342c, flatShading: true });
  const lettuce = new THREE.MeshLambertMaterial({ color: 0x6dbf3b, flatShading: true, side: THREE.DoubleSide });
  let y = 0;

  function layer(geometry, material, height) {
    const mesh = new THREE.Mesh(geometry, material);
    mesh.position.y = y + height / 2;
    burger.add(mesh);
    y += height;
    return mesh;
  }

  // Bottom bun, patty, cheese, tomato slices, lettuce.
  layer(new THREE.CylinderGeometry(0.92, 0.85, 0.28, 16), bun, 0.28);
  layer(new THREE.CylinderGeometry(0.9, 0.9, 0.02, 16), crumb, 0.02);
  const patty = layer(new THREE.CylinderGeometry(0.98, 0.98, 0.24, 14), meat, 0.24);
  patty.rotation.y = 0.2;
  const slice = layer(new THREE.BoxGeometry(1.6, 0.04, 1.6), cheese, 0.04);
  slice.rotation.y = Math.PI / 4 + 0.1;
  for (const [x, z] of [[-0.4, 0.1], [0.4, -0.1]]) {
    const t = new THREE.Mesh(new THREE.CylinderGeometry(0.45, 0.45, 0.07, 10), tomato);
    t.position.set(x, y + 0.035, z);
    burger.add(t);
  }
  y += 0.07;

  // Lettuce: a thin disc whose rim is pushed up and down into waves.
  const leaf = new THREE.CylinderGeometry(1.05, 1.05, 0.04, 32, 1);
  const p = leaf.attributes.position;
  for (let i = 0; i < p.count; i++) {
    const x = p.getX(i), z = p.getZ(i);
    const r = Math.hypot(x, z);
    if (r > 0.9) p.setY(i, p.getY(i) + 0.06 * Math.sin(Math.atan2(z, x) * 9));
  }
  leaf.computeVertexNormals();
  layer(leaf, lettuce, 0.05);

  // Top bun: a squashed half sphere with a flat underside.
  const top = new THREE.Group();
  top.position.y = y;
  burger.add(top);
  const dome = new THREE.Mesh(new THREE.SphereGeometry(0.95, 16, 8, 0, Math.PI * 2, 0, Math.PI / 2), bun);
  dome.scale.y = 0.62;
  top.add(dome);
  const underside = new THREE.Mesh(new THREE.CircleGeometry(0.95, 16), crumb);
  underside.rotation.x = Math.PI / 2;
  top.add(underside);

  // Sesame seeds: one InstancedMesh, each seed placed on the dome and turned to lie on it.
  const SEEDS = 28;
  const seeds = new THREE.InstancedMesh(new THREE.SphereGeometry(0.035, 6, 4), new THREE.MeshLambertMaterial({ color: 0xfbefc8 }), SEEDS);
  const dummy = new THREE.Object3D();
  let s = 12345;
  const rnd = () => (s = (s * 16807) % 2147483647) / 2147483647;
  for (let i = 0; i < SEEDS; i++) {
    const phi = Math.acos(1 - rnd() * 0.75); // polar angle on the upper cap
    const theta = rnd() * Math.PI * 2;
    const n = new THREE.Vector3(Math.sin(phi) * Math.cos(theta), Math.cos(phi), Math.sin(phi) * Math.sin(theta));
    dummy.position.set(n.x * 0.95, n.y * 0.95 * 0.62, n.z * 0.95);
    dummy.lookAt(dummy.position.clone().add(n));
    dummy.rotateZ(rnd() * Math.PI);
    dummy.scale.set(1, 1.8, 0.5);
    dummy.updateMatrix();
    seeds.setMatrixAt(i, dummy.matrix);
  }
  top.add(seeds);
  return burger;
}

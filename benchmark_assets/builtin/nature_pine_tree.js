// Low-poly pine tree: four stacked, slightly twisted cone tiers on a tapered trunk with root flares.
function buildObject() {
  const tree = new THREE.Group();
  const bark = new THREE.MeshLambertMaterial({ color: 0x6b4226, flatShading: true });
  const needles = [0x2f6b34, 0x357a3a, 0x3f8a42, 0x4a9a4a].map((c) => new THREE.MeshLambertMaterial({ color: c, flatShading: true }));

  // Trunk and three root flares.
  const trunk = new THREE.Mesh(new THREE.CylinderGeometry(0.12, 0.2, 1.2, 7), bark);
  trunk.position.y = 0.6;
  tree.add(trunk);
  for (let i = 0; i < 3; i++) {
    const root = new THREE.Mesh(new THREE.ConeGeometry(0.09, 0.35, 4), bark);
    const a = (i / 3) * Math.PI * 2 + 0.4;
    root.position.set(Math.cos(a) * 0.2, 0.1, Math.sin(a) * 0.2);
    root.rotation.order = 'YXZ'; // tip the cone outwards, then turn it to its angle round the trunk
    root.rotation.set(0, -a, -(Math.PI / 2 + 0.3));
    tree.add(root);
  }

  // Foliage tiers: each cone gets its rim vertices jittered so the silhouette is ragged.
  const tiers = [
    { radius: 1.1, height: 1.2, y: 1.1 },
    { radius: 0.9, height: 1.05, y: 1.65 },
    { radius: 0.68, height: 0.9, y: 2.15 },
    { radius: 0.45, height: 0.8, y: 2.6 },
  ];
  let seed = 7;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const foliage = new THREE.Group();
  tree.add(foliage);
  tiers.forEach((tier, i) => {
    const geometry = new THREE.ConeGeometry(tier.radius, tier.height, 9, 2);
    const p = geometry.attributes.position;
    const jitter = new Map();
    for (let v = 0; v < p.count; v++) {
      const key = [p.getX(v), p.getY(v), p.getZ(v)].map((c) => Math.round(c * 1000)).join(); // seam copies share a key
      if (!jitter.has(key)) jitter.set(key, [0.85 + rnd() * 0.3, (rnd() - 0.5) * 0.12]);
      const [k, dy] = jitter.get(key);
      if (p.getY(v) < tier.height / 2 - 0.01) {
        p.setXYZ(v, p.getX(v) * k, p.getY(v) + dy, p.getZ(v) * k);
      }
    }
    geometry.computeVertexNormals();
    const cone = new THREE.Mesh(geometry, needles[i]);
    cone.position.y = tier.y + tier.height / 2 - 0.2;
    cone.rotation.y = i * 0.7;
    foliage.add(cone);
  });
  foliage.rotation.z = 0.03; // a slight lean
  return tree;
}

// Cluster of flat-shaded boulders (jittered icosahedra and dodecahedra), pebbles and a few grass tufts.
function buildObject() {
  const cluster = new THREE.Group();
  const stone = [0x8a8d91, 0x767a80, 0x9c9a94].map((c) => new THREE.MeshStandardMaterial({ color: c, roughness: 0.95, metalness: 0, flatShading: true }));
  const moss = new THREE.MeshLambertMaterial({ color: 0x5e8f3a, flatShading: true });
  const grass = new THREE.MeshLambertMaterial({ color: 0x6fae45, flatShading: true });
  let seed = 99;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;

  // Push every distinct corner in or out by a fixed amount so the faces stay closed (non-indexed geometry).
  function roughen(geometry, amount) {
    const p = geometry.attributes.position;
    const offsets = new Map();
    for (let i = 0; i < p.count; i++) {
      const key = [p.getX(i), p.getY(i), p.getZ(i)].map((c) => Math.round(c * 1e4)).join();
      if (!offsets.has(key)) offsets.set(key, 1 + (rnd() - 0.5) * amount);
      const k = offsets.get(key);
      p.setXYZ(i, p.getX(i) * k, p.getY(i) * k, p.getZ(i) * k);
    }
    geometry.computeVertexNormals();
    return geometry;
  }

  const rocks = [
    { geometry: new THREE.IcosahedronGeometry(1, 1), pos: [0, 0.55, 0], scale: [1.2, 0.8, 1.0], mat: 0 },
    { geometry: new THREE.DodecahedronGeometry(0.8, 0), pos: [1.25, 0.35, 0.35], scale: [0.9, 0.7, 0.8], mat: 1 },
    { geometry: new THREE.IcosahedronGeometry(0.7, 0), pos: [-1.05, 0.3, 0.45], scale: [1, 0.65, 0.9], mat: 2 },
    { geometry: new THREE.IcosahedronGeometry(0.55, 0), pos: [0.4, 0.25, 1.0], scale: [1, 0.7, 1], mat: 1 },
  ];
  const meshes = rocks.map((r) => {
    const rock = new THREE.Mesh(roughen(r.geometry, 0.3), stone[r.mat]);
    rock.position.set(r.pos[0], r.pos[1], r.pos[2]);
    rock.scale.set(r.scale[0], r.scale[1], r.scale[2]);
    rock.rotation.set(rnd() * 0.4, rnd() * Math.PI, rnd() * 0.3);
    cluster.add(rock);
    return rock;
  });

  // A mossy cap, parented to the big boulder so it follows the boulder's scale and rotation.
  const cap = new THREE.Mesh(roughen(new THREE.IcosahedronGeometry(0.7, 0), 0.2), moss);
  cap.position.set(0, 0.88, 0);
  cap.scale.set(0.8, 0.3, 0.8);
  meshes[0].add(cap);

  // Pebbles: small tetrahedra scattered in front.
  for (let i = 0; i < 6; i++) {
    const pebble = new THREE.Mesh(new THREE.TetrahedronGeometry(0.12 + rnd() * 0.1), stone[i % 3]);
    const a = -0.4 + rnd() * 2.6;
    pebble.position.set(Math.cos(a) * (1.3 + rnd() * 0.5), 0.05, Math.sin(a) * (1.2 + rnd() * 0.4));
    pebble.rotation.set(rnd() * 3, rnd() * 3, rnd() * 3);
    cluster.add(pebble);
  }

  // Grass tufts: fans of thin 3-sided cones.
  for (const [x, z] of [[-0.7, 0.95], [1.0, 0.95], [-1.6, -0.1], [0.9, -0.6]]) {
    const tuft = new THREE.Group();
    tuft.position.set(x, 0, z);
    for (let b = 0; b < 7; b++) {
      const height = 0.45 + rnd() * 0.25;
      const blade = new THREE.Mesh(new THREE.ConeGeometry(0.05, height, 3).translate(0, height / 2, 0), grass); // pivot at the root
      blade.rotation.set((rnd() - 0.5) * 0.8, 0, (rnd() - 0.5) * 0.8);
      tuft.add(blade);
    }
    cluster.add(tuft);
  }
  return cluster;
}

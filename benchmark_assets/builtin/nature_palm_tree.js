// Palm tree on a little sand island: a curved, ringed trunk, drooping serrated fronds, a cluster of coconuts under the crown and a few pebbles.
function buildObject() {
  const palm = new THREE.Group();
  const sand = new THREE.MeshLambertMaterial({ color: 0xe8cf8e, flatShading: true });
  const barkA = new THREE.MeshLambertMaterial({ color: 0x8a5a32, flatShading: true });
  const barkB = new THREE.MeshLambertMaterial({ color: 0xa8743f, flatShading: true });
  const frondColours = [0x3f9a3a, 0x4fb045, 0x358a34].map((c) => new THREE.MeshLambertMaterial({ color: c, flatShading: true, side: THREE.DoubleSide }));
  const coconut = new THREE.MeshLambertMaterial({ color: 0x5a3a1e, flatShading: true });
  const stone = new THREE.MeshLambertMaterial({ color: 0x9a9a94, flatShading: true });

  // Island: a low, slightly irregular mound of sand.
  const island = new THREE.CylinderGeometry(1.0, 1.2, 0.3, 12, 1);
  const ip = island.attributes.position;
  for (let i = 0; i < ip.count; i++) {
    const a = Math.atan2(ip.getZ(i), ip.getX(i)), k = 1 + 0.08 * Math.sin(a * 3) + 0.05 * Math.cos(a * 5);
    ip.setXYZ(i, ip.getX(i) * k, ip.getY(i), ip.getZ(i) * k);
  }
  island.computeVertexNormals();
  const mound = new THREE.Mesh(island, sand);
  mound.position.y = 0.15;
  palm.add(mound);
  for (const [x, z, s] of [[0.7, 0.45, 0.14], [0.85, 0.1, 0.09], [-0.6, 0.6, 0.11]]) {
    const pebble = new THREE.Mesh(new THREE.DodecahedronGeometry(s, 0), stone);
    pebble.position.set(x, 0.3, z);
    pebble.scale.y = 0.6;
    palm.add(pebble);
  }

  // Trunk: tapering segments laid along a curve, alternating two bark colours so the rings show.
  const curve = new THREE.QuadraticBezierCurve3(new THREE.Vector3(0, 0.25, 0), new THREE.Vector3(0.05, 1.8, 0), new THREE.Vector3(0.65, 3.1, -0.1));
  const SEGMENTS = 9, up = new THREE.Vector3(0, 1, 0);
  for (let i = 0; i < SEGMENTS; i++) {
    const a = curve.getPoint(i / SEGMENTS), b = curve.getPoint((i + 1) / SEGMENTS);
    const dir = b.clone().sub(a);
    const r = 0.17 - i * 0.008;
    const seg = new THREE.Mesh(new THREE.CylinderGeometry(r * 0.85, r, dir.length() * 1.08, 7), i % 2 ? barkA : barkB);
    seg.position.copy(a).add(b).multiplyScalar(0.5);
    seg.quaternion.setFromUnitVectors(up, dir.normalize());
    palm.add(seg);
  }
  const top = curve.getPoint(1);

  // Fronds: a plane bent into an arching, drooping leaf with a V fold along the midrib and a serrated edge.
  const L = 1.7;
  function frondGeometry() {
    const g = new THREE.PlaneGeometry(1, 1, 12, 2);
    const p = g.attributes.position;
    for (let i = 0; i < p.count; i++) {
      const u = p.getX(i) + 0.5, v = p.getY(i) * 2; // u along the frond 0..1, v across -1..1
      const column = Math.round(u * 12);
      const width = 0.38 * Math.pow(Math.sin(Math.PI * Math.min(1, u * 1.1 + 0.05)), 0.7) * (column % 2 && v !== 0 ? 0.55 : 1);
      const x = u * L;
      const y = 0.55 * x - 0.42 * x * x - Math.abs(v) * 0.08;
      p.setXYZ(i, x, y, v * width);
    }
    g.computeVertexNormals();
    return g;
  }
  const crown = new THREE.Group();
  crown.position.copy(top);
  palm.add(crown);
  const FRONDS = 8;
  for (let i = 0; i < FRONDS; i++) {
    const frond = new THREE.Mesh(frondGeometry(), frondColours[i % 3]);
    frond.rotation.set(0, (i / FRONDS) * Math.PI * 2 + (i % 2) * 0.2, (i % 2 ? -0.15 : 0.1), 'YXZ');
    crown.add(frond);
  }
  crown.add(new THREE.Mesh(new THREE.SphereGeometry(0.15, 8, 6), barkA));

  // Coconuts hanging just under the crown.
  for (const [x, z] of [[0.16, 0.12], [-0.15, 0.1], [0.02, -0.17]]) {
    const nut = new THREE.Mesh(new THREE.IcosahedronGeometry(0.12, 1), coconut);
    nut.position.set(top.x + x, top.y - 0.2, top.z + z);
    palm.add(nut);
  }
  return palm;
}

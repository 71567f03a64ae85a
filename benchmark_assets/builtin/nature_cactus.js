// Saguaro cactus on a patch of desert sand: a ribbed column with two bent arms, rows of white spines, pink flowers on top and a few pebbles.
function buildObject() {
  const cactus = new THREE.Group();
  const green = new THREE.MeshLambertMaterial({ color: 0x4f9a46, flatShading: true });
  const sand = new THREE.MeshLambertMaterial({ color: 0xe3c58a, flatShading: true });
  const pebble = new THREE.MeshLambertMaterial({ color: 0xa08a70, flatShading: true });
  const spine = new THREE.MeshLambertMaterial({ color: 0xf4f0dc });
  const petal = new THREE.MeshLambertMaterial({ color: 0xf06ca0, flatShading: true });
  const pollen = new THREE.MeshLambertMaterial({ color: 0xffd23c, flatShading: true });
  const RIBS = 8;

  // Ribbed cross-section: every other rim vertex is pulled in, so the flat-shaded column shows 8 ribs.
  function ribbed(geometry) {
    const p = geometry.attributes.position, step = Math.PI / RIBS;
    for (let i = 0; i < p.count; i++) {
      const x = p.getX(i), z = p.getZ(i);
      if (Math.hypot(x, z) < 1e-4) continue;
      const k = Math.round(Math.atan2(z, x) / step);
      const s = ((k % 2) + 2) % 2 === 0 ? 1 : 0.82;
      p.setXYZ(i, x * s, p.getY(i), z * s);
    }
    geometry.computeVertexNormals();
    return geometry;
  }
  // A column of radius r and height h standing on its base at (0, 0, 0), with a domed top.
  function column(r, h) {
    const g = new THREE.Group();
    const body = new THREE.Mesh(ribbed(new THREE.CylinderGeometry(r, r * 1.04, h, RIBS * 2, 2, true)), green);
    body.position.y = h / 2;
    g.add(body);
    const dome = new THREE.Mesh(ribbed(new THREE.SphereGeometry(r, RIBS * 2, 4, 0, Math.PI * 2, 0, Math.PI / 2)), green);
    dome.position.y = h;
    g.add(dome);
    return g;
  }

  // Sand patch and pebbles.
  const patch = new THREE.Mesh(new THREE.CylinderGeometry(0.85, 0.95, 0.1, 12), sand);
  patch.position.y = 0.05;
  cactus.add(patch);
  for (const [x, z, s] of [[0.55, 0.4, 0.09], [0.65, 0.15, 0.06], [-0.5, 0.5, 0.08], [-0.3, -0.6, 0.07]]) {
    const p = new THREE.Mesh(new THREE.DodecahedronGeometry(s, 0), pebble);
    p.position.set(x, 0.1, z);
    p.scale.y = 0.6;
    cactus.add(p);
  }

  // Main trunk.
  const trunk = column(0.28, 1.9);
  trunk.position.y = 0.08;
  cactus.add(trunk);

  // Arms: a tube bending out of the trunk and up, then a ribbed upright column; each arm turned a little round the trunk.
  for (const [side, y, reach, height, turn] of [[1, 0.7, 0.55, 0.62, -0.45], [-1, 1.05, 0.48, 0.45, 0.55]]) {
    const arm = new THREE.Group();
    arm.position.y = 0.08 + y;
    arm.rotation.y = turn;
    cactus.add(arm);
    const r = 0.16, rise = 0.22;
    const bend = new THREE.QuadraticBezierCurve3(new THREE.Vector3(side * 0.1, 0, 0), new THREE.Vector3(side * reach, 0, 0), new THREE.Vector3(side * reach, rise + 0.02, 0));
    arm.add(new THREE.Mesh(new THREE.TubeGeometry(bend, 8, r, 12, false), green));
    const upright = column(r, height);
    upright.position.set(side * reach, rise, 0);
    arm.add(upright);
    const flower = bloom(0.75);
    flower.position.set(side * reach, rise + height + r * 0.9, 0);
    arm.add(flower);
  }

  // Flowers: five petals round a yellow centre.
  function bloom(scale) {
    const f = new THREE.Group();
    f.scale.setScalar(scale);
    for (let i = 0; i < 5; i++) {
      const a = (i / 5) * Math.PI * 2;
      const p = new THREE.Mesh(new THREE.SphereGeometry(0.06, 6, 4), petal);
      p.position.set(Math.cos(a) * 0.06, 0.02, Math.sin(a) * 0.06);
      p.scale.set(1, 0.5, 1);
      f.add(p);
    }
    const c = new THREE.Mesh(new THREE.SphereGeometry(0.04, 6, 4), pollen);
    c.position.y = 0.05;
    f.add(c);
    return f;
  }
  const topFlower = bloom(1);
  topFlower.position.set(0.05, 0.08 + 1.9 + 0.26, 0.04);
  cactus.add(topFlower);

  // Spines: small white cones along the rib crests of the trunk, one InstancedMesh.
  const ROWS = 7;
  const spines = new THREE.InstancedMesh(new THREE.ConeGeometry(0.012, 0.06, 3), spine, RIBS * ROWS);
  const dummy = new THREE.Object3D();
  let n = 0;
  for (let k = 0; k < RIBS; k++) {
    const a = k * (Math.PI * 2 / RIBS);
    for (let j = 0; j < ROWS; j++) {
      dummy.position.set(Math.cos(a) * 0.3, 0.25 + j * 0.24 + (k % 2) * 0.12, Math.sin(a) * 0.3);
      dummy.rotation.set(0, -a, -Math.PI / 2); // cone tip (+Y) turned to point radially out
      dummy.updateMatrix();
      spines.setMatrixAt(n++, dummy.matrix);
    }
  }
  cactus.add(spines);
  return cactus;
}

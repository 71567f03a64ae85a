// Campfire: a ring of grey stones round a bed of ash, a teepee of logs with pale cut ends, layered glowing flames and a few embers.
function buildObject() {
  const fire = new THREE.Group();
  const stoneColours = [0x8d8d8a, 0x74746f, 0xa3a39c].map((c) => new THREE.MeshLambertMaterial({ color: c, flatShading: true }));
  const ash = new THREE.MeshLambertMaterial({ color: 0x4a4440, flatShading: true });
  const bark = new THREE.MeshLambertMaterial({ color: 0x6b4226, flatShading: true });
  const cut = new THREE.MeshLambertMaterial({ color: 0xd9b27c, flatShading: true });
  const flame = (color, emissive) => new THREE.MeshStandardMaterial({ color, emissive, emissiveIntensity: 0.7, roughness: 0.8, flatShading: true });
  const outer = flame(0xff6a1a, 0xd84000), middle = flame(0xffa020, 0xe07000), inner = flame(0xffe066, 0xf0c020);
  const ember = flame(0xff4a10, 0xc02000);
  const UP = new THREE.Vector3(0, 1, 0);
  let seed = 99;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;

  // A cylinder running from point a to point b, with lighter discs on its cut ends (the end at b only when bothEnds).
  function log(a, b, radius, bothEnds) {
    const dir = b.clone().sub(a), length = dir.length();
    const g = new THREE.Group();
    g.position.copy(a).add(b).multiplyScalar(0.5);
    g.quaternion.setFromUnitVectors(UP, dir.normalize());
    fire.add(g);
    g.add(new THREE.Mesh(new THREE.CylinderGeometry(radius, radius * 1.08, length, 7), bark));
    for (const s of bothEnds ? [-1, 1] : [-1]) {
      const end = new THREE.Mesh(new THREE.CylinderGeometry(radius * 0.85, radius * 0.85, 0.012, 7), cut);
      end.position.y = s * (length / 2 + 0.004);
      g.add(end);
    }
  }

  // Bed of ash and a ring of stones, each a squashed dodecahedron at a random turn.
  const bed = new THREE.Mesh(new THREE.CylinderGeometry(0.62, 0.66, 0.04, 12), ash);
  bed.position.y = 0.02;
  fire.add(bed);
  const STONES = 11;
  for (let i = 0; i < STONES; i++) {
    const a = (i / STONES) * Math.PI * 2;
    const s = 0.15 + rnd() * 0.05;
    const stone = new THREE.Mesh(new THREE.DodecahedronGeometry(s, 0), stoneColours[i % 3]);
    stone.position.set(Math.cos(a) * 0.78, s * 0.5, Math.sin(a) * 0.78);
    stone.rotation.set(rnd() * 3, rnd() * 3, rnd() * 3);
    stone.scale.set(1.15, 0.7, 1);
    fire.add(stone);
  }

  // Teepee of five logs leaning in to meet above the centre, plus two logs lying across the ash.
  const apex = new THREE.Vector3(0, 0.78, 0);
  for (let i = 0; i < 5; i++) {
    const a = (i / 5) * Math.PI * 2 + 0.3;
    const foot = new THREE.Vector3(Math.cos(a) * 0.48, 0.06, Math.sin(a) * 0.48);
    const top = apex.clone().add(new THREE.Vector3(-Math.cos(a) * 0.08, 0.05, -Math.sin(a) * 0.08));
    log(foot, top, 0.055, false);
  }
  log(new THREE.Vector3(-0.45, 0.08, 0.2), new THREE.Vector3(0.45, 0.08, -0.1), 0.07, true);
  log(new THREE.Vector3(-0.2, 0.16, -0.42), new THREE.Vector3(0.15, 0.16, 0.45), 0.065, true);

  // Flames: a tall core and smaller tongues round it, each a cone with its rim jittered, orange outside to yellow inside.
  function tongue(radius, height, material, x, z, lean, turn) {
    const g = new THREE.ConeGeometry(radius, height, 7, 2);
    const p = g.attributes.position;
    for (let i = 0; i < p.count; i++) {
      if (p.getY(i) > height / 2 - 1e-3) continue;
      const k = 0.8 + rnd() * 0.4;
      p.setXYZ(i, p.getX(i) * k, p.getY(i), p.getZ(i) * k);
    }
    g.computeVertexNormals();
    const m = new THREE.Mesh(g, material);
    m.position.set(x, 0.08 + height / 2, z);
    m.rotation.set(lean, turn, 0, 'YXZ');
    fire.add(m);
  }
  tongue(0.34, 1.1, outer, 0, 0, 0, 0);
  tongue(0.25, 0.9, middle, 0.03, 0.06, 0.05, 0.4);
  tongue(0.15, 0.68, inner, 0.02, 0.12, 0.1, 1.0);
  for (let i = 0; i < 4; i++) {
    const a = (i / 4) * Math.PI * 2 + 0.8;
    tongue(0.14, 0.5 + rnd() * 0.2, i % 2 ? outer : middle, Math.cos(a) * 0.22, Math.sin(a) * 0.22, 0.3, -a + Math.PI / 2);
  }

  // Embers scattered on the ash.
  for (let i = 0; i < 7; i++) {
    const a = rnd() * Math.PI * 2, r = 0.3 + rnd() * 0.25;
    const e = new THREE.Mesh(new THREE.BoxGeometry(0.05, 0.03, 0.04), ember);
    e.position.set(Math.cos(a) * r, 0.055, Math.sin(a) * r);
    e.rotation.y = rnd() * 3;
    fire.add(e);
  }
  return fire;
}

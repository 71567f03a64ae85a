// Wooden shipping crate: a plank box framed by chunky corner battens, with a diagonal brace across every face and iron nail heads.
function buildObject() {
  const crate = new THREE.Group();
  const plank = new THREE.MeshLambertMaterial({ color: 0xc8914f, flatShading: true });
  const plankAlt = new THREE.MeshLambertMaterial({ color: 0xb88044, flatShading: true });
  const batten = new THREE.MeshLambertMaterial({ color: 0x8c5a2b, flatShading: true });
  const inside = new THREE.MeshLambertMaterial({ color: 0x4a2f17 });
  const nail = new THREE.MeshStandardMaterial({ color: 0x55585e, metalness: 0.7, roughness: 0.5 });
  const S = 1, H = S / 2, BEAM = 0.14, OUT = 0.05;

  function add(parent, geometry, material, x, y, z) {
    const mesh = new THREE.Mesh(geometry, material);
    mesh.position.set(x, y, z);
    parent.add(mesh);
    return mesh;
  }

  // Dark core, seen through the gaps between the planks.
  const body = new THREE.Group();
  body.position.y = H + OUT;
  crate.add(body);
  add(body, new THREE.BoxGeometry(S - 0.02, S - 0.02, S - 0.02), inside, 0, 0, 0);

  // Twelve edge battens, each centred on an edge of the cube and standing proud of the faces.
  const c = H - BEAM / 2 + OUT;
  for (const a of [-1, 1]) for (const b of [-1, 1]) {
    add(body, new THREE.BoxGeometry(S + 2 * OUT, BEAM, BEAM), batten, 0, a * c, b * c);
    add(body, new THREE.BoxGeometry(BEAM, S + 2 * OUT, BEAM), batten, a * c, 0, b * c);
    add(body, new THREE.BoxGeometry(BEAM, BEAM, S + 2 * OUT), batten, a * c, b * c, 0);
  }

  // Each face: four planks with small gaps, a diagonal brace and a nail at each brace end.
  // A face is built in its own XY plane with +Z pointing out, then turned onto the cube.
  const faces = [[0, 0], [0, Math.PI], [0, Math.PI / 2], [0, -Math.PI / 2], [-Math.PI / 2, 0], [Math.PI / 2, 0]];
  const inner = S - 2 * (BEAM - OUT);
  faces.forEach(([rx, ry], f) => {
    const face = new THREE.Group();
    face.rotation.set(rx, ry, 0, 'YXZ');
    body.add(face);
    const h = (S - 3 * 0.02) / 4;
    for (let i = 0; i < 4; i++) {
      add(face, new THREE.BoxGeometry(S, h, 0.03), (i + f) % 2 ? plank : plankAlt, 0, -H + h / 2 + i * (h + 0.02), H);
    }
    const brace = add(face, new THREE.BoxGeometry(inner * Math.SQRT2, 0.13, 0.03), batten, 0, 0, H + 0.03);
    brace.rotation.z = (f % 2 ? 1 : -1) * Math.PI / 4;
    for (const s of [-1, 1]) {
      const d = (inner / 2 - 0.08) * s;
      const head = add(face, new THREE.CylinderGeometry(0.018, 0.018, 0.01, 6), nail, d, (f % 2 ? 1 : -1) * d, H + 0.05);
      head.rotation.x = Math.PI / 2;
    }
  });
  return crate;
}

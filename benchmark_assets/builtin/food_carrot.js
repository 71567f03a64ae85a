// Carrot lying on its side: a ridged orange root tapering to a point, with growth rings, root hairs and a bushy top of green fronds.
function buildObject() {
  const carrot = new THREE.Group();
  const orange = new THREE.MeshLambertMaterial({ color: 0xf07f1e, flatShading: true });
  const ringColour = new THREE.MeshLambertMaterial({ color: 0xe0701c, flatShading: true });
  const hair = new THREE.MeshLambertMaterial({ color: 0xe9a060 });
  const leaf = new THREE.MeshLambertMaterial({ color: 0x4caf3a, flatShading: true });
  const stalk = new THREE.MeshLambertMaterial({ color: 0x3c8c2e, flatShading: true });

  // The carrot is modelled standing (tip at y = 0, crown at y = 1.5), then laid down along X with the tip at +X.
  const root = new THREE.Group();
  root.rotation.z = Math.PI / 2; // +Y -> -X
  root.position.set(0.75, 0.24, 0);
  carrot.add(root);

  const profile = [[0, 0], [0.03, 0.08], [0.08, 0.35], [0.13, 0.7], [0.18, 1.05], [0.22, 1.35], [0.2, 1.47], [0.12, 1.52], [0, 1.53]];
  const body = new THREE.LatheGeometry(profile.map(([r, y]) => new THREE.Vector2(r, y)), 10);
  const p = body.attributes.position;
  for (let i = 0; i < p.count; i++) { // lumpy, slightly uneven girth
    const y = p.getY(i), k = 1 + 0.06 * Math.sin(y * 23);
    p.setXYZ(i, p.getX(i) * k, y, p.getZ(i) * k);
  }
  body.computeVertexNormals();
  root.add(new THREE.Mesh(body, orange));

  // Growth rings: thin slanted tori at a few heights, sized to the profile there.
  for (const [y, r, tilt] of [[0.45, 0.1, 0.15], [0.75, 0.135, -0.1], [1.05, 0.18, 0.12], [1.25, 0.205, -0.08]]) {
    const ring = new THREE.Mesh(new THREE.TorusGeometry(r, 0.01, 3, 12), ringColour);
    ring.position.y = y;
    ring.rotation.set(Math.PI / 2 + tilt, 0, 0);
    root.add(ring);
  }
  // Root hairs poking out of the sides.
  for (const [y, a] of [[0.3, 0.5], [0.6, 2.6], [0.9, 4.4], [0.5, 3.7]]) {
    const r = 0.05 + y * 0.12;
    const h = new THREE.Mesh(new THREE.CylinderGeometry(0.004, 0.008, 0.12, 3), hair);
    h.position.set(Math.cos(a) * (r + 0.04), y, Math.sin(a) * (r + 0.04));
    h.rotation.set(Math.sin(a) * 1.2, 0, -Math.cos(a) * 1.2);
    root.add(h);
  }

  // Fronds from the crown: each a thin stalk ending in a cluster of flattened leaflets.
  const crown = new THREE.Group();
  crown.position.y = 1.5;
  root.add(crown);
  const fronds = [[0.0, 0.0, 0.62], [0.45, 1.1, 0.55], [-0.45, 2.2, 0.5], [0.3, 3.4, 0.58], [-0.3, 4.9, 0.5]];
  fronds.forEach(([lean, turn, length]) => {
    const frond = new THREE.Group();
    frond.rotation.set(lean, turn, 0, 'YXZ');
    frond.rotateX(0.35);
    crown.add(frond);
    const s = new THREE.Mesh(new THREE.CylinderGeometry(0.015, 0.025, length, 5), stalk);
    s.position.y = length / 2;
    frond.add(s);
    for (let j = 0; j < 3; j++) {
      const leaflet = new THREE.Mesh(new THREE.SphereGeometry(0.075, 6, 4), leaf);
      leaflet.position.set(j === 2 ? 0 : (j ? 0.06 : -0.06), length * (0.6 + j * 0.2), 0);
      leaflet.rotation.set(0, j * 1.7, j === 2 ? 0 : (j ? -0.6 : 0.6));
      leaflet.scale.set(0.9, 2.0, 0.35);
      frond.add(leaflet);
    }
  });
  return carrot;
}

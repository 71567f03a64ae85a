// Red fire hydrant: a bolted base flange, a barrel with a silver band, a domed bonnet with a pentagon operating nut, and three capped outlets with chains.
function buildObject() {
  const hydrant = new THREE.Group();
  const red = new THREE.MeshStandardMaterial({ color: 0xd42a22, metalness: 0.25, roughness: 0.55, flatShading: true });
  const darkRed = new THREE.MeshStandardMaterial({ color: 0xa81e18, metalness: 0.25, roughness: 0.6, flatShading: true });
  const silver = new THREE.MeshStandardMaterial({ color: 0xc9ccd2, metalness: 0.7, roughness: 0.35, flatShading: true });
  const iron = new THREE.MeshStandardMaterial({ color: 0x55585e, metalness: 0.6, roughness: 0.5, flatShading: true });

  function add(parent, geometry, material, x, y, z) {
    const mesh = new THREE.Mesh(geometry, material);
    mesh.position.set(x, y, z);
    parent.add(mesh);
    return mesh;
  }

  // Base flange with eight bolts, a short tapered foot and the barrel.
  add(hydrant, new THREE.CylinderGeometry(0.36, 0.38, 0.08, 16), darkRed, 0, 0.04, 0);
  for (let i = 0; i < 8; i++) {
    const a = (i / 8) * Math.PI * 2 + Math.PI / 8;
    add(hydrant, new THREE.CylinderGeometry(0.03, 0.03, 0.04, 6), iron, Math.cos(a) * 0.31, 0.1, Math.sin(a) * 0.31);
  }
  add(hydrant, new THREE.CylinderGeometry(0.25, 0.29, 0.12, 16), red, 0, 0.14, 0);
  add(hydrant, new THREE.CylinderGeometry(0.24, 0.25, 0.72, 16), red, 0, 0.56, 0);
  add(hydrant, new THREE.CylinderGeometry(0.255, 0.255, 0.06, 16), silver, 0, 0.33, 0);

  // Bonnet: a flange ring, a dome, and a five-sided operating nut on a collar.
  add(hydrant, new THREE.CylinderGeometry(0.3, 0.3, 0.07, 16), darkRed, 0, 0.94, 0);
  add(hydrant, new THREE.SphereGeometry(0.26, 16, 6, 0, Math.PI * 2, 0, Math.PI / 2), red, 0, 0.97, 0);
  add(hydrant, new THREE.CylinderGeometry(0.09, 0.11, 0.06, 12), darkRed, 0, 1.24, 0);
  add(hydrant, new THREE.CylinderGeometry(0.07, 0.08, 0.1, 5), silver, 0, 1.31, 0);

  // An outlet: a short pipe along local +Y from the barrel, a silver cap and a pentagon nut, then a chain of links.
  function outlet(radius, length, y, angle) {
    const g = new THREE.Group();
    g.position.y = y;
    g.rotation.y = angle;
    hydrant.add(g);
    const arm = new THREE.Group();
    arm.rotation.x = Math.PI / 2; // local +Y now points out along +Z of the group
    g.add(arm);
    add(arm, new THREE.CylinderGeometry(radius, radius * 1.1, length, 12), red, 0, 0.2 + length / 2, 0);
    add(arm, new THREE.CylinderGeometry(radius * 1.18, radius * 1.18, 0.06, 12), silver, 0, 0.2 + length + 0.03, 0);
    add(arm, new THREE.CylinderGeometry(radius * 0.45, radius * 0.5, 0.05, 5), silver, 0, 0.2 + length + 0.085, 0);
    for (let i = 0; i < 4; i++) {
      const link = add(g, new THREE.TorusGeometry(0.018, 0.006, 4, 8), iron, 0, -radius - 0.02 - i * 0.025, 0.2 + length * 0.5 + i * 0.012);
      link.rotation.y = i % 2 ? Math.PI / 2 : 0;
    }
  }
  outlet(0.13, 0.12, 0.68, 0);             // large pumper outlet facing forward
  outlet(0.085, 0.1, 0.68, Math.PI / 2);   // hose outlets on the right
  outlet(0.085, 0.1, 0.68, -Math.PI / 2);  // and left
  return hydrant;
}

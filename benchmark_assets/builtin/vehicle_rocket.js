// Cartoon space rocket standing on its fins: a lathe-turned body with a red nose cone and stripe, two portholes, four swept fins, an engine bell and a short exhaust flame.
function buildObject() {
  const rocket = new THREE.Group();
  const hull = new THREE.MeshStandardMaterial({ color: 0xdfe3ea, metalness: 0.3, roughness: 0.45, flatShading: true });
  const red = new THREE.MeshStandardMaterial({ color: 0xd8362c, metalness: 0.2, roughness: 0.5, flatShading: true });
  const metal = new THREE.MeshStandardMaterial({ color: 0x5a5f68, metalness: 0.8, roughness: 0.35, flatShading: true });
  const rim = new THREE.MeshStandardMaterial({ color: 0x9aa1ab, metalness: 0.8, roughness: 0.3, flatShading: true });
  const glass = new THREE.MeshStandardMaterial({ color: 0x3fa2e0, metalness: 0.2, roughness: 0.1, flatShading: true });
  const flameOuter = new THREE.MeshStandardMaterial({ color: 0xff7a1a, emissive: 0xe05000, emissiveIntensity: 0.7, flatShading: true });
  const flameInner = new THREE.MeshStandardMaterial({ color: 0xffe066, emissive: 0xf0c020, emissiveIntensity: 0.7, flatShading: true });
  const SEG = 16;

  function lathe(points, material) {
    const mesh = new THREE.Mesh(new THREE.LatheGeometry(points.map(([r, y]) => new THREE.Vector2(r, y)), SEG), material);
    rocket.add(mesh);
    return mesh;
  }
  // Body and nose cone as (radius, height) profiles.
  const bodyProfile = [[0, 0.5], [0.28, 0.5], [0.38, 0.7], [0.43, 1.0], [0.43, 1.6], [0.39, 2.0], [0.335, 2.15], [0, 2.15]];
  lathe(bodyProfile, hull);
  lathe([[0.345, 2.13], [0.3, 2.38], [0.21, 2.62], [0.1, 2.78], [0, 2.83]], red);
  // Radius of the body at height y (on its straight middle section and taper).
  const radiusAt = (y) => (y <= 1.6 ? 0.43 : 0.43 - ((y - 1.6) / 0.4) * 0.04);

  // Red stripe and a darker base ring.
  const stripe = new THREE.Mesh(new THREE.CylinderGeometry(0.436, 0.436, 0.1, SEG, 1, true), red);
  stripe.position.y = 1.72;
  stripe.scale.set(radiusAt(1.72) / 0.43, 1, radiusAt(1.72) / 0.43);
  rocket.add(stripe);
  const ring = new THREE.Mesh(new THREE.TorusGeometry(0.34, 0.03, 4, SEG), rim);
  ring.rotation.x = Math.PI / 2;
  ring.position.y = 0.6;
  rocket.add(ring);

  // Portholes on the front: a metal ring round a glass disc.
  for (const [y, r] of [[1.42, 0.11], [1.08, 0.08]]) {
    const porthole = new THREE.Group();
    porthole.position.set(0, y, 0.43);
    rocket.add(porthole);
    porthole.add(new THREE.Mesh(new THREE.TorusGeometry(r, 0.025, 6, 16), rim));
    const pane = new THREE.Mesh(new THREE.CylinderGeometry(r, r, 0.02, 16), glass);
    pane.rotation.x = Math.PI / 2;
    porthole.add(pane);
  }

  // Fins: an outline in (outward, up) extruded thin, one at each quarter turn, reaching down to the ground.
  const finShape = new THREE.Shape();
  finShape.moveTo(0.3, 1.15);
  finShape.quadraticCurveTo(0.75, 0.75, 0.82, 0.0);
  finShape.lineTo(0.62, 0.0);
  finShape.quadraticCurveTo(0.55, 0.35, 0.3, 0.5);
  finShape.closePath();
  const finGeometry = new THREE.ExtrudeGeometry(finShape, { depth: 0.06, bevelEnabled: true, bevelThickness: 0.01, bevelSize: 0.01, bevelSegments: 1, curveSegments: 8 });
  finGeometry.translate(0, 0, -0.03);
  for (let i = 0; i < 4; i++) {
    const fin = new THREE.Mesh(finGeometry, red);
    fin.rotation.y = (i / 4) * Math.PI * 2 + Math.PI / 4;
    rocket.add(fin);
  }

  // Engine bell under the body, and a flame coming out of it.
  lathe([[0.12, 0.5], [0.15, 0.4], [0.22, 0.28], [0.26, 0.2], [0.2, 0.2], [0.1, 0.42]], metal);
  const outer = new THREE.Mesh(new THREE.ConeGeometry(0.17, 0.36, 8), flameOuter);
  outer.rotation.x = Math.PI;
  outer.position.y = 0.2;
  rocket.add(outer);
  const inner = new THREE.Mesh(new THREE.ConeGeometry(0.1, 0.26, 8), flameInner);
  inner.rotation.x = Math.PI;
  inner.position.y = 0.22;
  rocket.add(inner);

  // Antenna on the nose.
  const antenna = new THREE.Mesh(new THREE.CylinderGeometry(0.012, 0.012, 0.18, 5), rim);
  antenna.position.y = 2.9;
  rocket.add(antenna);
  const tip = new THREE.Mesh(new THREE.SphereGeometry(0.03, 6, 4), red);
  tip.position.y = 3.0;
  rocket.add(tip);
  return rocket;
}

// Pepperoni pizza slice, tip towards the front: a baked dough wedge, a puffy crust rim, melted cheese with drips, pepperoni, black olives and basil leaves.
function buildObject() {
  const slice = new THREE.Group();
  const dough = new THREE.MeshLambertMaterial({ color: 0xe8b86a, flatShading: true });
  const crust = new THREE.MeshLambertMaterial({ color: 0xc9853c, flatShading: true });
  const cheese = new THREE.MeshLambertMaterial({ color: 0xf7cf3c, flatShading: true });
  const pepperoni = new THREE.MeshLambertMaterial({ color: 0xb3312a, flatShading: true });
  const olive = new THREE.MeshLambertMaterial({ color: 0x2a2a2a, flatShading: true });
  const basil = new THREE.MeshLambertMaterial({ color: 0x3f8f2f, flatShading: true });
  const R = 1.2, A = 0.4, BASE = 0.07; // radius, half-angle of the wedge, dough thickness

  // A wedge outline in (u, v) with the tip at the origin and the arc around +v.
  function wedge(radius) {
    const shape = new THREE.Shape();
    shape.moveTo(0, 0);
    shape.lineTo(Math.cos(Math.PI / 2 - A) * radius, Math.sin(Math.PI / 2 - A) * radius); // absarc alone would not join the tip
    shape.absarc(0, 0, radius, Math.PI / 2 - A, Math.PI / 2 + A, false);
    shape.closePath();
    return shape;
  }
  // Lay an extruded shape flat: (u, v, w) -> (u, w, -v), then move the tip to z = R / 2 so the slice is centred.
  function flat(geometry) {
    geometry.rotateX(-Math.PI / 2);
    geometry.translate(0, 0, R / 2);
    return geometry;
  }
  // Polar position on the slice (distance t from the tip, f in -1..1 across the wedge) to world x, z.
  function at(t, f) {
    const a = Math.PI / 2 + f * A;
    return [Math.cos(a) * t, R / 2 - Math.sin(a) * t];
  }

  slice.add(new THREE.Mesh(flat(new THREE.ExtrudeGeometry(wedge(R), { depth: BASE, bevelEnabled: false, curveSegments: 10 })), dough));
  const cheeseGeometry = flat(new THREE.ExtrudeGeometry(wedge(R - 0.1), { depth: 0.03, bevelEnabled: false, curveSegments: 10 }));
  const cheeseLayer = new THREE.Mesh(cheeseGeometry, cheese);
  cheeseLayer.position.set(0, BASE, -0.04);
  slice.add(cheeseLayer);

  // Crust: a torus arc along the wide end, with spheres capping its open ends.
  const rim = new THREE.Mesh(new THREE.TorusGeometry(R - 0.05, 0.09, 6, 12, 2 * A), crust);
  rim.rotation.set(-Math.PI / 2, 0, Math.PI / 2 - A); // turn the arc to span the wedge, then lay it flat
  rim.position.set(0, BASE + 0.02, R / 2);
  rim.scale.z = 1.2;
  slice.add(rim);
  for (const f of [-1, 1]) {
    const [x, z] = at(R - 0.05, f);
    const cap = new THREE.Mesh(new THREE.SphereGeometry(0.09, 8, 6), crust);
    cap.position.set(x, BASE + 0.02, z);
    cap.scale.y = 1.2;
    slice.add(cap);
  }

  // Cheese drips running over both long edges.
  for (const [t, f] of [[0.45, -1], [0.8, -1], [0.6, 1], [0.95, 1]]) {
    const [x, z] = at(t, f * 0.97);
    const drip = new THREE.Mesh(new THREE.CapsuleGeometry(0.03, 0.05, 2, 6), cheese);
    drip.position.set(x + f * 0.01, BASE - 0.01, z);
    slice.add(drip);
  }

  // Toppings: pepperoni discs, olive rings and two basil leaves.
  for (const [t, f] of [[0.42, 0.0], [0.74, -0.55], [0.78, 0.55], [1.0, 0.05]]) {
    const [x, z] = at(t, f);
    const disc = new THREE.Mesh(new THREE.CylinderGeometry(0.11, 0.11, 0.025, 12), pepperoni);
    disc.position.set(x, BASE + 0.042, z);
    slice.add(disc);
  }
  for (const [t, f] of [[0.25, 0.1], [0.6, 0.35], [0.92, -0.6]]) {
    const [x, z] = at(t, f);
    const ring = new THREE.Mesh(new THREE.TorusGeometry(0.032, 0.014, 4, 8), olive);
    ring.rotation.x = Math.PI / 2;
    ring.position.set(x, BASE + 0.04, z);
    slice.add(ring);
  }
  for (const [t, f, turn] of [[0.58, -0.3, 0.6], [0.9, 0.62, -0.9]]) {
    const [x, z] = at(t, f);
    const leaf = new THREE.Mesh(new THREE.SphereGeometry(0.07, 6, 4), basil);
    leaf.position.set(x, BASE + 0.05, z);
    leaf.rotation.y = turn;
    leaf.scale.set(1, 0.15, 0.5);
    slice.add(leaf);
  }
  return slice;
}

// Small sailboat heading +Z: lofted hull from an indexed BufferGeometry (hull + deck material groups), cabin, mast, boom and two sails.
function buildObject() {
  const boat = new THREE.Group();
  const hullPaint = new THREE.MeshPhongMaterial({ color: 0x1f4e8c, shininess: 60, flatShading: true });
  const deckWood = new THREE.MeshLambertMaterial({ color: 0xc89a62, flatShading: true });
  const white = new THREE.MeshLambertMaterial({ color: 0xf5f3ea, flatShading: true });
  const sailcloth = new THREE.MeshLambertMaterial({ color: 0xfaf6ec, side: THREE.DoubleSide });
  const spar = new THREE.MeshLambertMaterial({ color: 0x8a6a45 });

  // Hull cross-sections from stern (s=0) to bow (s=1): five points each, beam narrowing to the stem.
  const SECTIONS = 10, positions = [], hullIndex = [], deckIndex = [];
  for (let i = 0; i <= SECTIONS; i++) {
    const s = i / SECTIONS;
    const z = -1 + 2.1 * s, w = 0.44 * Math.sin(Math.PI * (0.35 + 0.65 * s));
    const d = 0.35 * (1 - 0.3 * s), h = 0.25 + 0.12 * s * s;
    for (const [x, y] of [[-w, h], [-0.75 * w, -0.55 * d], [0, -d], [0.75 * w, -0.55 * d], [w, h]]) positions.push(x, y, z);
  }
  const at = (i, j) => i * 5 + j;
  for (let i = 0; i < SECTIONS; i++) {
    for (let j = 0; j < 4; j++) hullIndex.push(at(i, j), at(i, j + 1), at(i + 1, j + 1), at(i, j), at(i + 1, j + 1), at(i + 1, j));
    deckIndex.push(at(i, 0), at(i + 1, 4), at(i, 4), at(i, 0), at(i + 1, 0), at(i + 1, 4));
  }
  hullIndex.push(at(0, 0), at(0, 2), at(0, 1), at(0, 0), at(0, 3), at(0, 2), at(0, 0), at(0, 4), at(0, 3)); // transom
  const hull = new THREE.BufferGeometry();
  hull.setAttribute('position', new THREE.Float32BufferAttribute(positions, 3));
  hull.setIndex([...hullIndex, ...deckIndex]);
  hull.addGroup(0, hullIndex.length, 0);
  hull.addGroup(hullIndex.length, deckIndex.length, 1);
  hull.computeVertexNormals();
  boat.add(new THREE.Mesh(hull, [hullPaint, deckWood]));

  // White stripe along the sheer: a thin strip following the deck edge on each side.
  for (const side of [-1, 1]) {
    const pts = [];
    for (let i = 0; i <= SECTIONS; i++) {
      const k = at(i, side < 0 ? 0 : 4);
      pts.push(new THREE.Vector3(positions[k * 3] * 1.01, positions[k * 3 + 1] - 0.04, positions[k * 3 + 2]));
    }
    boat.add(new THREE.Mesh(new THREE.TubeGeometry(new THREE.CatmullRomCurve3(pts), 20, 0.02, 4, false), white));
  }

  // Cabin with round portholes.
  const cabin = new THREE.Mesh(new THREE.BoxGeometry(0.42, 0.18, 0.55), white);
  cabin.position.set(0, 0.36, -0.25);
  boat.add(cabin);
  for (const side of [-1, 1]) {
    for (const z of [-0.4, -0.1]) {
      const porthole = new THREE.Mesh(new THREE.CylinderGeometry(0.035, 0.035, 0.01, 10), hullPaint);
      porthole.rotation.z = Math.PI / 2;
      porthole.position.set(side * 0.212, 0.37, z);
      boat.add(porthole);
    }
  }

  // Mast and boom.
  const MAST_Z = 0.12;
  const mast = new THREE.Mesh(new THREE.CylinderGeometry(0.025, 0.03, 2.2, 8), spar);
  mast.position.set(0, 0.3 + 1.1, MAST_Z);
  boat.add(mast);
  const boom = new THREE.Mesh(new THREE.CylinderGeometry(0.02, 0.02, 1.0, 6), spar);
  boom.rotation.x = Math.PI / 2;
  boom.position.set(0, 0.6, MAST_Z - 0.5);
  boat.add(boom);

  // Sails: triangles drawn in (u = z, v = y) and turned into the boat's centre plane.
  function sail(points) {
    const mesh = new THREE.Mesh(new THREE.ShapeGeometry(new THREE.Shape(points.map(([u, v]) => new THREE.Vector2(u, v)))), sailcloth);
    mesh.rotation.y = -Math.PI / 2; // (u, v, 0) -> (0, v, u)
    boat.add(mesh);
  }
  sail([[MAST_Z - 0.03, 0.63], [MAST_Z - 0.03, 2.35], [MAST_Z - 0.95, 0.63]]);
  sail([[MAST_Z + 0.04, 2.2], [1.02, 0.42], [MAST_Z + 0.06, 0.55]]);
  // Forestay from the masthead to the bow, and a pennant.
  const stay = new THREE.Mesh(new THREE.CylinderGeometry(0.006, 0.006, 1.0, 4), spar);
  const top = new THREE.Vector3(0, 2.45, MAST_Z), bow = new THREE.Vector3(0, 0.37, 1.1);
  stay.position.copy(top).add(bow).multiplyScalar(0.5);
  stay.scale.y = top.distanceTo(bow);
  stay.quaternion.setFromUnitVectors(new THREE.Vector3(0, 1, 0), bow.clone().sub(top).normalize());
  boat.add(stay);
  const pennant = new THREE.Mesh(new THREE.PlaneGeometry(0.25, 0.1), new THREE.MeshLambertMaterial({ color: 0xd03030, side: THREE.DoubleSide }));
  pennant.rotation.y = Math.PI / 2;
  pennant.position.set(0, 2.45, MAST_Z - 0.14);
  boat.add(pennant);
  return boat;
}

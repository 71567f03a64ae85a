// Watermelon wedge: a hand-built indexed BufferGeometry with vertex colours (flesh, rind, skin) plus seeds.
function buildObject() {
  const slice = new THREE.Group();
  const RINGS = [0, 0.78, 0.86, 0.93];  // apex, flesh/rind border, rind/skin border, outer skin
  const BANDS = [new THREE.Color(0xe8383d), new THREE.Color(0xf2efc9), new THREE.Color(0x3d8b37)];
  const SEGMENTS = 8, HALF_ANGLE = 0.55, T = 0.12; // arc segments, half opening angle, half thickness
  const positions = [], colors = [], indices = [];

  function vertex(r, a, z, color) {
    positions.push(r * Math.cos(a), r * Math.sin(a), z);
    colors.push(color.r, color.g, color.b);
    return positions.length / 3 - 1;
  }
  const angle = (i) => -Math.PI / 2 - HALF_ANGLE + (2 * HALF_ANGLE * i) / SEGMENTS;

  // Front (+Z) and back (-Z) faces, band by band, each band with its own vertices for crisp colours.
  for (const z of [T, -T]) {
    for (let b = 0; b < 3; b++) {
      for (let i = 0; i < SEGMENTS; i++) {
        const a0 = angle(i), a1 = angle(i + 1);
        const i0 = vertex(RINGS[b], a0, z, BANDS[b]), i1 = vertex(RINGS[b], a1, z, BANDS[b]);
        const o0 = vertex(RINGS[b + 1], a0, z, BANDS[b]), o1 = vertex(RINGS[b + 1], a1, z, BANDS[b]);
        const quad = b === 0 ? [[i0, o0, o1]] : [[i0, o0, o1], [i0, o1, i1]];
        for (const [p, q, r] of quad) indices.push(...(z > 0 ? [p, q, r] : [p, r, q]));
      }
    }
  }
  // Outer skin around the arc.
  for (let i = 0; i < SEGMENTS; i++) {
    const f0 = vertex(RINGS[3], angle(i), T, BANDS[2]), f1 = vertex(RINGS[3], angle(i + 1), T, BANDS[2]);
    const k0 = vertex(RINGS[3], angle(i), -T, BANDS[2]), k1 = vertex(RINGS[3], angle(i + 1), -T, BANDS[2]);
    indices.push(f0, k0, k1, f0, k1, f1);
  }
  // The two flat cut faces from the apex to the ends of the arc.
  for (const [i, outward] of [[0, false], [SEGMENTS, true]]) {
    for (let b = 0; b < 3; b++) {
      const a = angle(i);
      const inF = vertex(RINGS[b], a, T, BANDS[b]), outF = vertex(RINGS[b + 1], a, T, BANDS[b]);
      const inB = vertex(RINGS[b], a, -T, BANDS[b]), outB = vertex(RINGS[b + 1], a, -T, BANDS[b]);
      if (outward) indices.push(inF, outF, outB, inF, outB, inB);
      else indices.push(inF, outB, outF, inF, inB, outB);
    }
  }

  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute('position', new THREE.Float32BufferAttribute(positions, 3));
  geometry.setAttribute('color', new THREE.Float32BufferAttribute(colors, 3));
  geometry.setIndex(indices);
  geometry.computeVertexNormals();
  const wedge = new THREE.Mesh(geometry, new THREE.MeshLambertMaterial({ vertexColors: true, flatShading: true }));
  wedge.position.y = RINGS[3]; // the lowest point of the arc rests on y=0
  slice.add(wedge);

  // Black seeds set into both faces of the flesh.
  const seedMaterial = new THREE.MeshLambertMaterial({ color: 0x1a1410, flatShading: true });
  const seedSpots = [[0.35, -0.12], [0.5, 0.15], [0.55, -0.3], [0.62, 0.0], [0.45, 0.35], [0.65, 0.3], [0.66, -0.38]];
  for (const z of [T, -T]) {
    for (const [r, da] of seedSpots) {
      const a = -Math.PI / 2 + da * HALF_ANGLE * 1.5;
      const seed = new THREE.Mesh(new THREE.TetrahedronGeometry(0.035), seedMaterial);
      seed.position.set(r * Math.cos(a), r * Math.sin(a) + wedge.position.y, z);
      seed.scale.set(0.7, 1.3, 0.45);
      seed.rotation.z = a + Math.PI / 2;
      slice.add(seed);
    }
  }
  return slice;
}

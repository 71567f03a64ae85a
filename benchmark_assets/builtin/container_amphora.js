// Greek clay amphora: a lathe-turned terracotta body with a narrow foot, wide shoulders and a flared lip, two looped handles and painted black bands.
function buildObject() {
  const amphora = new THREE.Group();
  const clay = new THREE.MeshLambertMaterial({ color: 0xc8693a, flatShading: true, side: THREE.DoubleSide });
  const paint = new THREE.MeshLambertMaterial({ color: 0x2b1d16, flatShading: true, side: THREE.DoubleSide });
  const cream = new THREE.MeshLambertMaterial({ color: 0xe9c893, flatShading: true, side: THREE.DoubleSide });
  const SEGMENTS = 16;

  // Profile (radius, height) from the foot up to the lip, then down inside the neck.
  const profile = [
    [0.0, 0.0], [0.22, 0.0], [0.24, 0.05], [0.15, 0.12], [0.16, 0.2], [0.3, 0.4], [0.42, 0.7],
    [0.48, 0.95], [0.47, 1.15], [0.38, 1.35], [0.22, 1.48], [0.15, 1.56], [0.14, 1.74], [0.2, 1.82],
    [0.23, 1.87], [0.13, 1.87], [0.11, 1.75], [0.0, 1.7],
  ];
  const body = new THREE.Mesh(new THREE.LatheGeometry(profile.map(([r, y]) => new THREE.Vector2(r, y)), SEGMENTS), clay);
  amphora.add(body);

  // Outer radius at height y (the outside part of the profile, before the lip turns in).
  const outside = profile.slice(0, 15);
  function radiusAt(y) {
    for (let i = 1; i < outside.length; i++) {
      const [r0, y0] = outside[i - 1], [r1, y1] = outside[i];
      if (y >= y0 && y <= y1 && y1 > y0) return r0 + ((y - y0) / (y1 - y0)) * (r1 - r0);
    }
    return outside[outside.length - 1][0];
  }
  // Painted bands: open lathe strips following the body between two heights, standing just proud of it.
  function band(y0, y1, material, lift) {
    const points = [];
    for (let i = 0; i <= 6; i++) {
      const y = y0 + ((y1 - y0) * i) / 6;
      points.push(new THREE.Vector2(radiusAt(y) + lift, y));
    }
    const mesh = new THREE.Mesh(new THREE.LatheGeometry(points, SEGMENTS), material);
    amphora.add(mesh);
    return mesh;
  }
  band(0.74, 1.12, paint, 0.006);     // the wide black frieze round the belly
  band(0.82, 0.86, cream, 0.012);     // a thin cream line inside it
  band(1.0, 1.04, cream, 0.012);
  band(0.5, 0.55, paint, 0.006);
  band(1.24, 1.29, paint, 0.006);
  band(1.62, 1.68, paint, 0.006);     // neck ring

  // Cream lozenges on the frieze: small flattened octahedra sitting on the belly.
  for (let i = 0; i < 8; i++) {
    const a = (i / 8) * Math.PI * 2 + Math.PI / 8;
    const r = radiusAt(0.93) + 0.012;
    const dot = new THREE.Mesh(new THREE.OctahedronGeometry(0.05, 0), cream);
    dot.position.set(Math.sin(a) * r, 0.93, Math.cos(a) * r);
    dot.rotation.y = a;
    dot.scale.set(0.8, 1.2, 0.25);
    amphora.add(dot);
  }

  // Two handles: tubes looping from the neck out and down to the shoulder, on the left and right.
  for (const side of [-1, 1]) {
    const curve = new THREE.CatmullRomCurve3([
      new THREE.Vector3(side * 0.12, 1.66, 0),
      new THREE.Vector3(side * 0.3, 1.74, 0),
      new THREE.Vector3(side * 0.45, 1.6, 0),
      new THREE.Vector3(side * 0.44, 1.38, 0),
      new THREE.Vector3(side * 0.34, 1.26, 0),
    ]);
    const handle = new THREE.Mesh(new THREE.TubeGeometry(curve, 14, 0.045, 6, false), clay);
    handle.scale.z = 1.3; // a flat strap, wider front to back
    amphora.add(handle);
  }
  return amphora;
}

// Round potion flask: translucent glass lathe, glowing liquid inside, cork stopper, twine and a curved paper label.
function buildObject() {
  const potion = new THREE.Group();
  const glass = new THREE.MeshPhongMaterial({ color: 0xcfe8f0, shininess: 120, specular: 0xffffff, transparent: true, opacity: 0.35 });
  const liquid = new THREE.MeshStandardMaterial({ color: 0x9b30d0, emissive: 0x5a1080, emissiveIntensity: 0.6, roughness: 0.2, flatShading: true });
  const cork = new THREE.MeshLambertMaterial({ color: 0xb08650, flatShading: true });
  const twine = new THREE.MeshLambertMaterial({ color: 0xd8c8a0 });
  const paper = new THREE.MeshLambertMaterial({ color: 0xf0e2b8, side: THREE.DoubleSide });

  // Glass flask profile: flat base, round belly, narrow neck and a lip.
  const outline = [[0, 0], [0.3, 0], [0.45, 0.08], [0.56, 0.25], [0.58, 0.45], [0.52, 0.65], [0.36, 0.8],
    [0.17, 0.9], [0.14, 1.05], [0.14, 1.25], [0.18, 1.28], [0.18, 1.33], [0.13, 1.34]];
  const points = outline.map(([r, y]) => new THREE.Vector2(r, y));
  potion.add(new THREE.Mesh(new THREE.LatheGeometry(points, 16), glass));

  // Liquid: the same belly shrunk a little, filled up to a flat surface.
  const fill = [[0, 0.02], [0.28, 0.02], [0.42, 0.09], [0.53, 0.25], [0.55, 0.45], [0.49, 0.62], [0, 0.62]];
  const liquidMesh = new THREE.Mesh(new THREE.LatheGeometry(fill.map(([r, y]) => new THREE.Vector2(r, y)), 12), liquid);
  potion.add(liquidMesh);

  // Cork stopper sticking out of the neck.
  const stopper = new THREE.Mesh(new THREE.CylinderGeometry(0.16, 0.12, 0.26, 8), cork);
  stopper.position.y = 1.36;
  potion.add(stopper);

  // Twine wrapped around the neck.
  for (const y of [1.0, 1.05]) {
    const loop = new THREE.Mesh(new THREE.TorusGeometry(0.155, 0.02, 5, 14), twine);
    loop.rotation.x = Math.PI / 2;
    loop.position.y = y;
    potion.add(loop);
  }

  // Curved label on the belly: an open cylinder segment facing the front.
  const label = new THREE.Mesh(new THREE.CylinderGeometry(0.585, 0.585, 0.22, 12, 1, true, -0.6, 1.2), paper);
  label.position.y = 0.42;
  potion.add(label);

  // A few bubbles floating in the liquid.
  const bubble = new THREE.MeshStandardMaterial({ color: 0xe8c8ff, roughness: 0.1 });
  for (const [x, y, z] of [[0.1, 0.3, 0.2], [-0.15, 0.45, 0.1], [0.2, 0.5, -0.1]]) {
    const b = new THREE.Mesh(new THREE.IcosahedronGeometry(0.04, 0), bubble);
    b.position.set(x, y, z);
    potion.add(b);
  }
  return potion;
}

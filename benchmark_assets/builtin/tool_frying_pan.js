// Cast-iron frying pan with a wooden handle: a lathe-turned pan with a dark cooking surface, a riveted steel shank, a wooden grip with a hanging ring, and a helper handle opposite.
function buildObject() {
  const pan = new THREE.Group();
  const iron = new THREE.MeshStandardMaterial({ color: 0x5a606a, metalness: 0.5, roughness: 0.55, flatShading: true, side: THREE.DoubleSide });
  const surface = new THREE.MeshStandardMaterial({ color: 0x2f3238, metalness: 0.3, roughness: 0.7, flatShading: true });
  const steel = new THREE.MeshStandardMaterial({ color: 0xaab0b8, metalness: 0.8, roughness: 0.3, flatShading: true });
  const wood = new THREE.MeshLambertMaterial({ color: 0xa0673a, flatShading: true });
  const darkWood = new THREE.MeshLambertMaterial({ color: 0x6e4422, flatShading: true });

  // Pan body: a closed (radius, height) profile round the Y axis - base, flared outer wall, rolled lip, inner wall, floor.
  const profile = [
    [0, 0], [0.5, 0], [0.56, 0.02], [0.64, 0.18], [0.68, 0.22], [0.68, 0.245], [0.645, 0.245], [0.6, 0.19], [0.53, 0.06], [0, 0.06],
  ];
  pan.add(new THREE.Mesh(new THREE.LatheGeometry(profile.map(([r, y]) => new THREE.Vector2(r, y)), 24), iron));
  const floor = new THREE.Mesh(new THREE.CylinderGeometry(0.52, 0.52, 0.01, 24), surface);
  floor.position.y = 0.065;
  pan.add(floor);
  // Concentric machining rings on the cooking surface.
  for (const r of [0.22, 0.38]) {
    const ring = new THREE.Mesh(new THREE.TorusGeometry(r, 0.006, 3, 32), iron);
    ring.rotation.x = Math.PI / 2;
    ring.position.y = 0.071;
    pan.add(ring);
  }

  // Main handle along +X, rising slightly: a steel shank riveted to the wall, a wooden grip, a steel ferrule and a hanging ring.
  const handle = new THREE.Group();
  handle.position.set(0.62, 0.16, 0);
  handle.rotation.z = 0.18;
  pan.add(handle);
  const shank = new THREE.Mesh(new THREE.BoxGeometry(0.36, 0.05, 0.1), steel);
  shank.position.x = 0.16;
  handle.add(shank);
  for (const z of [-0.03, 0.03]) {
    const rivet = new THREE.Mesh(new THREE.SphereGeometry(0.018, 6, 4), steel);
    rivet.position.set(-0.03, 0.03, z);
    handle.add(rivet);
  }
  const ferrule = new THREE.Mesh(new THREE.CylinderGeometry(0.06, 0.055, 0.07, 10), steel);
  ferrule.rotation.z = -Math.PI / 2;
  ferrule.position.x = 0.35;
  handle.add(ferrule);
  const grip = new THREE.Mesh(new THREE.CylinderGeometry(0.05, 0.065, 0.62, 10), wood);
  grip.rotation.z = -Math.PI / 2; // cylinder axis along +X, thicker towards the end
  grip.position.x = 0.695;
  grip.scale.z = 0.8;
  handle.add(grip);
  const cap = new THREE.Mesh(new THREE.SphereGeometry(0.065, 10, 6, 0, Math.PI * 2, 0, Math.PI / 2), darkWood);
  cap.rotation.z = -Math.PI / 2;
  cap.position.x = 1.005;
  cap.scale.set(0.5, 1, 0.8);
  handle.add(cap);
  const hangRing = new THREE.Mesh(new THREE.TorusGeometry(0.045, 0.012, 6, 14), steel);
  hangRing.position.x = 1.08;
  hangRing.rotation.x = Math.PI / 2;
  handle.add(hangRing);

  // Helper handle on the opposite side: a short curved lug.
  const lug = new THREE.Mesh(new THREE.TorusGeometry(0.09, 0.03, 6, 10, Math.PI), iron);
  lug.rotation.x = -Math.PI / 2;
  lug.rotation.z = Math.PI / 2;
  lug.position.set(-0.66, 0.2, 0);
  pan.add(lug);
  return pan;
}

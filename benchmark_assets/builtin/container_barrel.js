// Wooden barrel: a bulging lathe body with per-stave vertex colours, iron hoops, an inset lid and a bung.
function buildObject() {
  const barrel = new THREE.Group();
  const HEIGHT = 1.2, STAVES = 14;
  const radiusAt = (y) => 0.42 + 0.08 * Math.sin(Math.PI * y / HEIGHT);

  // Lathe profile from the bottom centre, up the bulging side, over the rim and into the inset top.
  const profile = [new THREE.Vector2(0, 0)];
  for (let i = 0; i <= 10; i++) {
    const y = (i / 10) * HEIGHT;
    profile.push(new THREE.Vector2(radiusAt(y), y));
  }
  profile.push(new THREE.Vector2(radiusAt(HEIGHT) - 0.04, HEIGHT));
  profile.push(new THREE.Vector2(radiusAt(HEIGHT) - 0.04, HEIGHT - 0.05));
  profile.push(new THREE.Vector2(0, HEIGHT - 0.05));
  const body = new THREE.LatheGeometry(profile, STAVES).toNonIndexed();

  // Colour each triangle by the stave it belongs to, so the planks alternate in shade.
  const pos = body.attributes.position;
  const colors = new Float32Array(pos.count * 3);
  const shades = [new THREE.Color(0xa0652f), new THREE.Color(0x8c5626), new THREE.Color(0xb0733a)];
  const c = new THREE.Color();
  for (let t = 0; t < pos.count; t += 3) {
    const cx = (pos.getX(t) + pos.getX(t + 1) + pos.getX(t + 2)) / 3;
    const cz = (pos.getZ(t) + pos.getZ(t + 1) + pos.getZ(t + 2)) / 3;
    const cy = (pos.getY(t) + pos.getY(t + 1) + pos.getY(t + 2)) / 3;
    const phi = (Math.atan2(cx, cz) + 2 * Math.PI) % (2 * Math.PI); // the lathe puts x = r sin(phi), z = r cos(phi)
    const stave = Math.floor(phi / (2 * Math.PI / STAVES)) % STAVES;
    c.copy(shades[stave % 3]);
    if (cy > HEIGHT - 0.045) c.multiplyScalar(0.75); // the lid is darker
    for (let k = 0; k < 3; k++) c.toArray(colors, (t + k) * 3);
  }
  body.setAttribute('color', new THREE.BufferAttribute(colors, 3));
  body.computeVertexNormals();
  barrel.add(new THREE.Mesh(body, new THREE.MeshLambertMaterial({ vertexColors: true, flatShading: true })));

  // Iron hoops hugging the curved side.
  const iron = new THREE.MeshStandardMaterial({ color: 0x4a4d52, metalness: 0.85, roughness: 0.4, flatShading: true });
  for (const y of [0.1, 0.36, 0.84, 1.1]) {
    const hoop = new THREE.Mesh(new THREE.TorusGeometry(radiusAt(y) + 0.005, 0.025, 4, STAVES), iron);
    hoop.rotation.x = Math.PI / 2;
    hoop.position.y = y;
    barrel.add(hoop);
  }

  // Bung on the side and a plank seam across the lid.
  const wood = new THREE.MeshLambertMaterial({ color: 0x6b4020, flatShading: true });
  const bung = new THREE.Mesh(new THREE.CylinderGeometry(0.05, 0.06, 0.06, 8), wood);
  bung.rotation.x = Math.PI / 2;
  bung.position.set(0, 0.6, radiusAt(0.6) + 0.01);
  barrel.add(bung);
  const seam = new THREE.Mesh(new THREE.BoxGeometry(0.78, 0.012, 0.03), wood);
  seam.position.y = HEIGHT - 0.045;
  barrel.add(seam);
  return barrel;
}

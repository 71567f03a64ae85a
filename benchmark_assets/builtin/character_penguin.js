// Chubby low-poly penguin; the right half (flipper, foot, eye) is built once and mirrored for the left.
function buildObject() {
  const penguin = new THREE.Group();
  const black = new THREE.MeshLambertMaterial({ color: 0x26303f, flatShading: true });
  const white = new THREE.MeshLambertMaterial({ color: 0xf3f3ee, flatShading: true });
  const orange = new THREE.MeshLambertMaterial({ color: 0xf59a23, flatShading: true });
  const eyeBlack = new THREE.MeshLambertMaterial({ color: 0x111111 });

  function part(parent, geometry, material, pos, scale, rot) {
    const mesh = new THREE.Mesh(geometry, material);
    mesh.position.set(pos[0], pos[1], pos[2]);
    if (scale) mesh.scale.set(scale[0], scale[1], scale[2]);
    if (rot) mesh.rotation.set(rot[0], rot[1], rot[2]);
    parent.add(mesh);
    return mesh;
  }

  // Body and belly: scaled low-poly spheres.
  part(penguin, new THREE.SphereGeometry(0.5, 10, 8), black, [0, 0.62, 0], [1, 1.25, 0.9]);
  part(penguin, new THREE.SphereGeometry(0.45, 10, 8), white, [0, 0.55, 0.2], [0.85, 1.1, 0.62]);

  // Head with a white face mask and a beak pointing forward (+Z).
  const head = new THREE.Group();
  head.position.set(0, 1.32, 0.02);
  penguin.add(head);
  part(head, new THREE.SphereGeometry(0.34, 10, 8), black, [0, 0, 0]);
  part(head, new THREE.SphereGeometry(0.26, 10, 8), white, [0, -0.03, 0.14], [1, 0.85, 0.8]);
  part(head, new THREE.ConeGeometry(0.08, 0.22, 6), orange, [0, -0.05, 0.38], null, [Math.PI / 2, 0, 0]);

  // One side of the bird: eye, flipper and foot.
  function half() {
    const side = new THREE.Group();
    part(side, new THREE.SphereGeometry(0.045, 8, 6), eyeBlack, [0.11, 1.38, 0.3]);
    part(side, new THREE.SphereGeometry(0.018, 6, 4), white, [0.12, 1.395, 0.34]);
    const flipper = new THREE.Group();
    flipper.position.set(0.46, 0.85, 0);
    flipper.rotation.z = 0.35;
    side.add(flipper);
    part(flipper, new THREE.SphereGeometry(0.3, 8, 6), black, [0.03, -0.25, 0], [0.22, 1, 0.55]);
    const foot = new THREE.Group();
    foot.position.set(0.2, 0.03, 0.22);
    foot.rotation.y = -0.3;
    side.add(foot);
    part(foot, new THREE.BoxGeometry(0.22, 0.06, 0.3), orange, [0, 0, 0]);
    for (let t = -1; t <= 1; t++) {
      part(foot, new THREE.ConeGeometry(0.05, 0.12, 4), orange, [t * 0.07, 0, 0.18], [1, 0.5, 1], [Math.PI / 2, 0, 0]);
    }
    return side;
  }
  const right = half();
  const left = half();
  left.scale.x = -1; // mirror image of the right half
  penguin.add(right, left);

  // Little tail at the back.
  part(penguin, new THREE.ConeGeometry(0.12, 0.25, 5), black, [0, 0.15, -0.4], null, [-2.2, 0, 0]);
  return penguin;
}

// Snowman: three stacked faceted snowballs, coal eyes, smile and buttons, a carrot nose, twig arms, a red scarf and a black top hat.
function buildObject() {
  const snowman = new THREE.Group();
  const snow = new THREE.MeshLambertMaterial({ color: 0xe4edf6, flatShading: true });
  const coal = new THREE.MeshLambertMaterial({ color: 0x26262b, flatShading: true });
  const carrot = new THREE.MeshLambertMaterial({ color: 0xf07a1a, flatShading: true });
  const twig = new THREE.MeshLambertMaterial({ color: 0x6b4423, flatShading: true });
  const scarf = new THREE.MeshLambertMaterial({ color: 0xc8302c, flatShading: true });
  const stripe = new THREE.MeshLambertMaterial({ color: 0xf2d24a, flatShading: true });
  const hat = new THREE.MeshLambertMaterial({ color: 0x1f1f26, flatShading: true });
  const band = new THREE.MeshLambertMaterial({ color: 0x2f6fbf, flatShading: true });

  function add(parent, geometry, material, x, y, z) {
    const mesh = new THREE.Mesh(geometry, material);
    mesh.position.set(x, y, z);
    parent.add(mesh);
    return mesh;
  }

  // Snowballs: subdivided icosahedra, squashed a little so each one settles on the one below.
  const balls = [{ r: 0.62, y: 0.56 }, { r: 0.45, y: 1.4 }, { r: 0.33, y: 2.03 }];
  for (const ball of balls) add(snowman, new THREE.IcosahedronGeometry(ball.r, 2), snow, 0, ball.y, 0).scale.y = 0.9;
  // A point on a snowball's surface in the direction (dx, dy, 1), for features that sit on the front.
  function onBall(ball, dx, dy, lift) {
    const n = new THREE.Vector3(dx, dy, 1).normalize();
    return [n.x * (ball.r + lift), ball.y + n.y * (ball.r + lift) * 0.9, n.z * (ball.r + lift)];
  }
  const head = balls[2], middle = balls[1];

  // Face: coal eyes, a curved smile of coal pieces and a carrot nose pointing forward.
  for (const side of [-1, 1]) add(snowman, new THREE.IcosahedronGeometry(0.04, 0), coal, ...onBall(head, side * 0.33, 0.28, 0.0));
  for (let i = -2; i <= 2; i++) add(snowman, new THREE.IcosahedronGeometry(0.025, 0), coal, ...onBall(head, i * 0.13, -0.38 + Math.abs(i) * 0.05 + i * i * 0.02, 0.0));
  const nose = add(snowman, new THREE.ConeGeometry(0.055, 0.32, 8), carrot, 0, head.y, head.r + 0.13);
  nose.rotation.x = Math.PI / 2; // cone tip from +Y to +Z

  // Coal buttons down the middle ball.
  for (const dy of [0.35, 0.0, -0.35]) add(snowman, new THREE.IcosahedronGeometry(0.045, 0), coal, ...onBall(middle, 0, dy, 0.0));

  // Twig arms: each a stick leaning out and up from the middle ball, with two small forked twigs at the end.
  for (const side of [-1, 1]) {
    const arm = new THREE.Group();
    arm.position.set(side * 0.38, 1.52, 0);
    arm.rotation.z = -side * 1.05; // tip the arm's +Y out towards its side
    snowman.add(arm);
    add(arm, new THREE.CylinderGeometry(0.022, 0.03, 0.75, 5), twig, 0, 0.375, 0);
    for (const [angle, length, at] of [[0.6, 0.2, 0.62], [-0.5, 0.16, 0.7]]) {
      const fork = new THREE.Group();
      fork.position.y = at;
      fork.rotation.z = angle;
      arm.add(fork);
      add(fork, new THREE.CylinderGeometry(0.012, 0.018, length, 4), twig, 0, length / 2, 0);
    }
  }

  // Scarf: a ring round the neck and a striped tail hanging down the front-left.
  const ring = add(snowman, new THREE.TorusGeometry(0.29, 0.07, 6, 16), scarf, 0, 1.76, 0);
  ring.rotation.x = Math.PI / 2;
  const tail = new THREE.Group();
  tail.position.set(0.16, 1.72, 0.36);
  tail.rotation.set(-0.45, 0, 0.12); // swing the hanging end forward, clear of the middle ball
  snowman.add(tail);
  add(tail, new THREE.BoxGeometry(0.13, 0.42, 0.04), scarf, 0, -0.2, 0);
  for (const y of [-0.16, -0.3]) add(tail, new THREE.BoxGeometry(0.135, 0.04, 0.045), stripe, 0, y, 0);
  for (let i = -1; i <= 1; i++) add(tail, new THREE.BoxGeometry(0.025, 0.06, 0.03), scarf, i * 0.045, -0.44, 0);

  // Top hat, tilted slightly: brim, crown and a coloured band.
  const topHat = new THREE.Group();
  topHat.position.set(0, head.y + head.r * 0.9 - 0.04, 0);
  topHat.rotation.set(-0.1, 0, -0.12);
  snowman.add(topHat);
  add(topHat, new THREE.CylinderGeometry(0.36, 0.36, 0.04, 16), hat, 0, 0.02, 0);
  add(topHat, new THREE.CylinderGeometry(0.23, 0.25, 0.4, 16), hat, 0, 0.22, 0);
  add(topHat, new THREE.CylinderGeometry(0.255, 0.255, 0.08, 16), band, 0, 0.09, 0);
  return snowman;
}

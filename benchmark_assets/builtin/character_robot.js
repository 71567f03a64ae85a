// Little boxy robot: metal body, glowing eyes, antenna, chest panel and jointed claw arms.
function buildObject() {
  const robot = new THREE.Group();
  const metal = new THREE.MeshStandardMaterial({ color: 0x9fb2c6, metalness: 0.9, roughness: 0.35, flatShading: true });
  const dark = new THREE.MeshStandardMaterial({ color: 0x2f3540, metalness: 0.6, roughness: 0.5 });
  const accent = new THREE.MeshStandardMaterial({ color: 0xe8742a, metalness: 0.1, roughness: 0.6 });
  const glow = new THREE.MeshBasicMaterial({ color: 0x58e6ff });

  function add(parent, geometry, material, x, y, z) {
    const mesh = new THREE.Mesh(geometry, material);
    mesh.position.set(x, y, z);
    parent.add(mesh);
    return mesh;
  }

  // Legs: a foot block and a tapered shin each.
  for (const side of [-1, 1]) {
    const leg = new THREE.Group();
    leg.position.x = side * 0.24;
    robot.add(leg);
    add(leg, new THREE.BoxGeometry(0.28, 0.12, 0.4), dark, 0, 0.06, 0.05);
    add(leg, new THREE.CylinderGeometry(0.08, 0.11, 0.5, 8), metal, 0, 0.37, 0);
  }

  // Torso group, everything above the hips hangs off it.
  const body = new THREE.Group();
  body.position.y = 0.62;
  robot.add(body);
  add(body, new THREE.BoxGeometry(0.8, 0.7, 0.55), metal, 0, 0.35, 0);
  add(body, new THREE.BoxGeometry(0.42, 0.3, 0.04), dark, 0, 0.4, 0.29);
  for (let i = 0; i < 3; i++) {
    const button = add(body, new THREE.CylinderGeometry(0.035, 0.035, 0.04, 10), i === 1 ? glow : accent, -0.12 + i * 0.12, 0.4, 0.31);
    button.rotation.x = Math.PI / 2;
  }
  add(body, new THREE.BoxGeometry(0.84, 0.08, 0.59), accent, 0, 0.04, 0); // belt

  // Head on a neck.
  const head = new THREE.Group();
  head.position.y = 0.82;
  body.add(head);
  add(head, new THREE.CylinderGeometry(0.1, 0.12, 0.14, 8), dark, 0, -0.05, 0);
  add(head, new THREE.BoxGeometry(0.6, 0.42, 0.48), metal, 0, 0.2, 0);
  add(head, new THREE.BoxGeometry(0.46, 0.16, 0.04), dark, 0, 0.24, 0.24);
  for (const side of [-1, 1]) {
    add(head, new THREE.SphereGeometry(0.055, 12, 8), glow, side * 0.11, 0.24, 0.26);
    const ear = add(head, new THREE.CylinderGeometry(0.08, 0.08, 0.08, 10), accent, side * 0.33, 0.2, 0);
    ear.rotation.z = Math.PI / 2;
  }
  add(head, new THREE.BoxGeometry(0.2, 0.04, 0.03), accent, 0, 0.08, 0.245); // mouth
  add(head, new THREE.CylinderGeometry(0.015, 0.015, 0.22, 6), dark, 0, 0.51, 0);
  add(head, new THREE.SphereGeometry(0.05, 10, 8), accent, 0, 0.64, 0);

  // Arms: shoulder joint, capsule arm, open claw; splayed slightly outwards.
  for (const side of [-1, 1]) {
    const arm = new THREE.Group();
    arm.position.set(side * 0.47, 0.58, 0);
    arm.rotation.z = side * 0.18;
    arm.rotation.x = -0.2;
    body.add(arm);
    add(arm, new THREE.SphereGeometry(0.1, 10, 8), dark, 0, 0, 0);
    add(arm, new THREE.CapsuleGeometry(0.07, 0.38, 4, 8), metal, 0, -0.27, 0);
    const claw = add(arm, new THREE.TorusGeometry(0.08, 0.025, 6, 12, Math.PI * 1.4), dark, 0, -0.6, 0);
    claw.rotation.set(0, Math.PI / 2, Math.PI * 0.8);
  }
  return robot;
}

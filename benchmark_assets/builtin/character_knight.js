// Low-poly knight: armoured body, bucket helmet with plume, a heater shield on the left arm and a sword.
function buildObject() {
  const knight = new THREE.Group();
  const armor = new THREE.MeshStandardMaterial({ color: 0xb8bec8, metalness: 0.85, roughness: 0.3, flatShading: true });
  const tunic = new THREE.MeshPhongMaterial({ color: 0x2a4fa0, shininess: 10, flatShading: true });
  const leather = new THREE.MeshPhongMaterial({ color: 0x5a3a22, shininess: 20 });
  const red = new THREE.MeshPhongMaterial({ color: 0xc0302a, shininess: 15, flatShading: true });
  const gold = new THREE.MeshStandardMaterial({ color: 0xe0b040, metalness: 0.9, roughness: 0.35 });
  const slit = new THREE.MeshPhongMaterial({ color: 0x111111 });

  function add(parent, geometry, material, x, y, z) {
    const mesh = new THREE.Mesh(geometry, material);
    mesh.position.set(x, y, z);
    parent.add(mesh);
    return mesh;
  }

  // Legs and boots.
  for (const side of [-1, 1]) {
    add(knight, new THREE.CapsuleGeometry(0.11, 0.45, 3, 8), armor, side * 0.15, 0.42, 0);
    add(knight, new THREE.BoxGeometry(0.2, 0.12, 0.3), leather, side * 0.15, 0.06, 0.04);
  }
  // Torso: tunic skirt, breastplate, belt.
  add(knight, new THREE.CylinderGeometry(0.3, 0.36, 0.3, 8), tunic, 0, 0.78, 0);
  add(knight, new THREE.CylinderGeometry(0.34, 0.28, 0.55, 8), armor, 0, 1.18, 0);
  const belt = add(knight, new THREE.TorusGeometry(0.3, 0.035, 4, 16), leather, 0, 0.93, 0);
  belt.rotation.x = Math.PI / 2;
  add(knight, new THREE.BoxGeometry(0.1, 0.08, 0.04), gold, 0, 0.93, 0.31);

  // Helmet: bucket with visor slit, cone cap and a red plume.
  const head = new THREE.Group();
  head.position.y = 1.68;
  knight.add(head);
  add(head, new THREE.CylinderGeometry(0.22, 0.24, 0.36, 10), armor, 0, 0, 0);
  add(head, new THREE.ConeGeometry(0.23, 0.16, 10), armor, 0, 0.26, 0);
  add(head, new THREE.BoxGeometry(0.3, 0.035, 0.06), slit, 0, 0.04, 0.21);
  add(head, new THREE.BoxGeometry(0.03, 0.18, 0.06), slit, 0, -0.06, 0.22);
  const plume = add(head, new THREE.ConeGeometry(0.07, 0.35, 6), red, 0, 0.45, -0.06);
  plume.rotation.x = -0.4;

  // Arms with shoulder pads.
  const arms = [];
  for (const side of [-1, 1]) {
    const arm = new THREE.Group();
    arm.position.set(side * 0.42, 1.38, 0);
    arm.rotation.z = side * 0.15;
    knight.add(arm);
    add(arm, new THREE.SphereGeometry(0.15, 8, 6, 0, Math.PI * 2, 0, Math.PI / 2), armor, 0, 0, 0);
    add(arm, new THREE.CapsuleGeometry(0.08, 0.4, 3, 8), armor, 0, -0.28, 0);
    add(arm, new THREE.SphereGeometry(0.09, 8, 6), leather, 0, -0.56, 0.02);
    arms.push(arm);
  }

  // Heater shield on the left arm (the knight's left is -X), facing forward.
  const shape = new THREE.Shape();
  shape.moveTo(-0.25, 0.25);
  shape.lineTo(0.25, 0.25);
  shape.lineTo(0.25, 0.0);
  shape.quadraticCurveTo(0.22, -0.25, 0, -0.38);
  shape.quadraticCurveTo(-0.22, -0.25, -0.25, 0.0);
  shape.closePath();
  const shield = add(arms[0], new THREE.ExtrudeGeometry(shape, { depth: 0.04, bevelEnabled: true, bevelThickness: 0.015, bevelSize: 0.015, bevelSegments: 1, curveSegments: 6 }), red, -0.05, -0.35, 0.14);
  shield.rotation.z = 0.15;
  add(shield, new THREE.BoxGeometry(0.07, 0.5, 0.02), gold, 0, -0.03, 0.06);
  add(shield, new THREE.BoxGeometry(0.4, 0.07, 0.02), gold, 0, 0.08, 0.06);

  // Sword held in the right hand, pointing forward and down.
  const sword = new THREE.Group();
  sword.position.set(0, -0.56, 0.05);
  sword.rotation.x = 1.3; // blade pointing forward, slightly raised
  arms[1].add(sword);
  add(sword, new THREE.CylinderGeometry(0.025, 0.025, 0.16, 6), leather, 0, 0, 0);
  add(sword, new THREE.BoxGeometry(0.05, 0.04, 0.24), gold, 0, 0.1, 0);
  add(sword, new THREE.BoxGeometry(0.015, 0.7, 0.08), armor, 0, 0.47, 0); // flat of the blade faces sideways
  add(sword, new THREE.ConeGeometry(0.057, 0.14, 4), armor, 0, 0.89, 0).scale.x = 0.26;
  return knight;
}

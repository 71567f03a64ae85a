// Bearded wizard: a long blue robe with a gold belt, wide sleeves, a white beard, a tall crooked starry hat and a staff topped with a glowing crystal.
function buildObject() {
  const wizard = new THREE.Group();
  const robe = new THREE.MeshLambertMaterial({ color: 0x3446a8, flatShading: true });
  const robeDark = new THREE.MeshLambertMaterial({ color: 0x25307a, flatShading: true });
  const skin = new THREE.MeshLambertMaterial({ color: 0xf0c29a, flatShading: true });
  const beard = new THREE.MeshLambertMaterial({ color: 0xeeeeea, flatShading: true });
  const gold = new THREE.MeshStandardMaterial({ color: 0xe0b040, metalness: 0.6, roughness: 0.4, flatShading: true });
  const boot = new THREE.MeshLambertMaterial({ color: 0x4a2e1c, flatShading: true });
  const wood = new THREE.MeshLambertMaterial({ color: 0x7a4f2a, flatShading: true });
  const eye = new THREE.MeshLambertMaterial({ color: 0x1a1a1a });
  const crystal = new THREE.MeshStandardMaterial({ color: 0x6fe3ff, emissive: 0x2aa8d8, emissiveIntensity: 0.6, roughness: 0.2, flatShading: true });

  function add(parent, geometry, material, x, y, z) {
    const mesh = new THREE.Mesh(geometry, material);
    mesh.position.set(x, y, z);
    parent.add(mesh);
    return mesh;
  }

  // Boots peeking out under a long flared robe, a narrower upper body and a gold belt with a buckle.
  for (const side of [-1, 1]) add(wizard, new THREE.BoxGeometry(0.16, 0.1, 0.28), boot, side * 0.13, 0.05, 0.12);
  add(wizard, new THREE.CylinderGeometry(0.33, 0.52, 1.05, 10), robe, 0, 0.6, 0);
  add(wizard, new THREE.CylinderGeometry(0.53, 0.53, 0.06, 10), robeDark, 0, 0.1, 0);
  add(wizard, new THREE.CylinderGeometry(0.26, 0.33, 0.5, 10), robe, 0, 1.36, 0);
  const belt = add(wizard, new THREE.TorusGeometry(0.33, 0.035, 4, 14), gold, 0, 1.13, 0);
  belt.rotation.x = Math.PI / 2;
  add(wizard, new THREE.BoxGeometry(0.1, 0.09, 0.04), gold, 0, 1.13, 0.34);
  add(wizard, new THREE.SphereGeometry(0.3, 10, 6, 0, Math.PI * 2, 0, Math.PI / 2), robe, 0, 1.58, 0).scale.y = 0.45;

  // Head: face, nose, eyes, bushy brows, moustache and a long pointed beard over the chest.
  const head = new THREE.Group();
  head.position.y = 1.84;
  wizard.add(head);
  add(head, new THREE.SphereGeometry(0.25, 10, 8), skin, 0, 0, 0);
  add(head, new THREE.SphereGeometry(0.055, 6, 4), skin, 0, -0.02, 0.25);
  for (const side of [-1, 1]) {
    add(head, new THREE.SphereGeometry(0.025, 6, 4), eye, side * 0.09, 0.04, 0.225);
    add(head, new THREE.BoxGeometry(0.1, 0.03, 0.04), beard, side * 0.09, 0.1, 0.215).rotation.z = side * 0.2;
    add(head, new THREE.CapsuleGeometry(0.03, 0.1, 2, 6), beard, side * 0.06, -0.08, 0.23).rotation.z = side * 1.2;
  }
  const beardCone = add(head, new THREE.ConeGeometry(0.2, 0.6, 8), beard, 0, -0.38, 0.24);
  beardCone.rotation.x = Math.PI + 0.15; // point down, tip slightly forward
  beardCone.scale.z = 0.55;

  // Hat: a wide brim, a tall cone in two parts with the tip bent back, a gold band and two gold stars.
  const hat = new THREE.Group();
  hat.position.y = 2.03;
  wizard.add(hat);
  add(hat, new THREE.CylinderGeometry(0.48, 0.5, 0.04, 16), robeDark, 0, 0, 0);
  add(hat, new THREE.CylinderGeometry(0.16, 0.28, 0.42, 12), robe, 0, 0.23, 0);
  add(hat, new THREE.CylinderGeometry(0.285, 0.29, 0.06, 12), gold, 0, 0.05, 0);
  const tip = new THREE.Group();
  tip.position.y = 0.43;
  tip.rotation.x = -0.55;
  hat.add(tip);
  add(hat, new THREE.SphereGeometry(0.16, 12, 6), robe, 0, 0.43, 0); // rounds off the bend
  add(tip, new THREE.ConeGeometry(0.16, 0.45, 12), robe, 0, 0.22, 0);
  const star = new THREE.Shape();
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? 0.07 : 0.03, a = (i / 10) * Math.PI * 2 + Math.PI / 2;
    if (i === 0) star.moveTo(Math.cos(a) * r, Math.sin(a) * r);
    else star.lineTo(Math.cos(a) * r, Math.sin(a) * r);
  }
  const starGeometry = new THREE.ExtrudeGeometry(star, { depth: 0.02, bevelEnabled: false });
  for (const [x, y, z, ry, s] of [[0.08, 0.25, 0.225, 0.35, 1], [-0.13, 0.17, 0.2, -0.6, 0.7]]) {
    const m = add(hat, starGeometry, gold, x, y, z);
    m.rotation.set(-0.3, ry, 0);
    m.scale.setScalar(s);
  }

  // Arms in wide sleeves; the right arm (at -X) reaches forward to hold the staff.
  const hands = [];
  for (const side of [-1, 1]) {
    const arm = new THREE.Group();
    arm.position.set(side * 0.31, 1.52, 0);
    arm.rotation.set(side < 0 ? -0.7 : -0.15, 0, side * 0.3);
    wizard.add(arm);
    add(arm, new THREE.CylinderGeometry(0.08, 0.15, 0.5, 8), robe, 0, -0.25, 0);
    add(arm, new THREE.CylinderGeometry(0.155, 0.155, 0.04, 8), robeDark, 0, -0.5, 0);
    hands.push(add(arm, new THREE.SphereGeometry(0.075, 8, 6), skin, 0, -0.56, 0));
  }

  // Staff: a gnarled pole through the right hand, with prongs holding a glowing crystal.
  wizard.updateMatrixWorld(true);
  const hand = hands[0].getWorldPosition(new THREE.Vector3());
  const staff = new THREE.Group();
  staff.position.set(hand.x - 0.02, 0, hand.z);
  wizard.add(staff);
  add(staff, new THREE.CylinderGeometry(0.03, 0.04, 2.25, 6), wood, 0, 1.125, 0);
  for (const y of [0.7, 1.6]) add(staff, new THREE.TorusGeometry(0.042, 0.015, 4, 8), wood, 0, y, 0).rotation.x = Math.PI / 2;
  for (let i = 0; i < 3; i++) {
    const a = (i / 3) * Math.PI * 2;
    const prong = add(staff, new THREE.ConeGeometry(0.02, 0.2, 4), wood, Math.cos(a) * 0.05, 2.3, Math.sin(a) * 0.05);
    prong.rotation.set(Math.sin(a) * 0.4, 0, -Math.cos(a) * 0.4);
  }
  add(staff, new THREE.OctahedronGeometry(0.1, 0), crystal, 0, 2.38, 0).scale.y = 1.5;
  return wizard;
}

// Claw hammer: wooden handle with a rubber grip, a steel head built from a six-material box, a round striking neck and an extruded claw.
function buildObject() {
  const hammer = new THREE.Group();
  const wood = new THREE.MeshLambertMaterial({ color: 0xc48a4a, flatShading: true });
  const endGrain = new THREE.MeshLambertMaterial({ color: 0x8a5a2a });
  const grip = new THREE.MeshStandardMaterial({ color: 0x202020, roughness: 0.9 });
  const steel = new THREE.MeshStandardMaterial({ color: 0x8a9098, metalness: 0.9, roughness: 0.35, flatShading: true });
  const painted = new THREE.MeshStandardMaterial({ color: 0x2a3a55, metalness: 0.8, roughness: 0.45 });
  const polished = new THREE.MeshStandardMaterial({ color: 0xe0e4ea, metalness: 1.0, roughness: 0.15 });

  // Handle: oval cross-section (a scaled cylinder), flaring slightly at the bottom.
  const handle = new THREE.Mesh(new THREE.CylinderGeometry(0.055, 0.07, 1.2, 10), wood);
  handle.scale.z = 0.7;
  handle.position.y = 0.6;
  hammer.add(handle);
  const rubber = new THREE.Mesh(new THREE.CapsuleGeometry(0.078, 0.32, 4, 10), grip);
  rubber.scale.z = 0.75;
  rubber.position.y = 0.25;
  hammer.add(rubber);

  // Head: BoxGeometry groups are +X, -X, +Y, -Y, +Z, -Z; the top face shows the handle's end grain.
  const head = new THREE.Group();
  head.position.y = 1.22;
  hammer.add(head);
  head.add(new THREE.Mesh(new THREE.BoxGeometry(0.2, 0.18, 0.15), [steel, steel, endGrain, steel, painted, painted]));

  // Striking side (+X): a round neck with a polished face.
  const neck = new THREE.Mesh(new THREE.CylinderGeometry(0.06, 0.075, 0.2, 12), steel);
  neck.rotation.z = -Math.PI / 2;
  neck.position.x = 0.2;
  head.add(neck);
  const face = new THREE.Mesh(new THREE.CylinderGeometry(0.08, 0.075, 0.04, 12), polished);
  face.rotation.z = -Math.PI / 2;
  face.position.x = 0.32;
  head.add(face);

  // Claw side (-X): two curved prongs extruded from one profile, with a V gap between them.
  const claw = new THREE.Shape();
  claw.moveTo(0, 0.08);
  claw.quadraticCurveTo(-0.22, 0.09, -0.36, -0.1);
  claw.lineTo(-0.33, -0.12);
  claw.quadraticCurveTo(-0.2, -0.02, 0, -0.05);
  claw.closePath();
  const prong = new THREE.ExtrudeGeometry(claw, { depth: 0.05, bevelEnabled: true, bevelThickness: 0.008, bevelSize: 0.008, bevelSegments: 1, curveSegments: 8 });
  for (const z of [0.012, -0.062]) {
    const p = new THREE.Mesh(prong, painted);
    p.position.set(-0.09, 0, z);
    head.add(p);
  }
  // Wedge slot marks on the end grain.
  const wedge = new THREE.Mesh(new THREE.BoxGeometry(0.1, 0.006, 0.012), steel);
  wedge.position.y = 0.091;
  head.add(wedge);
  return hammer;
}

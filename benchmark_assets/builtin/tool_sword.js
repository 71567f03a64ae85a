// Knight's longsword, point up: bevelled extruded steel blade with a fuller, gold crossguard, wrapped grip and pommel.
function buildObject() {
  const sword = new THREE.Group();
  const steel = new THREE.MeshStandardMaterial({ color: 0xd0d6de, metalness: 0.95, roughness: 0.22, flatShading: true });
  const fullerSteel = new THREE.MeshStandardMaterial({ color: 0x9aa3ae, metalness: 0.9, roughness: 0.35 });
  const gold = new THREE.MeshStandardMaterial({ color: 0xd9a83a, metalness: 0.9, roughness: 0.3, flatShading: true });
  const leather = new THREE.MeshLambertMaterial({ color: 0x5a2e1a, flatShading: true });
  const cord = new THREE.MeshLambertMaterial({ color: 0x2a1a10 });
  const gem = new THREE.MeshPhongMaterial({ color: 0xc01830, shininess: 100, flatShading: true });
  const BLADE = 1.6, HALF_W = 0.075;

  // Blade outline in XY (tip at the top); the bevel gives sharpened edges on the extrusion.
  const outline = new THREE.Shape();
  outline.moveTo(-HALF_W, 0);
  outline.lineTo(HALF_W, 0);
  outline.lineTo(HALF_W * 0.85, BLADE - 0.25);
  outline.lineTo(0, BLADE);
  outline.lineTo(-HALF_W * 0.85, BLADE - 0.25);
  outline.closePath();
  const bladeGeometry = new THREE.ExtrudeGeometry(outline, { depth: 0.012, bevelEnabled: true, bevelThickness: 0.014, bevelSize: 0.022, bevelSegments: 1 });
  bladeGeometry.translate(0, 0, -0.006); // centre the thickness on z=0
  const blade = new THREE.Mesh(bladeGeometry, steel);
  blade.position.y = 0.42;
  sword.add(blade);
  // Fuller: a darker groove strip on both faces.
  for (const z of [1, -1]) {
    const fuller = new THREE.Mesh(new THREE.BoxGeometry(0.03, BLADE * 0.6, 0.01), fullerSteel);
    fuller.position.set(0, 0.42 + BLADE * 0.32, z * 0.017);
    sword.add(fuller);
  }

  // Crossguard: a bar with upturned quillons ending in ball finials.
  const guard = new THREE.Group();
  guard.position.y = 0.4;
  sword.add(guard);
  guard.add(new THREE.Mesh(new THREE.BoxGeometry(0.36, 0.06, 0.08), gold));
  for (const side of [-1, 1]) {
    const quillon = new THREE.Mesh(new THREE.BoxGeometry(0.1, 0.05, 0.07), gold);
    quillon.position.set(side * 0.215, 0.015, 0);
    quillon.rotation.z = side * 0.35;
    guard.add(quillon);
    const finial = new THREE.Mesh(new THREE.SphereGeometry(0.04, 8, 6), gold);
    finial.position.set(side * 0.27, 0.04, 0);
    guard.add(finial);
  }
  const jewel = new THREE.Mesh(new THREE.OctahedronGeometry(0.035), gem);
  jewel.position.z = 0.045;
  jewel.scale.z = 0.5;
  guard.add(jewel);

  // Grip with cord wraps, then a gold pommel.
  const grip = new THREE.Mesh(new THREE.CylinderGeometry(0.035, 0.04, 0.3, 8), leather);
  grip.position.y = 0.22;
  sword.add(grip);
  for (let i = 0; i < 5; i++) {
    const wrap = new THREE.Mesh(new THREE.TorusGeometry(0.04, 0.008, 4, 10), cord);
    wrap.rotation.x = Math.PI / 2 + 0.25;
    wrap.position.y = 0.1 + i * 0.06;
    sword.add(wrap);
  }
  const pommel = new THREE.Mesh(new THREE.SphereGeometry(0.06, 8, 6), gold);
  pommel.position.y = 0.04;
  pommel.scale.set(1, 0.8, 0.7);
  sword.add(pommel);
  return sword;
}

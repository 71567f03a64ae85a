// Victorian street lamp: stepped lathe base, fluted pole, a curved tube arm and a hanging lamp with a glowing bulb.
function buildObject() {
  const lamp = new THREE.Group();
  const iron = new THREE.MeshStandardMaterial({ color: 0x2d4a3e, metalness: 0.85, roughness: 0.4, flatShading: true });
  const brass = new THREE.MeshStandardMaterial({ color: 0xc9a04a, metalness: 1.0, roughness: 0.3 });
  const bulbMaterial = new THREE.MeshStandardMaterial({ color: 0xfff2c0, emissive: 0xffd070, emissiveIntensity: 1.2 });
  const POLE_TOP = 3.0;

  // Base: a lathe profile with steps and a bulb-shaped collar.
  const base = [[0, 0], [0.32, 0], [0.32, 0.08], [0.26, 0.12], [0.26, 0.2], [0.18, 0.28], [0.14, 0.5], [0.17, 0.6], [0.1, 0.7], [0, 0.7]];
  lamp.add(new THREE.Mesh(new THREE.LatheGeometry(base.map(([r, y]) => new THREE.Vector2(r, y)), 8), iron));

  // Pole with decorative rings.
  const pole = new THREE.Mesh(new THREE.CylinderGeometry(0.05, 0.07, POLE_TOP - 0.7, 8), iron);
  pole.position.y = 0.7 + (POLE_TOP - 0.7) / 2;
  lamp.add(pole);
  for (const y of [1.2, 2.2, POLE_TOP]) {
    const ring = new THREE.Mesh(new THREE.TorusGeometry(0.075, 0.02, 6, 12), brass);
    ring.rotation.x = Math.PI / 2;
    ring.position.y = y;
    lamp.add(ring);
  }
  const finial = new THREE.Mesh(new THREE.SphereGeometry(0.07, 8, 6), brass);
  finial.position.y = POLE_TOP + 0.45;
  lamp.add(finial);

  // Arm: a tube swept along a smooth curve from the pole top out to the +X side.
  const curve = new THREE.CatmullRomCurve3([
    new THREE.Vector3(0, POLE_TOP - 0.05, 0),
    new THREE.Vector3(0, POLE_TOP + 0.35, 0),
    new THREE.Vector3(0.2, POLE_TOP + 0.6, 0),
    new THREE.Vector3(0.55, POLE_TOP + 0.62, 0),
    new THREE.Vector3(0.85, POLE_TOP + 0.45, 0),
  ]);
  lamp.add(new THREE.Mesh(new THREE.TubeGeometry(curve, 24, 0.035, 6, false), iron));
  // Curly brace under the arm.
  const brace = new THREE.Mesh(new THREE.TorusGeometry(0.16, 0.018, 5, 16, Math.PI * 1.5), iron);
  brace.position.set(0.2, POLE_TOP + 0.3, 0);
  brace.rotation.z = Math.PI * 0.5;
  lamp.add(brace);

  // Lamp head hanging from the arm's end.
  const head = new THREE.Group();
  head.position.set(0.85, POLE_TOP + 0.42, 0);
  lamp.add(head);
  const hook = new THREE.Mesh(new THREE.CylinderGeometry(0.015, 0.015, 0.12, 6), iron);
  hook.position.y = -0.05;
  head.add(hook);
  const hood = new THREE.Mesh(new THREE.ConeGeometry(0.24, 0.18, 8), iron);
  hood.position.y = -0.18;
  head.add(hood);
  const rim = new THREE.Mesh(new THREE.CylinderGeometry(0.24, 0.24, 0.03, 8), brass);
  rim.position.y = -0.28;
  head.add(rim);
  const glass = new THREE.Mesh(new THREE.CylinderGeometry(0.16, 0.1, 0.26, 8, 1, true), new THREE.MeshStandardMaterial({ color: 0xfff6d8, transparent: true, opacity: 0.45, side: THREE.DoubleSide }));
  glass.position.y = -0.42;
  head.add(glass);
  const bulb = new THREE.Mesh(new THREE.SphereGeometry(0.08, 10, 8), bulbMaterial);
  bulb.position.y = -0.4;
  head.add(bulb);
  const bottom = new THREE.Mesh(new THREE.ConeGeometry(0.1, 0.1, 8), brass);
  bottom.position.y = -0.6;
  bottom.rotation.x = Math.PI;
  head.add(bottom);
  return lamp;
}

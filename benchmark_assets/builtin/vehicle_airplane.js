// Single-engine propeller plane facing +Z: a lathe-turned red fuselage with a raised tail, a glass canopy, white high wings on struts, a tail fin and stabilisers, a two-blade propeller and fixed landing gear.
function buildObject() {
  const plane = new THREE.Group();
  const red = new THREE.MeshStandardMaterial({ color: 0xc8362b, metalness: 0.2, roughness: 0.5, flatShading: true });
  const white = new THREE.MeshLambertMaterial({ color: 0xe8e8ea, flatShading: true });
  const glass = new THREE.MeshStandardMaterial({ color: 0x5a8fc0, metalness: 0.3, roughness: 0.15, flatShading: true });
  const dark = new THREE.MeshLambertMaterial({ color: 0x2b2b30, flatShading: true });
  const metal = new THREE.MeshStandardMaterial({ color: 0xb0b5bc, metalness: 0.8, roughness: 0.3, flatShading: true });
  const UP = new THREE.Vector3(0, 1, 0);
  const airframe = new THREE.Group();
  airframe.position.y = 0.72; // the wheels rest on y = 0
  plane.add(airframe);

  function add(parent, geometry, material, x, y, z) {
    const mesh = new THREE.Mesh(geometry, material);
    mesh.position.set(x, y, z);
    parent.add(mesh);
    return mesh;
  }
  // A thin cylinder from a to b (struts).
  function strut(a, b, radius, material) {
    const dir = b.clone().sub(a);
    const m = add(airframe, new THREE.CylinderGeometry(radius, radius, dir.length(), 6), material, 0, 0, 0);
    m.position.copy(a).add(b).multiplyScalar(0.5);
    m.quaternion.setFromUnitVectors(UP, dir.normalize());
  }

  // Fuselage: a lathe profile along Y turned to lie along Z; the tail end is then bent upwards.
  const profile = [[0.03, -2.0], [0.12, -1.9], [0.22, -1.3], [0.34, -0.5], [0.4, 0.2], [0.4, 0.7], [0.35, 1.0], [0.26, 1.18], [0.0, 1.22]];
  const body = new THREE.LatheGeometry(profile.map(([r, y]) => new THREE.Vector2(r, y)), 12);
  body.rotateX(Math.PI / 2); // +Y -> +Z: the nose points forward
  const p = body.attributes.position;
  for (let i = 0; i < p.count; i++) {
    const z = p.getZ(i);
    if (z < -0.4) p.setY(i, p.getY(i) + (-0.4 - z) * 0.16);
  }
  body.computeVertexNormals();
  airframe.add(new THREE.Mesh(body, red));
  // White cheat line along both flanks.
  for (const side of [-1, 1]) add(airframe, new THREE.BoxGeometry(0.02, 0.08, 1.7), white, side * 0.385, 0.0, -0.1).rotation.x = -0.05;

  // Canopy: a squashed glass dome ahead of the wing.
  add(airframe, new THREE.SphereGeometry(0.3, 12, 6, 0, Math.PI * 2, 0, Math.PI / 2), glass, 0, 0.24, 0.45).scale.set(1, 0.8, 1.5);

  // High wing: a flat slab with red tips, on two struts each side.
  add(airframe, new THREE.BoxGeometry(4.0, 0.08, 0.7), white, 0, 0.44, 0.2);
  for (const side of [-1, 1]) {
    add(airframe, new THREE.BoxGeometry(0.3, 0.085, 0.7), red, side * 2.1, 0.44, 0.2);
    strut(new THREE.Vector3(side * 0.32, -0.15, 0.35), new THREE.Vector3(side * 1.2, 0.4, 0.35), 0.025, metal);
    strut(new THREE.Vector3(side * 0.32, -0.15, 0.05), new THREE.Vector3(side * 1.2, 0.4, 0.05), 0.025, metal);
  }

  // Tail: a fin extruded from its outline (drawn as (z, y)) and two stabilisers.
  const fin = new THREE.Shape();
  fin.moveTo(-1.35, 0.2);
  fin.lineTo(-1.8, 0.85);
  fin.lineTo(-2.05, 0.85);
  fin.lineTo(-2.05, 0.2);
  fin.closePath();
  const finGeometry = new THREE.ExtrudeGeometry(fin, { depth: 0.05, bevelEnabled: false });
  finGeometry.translate(0, 0, -0.025);
  finGeometry.rotateY(-Math.PI / 2); // shape x -> world z
  add(airframe, finGeometry, red, 0, 0, 0);
  add(airframe, new THREE.BoxGeometry(0.06, 0.12, 0.3), white, 0, 0.72, -1.95);
  add(airframe, new THREE.BoxGeometry(1.5, 0.05, 0.38), white, 0, 0.27, -1.8);
  for (const side of [-1, 1]) add(airframe, new THREE.BoxGeometry(0.12, 0.055, 0.38), red, side * 0.8, 0.27, -1.8);

  // Nose: spinner and a two-blade propeller.
  const spinner = add(airframe, new THREE.ConeGeometry(0.14, 0.28, 10), metal, 0, 0, 1.34);
  spinner.rotation.x = Math.PI / 2;
  const prop = new THREE.Group();
  prop.position.z = 1.3;
  prop.rotation.z = 0.4;
  airframe.add(prop);
  for (const s of [-1, 1]) {
    const blade = add(prop, new THREE.BoxGeometry(0.1, 0.55, 0.025), dark, 0, s * 0.3, 0);
    blade.rotation.y = s * 0.3; // pitch
    add(prop, new THREE.BoxGeometry(0.1, 0.06, 0.03), white, 0, s * 0.54, 0).rotation.y = s * 0.3;
  }

  // Landing gear: two main wheels on splayed legs and a nose wheel, each with a wheel pant.
  const wheel = new THREE.CylinderGeometry(0.14, 0.14, 0.08, 12);
  for (const [x, z] of [[-0.6, 0.2], [0.6, 0.2], [0, 0.95]]) {
    strut(new THREE.Vector3(x * 0.4, -0.3, z), new THREE.Vector3(x, -0.55, z), 0.03, metal);
    add(airframe, wheel, dark, x, -0.58, z).rotation.z = Math.PI / 2;
    add(airframe, new THREE.SphereGeometry(0.16, 8, 6), red, x, -0.53, z).scale.set(0.45, 0.7, 1.4);
  }
  return plane;
}

// Wooden treasure chest with a rounded lid, gold metal bands, corner feet and a keyhole lock plate.
function buildObject() {
  const chest = new THREE.Group();
  const wood = new THREE.MeshLambertMaterial({ color: 0x8a5429, flatShading: true });
  const darkWood = new THREE.MeshLambertMaterial({ color: 0x5e3819, flatShading: true });
  const gold = new THREE.MeshStandardMaterial({ color: 0xd8a93a, metalness: 0.95, roughness: 0.3, flatShading: true });
  const iron = new THREE.MeshStandardMaterial({ color: 0x3a3a40, metalness: 0.8, roughness: 0.45 });
  const W = 1.2, H = 0.6, D = 0.8;

  function add(parent, geometry, material, x, y, z) {
    const mesh = new THREE.Mesh(geometry, material);
    mesh.position.set(x, y, z);
    parent.add(mesh);
    return mesh;
  }

  // Body and a darker base trim.
  add(chest, new THREE.BoxGeometry(W, H, D), wood, 0, H / 2 + 0.04, 0);
  add(chest, new THREE.BoxGeometry(W + 0.04, 0.08, D + 0.04), darkWood, 0, 0.08, 0);
  for (const x of [-1, 1]) for (const z of [-1, 1]) {
    add(chest, new THREE.BoxGeometry(0.12, 0.08, 0.12), gold, x * (W / 2 - 0.04), 0.04, z * (D / 2 - 0.04));
  }

  // Lid: a half cylinder lying along X, in a group pivoting on the back hinge line.
  const lid = new THREE.Group();
  lid.position.set(0, H + 0.04, -D / 2);
  chest.add(lid);
  const dome = new THREE.CylinderGeometry(D / 2, D / 2, W, 12, 1, false, 0, Math.PI);
  add(lid, dome, wood, 0, 0, D / 2).rotation.z = Math.PI / 2;
  add(lid, new THREE.BoxGeometry(W, 0.04, D), darkWood, 0, 0.02, D / 2);

  // Gold bands over the body and around the lid.
  for (const x of [-0.42, 0.42]) {
    add(chest, new THREE.BoxGeometry(0.09, H + 0.02, D + 0.03), gold, x, H / 2 + 0.04, 0);
    const band = add(lid, new THREE.CylinderGeometry(D / 2 + 0.02, D / 2 + 0.02, 0.09, 12, 1, true, 0, Math.PI), gold, x, 0, D / 2);
    band.rotation.z = Math.PI / 2;
    band.material = gold.clone();
    band.material.side = THREE.DoubleSide;
  }
  add(chest, new THREE.BoxGeometry(W + 0.03, 0.06, D + 0.03), gold, 0, H + 0.01, 0);

  // Lock plate with a keyhole cut through it (a hole in the extruded shape).
  const plate = new THREE.Shape();
  plate.moveTo(-0.1, 0.12);
  plate.lineTo(0.1, 0.12);
  plate.lineTo(0.1, -0.06);
  plate.lineTo(0, -0.13);
  plate.lineTo(-0.1, -0.06);
  plate.closePath();
  const keyhole = new THREE.Path();
  keyhole.moveTo(-0.012, -0.06);
  keyhole.lineTo(0.012, -0.06);
  keyhole.lineTo(0.012, 0.0081);
  keyhole.absarc(0, 0.03, 0.025, -Math.PI / 2 + 0.5, Math.PI * 1.5 - 0.5, false);
  keyhole.lineTo(-0.012, -0.06);
  plate.holes.push(keyhole);
  const lockGeometry = new THREE.ExtrudeGeometry(plate, { depth: 0.03, bevelEnabled: true, bevelThickness: 0.01, bevelSize: 0.01, bevelSegments: 1, curveSegments: 10 });
  add(chest, lockGeometry, gold, 0, H - 0.08, D / 2 + 0.01);
  add(chest, new THREE.BoxGeometry(0.06, 0.14, 0.02), iron, 0, H - 0.085, D / 2 + 0.015); // dark backing behind the keyhole
  add(chest, new THREE.BoxGeometry(0.09, 0.14, 0.03), gold, 0, H + 0.1, D / 2); // hasp on the lid
  return chest;
}

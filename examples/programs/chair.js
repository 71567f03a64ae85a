function buildObject() {
  const group = new THREE.Group();
  const wood = new THREE.MeshStandardMaterial({ color: 0x8b5a2b, roughness: 0.8 });
  const seat = new THREE.Mesh(new THREE.BoxGeometry(1, 0.1, 1), wood);
  seat.position.y = 0.5;
  group.add(seat);
  for (const [x, z] of [[-0.45, -0.45], [0.45, -0.45], [-0.45, 0.45], [0.45, 0.45]]) {
    const leg = new THREE.Mesh(new THREE.CylinderGeometry(0.04, 0.04, 0.5, 8), wood);
    leg.position.set(x, 0.25, z);
    group.add(leg);
  }
  const back = new THREE.Mesh(new THREE.BoxGeometry(1, 0.8, 0.08), new THREE.MeshStandardMaterial({ color: 0x2255aa, metalness: 1, roughness: 0.3 }));
  back.position.set(0, 0.95, -0.46);
  back.rotation.x = -0.1;
  group.add(back);
  return group;
}

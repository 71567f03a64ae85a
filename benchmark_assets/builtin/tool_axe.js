// Woodcutter's axe, head up: an oval hickory handle with a flared butt and a leather grip wrap, and a steel head whose blade tapers to a polished, curved edge.
function buildObject() {
  const axe = new THREE.Group();
  const wood = new THREE.MeshLambertMaterial({ color: 0xc08a52, flatShading: true });
  const darkWood = new THREE.MeshLambertMaterial({ color: 0x8a5a30, flatShading: true });
  const leather = new THREE.MeshLambertMaterial({ color: 0x5a2e1a, flatShading: true });
  const steel = new THREE.MeshStandardMaterial({ color: 0x7c838d, metalness: 0.8, roughness: 0.4, flatShading: true });
  const edge = new THREE.MeshStandardMaterial({ color: 0xe2e6ec, metalness: 0.9, roughness: 0.2, flatShading: true });
  const HANDLE = 1.5, HEAD_Y = 1.36;

  // Handle: an oval section, slightly thicker at the bottom, with a flared butt knob and grip wraps.
  const handle = new THREE.Mesh(new THREE.CylinderGeometry(0.04, 0.05, HANDLE, 8), wood);
  handle.position.y = HANDLE / 2;
  handle.scale.z = 0.7;
  axe.add(handle);
  const butt = new THREE.Mesh(new THREE.CylinderGeometry(0.05, 0.065, 0.1, 8), darkWood);
  butt.position.y = 0.05;
  butt.scale.z = 0.75;
  axe.add(butt);
  for (let i = 0; i < 6; i++) {
    const wrap = new THREE.Mesh(new THREE.TorusGeometry(0.052, 0.014, 4, 10), leather);
    wrap.rotation.x = Math.PI / 2 + 0.2;
    wrap.position.y = 0.16 + i * 0.055;
    wrap.scale.y = 0.75; // the torus's Y becomes the handle's depth after the turn
    axe.add(wrap);
  }
  const wedge = new THREE.Mesh(new THREE.BoxGeometry(0.012, 0.02, 0.07), darkWood);
  wedge.position.y = HANDLE + 0.005;
  axe.add(wedge);

  // Head outline in XY: a short poll at -X, the eye round the handle, and a bearded blade sweeping out to +X.
  const head = new THREE.Shape();
  head.moveTo(-0.15, 0.08);
  head.lineTo(0.08, 0.08);
  head.quadraticCurveTo(0.22, 0.09, 0.36, 0.19);
  head.quadraticCurveTo(0.47, 0.0, 0.36, -0.23);
  head.quadraticCurveTo(0.22, -0.08, 0.08, -0.08);
  head.lineTo(-0.15, -0.08);
  head.closePath();
  // Taper the thickness from the eye (x < 0.1) to a thin edge at the blade's tip.
  function taper(geometry, extra) {
    const p = geometry.attributes.position;
    for (let i = 0; i < p.count; i++) {
      const x = p.getX(i), t = Math.min(1, Math.max(0, (x - 0.1) / 0.34));
      p.setZ(i, p.getZ(i) * (1 - 0.8 * t) * extra);
    }
    geometry.computeVertexNormals();
    return geometry;
  }
  const headGeometry = new THREE.ExtrudeGeometry(head, { depth: 0.09, bevelEnabled: false, curveSegments: 8 });
  headGeometry.translate(0, 0, -0.045);
  const headMesh = new THREE.Mesh(taper(headGeometry, 1), steel);
  headMesh.position.y = HEAD_Y;
  axe.add(headMesh);

  // Polished edge: a crescent following the cutting edge, tapered the same way and a hair thicker so it shows on both faces.
  const crescent = new THREE.Shape();
  crescent.moveTo(0.36, 0.19);
  crescent.quadraticCurveTo(0.47, 0.0, 0.36, -0.23);
  crescent.quadraticCurveTo(0.4, 0.0, 0.33, 0.17);
  crescent.closePath();
  const edgeGeometry = new THREE.ExtrudeGeometry(crescent, { depth: 0.09, bevelEnabled: false, curveSegments: 8 });
  edgeGeometry.translate(0, 0, -0.045);
  const edgeMesh = new THREE.Mesh(taper(edgeGeometry, 1.15), edge);
  edgeMesh.position.y = HEAD_Y;
  axe.add(edgeMesh);

  // Poll face: a darker striking block on the back.
  const poll = new THREE.Mesh(new THREE.BoxGeometry(0.03, 0.17, 0.1), steel);
  poll.position.set(-0.155, HEAD_Y, 0);
  axe.add(poll);
  return axe;
}

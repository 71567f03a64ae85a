// Wooden signpost: a square post with a pyramid cap, three arrow boards pointing different ways with painted lettering, nail heads, and a grassy mound at its foot.
function buildObject() {
  const sign = new THREE.Group();
  const post = new THREE.MeshLambertMaterial({ color: 0x7a5230, flatShading: true });
  const boards = [0xc9955a, 0xb5804a, 0xd8a86a].map((c) => new THREE.MeshLambertMaterial({ color: c, flatShading: true }));
  const letters = new THREE.MeshLambertMaterial({ color: 0x4a2e18 });
  const nail = new THREE.MeshStandardMaterial({ color: 0x4d4f55, metalness: 0.7, roughness: 0.5 });
  const grass = new THREE.MeshLambertMaterial({ color: 0x5fa341, flatShading: true });
  const grassDark = new THREE.MeshLambertMaterial({ color: 0x4a8a34, flatShading: true });
  const stone = new THREE.MeshLambertMaterial({ color: 0x999990, flatShading: true });
  const HEIGHT = 2.1;

  // Grassy mound with tufts and a stone.
  const mound = new THREE.Mesh(new THREE.SphereGeometry(0.55, 10, 5, 0, Math.PI * 2, 0, Math.PI / 2), grass);
  mound.scale.y = 0.35;
  sign.add(mound);
  for (const [x, z, h] of [[0.35, 0.25, 0.22], [-0.3, 0.3, 0.18], [0.2, -0.35, 0.2], [-0.38, -0.12, 0.16]]) {
    for (let i = 0; i < 3; i++) {
      const blade = new THREE.Mesh(new THREE.ConeGeometry(0.035, h, 4), grassDark);
      blade.position.set(x + (i - 1) * 0.04, 0.1 + h / 2, z);
      blade.rotation.z = (i - 1) * 0.35;
      sign.add(blade);
    }
  }
  const rock = new THREE.Mesh(new THREE.DodecahedronGeometry(0.1, 0), stone);
  rock.position.set(-0.12, 0.15, 0.4);
  rock.scale.y = 0.6;
  sign.add(rock);

  // Post and cap.
  const pole = new THREE.Mesh(new THREE.BoxGeometry(0.14, HEIGHT, 0.14), post);
  pole.position.y = HEIGHT / 2;
  sign.add(pole);
  const cap = new THREE.Mesh(new THREE.ConeGeometry(0.12, 0.16, 4), post);
  cap.position.y = HEIGHT + 0.08;
  cap.rotation.y = Math.PI / 4;
  sign.add(cap);

  // Arrow board outline in XY, starting just behind the post and pointing along +X.
  const arrow = new THREE.Shape();
  arrow.moveTo(-0.2, -0.12);
  arrow.lineTo(0.7, -0.12);
  arrow.lineTo(0.86, 0);
  arrow.lineTo(0.7, 0.12);
  arrow.lineTo(-0.2, 0.12);
  arrow.closePath();
  const boardGeometry = new THREE.ExtrudeGeometry(arrow, { depth: 0.04, bevelEnabled: true, bevelThickness: 0.008, bevelSize: 0.008, bevelSegments: 1 });
  boardGeometry.translate(0, 0, -0.02);

  // Boards at three heights, turned about the post (a turn of -PI/2 points the arrow to the front).
  [[1.85, -0.35], [1.55, Math.PI + 0.3], [1.25, -Math.PI / 2 + 0.15]].forEach(([y, turn], i) => {
    const g = new THREE.Group();
    g.position.y = y;
    g.rotation.y = turn;
    sign.add(g);
    // Offset the board to the post's face so it is nailed on, not through.
    const board = new THREE.Mesh(boardGeometry, boards[i]);
    board.position.z = 0.095;
    g.add(board);
    // Lettering on both faces: a few dark strokes of different lengths; and two nail heads.
    for (const z of [0.125, 0.065]) {
      let x = 0.02;
      for (const w of [0.12, 0.06, 0.16, 0.1]) {
        const stroke = new THREE.Mesh(new THREE.BoxGeometry(w, 0.06, 0.01), letters);
        stroke.position.set(x + w / 2, 0, z);
        g.add(stroke);
        x += w + 0.04;
      }
    }
    for (const ny of [-0.07, 0.07]) {
      const head = new THREE.Mesh(new THREE.CylinderGeometry(0.015, 0.015, 0.01, 6), nail);
      head.rotation.x = Math.PI / 2;
      head.position.set(-0.12, ny, 0.125);
      g.add(head);
    }
  });
  return sign;
}

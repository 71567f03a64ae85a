// Camping lantern: square iron frame, plane glass panes, pyramid roof with a ring handle and a lit candle inside.
function buildObject() {
  const lantern = new THREE.Group();
  const iron = new THREE.MeshStandardMaterial({ color: 0x34302c, metalness: 0.8, roughness: 0.45, flatShading: true });
  const copper = new THREE.MeshStandardMaterial({ color: 0xb8733a, metalness: 0.9, roughness: 0.35, flatShading: true });
  const glass = new THREE.MeshPhongMaterial({ color: 0xfff0c8, transparent: true, opacity: 0.3, shininess: 90, side: THREE.DoubleSide });
  const wax = new THREE.MeshLambertMaterial({ color: 0xf3ead2 });
  const flame = new THREE.MeshBasicMaterial({ color: 0xffb030 });
  const S = 0.5, H = 0.7; // frame width and height of the glass section

  function add(geometry, material, x, y, z) {
    const mesh = new THREE.Mesh(geometry, material);
    mesh.position.set(x, y, z);
    lantern.add(mesh);
    return mesh;
  }

  // Base plate and top plate.
  add(new THREE.BoxGeometry(S + 0.12, 0.1, S + 0.12), copper, 0, 0.05, 0);
  add(new THREE.BoxGeometry(S + 0.08, 0.05, S + 0.08), iron, 0, 0.1 + H + 0.025, 0);

  // Corner posts and the four glass panes (PlaneGeometry turned to each side).
  for (let i = 0; i < 4; i++) {
    const a = (i * Math.PI) / 2;
    const cx = Math.cos(a + Math.PI / 4) * (S / 2) * Math.SQRT2;
    const cz = Math.sin(a + Math.PI / 4) * (S / 2) * Math.SQRT2;
    add(new THREE.BoxGeometry(0.04, H, 0.04), iron, cx, 0.1 + H / 2, cz);
    const pane = add(new THREE.PlaneGeometry(S - 0.04, H - 0.02), glass, Math.sin(a) * S / 2, 0.1 + H / 2, Math.cos(a) * S / 2);
    pane.rotation.y = a;
    // A horizontal guard bar across each pane.
    const bar = add(new THREE.BoxGeometry(S, 0.025, 0.025), iron, Math.sin(a) * (S / 2 + 0.02), 0.1 + H * 0.35, Math.cos(a) * (S / 2 + 0.02));
    bar.rotation.y = a;
  }

  // Roof: a 4-sided cone turned 45 degrees so its edges line up with the frame, plus a chimney cap.
  const roof = add(new THREE.ConeGeometry((S / 2 + 0.08) * Math.SQRT2, 0.3, 4), copper, 0, 0.125 + H + 0.15, 0);
  roof.rotation.y = Math.PI / 4;
  add(new THREE.CylinderGeometry(0.06, 0.07, 0.08, 8), iron, 0, 0.125 + H + 0.32, 0);
  const handle = add(new THREE.TorusGeometry(0.13, 0.018, 6, 16), iron, 0, 0.125 + H + 0.48, 0);
  handle.rotation.y = Math.PI / 4;

  // Candle with a teardrop flame and a tiny wick.
  add(new THREE.CylinderGeometry(0.09, 0.1, 0.3, 10), wax, 0, 0.25, 0);
  add(new THREE.CylinderGeometry(0.012, 0.012, 0.05, 4), iron, 0, 0.42, 0);
  add(new THREE.SphereGeometry(0.045, 8, 6), flame, 0, 0.47, 0);
  add(new THREE.ConeGeometry(0.045, 0.12, 8), flame, 0, 0.55, 0);
  return lantern;
}

// Pair of fly-agaric mushrooms: lathe caps with white warts, curved lathe stems, skirts and a mossy mound.
function buildObject() {
  const patch = new THREE.Group();
  const red = new THREE.MeshPhongMaterial({ color: 0xd42a22, shininess: 40, flatShading: true });
  const cream = new THREE.MeshPhongMaterial({ color: 0xf4ecd8, shininess: 10, flatShading: true });
  const gills = new THREE.MeshPhongMaterial({ color: 0xe6d3b0, shininess: 5, side: THREE.DoubleSide });
  const moss = new THREE.MeshLambertMaterial({ color: 0x4f8a34, flatShading: true });

  function mushroom(height, capRadius) {
    const m = new THREE.Group();
    // Stem: a lathe that swells at the base and narrows under the cap.
    const stem = [[0, 0], [0.2, 0], [0.24, 0.08], [0.17, 0.3], [0.14, 0.7], [0.13, 1.0], [0, 1.0]]
      .map(([r, y]) => new THREE.Vector2(r * capRadius, y * height));
    m.add(new THREE.Mesh(new THREE.LatheGeometry(stem, 10), cream));
    // Skirt (annulus) around the upper stem.
    const skirt = new THREE.Mesh(new THREE.CylinderGeometry(0.15 * capRadius, 0.24 * capRadius, 0.08 * height, 10, 1, true), cream);
    skirt.material = cream.clone();
    skirt.material.side = THREE.DoubleSide;
    skirt.position.y = 0.78 * height;
    m.add(skirt);
    // Cap: dome profile from the rim up to the crown, plus a gill cone underneath.
    const capOutline = [[1.0, 0], [0.98, 0.12], [0.85, 0.35], [0.6, 0.55], [0.3, 0.66], [0, 0.68]];
    const capProfile = capOutline.map(([r, y]) => new THREE.Vector2(r * capRadius, y * capRadius));
    const domeHeight = (t) => { // height of the dome at relative radius t, read off the outline
      for (let k = 1; k < capOutline.length; k++) {
        const [r0, y0] = capOutline[k - 1], [r1, y1] = capOutline[k];
        if (t >= r1) return y0 + ((y1 - y0) * (r0 - t)) / (r0 - r1);
      }
      return capOutline[capOutline.length - 1][1];
    };
    const cap = new THREE.Group();
    cap.position.y = height * 0.95;
    m.add(cap);
    cap.add(new THREE.Mesh(new THREE.LatheGeometry(capProfile, 14), red));
    const under = new THREE.Mesh(new THREE.ConeGeometry(capRadius, 0.2 * capRadius, 14, 1, true), gills);
    under.position.y = 0.1 * capRadius;
    under.rotation.x = Math.PI;
    cap.add(under);
    // White warts: flattened icosahedra sitting on the dome.
    const spots = [[0.2, 0], [0.45, 1.1], [0.5, 2.6], [0.6, 4.2], [0.72, 5.5], [0.8, 0.5], [0.4, 3.4], [0.75, 3.1]];
    for (const [t, a] of spots) {
      const r = t * capRadius, y = capRadius * domeHeight(t);
      const wart = new THREE.Mesh(new THREE.IcosahedronGeometry(0.09 * capRadius, 0), cream);
      wart.position.set(Math.cos(a) * r, y, Math.sin(a) * r);
      wart.lookAt(wart.position.clone().multiplyScalar(2)); // local +Z points away from the cap centre
      wart.scale.set(1, 1, 0.45);
      cap.add(wart);
    }
    return m;
  }

  const big = mushroom(1.1, 0.75);
  big.rotation.z = -0.08;
  patch.add(big);
  const small = mushroom(0.65, 0.42);
  small.position.set(0.75, 0, 0.35);
  small.rotation.set(0.12, 0.6, -0.25);
  patch.add(small);

  // Moss mound the mushrooms grow out of.
  const mound = new THREE.Mesh(new THREE.DodecahedronGeometry(1, 1), moss);
  mound.scale.set(1.25, 0.18, 1.0);
  mound.position.set(0.3, 0.02, 0.15);
  patch.add(mound);
  return patch;
}

// Cupcake: a pleated paper cup, a domed sponge top, a three-tier swirl of pink frosting with coloured sprinkles and a cherry with its stem.
function buildObject() {
  const cupcake = new THREE.Group();
  const paper = new THREE.MeshLambertMaterial({ color: 0x6fb7e0, flatShading: true });
  const sponge = new THREE.MeshLambertMaterial({ color: 0x9a6236, flatShading: true });
  const frosting = new THREE.MeshLambertMaterial({ color: 0xf6a6c8, flatShading: true });
  const cherryRed = new THREE.MeshLambertMaterial({ color: 0xd0182e, flatShading: true });
  const stemGreen = new THREE.MeshLambertMaterial({ color: 0x4f7a28, flatShading: true });

  // Paper cup: a tapered cylinder whose rim vertices alternate in and out, so flat shading shows pleats.
  const cup = new THREE.CylinderGeometry(0.52, 0.4, 0.55, 24, 1);
  const p = cup.attributes.position, step = (Math.PI * 2) / 24;
  for (let i = 0; i < p.count; i++) {
    const x = p.getX(i), z = p.getZ(i);
    if (Math.hypot(x, z) < 1e-3) continue;
    const k = Math.round(Math.atan2(z, x) / step);
    const s = ((k % 2) + 2) % 2 === 0 ? 1.05 : 0.97;
    p.setXYZ(i, x * s, p.getY(i), z * s);
  }
  cup.computeVertexNormals();
  const cupMesh = new THREE.Mesh(cup, paper);
  cupMesh.position.y = 0.275;
  cupcake.add(cupMesh);

  // Sponge dome bulging out of the cup.
  const dome = new THREE.Mesh(new THREE.SphereGeometry(0.55, 16, 6, 0, Math.PI * 2, 0, Math.PI / 2), sponge);
  dome.position.y = 0.53;
  dome.scale.y = 0.45;
  cupcake.add(dome);

  // Frosting swirl: three stacked tori getting smaller, topped with a cone-shaped peak.
  const tiers = [{ R: 0.34, r: 0.16, y: 0.7 }, { R: 0.22, r: 0.14, y: 0.9 }, { R: 0.1, r: 0.12, y: 1.06 }];
  tiers.forEach((t, i) => {
    const torus = new THREE.Mesh(new THREE.TorusGeometry(t.R, t.r, 8, 20), frosting);
    torus.position.y = t.y;
    torus.rotation.set(Math.PI / 2, 0, i * 0.6);
    cupcake.add(torus);
  });
  const peak = new THREE.Mesh(new THREE.ConeGeometry(0.12, 0.22, 10), frosting);
  peak.position.y = 1.22;
  peak.rotation.y = 0.3;
  cupcake.add(peak);

  // Cherry on top with a curved stem.
  const cherry = new THREE.Mesh(new THREE.SphereGeometry(0.1, 10, 8), cherryRed);
  cherry.position.set(0.05, 1.3, 0.04);
  cupcake.add(cherry);
  const stemCurve = new THREE.QuadraticBezierCurve3(new THREE.Vector3(0.05, 1.38, 0.04), new THREE.Vector3(0.06, 1.52, 0.02), new THREE.Vector3(-0.06, 1.58, -0.04));
  cupcake.add(new THREE.Mesh(new THREE.TubeGeometry(stemCurve, 6, 0.012, 4, false), stemGreen));

  // Sprinkles: one InstancedMesh per colour, each rod lying on the upper half of a frosting tier.
  let seed = 4242;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const rod = new THREE.BoxGeometry(0.024, 0.075, 0.024);
  const dummy = new THREE.Object3D();
  for (const color of [0xfff27a, 0x7ad0ff, 0x9be36a, 0xffffff]) {
    const COUNT = 12;
    const sprinkles = new THREE.InstancedMesh(rod, new THREE.MeshLambertMaterial({ color }), COUNT);
    for (let i = 0; i < COUNT; i++) {
      const t = tiers[Math.floor(rnd() * tiers.length)];
      const theta = rnd() * Math.PI * 2, phi = 0.35 + rnd() * 1.1; // the upper outside of the tube, up to near its top
      const n = new THREE.Vector3(Math.cos(phi) * Math.cos(theta), Math.sin(phi), Math.cos(phi) * Math.sin(theta));
      const ring = t.R + t.r * Math.cos(phi);
      dummy.position.set(ring * Math.cos(theta), t.y + t.r * Math.sin(phi), ring * Math.sin(theta));
      dummy.lookAt(dummy.position.clone().add(n));
      dummy.rotateZ(rnd() * Math.PI);
      dummy.position.addScaledVector(n, 0.008);
      dummy.updateMatrix();
      sprinkles.setMatrixAt(i, dummy.matrix);
    }
    cupcake.add(sprinkles);
  }
  return cupcake;
}

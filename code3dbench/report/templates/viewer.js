// The gallery's 3D viewer (classic script: pages opened from disk cannot load ES modules).
// Each sample's <details class="viewer"> lists its objects (the ground truth and every executed
// step) in data-objects; opening it loads three.js (viewer/three.js, once per page) and the
// objects' GLBs (base64 in viewer/glb/<sha>.js: file:// pages cannot fetch), then draws them
// side by side in one canvas, each normalized as the benchmark does (centred, longest side 1),
// all seen by one camera turned by OrbitControls: the views stay synchronised. Closing it frees
// the WebGL context, so a page of hundreds of samples holds only the viewers that are open.
(function () {
  'use strict';
  var THREE_SRC = 'viewer/three.js';
  var SIZE = 260;
  var BACKGROUND = 0xf2f2f2;
  var loading = {};

  function loadScript(src) {
    if (!loading[src]) {
      loading[src] = new Promise(function (resolve, reject) {
        var script = document.createElement('script');
        script.src = src;
        script.onload = resolve;
        script.onerror = function () { reject(new Error('cannot load ' + src)); };
        document.head.appendChild(script);
      });
    }
    return loading[src];
  }

  function decode(b64) {
    var raw = atob(b64);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes.buffer;
  }

  function parseGlb(object) {
    var lib = window.C3D_THREE;
    return new Promise(function (resolve, reject) {
      new lib.GLTFLoader().parse(decode(window.C3D_GLB[object.key]), '', function (gltf) {
        resolve(gltf.scene);
      }, function (err) { reject(new Error(object.label + ': ' + (err && err.message ? err.message : err))); });
    });
  }

  function stage(THREE, object) {
    var scene = new THREE.Scene();
    scene.background = new THREE.Color(BACKGROUND);
    scene.add(new THREE.HemisphereLight(0xffffff, 0x8a8a8a, 2.0));
    var key = new THREE.DirectionalLight(0xffffff, 1.6);
    key.position.set(1.5, 2.5, 2.0);
    scene.add(key);
    var box = new THREE.Box3().setFromObject(object, true);
    var size = box.getSize(new THREE.Vector3());
    var longest = Math.max(size.x, size.y, size.z) || 1;
    var pivot = new THREE.Group();
    object.position.sub(box.getCenter(new THREE.Vector3()));
    pivot.scale.setScalar(1 / longest);
    pivot.add(object);
    scene.add(pivot);
    return scene;
  }

  function start(details, holder, objects, roots) {
    var lib = window.C3D_THREE;
    var THREE = lib.THREE;
    var labels = document.createElement('div');
    labels.className = 'viewer-labels';
    labels.style.cssText = 'display:flex;font-size:12px;font-weight:600;';
    objects.forEach(function (object) {
      var label = document.createElement('span');
      label.style.cssText = 'width:' + SIZE + 'px;';
      label.textContent = object.label;
      labels.appendChild(label);
    });
    var canvas = document.createElement('canvas');
    canvas.style.cssText = 'display:block;border:1px solid #c9ced6;border-radius:4px;cursor:grab;';
    holder.appendChild(labels);
    holder.appendChild(canvas);
    var renderer = new THREE.WebGLRenderer({ canvas: canvas, antialias: true, preserveDrawingBuffer: true });
    renderer.setPixelRatio(1);
    renderer.setSize(objects.length * SIZE, SIZE);
    renderer.setScissorTest(true);
    var scenes = roots.map(function (root) { return stage(THREE, root); });
    var camera = new THREE.PerspectiveCamera(30, 1, 0.01, 100);
    // The reference camera: 35 degrees to the right of the front (+Z), 25 above the horizon.
    camera.position.setFromSphericalCoords(2.6, THREE.MathUtils.degToRad(65), THREE.MathUtils.degToRad(35));
    camera.lookAt(0, 0, 0);
    var controls = new lib.OrbitControls(camera, canvas);
    function draw() {
      scenes.forEach(function (scene, i) {
        renderer.setViewport(i * SIZE, 0, SIZE, SIZE);
        renderer.setScissor(i * SIZE, 0, SIZE, SIZE);
        renderer.render(scene, camera);
      });
    }
    controls.addEventListener('change', draw);
    draw();
    details.c3dClose = function () {
      controls.dispose();
      renderer.dispose();
      renderer.forceContextLoss();
      holder.textContent = '';
    };
    details.dataset.state = 'drawn';
  }

  function open(details) {
    if (details.dataset.state) return;
    details.dataset.state = 'loading';
    var objects = JSON.parse(details.dataset.objects);
    var holder = details.querySelector('.viewer-canvas');
    holder.textContent = 'loading...';
    loadScript(THREE_SRC)
      .then(function () { return Promise.all(objects.map(function (o) { return loadScript(o.script); })); })
      .then(function () { return Promise.all(objects.map(parseGlb)); })
      .then(function (roots) {
        holder.textContent = '';
        if (details.open) start(details, holder, objects, roots);
        else details.dataset.state = '';
      })
      .catch(function (err) {
        details.dataset.state = 'failed';
        holder.textContent = 'The viewer could not start: ' + err.message;
        console.error('code3dbench viewer:', err);
      });
  }

  function close(details) {
    if (details.c3dClose) details.c3dClose();
    details.c3dClose = null;
    if (details.dataset.state !== 'loading') details.dataset.state = '';
  }

  document.addEventListener('toggle', function (event) {
    var details = event.target;
    if (!details.classList || !details.classList.contains('viewer')) return;
    if (details.open) open(details);
    else close(details);
  }, true);
})();

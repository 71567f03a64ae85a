// Render page (trusted side): never runs program code. It rebuilds an object from validated
// plain data, exports it as GLB with three's GLTFExporter, and renders it from the reference
// camera. The same code renders reference objects, so both sides are drawn alike.
import * as THREE from 'three';
import { GLTFExporter } from 'three/addons/exporters/GLTFExporter.js';
import { GLTFLoader } from 'three/addons/loaders/GLTFLoader.js';
import { RoomEnvironment } from 'three/addons/environments/RoomEnvironment.js';
import { RENDER } from '/scaffold/render_constants.js';
import { createViewStrip } from '/scaffold/views.js';

const canvas = document.getElementById('view');
const renderer = new THREE.WebGLRenderer({ canvas, antialias: RENDER.antialias, preserveDrawingBuffer: true });
renderer.setPixelRatio(1);
renderer.setSize(RENDER.size, RENDER.size, false);
renderer.outputColorSpace = THREE.SRGBColorSpace;

const scene = new THREE.Scene();
scene.background = new THREE.Color(RENDER.background);
// The room environment map (so metals are lit) is a PMREM: about 2 s of SwiftShader work per
// page. The runner bakes it once (bakeEnvironment: computed here, read back exactly as half
// floats) and later pages upload the same texels into the same kind of cube render target
// (useEnvironment), which draws identically (tests/sandbox/test_environment_cache.py).
const ENVIRONMENT_SIGMA = 0.04;
scene.environmentIntensity = RENDER.environmentIntensity;
scene.add(new THREE.HemisphereLight(0xffffff, 0x8a8a8a, RENDER.hemisphereIntensity));
const camera = new THREE.PerspectiveCamera(RENDER.fovDeg, 1, 0.01, 100);
const cameraDirection = new THREE.Vector3().setFromSphericalCoords(
  1, THREE.MathUtils.degToRad(90 - RENDER.elevationDeg), THREE.MathUtils.degToRad(RENDER.azimuthDeg));
const keyLight = new THREE.DirectionalLight(0xffffff, RENDER.keyIntensity);
keyLight.position.copy(cameraDirection).applyAxisAngle(new THREE.Vector3(0, 1, 0), 0.6).add(new THREE.Vector3(0, 0.6, 0));
scene.add(keyLight);
const stage = new THREE.Group();
scene.add(stage);
const renderViewStrip = createViewStrip({ renderer, scene, keyLight, fovDeg: RENDER.fovDeg });

function environmentLevels(size, levels) {
  const out = [];
  for (let face = 0; face < 6; face++) for (let level = 0; level < levels; level++) out.push({ face, level, side: size >> level });
  return out;
}

function bakeEnvironment() {
  const target = new THREE.PMREMGenerator(renderer).fromScene(new RoomEnvironment(), ENVIRONMENT_SIGMA);
  const gl = renderer.getContext();
  const framebuffers = renderer.properties.get(target).__webglFramebuffer;
  const size = target.width;
  const levels = target.texture.mipmaps.length;
  const parts = environmentLevels(size, levels);
  const halves = new Uint16Array(parts.reduce((n, p) => n + p.side * p.side * 4, 0));
  let offset = 0;
  for (const { face, level, side } of parts) {
    renderer.state.bindFramebuffer(gl.FRAMEBUFFER, framebuffers[face][level]);
    const floats = new Float32Array(side * side * 4);
    gl.readPixels(0, 0, side, side, gl.RGBA, gl.FLOAT, floats);
    for (let i = 0; i < floats.length; i++) {
      const half = THREE.DataUtils.toHalfFloat(floats[i]);
      if (THREE.DataUtils.fromHalfFloat(half) !== floats[i]) throw new Error(`environment texel ${offset + i} is not a half float: ${floats[i]}`);
      halves[offset + i] = half;
    }
    offset += floats.length;
  }
  renderer.state.bindFramebuffer(gl.FRAMEBUFFER, null);
  scene.environment = target.texture;
  return { size, levels, texels: encode(halves.buffer) };
}

function useEnvironment({ size, levels, texels }) {
  const target = new THREE.WebGLCubeRenderTarget(size, {
    minFilter: THREE.LinearMipmapLinearFilter, generateMipmaps: false, type: THREE.HalfFloatType,
    colorSpace: THREE.LinearSRGBColorSpace, depthBuffer: false,
  });
  for (let level = 0; level < levels; level++) target.texture.mipmaps.push({ width: size >> level, height: size >> level });
  target.texture.name = 'PMREM';
  target.texture.isPMREMTexture = true;
  renderer.initRenderTarget(target);
  const halves = decode(texels, Uint16Array);
  const gl = renderer.getContext();
  renderer.state.bindTexture(gl.TEXTURE_CUBE_MAP, renderer.properties.get(target.texture).__webglTexture);
  gl.pixelStorei(gl.UNPACK_FLIP_Y_WEBGL, false);
  gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false);
  gl.pixelStorei(gl.UNPACK_ALIGNMENT, 4);
  let offset = 0;
  for (const { face, level, side } of environmentLevels(size, levels)) {
    const count = side * side * 4;
    if (offset + count > halves.length) throw new Error('the environment data is too short');
    gl.texSubImage2D(gl.TEXTURE_CUBE_MAP_POSITIVE_X + face, level, 0, 0, side, side, gl.RGBA, gl.HALF_FLOAT, halves.subarray(offset, offset + count));
    offset += count;
  }
  if (offset !== halves.length) throw new Error('the environment data is too long');
  scene.environment = target.texture;
}

function decode(b64, Type) {
  const raw = atob(b64);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return new Type(bytes.buffer);
}

function encode(buffer) {
  const bytes = new Uint8Array(buffer);
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x8000) out += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(out);
}

async function loadTexture(dataUrl, flipY) {
  const texture = await new THREE.TextureLoader().loadAsync(dataUrl);
  texture.flipY = flipY;
  texture.colorSpace = THREE.SRGBColorSpace;
  texture.wrapS = texture.wrapT = THREE.RepeatWrapping;
  return texture;
}

async function buildMaterial(info) {
  const params = {
    color: new THREE.Color().setRGB(info.color[0], info.color[1], info.color[2]),
    opacity: info.opacity,
    transparent: info.transparent,
    side: info.side,
    vertexColors: info.vertexColors,
    name: info.name,
  };
  if (info.map) params.map = await loadTexture(info.map, info.mapFlipY);
  if (info.kind === 'basic') return new THREE.MeshBasicMaterial(params);
  return new THREE.MeshStandardMaterial({
    ...params,
    emissive: new THREE.Color().setRGB(info.emissive[0], info.emissive[1], info.emissive[2]),
    emissiveIntensity: info.emissiveIntensity,
    metalness: info.metalness,
    roughness: info.roughness,
    flatShading: info.flatShading,
  });
}

async function buildObject(parts) {
  const group = new THREE.Group();
  group.name = 'object';
  for (const part of parts) {
    const geometry = new THREE.BufferGeometry();
    geometry.setAttribute('position', new THREE.BufferAttribute(decode(part.positions, Float32Array), 3));
    geometry.setIndex(new THREE.BufferAttribute(decode(part.indices, Uint32Array), 1));
    if (part.normals) geometry.setAttribute('normal', new THREE.BufferAttribute(decode(part.normals, Float32Array), 3));
    else geometry.computeVertexNormals();
    if (part.colors) geometry.setAttribute('color', new THREE.BufferAttribute(decode(part.colors, Float32Array), 3));
    if (part.uvs) geometry.setAttribute('uv', new THREE.BufferAttribute(decode(part.uvs, Float32Array), 2));
    // glTF has no flat-shading flag: give flat parts their face normals, so the GLB looks as drawn.
    const drawn = part.material.flatShading ? geometry.toNonIndexed() : geometry;
    if (drawn !== geometry) {
      geometry.dispose();
      drawn.deleteAttribute('normal');
      drawn.computeVertexNormals();
    }
    const mesh = new THREE.Mesh(drawn, await buildMaterial(part.material));
    mesh.name = part.name;
    group.add(mesh);
  }
  return group;
}

function disposeObject(object) {
  object.traverse((node) => {
    if (node.geometry) node.geometry.dispose();
    const materials = Array.isArray(node.material) ? node.material : node.material ? [node.material] : [];
    for (const m of materials) {
      for (const key of Object.keys(m)) if (m[key] && m[key].isTexture) m[key].dispose();
      m.dispose();
    }
  });
}

// Centre on the precise bounding box, scale the longest side to 1, frame the bounding sphere.
function renderNormalized(object) {
  if (!scene.environment) throw new Error('no environment map: call bakeEnvironment or useEnvironment first');
  const box = new THREE.Box3().setFromObject(object, true);
  const size = box.getSize(new THREE.Vector3());
  const centre = box.getCenter(new THREE.Vector3());
  const longest = Math.max(size.x, size.y, size.z);
  const scale = longest > 0 ? 1 / longest : 1;
  const pivot = new THREE.Group();
  object.position.sub(centre);
  pivot.scale.setScalar(scale);
  pivot.add(object);
  stage.add(pivot);
  const radius = new THREE.Box3().setFromObject(pivot, true).getBoundingSphere(new THREE.Sphere()).radius || 0.5;
  const distance = (radius * RENDER.framing) / Math.sin(THREE.MathUtils.degToRad(RENDER.fovDeg / 2));
  camera.position.copy(cameraDirection).multiplyScalar(distance);
  camera.near = Math.max(0.001, distance - 2 * radius);
  camera.far = distance + 2 * radius;
  camera.lookAt(0, 0, 0);
  camera.updateProjectionMatrix();
  let t = performance.now();
  renderer.render(scene, camera);
  renderer.getContext().finish();
  const drawMs = performance.now() - t;
  t = performance.now();
  const gl = renderer.getContext();
  const pixels = new Uint8Array(RENDER.size * RENDER.size * 4);
  gl.readPixels(0, 0, RENDER.size, RENDER.size, gl.RGBA, gl.UNSIGNED_BYTE, pixels);
  const readMs = performance.now() - t;
  t = performance.now();
  const strip = renderViewStrip(stage, radius, RENDER.framing, RENDER.azimuthDeg);
  const views = { pixels: encode(strip.pixels.buffer), width: strip.width, height: strip.height };
  const viewsMs = performance.now() - t;
  stage.remove(pivot);
  pivot.remove(object);
  object.position.add(centre);
  return { pixels: encode(pixels.buffer), size: RENDER.size, bbox: { min: box.min.toArray(), max: box.max.toArray() }, drawMs, readMs, views, viewsMs };
}

async function exportGlb(object) {
  const buffer = await new GLTFExporter().parseAsync(object, { binary: true, onlyVisible: true });
  return encode(buffer);
}

function removeLights(object) {
  const lights = [];
  object.traverse((node) => { if (node.isLight) lights.push(node); });
  for (const light of lights) light.removeFromParent();
  return lights.length;
}

window.c3dRender = Object.freeze({
  version: RENDER.version,
  threeRevision: THREE.REVISION,
  environmentSigma: ENVIRONMENT_SIGMA,
  // Compute the environment map here; returns its texels for useEnvironment on later pages.
  bakeEnvironment,
  useEnvironment,
  // Rebuild validated parts, export them as GLB and render them. Returns base64 strings.
  async fromParts(parts) {
    const timings = {};
    let t = performance.now();
    const object = await buildObject(parts);
    timings.build_scene_ms = performance.now() - t;
    try {
      t = performance.now();
      const glb = await exportGlb(object);
      timings.export_ms = performance.now() - t;
      const view = renderNormalized(object);
      timings.render_ms = view.drawMs;
      timings.read_pixels_ms = view.readMs;
      timings.views_ms = view.viewsMs;
      return { glb, pixels: view.pixels, size: view.size, bbox: view.bbox, views: view.views, timings };
    } finally {
      disposeObject(object);
    }
  },
  // Render a GLB (a reference asset) with the same camera, lights and normalization.
  // Renders a reference asset. A file that three cannot read is the asset's fault, not the
  // page's: it comes back as {error} so the caller can name the object and go on.
  async fromGlb(glbBase64) {
    const t = performance.now();
    let gltf;
    const loaderErrors = [];
    const consoleError = console.error;
    console.error = (...args) => { loaderErrors.push(args.map(String).join(' ')); };
    try {
      gltf = await new GLTFLoader().parseAsync(decode(glbBase64, Uint8Array).buffer, '');
    } catch (err) {
      return { error: `three.js cannot read this GLB: ${String(err && err.message ? err.message : err).split('\n')[0]}` };
    } finally {
      console.error = consoleError;
    }
    // GLTFLoader reports a texture it cannot decode on the console and goes on without it;
    // a reference drawn without its texture would be wrong, so it is an error here.
    if (loaderErrors.length) {
      disposeObject(gltf.scene);
      return { error: `three.js could not load part of this GLB: ${loaderErrors[0].split('\n')[0]}` };
    }
    const object = gltf.scene;
    const lightsRemoved = removeLights(object);
    object.updateMatrixWorld(true);
    let triangles = 0;
    object.traverse((node) => {
      if (!node.isMesh) return;
      const { index, attributes } = node.geometry;
      const count = (index ? index.count : attributes.position.count) / 3;
      triangles += node.isInstancedMesh ? count * node.count : count;
    });
    try {
      if (triangles === 0) return { error: 'the GLB holds no triangles' };
      const view = renderNormalized(object);
      return {
        pixels: view.pixels, size: view.size, bbox: view.bbox, views: view.views, lightsRemoved, triangles,
        timings: { render_ms: performance.now() - t, views_ms: view.viewsMs },
      };
    } finally {
      disposeObject(object);
    }
  },
});

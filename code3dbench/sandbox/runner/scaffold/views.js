// Multi-view strip (trusted render page): every pinned view of the normalized object, colour
// and mask, drawn into one render target and read back with one readPixels, so all views of an
// object cost one extra read instead of one per view.
import * as THREE from 'three';
import { VIEWS } from '/scaffold/views_constants.js';

const S = VIEWS.size;
const N = VIEWS.list.length;

// Unit vector from the origin towards a camera at this azimuth and elevation.
export function viewDirection({ azimuthDeg, elevationDeg }) {
  return new THREE.Vector3().setFromSphericalCoords(
    1, THREE.MathUtils.degToRad(90 - elevationDeg), THREE.MathUtils.degToRad(azimuthDeg));
}

// Returns render(stage, radius, framing, referenceAzimuthDeg): draws the strip of the object on
// the stage (centred, longest side 1) and returns its RGBA pixels (rows bottom-up, as WebGL
// reads them; the bottom row of views holds the masks).
export function createViewStrip({ renderer, scene, keyLight, fovDeg }) {
  const target = new THREE.WebGLRenderTarget(N * S, 2 * S, { depthBuffer: true, samples: 0 });
  target.texture.colorSpace = THREE.SRGBColorSpace; // encoded as the canvas is
  target.scissorTest = true;
  const camera = new THREE.PerspectiveCamera(fovDeg, 1, 0.01, 100);
  // One mask material per face side, so a mask covers exactly the faces the colour view draws.
  const masks = [THREE.FrontSide, THREE.BackSide, THREE.DoubleSide].map(
    (side) => new THREE.MeshBasicMaterial({ color: VIEWS.maskObject, side }));
  const maskBackground = new THREE.Color(VIEWS.maskBackground);
  const up = new THREE.Vector3(0, 1, 0);

  function aim(view, radius, framing) {
    const distance = (radius * framing) / Math.sin(THREE.MathUtils.degToRad(fovDeg / 2));
    camera.position.copy(viewDirection(view)).multiplyScalar(distance);
    camera.near = Math.max(0.001, distance - 2 * radius);
    camera.far = distance + 2 * radius;
    camera.lookAt(0, 0, 0);
    camera.updateProjectionMatrix();
  }

  // Swaps every mesh's materials for mask materials of the same side; returns the undo.
  function wearMasks(stage) {
    const worn = [];
    stage.traverse((node) => {
      if (!node.isMesh) return;
      worn.push([node, node.material]);
      const toMask = (m) => masks[m.side] ?? masks[THREE.DoubleSide];
      node.material = Array.isArray(node.material) ? node.material.map(toMask) : toMask(node.material);
    });
    return () => { for (const [node, material] of worn) node.material = material; };
  }

  function pass(row, views, radius, framing, referenceAzimuthDeg, keyPosition) {
    views.forEach((view, i) => {
      aim(view, radius, framing);
      // The key light turns with the camera, so every view is lit as the reference view is.
      keyLight.position.copy(keyPosition)
        .applyAxisAngle(up, THREE.MathUtils.degToRad(view.azimuthDeg - referenceAzimuthDeg));
      target.viewport.set(i * S, row * S, S, S);
      target.scissor.set(i * S, row * S, S, S);
      renderer.setRenderTarget(target);
      renderer.render(scene, camera);
    });
  }

  return function render(stage, radius, framing, referenceAzimuthDeg) {
    const keyPosition = keyLight.position.clone();
    const background = scene.background;
    const pixels = new Uint8Array(N * S * 2 * S * 4);
    let undo = null;
    try {
      pass(1, VIEWS.list, radius, framing, referenceAzimuthDeg, keyPosition);
      undo = wearMasks(stage);
      scene.background = maskBackground;
      pass(0, VIEWS.list, radius, framing, referenceAzimuthDeg, keyPosition);
      renderer.readRenderTargetPixels(target, 0, 0, N * S, 2 * S, pixels);
    } finally {
      if (undo) undo();
      scene.background = background;
      keyLight.position.copy(keyPosition);
      renderer.setRenderTarget(null);
    }
    return { pixels, width: N * S, height: 2 * S };
  };
}

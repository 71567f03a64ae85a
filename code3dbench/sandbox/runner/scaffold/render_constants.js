// The reference camera, lights and image size. Changing any value changes every render:
// bump `version` so cached reference images are rebuilt.
export const RENDER = Object.freeze({
  version: 'c3d-render-1',
  size: 512,
  fovDeg: 30,
  azimuthDeg: 35, // from +Z (front) towards +X (right)
  elevationDeg: 25, // above the horizon
  framing: 1.08, // distance margin around the bounding sphere
  background: 0xf2f2f2,
  environmentIntensity: 0.7,
  hemisphereIntensity: 1.2,
  keyIntensity: 1.6,
  antialias: false, // MSAA costs ~25% of the render time in software WebGL; both sides are drawn alike
});

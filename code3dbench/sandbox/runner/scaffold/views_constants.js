// The multi-view diagnostic cameras (pinned with the renderer version: a change here changes
// renderer_version(), so cached reference views are rebuilt). Each view looks at the origin of
// the normalized object (centred, longest side 1) from the bounding-sphere distance, as the
// reference camera does. Azimuth is measured from +Z (front) towards +X (right), elevation above
// the horizon. The strip (views.png) holds the colour views left to right in this order on its
// top row and each view's object mask under it on the bottom row (black on white: the faces the
// colour view draws, each mesh keeping its face side, whatever its colour, texture or lighting).
export const VIEWS = Object.freeze({
  version: 'c3d-views-1',
  size: 256, // pixels per view: half the reference size keeps 7 views x 2 rows cheap
  list: Object.freeze([
    // The camera the model saw: the only view the paper's image diagnostics use.
    Object.freeze({ name: 'reference', azimuthDeg: 35, elevationDeg: 25 }),
    // Four sides, slightly above the horizon (at 0 a flat top face vanishes entirely).
    Object.freeze({ name: 'front', azimuthDeg: 0, elevationDeg: 10 }),
    Object.freeze({ name: 'right', azimuthDeg: 90, elevationDeg: 10 }),
    Object.freeze({ name: 'back', azimuthDeg: 180, elevationDeg: 10 }),
    Object.freeze({ name: 'left', azimuthDeg: 270, elevationDeg: 10 }),
    // Straight down (89: exactly 90 leaves lookAt without an up direction): the footprint.
    Object.freeze({ name: 'top', azimuthDeg: 0, elevationDeg: 89 }),
    // From below, front-left: the underside and the side the reference camera never sees.
    Object.freeze({ name: 'low', azimuthDeg: 325, elevationDeg: -30 }),
  ]),
  maskBackground: 0xffffff,
  maskObject: 0x000000,
});

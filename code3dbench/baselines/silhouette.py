"""An image-only classical baseline: extrude the object's silhouette along the view direction.

From the reference image alone: separate the object from the flat background, trace the
outline of each sizeable part, simplify it to a polygon, and extrude it into a prism that
faces the reference camera (front-right-above, the renderer's fixed azimuth and elevation), so
its render covers the same pixels as the reference. The depth along the view is estimated as a
fixed share of the silhouette's smaller side, and each part gets the mean colour of its pixels.
No learning and no ground truth: it shows what the image alone gives without any 3D reasoning.
"""

from __future__ import annotations

import base64
import json
import re

import numpy as np
from scipy import ndimage
from skimage.measure import approximate_polygon, find_contours

from code3dbench.baselines.colour import srgb_to_linear
from code3dbench.sandbox.runner_files import runner_dir
from code3dbench.scorers.image import BACKGROUND_RGB, load_rgb

BACKGROUND = np.asarray(BACKGROUND_RGB, dtype=float)
FOREGROUND_THRESHOLD = 24.0
MIN_PART_SHARE = 0.01
MAX_PARTS = 8
POLYGON_TOLERANCE_PX = 1.5
DEPTH_SHARE = 0.6
"""Depth along the view direction, as a share of the silhouette's smaller side."""

PROGRAM_TEMPLATE = """\
// Offline baseline `code3dbench/silhouette`: the reference silhouette, extruded toward the camera.
const PARTS = {parts};
const DEPTH = {depth};
const AZIMUTH_DEG = {azimuth};
const ELEVATION_DEG = {elevation};

function buildObject() {{
  const group = new THREE.Group();
  for (const part of PARTS) {{
    const shape = new THREE.Shape(part.outline.map(([x, y]) => new THREE.Vector2(x, y)));
    const geometry = new THREE.ExtrudeGeometry(shape, {{ depth: DEPTH, bevelEnabled: false }});
    geometry.translate(0, 0, -DEPTH / 2);
    const color = new THREE.Color().setRGB(part.color[0], part.color[1], part.color[2]);
    const material = new THREE.MeshStandardMaterial({{ color, roughness: 0.9 }});
    group.add(new THREE.Mesh(geometry, material));
  }}
  // Turn the prism so that its front faces the reference camera: x right, y up, z toward it.
  const toCamera = new THREE.Vector3().setFromSphericalCoords(
    1, THREE.MathUtils.degToRad(90 - ELEVATION_DEG), THREE.MathUtils.degToRad(AZIMUTH_DEG));
  const right = new THREE.Vector3(0, 1, 0).cross(toCamera).normalize();
  const up = new THREE.Vector3().crossVectors(toCamera, right);
  group.quaternion.setFromRotationMatrix(new THREE.Matrix4().makeBasis(right, up, toCamera));
  const object = new THREE.Group();
  object.add(group);
  return object;
}}
"""


class NoObjectInImageError(ValueError):
    """The image shows nothing but background."""


def camera_angles() -> tuple[float, float]:
    """The reference camera's azimuth and elevation, read from the renderer's constants."""
    constants = (runner_dir() / "scaffold" / "render_constants.js").read_text()
    azimuth = re.search(r"azimuthDeg:\s*([\d.]+)", constants)
    elevation = re.search(r"elevationDeg:\s*([\d.]+)", constants)
    if not azimuth or not elevation:
        raise RuntimeError("render_constants.js has no azimuthDeg/elevationDeg")
    return float(azimuth.group(1)), float(elevation.group(1))


def decode_image(image: str) -> np.ndarray:
    """RGB in 0-255 from a data URI (as models receive images) or a file path.

    Transparency is composited over the renderer's background.
    """
    source = base64.b64decode(image.split(",", 1)[1]) if image.startswith("data:") else image
    return load_rgb(source).astype(float) * 255.0


def silhouette_parts(rgb: np.ndarray) -> tuple[list[dict], float]:
    """Outlines (longest side 1, y up, centred) and colours of the sizeable parts, and the depth.

    Raises:
        NoObjectInImageError: no foreground pixels.
    """
    mask = np.abs(rgb - BACKGROUND).sum(axis=2) > FOREGROUND_THRESHOLD
    mask = ndimage.binary_fill_holes(ndimage.binary_opening(mask, iterations=1))
    if not mask.any():
        raise NoObjectInImageError("the image shows no object (only background)")
    rows, cols = np.nonzero(mask)
    top, bottom, left, right = rows.min(), rows.max(), cols.min(), cols.max()
    scale = float(max(bottom - top, right - left, 1))
    centre = ((top + bottom) / 2, (left + right) / 2)
    labels, count = ndimage.label(mask)
    sizes = ndimage.sum(mask, labels, range(1, count + 1))
    order = np.argsort(sizes)[::-1][:MAX_PARTS]
    parts = []
    for index in order:
        if sizes[index] < MIN_PART_SHARE * mask.sum():
            continue
        component = labels == index + 1
        contour = max(find_contours(np.pad(component, 1).astype(float), 0.5), key=len) - 1
        polygon = approximate_polygon(contour, tolerance=POLYGON_TOLERANCE_PX)[:-1]
        if len(polygon) < 3:
            continue
        outline = [
            [round((c - centre[1]) / scale, 4), round(-(r - centre[0]) / scale, 4)]
            for r, c in polygon
        ]
        colour = srgb_to_linear(rgb[component].mean(axis=0))
        parts.append({"outline": outline, "color": [round(float(v), 4) for v in colour]})
    if not parts:
        raise NoObjectInImageError("the object's silhouette is too small to trace")
    depth = DEPTH_SHARE * min(bottom - top, right - left) / scale
    return parts, round(max(depth, 0.02), 4)


def silhouette_program(image: str) -> str:
    """The silhouette baseline's program for a reference image (data URI or path)."""
    parts, depth = silhouette_parts(decode_image(image))
    azimuth, elevation = camera_angles()
    return PROGRAM_TEMPLATE.format(
        parts=json.dumps(parts, separators=(",", ":")),
        depth=depth,
        azimuth=azimuth,
        elevation=elevation,
    )


def silhouette_reply(image: str) -> str:
    """The silhouette model's reply: one fenced program, or a plain answer with none."""
    try:
        program = silhouette_program(image)
    except NoObjectInImageError as err:
        return f"I cannot find an object in the image: {err}."
    return f"An extruded silhouette.\n\n```javascript\n{program}```\n"

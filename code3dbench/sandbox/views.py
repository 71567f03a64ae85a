"""The pinned multi-view cameras and the layout of a views strip (``views.png``).

The cameras are defined once, in the scaffold's ``views_constants.js`` (so they are part of
``renderer_version()``); this module reads them from there. A strip holds every view's colour
render on its top row, left to right in the pinned order, and each view's object mask on the
bottom row (black on white: the faces the colour view draws, whatever their colour or lighting).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import cache

import numpy as np
from PIL import Image

from code3dbench.sandbox.runner_files import runner_dir

MASK_THRESHOLD = 128
"""A mask pixel darker than this (of 255) belongs to the object."""


class ViewsStripError(ValueError):
    """A views strip has the wrong size for the pinned views, or cannot be decoded."""


@dataclass(frozen=True)
class View:
    """One pinned camera: azimuth from +Z (front) towards +X (right), elevation in degrees."""

    name: str
    azimuth_deg: float
    elevation_deg: float


@dataclass(frozen=True)
class ViewSet:
    """The pinned views, their size in pixels and the version of the set."""

    version: str
    size: int
    views: tuple[View, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """The view names in strip order."""
        return tuple(view.name for view in self.views)


_VIEW = re.compile(r"name:\s*'([a-z_]+)',\s*azimuthDeg:\s*(-?[\d.]+),\s*elevationDeg:\s*(-?[\d.]+)")


@cache
def pinned_views() -> ViewSet:
    """The views of the runner's scaffold (read once from ``views_constants.js``)."""
    text = (runner_dir() / "scaffold" / "views_constants.js").read_text()
    version = re.search(r"version:\s*'([^']+)'", text)
    size = re.search(r"size:\s*(\d+)", text)
    views = tuple(View(n, float(a), float(e)) for n, a, e in _VIEW.findall(text))
    if version is None or size is None or not views:
        raise ViewsStripError("views_constants.js: cannot read the version, size or views")
    return ViewSet(version.group(1), int(size.group(1)), views)


@dataclass(frozen=True)
class ViewsStrip:
    """A decoded strip: per view, the colour render (H, W, 3 uint8) and the mask (H, W bool)."""

    colours: tuple[np.ndarray, ...]
    masks: tuple[np.ndarray, ...]


def read_strip(png: bytes, views: ViewSet | None = None) -> ViewsStrip:
    """Split a ``views.png`` into its views.

    Raises:
        ViewsStripError: Not an image, or not ``len(views) * size`` by ``2 * size`` pixels.
    """
    views = views or pinned_views()
    try:
        with Image.open(io.BytesIO(png)) as opened:
            pixels = np.asarray(opened.convert("RGB"))
    except (OSError, ValueError) as err:
        raise ViewsStripError(f"the views strip cannot be decoded: {err}") from err
    size, count = views.size, len(views.views)
    if pixels.shape[:2] != (2 * size, count * size):
        raise ViewsStripError(
            f"the views strip is {pixels.shape[1]}x{pixels.shape[0]}, expected "
            f"{count * size}x{2 * size} for {count} views of {size} px ({views.version})"
        )
    tiles = [pixels[:, i * size : (i + 1) * size] for i in range(count)]
    return ViewsStrip(
        colours=tuple(np.ascontiguousarray(t[:size]) for t in tiles),
        masks=tuple(t[size:].min(axis=2) < MASK_THRESHOLD for t in tiles),
    )


def encode_png(rgb: np.ndarray) -> bytes:
    """An (H, W, 3) uint8 image as PNG bytes."""
    out = io.BytesIO()
    Image.fromarray(rgb).save(out, format="PNG")
    return out.getvalue()


def view_png(png: bytes, index: int, views: ViewSet | None = None) -> bytes:
    """One view's colour render of a strip, as PNG bytes (for prompts and pages)."""
    return encode_png(read_strip(png, views).colours[index])

"""Read renders into RGB arrays in [0, 1], transparent pixels composited over the background.

A render can arrive as a PNG file, the PNG's bytes (as read back from a sandbox),
a PIL image or a NumPy array. Every metric sees the same array: 8-bit RGB(A)
scaled to [0, 1], with alpha composited over the renderer's flat background
(0xf2f2f2), so an RGBA render and its flattened RGB twin score the same.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

from code3dbench.scorers.image.constants import BACKGROUND_RGB
from code3dbench.scorers.image.errors import ImageLoadError, ImageSizeError

ImageInput = str | os.PathLike | bytes | Image.Image | np.ndarray
"""A render: a file path, encoded image bytes, a PIL image, or an (H, W[, 3|4]) array.

Arrays are uint8 (0-255) or floating point in [0, 1]; a 2-D array is grey.
"""

MIN_SIDE = 11
"""Smallest image side SSIM's 11 x 11 Gaussian window accepts."""

_BACKGROUND = np.asarray(BACKGROUND_RGB, dtype=np.float32) / 255.0


def describe(image: ImageInput) -> str:
    """A short name of an input for error messages (a path, or the kind of object)."""
    if isinstance(image, str | os.PathLike):
        return os.fspath(image)
    if isinstance(image, bytes):
        return f"<{len(image)} bytes>"
    if isinstance(image, Image.Image):
        return f"<PIL image {image.mode} {image.width}x{image.height}>"
    if isinstance(image, np.ndarray):
        return f"<array {image.dtype} {image.shape}>"
    return f"<{type(image).__name__}>"


def load_rgb(image: ImageInput) -> np.ndarray:
    """Turn a render into a float32 (H, W, 3) RGB array in [0, 1] over the background.

    Args:
        image: A PNG (or any format Pillow reads) as a path or bytes, a PIL image,
            or an array (uint8, or float in [0, 1]; 2-D grey, 3 or 4 channels).

    Returns:
        A new C-contiguous float32 array; alpha, when present, is composited over
        `BACKGROUND_RGB` (out = alpha * rgb + (1 - alpha) * background).

    Raises:
        ImageLoadError: The file is missing or unreadable, the bytes are not an
            image, or the array has the wrong shape, dtype or value range.
    """
    if isinstance(image, np.ndarray):
        return _from_array(image, describe(image))
    if isinstance(image, Image.Image):
        return _from_pil(image)
    if isinstance(image, bytes):
        source: io.BytesIO | Path = io.BytesIO(image)
    elif isinstance(image, str | os.PathLike):
        source = Path(image)
        if not source.is_file():
            raise ImageLoadError(f"image {source}: no such file")
    else:
        raise ImageLoadError(
            f"cannot read an image from {describe(image)}; give a path, PNG bytes, a PIL image "
            "or a NumPy array"
        )
    try:
        with Image.open(source) as opened:
            opened.load()
            return _from_pil(opened)
    except (OSError, UnidentifiedImageError, ValueError) as exc:
        raise ImageLoadError(f"image {describe(image)}: cannot decode ({exc})") from exc


def _from_pil(image: Image.Image) -> np.ndarray:
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    converted = image.convert("RGBA" if has_alpha else "RGB")
    return _from_array(np.asarray(converted), describe(image))


def _from_array(array: np.ndarray, name: str) -> np.ndarray:
    if array.ndim == 2:
        array = array[:, :, None].repeat(3, axis=2)
    if array.ndim != 3 or array.shape[2] not in (3, 4):
        raise ImageLoadError(
            f"image {name}: expected an (H, W), (H, W, 3) or (H, W, 4) array, got {array.shape}"
        )
    if array.dtype == np.uint8:
        values = array.astype(np.float32) / 255.0
    elif np.issubdtype(array.dtype, np.floating):
        values = array.astype(np.float32)
        if not np.all(np.isfinite(values)) or values.min() < 0.0 or values.max() > 1.0:
            raise ImageLoadError(
                f"image {name}: floating-point pixels must be finite and in [0, 1]; "
                "scale 8-bit images by 1/255 or pass them as uint8"
            )
    else:
        raise ImageLoadError(f"image {name}: pixels must be uint8 or float, got {array.dtype}")
    if values.shape[2] == 4:
        alpha = values[:, :, 3:4]
        values = values[:, :, :3] * alpha + _BACKGROUND * (1.0 - alpha)
    return np.ascontiguousarray(values, dtype=np.float32)


def load_pair(pred: ImageInput, ref: ImageInput) -> tuple[np.ndarray, np.ndarray]:
    """Load a prediction and its reference and check they can be compared.

    Returns:
        The two (H, W, 3) float32 arrays.

    Raises:
        ImageLoadError: Either image cannot be read.
        ImageSizeError: The sizes differ (both come from the same 512x512 renderer,
            so a difference is a bug upstream), or a side is below 11 pixels.
    """
    pred_rgb, ref_rgb = load_rgb(pred), load_rgb(ref)
    if pred_rgb.shape != ref_rgb.shape:
        raise ImageSizeError(
            f"prediction {describe(pred)} is {pred_rgb.shape[1]}x{pred_rgb.shape[0]} but reference "
            f"{describe(ref)} is {ref_rgb.shape[1]}x{ref_rgb.shape[0]}; render both with the same "
            "renderer and camera"
        )
    if min(ref_rgb.shape[:2]) < MIN_SIDE:
        raise ImageSizeError(
            f"images {describe(pred)} and {describe(ref)} are {ref_rgb.shape[1]}x"
            f"{ref_rgb.shape[0]}; SSIM needs at least {MIN_SIDE} pixels per side"
        )
    return pred_rgb, ref_rgb


def to_uint8(rgb: np.ndarray) -> np.ndarray:
    """Round a [0, 1] float RGB array back to 8 bits (exact for 8-bit sources)."""
    return np.clip(np.rint(rgb * 255.0), 0, 255).astype(np.uint8)

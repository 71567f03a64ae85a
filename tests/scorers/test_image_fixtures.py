"""Render-like test images (drawn with PIL on the renderer's 0xf2f2f2 background), and their checks.

The other image tests import `render_like` and `isolate_weights` from here. The
pictures imitate the benchmark's renders: a flat light-grey background with a
shaded low-poly object (a box in a three-quarter view and a cone) in the middle.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter

from code3dbench.scorers.image import BACKGROUND_RGB

SIZE = 512
BOX_COLOUR = (196, 120, 64)
CONE_COLOUR = (70, 130, 180)


def _shade(colour: tuple[int, int, int], factor: float) -> tuple[int, int, int]:
    return tuple(int(min(255, round(c * factor))) for c in colour)  # type: ignore[return-value]


def render_like(
    *,
    size: int = SIZE,
    offset: tuple[int, int] = (0, 0),
    box_colour: tuple[int, int, int] = BOX_COLOUR,
    cone_colour: tuple[int, int, int] = CONE_COLOUR,
    blur: float = 0.0,
    mode: str = "RGB",
) -> Image.Image:
    """A shaded box with a cone on it, on the renderer's background, optionally moved/blurred."""
    image = Image.new("RGB", (size, size), BACKGROUND_RGB)
    draw = ImageDraw.Draw(image)
    s = size / SIZE
    dx, dy = offset

    def p(x: float, y: float) -> tuple[float, float]:
        return (x * s + dx, y * s + dy)

    # A box in a three-quarter view: top, left and right faces in three shades.
    top = [p(256, 220), p(376, 270), p(256, 320), p(136, 270)]
    left = [p(136, 270), p(256, 320), p(256, 440), p(136, 390)]
    right = [p(256, 320), p(376, 270), p(376, 390), p(256, 440)]
    draw.polygon(top, fill=_shade(box_colour, 1.2))
    draw.polygon(left, fill=_shade(box_colour, 0.85))
    draw.polygon(right, fill=_shade(box_colour, 0.6))
    # A cone standing on the box: two flat-shaded halves.
    draw.polygon([p(256, 90), p(206, 270), p(256, 290)], fill=_shade(cone_colour, 1.1))
    draw.polygon([p(256, 90), p(256, 290), p(306, 270)], fill=_shade(cone_colour, 0.7))
    if blur:
        image = image.filter(ImageFilter.GaussianBlur(blur))
    if mode == "RGBA":
        image = image.convert("RGBA")
    return image


def rgb01(image: Image.Image) -> np.ndarray:
    """An RGB PIL image as a float32 array in [0, 1]."""
    return np.asarray(image.convert("RGB"), dtype=np.float32) / 255.0


def isolate_weights(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Make sure no weight file can be found: variables and cache folders point into tmp_path."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for name in ("TORCH_HOME", "XDG_CACHE_HOME", "HF_HOME", "HF_HUB_CACHE"):
        monkeypatch.setenv(name, str(home / name.lower()))
    for name in (
        "CODE3DBENCH_LPIPS_WEIGHTS",
        "CODE3DBENCH_ALEXNET_WEIGHTS",
        "CODE3DBENCH_CLIP_WEIGHTS",
        "CODE3DBENCH_IMAGE_DEVICE",
    ):
        monkeypatch.delenv(name, raising=False)
    return home


def test_render_like_has_the_renderer_background_and_an_object() -> None:
    pixels = np.asarray(render_like())

    assert pixels.shape == (SIZE, SIZE, 3)
    assert tuple(pixels[0, 0]) == BACKGROUND_RGB
    assert tuple(pixels[-1, -1]) == BACKGROUND_RGB
    object_pixels = np.any(pixels != np.asarray(BACKGROUND_RGB), axis=2)
    assert 0.1 < object_pixels.mean() < 0.5


def test_render_like_variants_differ_from_the_original() -> None:
    base = rgb01(render_like())

    for variant in (
        render_like(offset=(8, 0)),
        render_like(blur=2.0),
        render_like(box_colour=(64, 160, 90)),
    ):
        assert np.abs(rgb01(variant) - base).max() > 0.1

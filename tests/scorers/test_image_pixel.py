"""SSIM and MSE on render-like images: identities, direction under blur/shift/colour, inputs."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from code3dbench.scorers.image import (
    BACKGROUND_RGB,
    ImageLoadError,
    ImageScorer,
    ImageSizeError,
    load_rgb,
    mse,
    score_images,
    ssim,
)
from tests.scorers.test_image_fixtures import render_like, rgb01

PIXEL_METRICS = ("ssim", "mse")


def test_identical_images_give_ssim_1_and_mse_0() -> None:
    image = rgb01(render_like())

    assert ssim(image, image) == pytest.approx(1.0, abs=1e-12)
    assert mse(image, image) == 0.0


@pytest.mark.parametrize(
    ("variant", "steps"),
    [
        ("blur", [{"blur": 1.0}, {"blur": 3.0}, {"blur": 8.0}]),
        ("shift", [{"offset": (2, 0)}, {"offset": (8, 4)}, {"offset": (32, 16)}]),
        (
            "colour",
            [
                {"box_colour": (190, 126, 70)},
                {"box_colour": (150, 140, 90)},
                {"box_colour": (60, 170, 200)},
            ],
        ),
    ],
)
def test_ssim_falls_and_mse_rises_as_the_prediction_departs(variant: str, steps: list) -> None:
    reference = rgb01(render_like())
    ssims = [ssim(rgb01(render_like(**kwargs)), reference) for kwargs in steps]
    mses = [mse(rgb01(render_like(**kwargs)), reference) for kwargs in steps]

    assert 1.0 > ssims[0] > ssims[1] > ssims[2], (variant, ssims)
    assert 0.0 < mses[0] < mses[1] < mses[2], (variant, mses)


def test_ssim_is_per_channel_so_a_colour_swap_at_equal_brightness_counts() -> None:
    reference = rgb01(render_like(box_colour=(200, 80, 80)))
    swapped = rgb01(render_like(box_colour=(80, 80, 200)))
    grey = np.array([0.299, 0.587, 0.114], dtype=np.float32)
    luminance_ref = (reference @ grey)[..., None].repeat(3, axis=2)
    luminance_swapped = (swapped @ grey)[..., None].repeat(3, axis=2)

    # On luminance alone the swap nearly vanishes; per channel it is a clear difference.
    assert ssim(swapped, reference) < ssim(luminance_swapped, luminance_ref) - 0.02


def test_mse_is_on_rgb_in_0_1() -> None:
    black = np.zeros((16, 16, 3), dtype=np.float32)
    white = np.ones((16, 16, 3), dtype=np.float32)
    half = np.full((16, 16, 3), 0.5, dtype=np.float32)

    assert mse(black, white) == 1.0
    assert mse(black, half) == pytest.approx(0.25)


def test_every_input_kind_reads_the_same(tmp_path: Path) -> None:
    image = render_like()
    path = tmp_path / "render.png"
    image.save(path)
    expected = rgb01(image)

    for source in (path, str(path), path.read_bytes(), image, np.asarray(image), expected):
        assert np.array_equal(load_rgb(source), expected)


def test_transparent_pixels_are_composited_over_the_renderer_background() -> None:
    rgba = np.zeros((16, 16, 4), dtype=np.uint8)
    rgba[:8, :, :3] = (255, 0, 0)
    rgba[:8, :, 3] = 255  # opaque red on top, fully transparent black below
    rgba[8:, :, 3] = 0

    loaded = load_rgb(rgba)

    assert np.allclose(loaded[0, 0], (1.0, 0.0, 0.0))
    assert np.allclose(loaded[-1, -1], np.asarray(BACKGROUND_RGB) / 255.0)


def test_an_rgba_render_scores_like_its_flattened_rgb(tmp_path: Path) -> None:
    reference = render_like()
    rgba_png = io.BytesIO()
    render_like(offset=(6, 0), mode="RGBA").save(rgba_png, format="PNG")

    [from_rgba] = score_images([rgba_png.getvalue()], [reference], metrics=PIXEL_METRICS)
    [from_rgb] = score_images([render_like(offset=(6, 0))], [reference], metrics=PIXEL_METRICS)

    assert from_rgba.ssim == from_rgb.ssim
    assert from_rgba.mse == from_rgb.mse


def test_failed_render_gives_none_for_every_metric() -> None:
    reference = render_like()

    scores = score_images(
        [None, render_like(blur=2.0)], [reference, reference], metrics=PIXEL_METRICS
    )

    assert scores[0].metrics() == {"ssim": None, "mse": None, "lpips": None, "clip": None}
    assert scores[1].ssim is not None and scores[1].mse is not None
    assert scores[1].lpips is None and scores[1].clip is None  # not asked for
    assert scores[0].to_dict()["conventions"]["ssim"] == "rgb_per_channel_mean_gaussian11_sigma1.5"


def test_batching_does_not_change_the_numbers() -> None:
    reference = render_like()
    preds = [render_like(blur=b) for b in (0.5, 1.5, 3.0)] + [render_like(offset=(5, 5))]
    scorer = ImageScorer()

    one_by_one = [scorer.score(p, reference, metrics=PIXEL_METRICS) for p in preds]
    batched = scorer.score_pairs(preds, [reference] * 4, metrics=PIXEL_METRICS, batch_size=3)

    assert [s.metrics() for s in one_by_one] == [s.metrics() for s in batched]


def test_size_mismatch_and_bad_inputs_are_clear_errors(tmp_path: Path) -> None:
    reference = render_like()
    not_png = tmp_path / "render.png"
    not_png.write_text("not an image")

    with pytest.raises(ImageSizeError, match="256x256 but reference .* is 512x512"):
        score_images([render_like(size=256)], [reference], metrics=PIXEL_METRICS)
    with pytest.raises(ImageLoadError, match="no such file"):
        score_images([tmp_path / "missing.png"], [reference], metrics=PIXEL_METRICS)
    with pytest.raises(ImageLoadError, match="cannot decode"):
        score_images([not_png], [reference], metrics=PIXEL_METRICS)
    with pytest.raises(ImageLoadError, match="in \\[0, 1\\]"):
        load_rgb(np.full((16, 16, 3), 2.0))
    with pytest.raises(ImageLoadError, match="reference image is None"):
        score_images([reference], [None], metrics=PIXEL_METRICS)  # type: ignore[list-item]
    with pytest.raises(ValueError, match="2 predictions but 1 references"):
        score_images([reference, reference], [reference], metrics=PIXEL_METRICS)
    with pytest.raises(ValueError, match="unknown image metric"):
        score_images([reference], [reference], metrics=("psnr",))
    with pytest.raises(ImageSizeError, match="at least 11 pixels"):
        score_images([Image.new("RGB", (8, 8))], [Image.new("RGB", (8, 8))], metrics=PIXEL_METRICS)

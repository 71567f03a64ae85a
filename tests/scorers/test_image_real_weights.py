"""LPIPS and CLIP with the REAL weights: run only where the files are present, else skipped.

The test session is offline (tests/conftest.py), so these never download: run
`code3dbench weights fetch` first (or point CODE3DBENCH_ALEXNET_WEIGHTS /
CODE3DBENCH_CLIP_WEIGHTS at the files, see docs/image_metrics.md). Without the files
they skip with the reason `code3dbench doctor` would give.
"""

from __future__ import annotations

import pytest

from code3dbench.scorers.image import ImageScorer, clear_image_models, metric_availability
from tests.scorers.test_image_fixtures import render_like

_AVAILABILITY = metric_availability()


def _needs(metric: str) -> pytest.MarkDecorator:
    item = _AVAILABILITY[metric]
    return pytest.mark.skipif(
        not item.available, reason=f"real {metric} weights unavailable: {item.reason}"
    )


@pytest.fixture(scope="module")
def real_scorer() -> ImageScorer:
    clear_image_models()
    scorer = ImageScorer()
    scorer.load([m for m in ("lpips", "clip") if _AVAILABILITY[m].available])
    return scorer


@_needs("lpips")
def test_real_lpips_is_0_for_identical_images_and_grows_with_blur(real_scorer) -> None:
    reference = render_like()

    values = [
        real_scorer.score(render_like(blur=blur), reference, metrics=("lpips",)).lpips
        for blur in (0.0, 1.0, 4.0)
    ]

    assert values[0] == pytest.approx(0.0, abs=1e-6)
    assert values[0] < values[1] < values[2] < 1.0
    assert real_scorer.availability()["lpips"].available


@_needs("clip")
def test_real_clip_is_1_for_identical_images_and_lower_for_a_different_object(real_scorer) -> None:
    reference = render_like()

    same = real_scorer.score(reference, reference, metrics=("clip",)).clip
    moved = real_scorer.score(render_like(offset=(10, 0)), reference, metrics=("clip",)).clip
    recoloured = real_scorer.score(
        render_like(box_colour=(40, 40, 200), cone_colour=(200, 40, 40), blur=6.0),
        reference,
        metrics=("clip",),
    ).clip

    assert same == pytest.approx(1.0, abs=1e-5)
    assert recoloured < moved < 1.0
    assert real_scorer.availability()["clip"].available


def test_default_device_is_cuda_when_present_else_cpu(monkeypatch: pytest.MonkeyPatch) -> None:
    torch = pytest.importorskip("torch", reason="needs the image extra")
    monkeypatch.delenv("CODE3DBENCH_IMAGE_DEVICE", raising=False)

    assert ImageScorer().device == ("cuda" if torch.cuda.is_available() else "cpu")

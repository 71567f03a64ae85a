"""Where LPIPS and CLIP find their weights, what is reported when they are missing, and the warning."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from code3dbench.scorers.image import (
    ImageMetricsConfig,
    ImageScorer,
    clear_image_models,
    locate_alexnet,
    locate_clip,
    locate_lpips_linear,
    metric_availability,
    score_images,
)
from code3dbench.scorers.image import availability as availability_module
from code3dbench.scorers.image.weights import package_dir
from tests.scorers.test_image_fixtures import isolate_weights, render_like

LOGGER = "code3dbench.scorers.image.scorer"


pytestmark = pytest.mark.usefixtures("fresh_image_models")


@pytest.fixture
def no_weights(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return isolate_weights(tmp_path, monkeypatch)


def test_missing_weights_warn_once_per_run_and_report_none(
    no_weights: Path, caplog: pytest.LogCaptureFixture
) -> None:
    reference = render_like()

    with caplog.at_level(logging.WARNING, logger=LOGGER):
        results = []
        for blur in (0.0, 1.0, 2.0):
            results += score_images([render_like(blur=blur)], [reference])
        results += ImageScorer().score_pairs([render_like(offset=(3, 3))], [reference])

    warnings = [r for r in caplog.records if r.name == LOGGER and r.levelno == logging.WARNING]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]
    message = warnings[0].getMessage()
    assert "lpips, clip unavailable and reported as None" in message
    assert "code3dbench doctor" in message
    for scores in results:
        assert scores.lpips is None and scores.clip is None
        assert scores.ssim is not None and scores.mse is not None
    assert results[0].ssim == pytest.approx(1.0) and results[0].mse == 0.0


def test_missing_weights_warning_comes_back_after_clearing(
    no_weights: Path, caplog: pytest.LogCaptureFixture
) -> None:
    reference = render_like()

    with caplog.at_level(logging.WARNING, logger=LOGGER):
        score_images([reference], [reference], metrics=("clip",))
        score_images([reference], [reference], metrics=("clip",))
        clear_image_models()
        score_images([reference], [reference], metrics=("clip",))

    assert len([r for r in caplog.records if r.name == LOGGER]) == 2


@pytest.mark.skipif(package_dir("lpips") is None, reason="the lpips package is not installed")
def test_lpips_reason_names_the_missing_backbone_and_the_bundled_linear_layers(
    no_weights: Path,
) -> None:
    linear = locate_lpips_linear()
    if not linear.found:
        pytest.skip("this lpips wheel does not bundle weights/v0.1/alex.pth")

    lpips = metric_availability()["lpips"]

    assert lpips.available is False
    assert lpips.reason.startswith("AlexNet backbone not found")
    assert "CODE3DBENCH_ALEXNET_WEIGHTS" in lpips.reason
    assert "alexnet-owt-7be5be79.pth" in lpips.reason
    assert "bundled with lpips" in lpips.reason  # the linear layers are there
    assert linear.source == "bundled with lpips"


def test_alexnet_in_the_torch_hub_cache_is_found(no_weights: Path) -> None:
    checkpoints = no_weights / "torch_home" / "hub" / "checkpoints"
    checkpoints.mkdir(parents=True)
    (checkpoints / "alexnet-owt-7be5be79.pth").write_bytes(b"x")

    found = locate_alexnet()

    assert found.path == checkpoints / "alexnet-owt-7be5be79.pth"
    assert found.source == "torch hub cache"


def test_an_explicit_setting_wins_and_a_missing_named_file_is_not_replaced(
    no_weights: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkpoints = no_weights / "torch_home" / "hub" / "checkpoints"
    checkpoints.mkdir(parents=True)
    (checkpoints / "alexnet-owt-7be5be79.pth").write_bytes(b"x")
    mine = no_weights / "mine.pth"
    mine.write_bytes(b"x")

    assert locate_alexnet(mine).source == "alexnet_weights (--alexnet-weights)"
    monkeypatch.setenv("CODE3DBENCH_ALEXNET_WEIGHTS", str(no_weights / "typo.pth"))
    from_env = locate_alexnet()
    assert from_env.path is None  # no silent fallback to the cache
    assert "typo.pth (from CODE3DBENCH_ALEXNET_WEIGHTS) is not a file" in str(from_env.problem)
    monkeypatch.setenv("CODE3DBENCH_ALEXNET_WEIGHTS", str(mine))
    assert locate_alexnet().path == mine


def test_clip_weights_are_found_in_the_hugging_face_cache_before_the_open_clip_one(
    no_weights: Path,
) -> None:
    assert not locate_clip().found
    openai_file = no_weights / ".cache" / "clip" / "ViT-B-32.pt"
    openai_file.parent.mkdir(parents=True)
    openai_file.write_bytes(b"x")
    assert locate_clip().path == openai_file
    assert locate_clip().source == "open_clip cache"
    snapshot = (
        no_weights / "hf_hub_cache" / "models--timm--vit_base_patch32_clip_224.openai" / "snapshots"
    )
    (snapshot / "abc123").mkdir(parents=True)
    (snapshot / "abc123" / "open_clip_model.safetensors").write_bytes(b"x")
    found = locate_clip()
    assert found.path == snapshot / "abc123" / "open_clip_model.safetensors"
    assert found.source == "Hugging Face cache"


def test_clip_reason_says_where_to_download(no_weights: Path) -> None:
    clip = metric_availability()["clip"]

    if not clip.available and "not installed" in clip.reason:
        pytest.skip("open_clip is not installed")
    assert clip.available is False
    assert "CODE3DBENCH_CLIP_WEIGHTS is unset" in clip.reason
    assert "ViT-B-32.pt" in clip.reason


def test_without_the_image_extra_the_reason_says_how_to_install(
    no_weights: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = availability_module.missing_packages
    monkeypatch.setattr(
        availability_module,
        "missing_packages",
        lambda names: [n for n in names if n in ("torch", "open_clip")] or real(names),
    )

    result = metric_availability(ImageMetricsConfig(random_init=True))

    assert result["ssim"].available and result["mse"].available
    for metric in ("lpips", "clip"):
        assert result[metric].available is False
        assert 'pip install -e ".[image]"' in result[metric].reason


def test_random_init_is_available_whenever_the_packages_are(no_weights: Path) -> None:
    result = metric_availability(ImageMetricsConfig(random_init=True))

    for metric in ("lpips", "clip"):
        if "not installed" in result[metric].reason:
            continue
        assert result[metric].available and result[metric].random_init
        assert "meaningless" in result[metric].reason

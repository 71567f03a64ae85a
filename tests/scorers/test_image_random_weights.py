"""LPIPS and CLIP end to end on RANDOMLY INITIALISED networks (random_init=True).

The real weights cannot be downloaded here, so these tests run the real code path
(input reading, preprocessing, batching, device, the file loaders) on random,
seeded networks. Their numbers mean nothing as metrics: the tests only check
identities (identical images), batching invariance, file loading and the
once-per-process warnings. Tests with the real weights are in
test_image_real_weights.py and skip when the files are absent.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip(
    "torch", reason="LPIPS and CLIP need the image extra: pip install -e '.[image]'"
)
pytest.importorskip("lpips", reason="LPIPS needs the image extra: pip install -e '.[image]'")
pytest.importorskip("open_clip", reason="CLIP needs the image extra: pip install -e '.[image]'")

import torch  # noqa: E402

from code3dbench.scorers.image import (  # noqa: E402
    ImageMetricsConfig,
    ImageScorer,
    get_image_scorer,
    score_images,
)
from code3dbench.scorers.image import scorer as scorer_module  # noqa: E402
from code3dbench.scorers.image.clip_model import load_clip  # noqa: E402
from code3dbench.scorers.image.lpips_model import load_lpips  # noqa: E402
from tests.scorers.test_image_fixtures import isolate_weights, render_like  # noqa: E402

RANDOM = ImageMetricsConfig(random_init=True, device="cpu")
LOGGER = "code3dbench.scorers.image.scorer"


pytestmark = pytest.mark.usefixtures("fresh_image_models")


@pytest.fixture(scope="module")
def random_scorer() -> ImageScorer:
    """One scorer with random LPIPS and CLIP, its models loaded once for the module."""
    scorer = ImageScorer(RANDOM)
    scorer.load()
    return scorer


def test_random_weights_identical_images_give_lpips_0_and_clip_1(random_scorer) -> None:
    image = render_like()

    scores = random_scorer.score(image, image)

    assert scores.ssim == pytest.approx(1.0)
    assert scores.mse == 0.0
    assert scores.lpips == 0.0
    assert scores.clip == pytest.approx(1.0, abs=1e-5)
    assert scores.conventions.random_init is True
    assert scores.conventions.device == "cpu"
    conventions = scores.to_dict()["conventions"]
    assert conventions["random_init"] is True
    assert conventions["lpips"] == "alex-v0.1/random" and conventions["clip"] == "ViT-B-32/random"


def test_random_weights_different_images_give_finite_nonzero_distances(random_scorer) -> None:
    reference = render_like()

    scores = random_scorer.score(render_like(offset=(40, 20), box_colour=(40, 160, 90)), reference)

    assert scores.lpips is not None and scores.lpips > 0.0 and np.isfinite(scores.lpips)
    assert scores.clip is not None and -1.0 <= scores.clip < 1.0


def test_random_weights_batches_give_the_same_numbers_as_single_pairs(random_scorer) -> None:
    reference = render_like()
    preds = [render_like(blur=2.0), None, render_like(offset=(12, 0)), render_like()]
    refs = [reference] * len(preds)

    batched = random_scorer.score_pairs(preds, refs, batch_size=2)
    single = [random_scorer.score(p, r) for p, r in zip(preds, refs, strict=True)]

    assert batched[1].metrics() == {"ssim": None, "mse": None, "lpips": None, "clip": None}
    for one, many in zip(single, batched, strict=True):
        for name in ("ssim", "mse", "lpips", "clip"):
            a, b = getattr(one, name), getattr(many, name)
            assert (a is None and b is None) or a == pytest.approx(b, rel=1e-4, abs=1e-6)


def test_random_weights_are_seeded_so_two_builds_agree() -> None:
    first = load_lpips(None, None, "cpu", random_init=True)
    second = load_lpips(None, None, "cpu", random_init=True)

    for (name, a), (_, b) in zip(
        first.network.state_dict().items(), second.network.state_dict().items(), strict=True
    ):
        assert torch.equal(a, b), name


def test_random_weights_lpips_loads_its_two_files_like_the_real_ones(tmp_path: Path) -> None:
    """Save a random network in the real files' formats, load it back through the file path."""
    random_model = load_lpips(None, None, "cpu", random_init=True)
    state = random_model.network.state_dict()
    linear = {f"lin{i}.model.1.weight": state[f"lin{i}.model.1.weight"] for i in range(5)}
    backbone = {}
    for slice_name in ("slice1", "slice2", "slice3", "slice4", "slice5"):
        for key, value in state.items():
            if key.startswith(f"net.{slice_name}."):
                backbone["features." + key.split(".", 2)[2]] = value
    backbone["classifier.1.weight"] = torch.zeros(4, 4)  # the real file has a classifier too
    torch.save(linear, tmp_path / "alex.pth")
    torch.save(backbone, tmp_path / "alexnet-owt-7be5be79.pth")
    reference, pred = render_like(), render_like(blur=3.0)
    pred_array = np.asarray(pred, dtype=np.float32)[None] / 255
    ref_array = np.asarray(reference, dtype=np.float32)[None] / 255

    loaded = load_lpips(tmp_path / "alex.pth", tmp_path / "alexnet-owt-7be5be79.pth", "cpu")

    assert loaded.random_init is False
    assert loaded.distances(pred_array, ref_array) == pytest.approx(
        random_model.distances(pred_array, ref_array), rel=1e-6
    )


@pytest.mark.slow
def test_random_weights_clip_loads_an_open_clip_state_dict_file(tmp_path: Path) -> None:
    """A random ViT-B-32 saved as open_clip's safetensors (fp16, 300 MB) loads through the file path."""
    safetensors = pytest.importorskip("safetensors.torch")
    random_model = load_clip(None, "cpu", random_init=True)
    state = {k: v.half().contiguous() for k, v in random_model.model.state_dict().items()}
    path = tmp_path / "open_clip_model.safetensors"
    safetensors.save_file(state, str(path))
    del state
    images = [np.asarray(render_like(blur=b), dtype=np.float32) / 255 for b in (0.0, 4.0)]

    loaded = load_clip(path, "cpu")

    assert loaded.similarities(images[:1], images[1:]) == pytest.approx(
        random_model.similarities(images[:1], images[1:]), abs=2e-3
    )


def test_random_weights_bad_weight_files_are_unavailable_with_one_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    isolate_weights(tmp_path, monkeypatch)
    garbage = tmp_path / "garbage.pth"
    garbage.write_bytes(b"definitely not a checkpoint")
    config = ImageMetricsConfig(
        alexnet_weights=garbage, clip_weights=garbage, lpips_weights=garbage, device="cpu"
    )
    reference = render_like()

    with caplog.at_level(logging.WARNING, logger=LOGGER):
        for _ in range(3):
            [scores] = score_images([render_like(blur=1.0)], [reference], config=config)
            assert scores.ssim is not None and scores.lpips is None and scores.clip is None

    messages = [r.getMessage() for r in caplog.records if r.name == LOGGER]
    assert len([m for m in messages if "lpips" in m]) == 1, messages
    assert len([m for m in messages if "clip" in m]) == 1, messages
    assert any("cannot be read by torch.load" in m for m in messages)
    availability = get_image_scorer(config).availability()
    assert availability["lpips"].available is False
    assert "could not be loaded" in availability["lpips"].reason


def test_random_weights_models_load_once_under_concurrent_callers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = {"lpips": 0, "clip": 0}
    lock = threading.Lock()
    real_lpips, real_clip = scorer_module.load_lpips, scorer_module.load_clip

    def counting_lpips(*args, **kwargs):
        with lock:
            calls["lpips"] += 1
        return real_lpips(*args, **kwargs)

    def counting_clip(*args, **kwargs):
        with lock:
            calls["clip"] += 1
        return real_clip(*args, **kwargs)

    monkeypatch.setattr(scorer_module, "load_lpips", counting_lpips)
    monkeypatch.setattr(scorer_module, "load_clip", counting_clip)
    reference = render_like()
    preds = [render_like(offset=(i, 0)) for i in range(4)]

    def work(pred):
        return score_images([pred], [reference], config=RANDOM)[0]

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(work, preds))

    assert calls == {"lpips": 1, "clip": 1}
    assert results[0].lpips == 0.0  # offset 0: the reference itself
    assert all(r.lpips is not None and r.clip is not None for r in results)
    assert get_image_scorer(RANDOM) is get_image_scorer(
        ImageMetricsConfig(random_init=True, device="cpu")
    )


def test_random_weights_are_announced_once(caplog: pytest.LogCaptureFixture) -> None:
    reference = render_like()

    with caplog.at_level(logging.WARNING, logger=LOGGER):
        for _ in range(2):
            ImageScorer(RANDOM).score(render_like(blur=1.0), reference, metrics=("lpips",))

    notes = [r.getMessage() for r in caplog.records if "random_init=True" in r.getMessage()]
    assert len(notes) == 1
    assert "meaningless" in notes[0]

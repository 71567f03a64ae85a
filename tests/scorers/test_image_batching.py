"""Image metrics of concurrent samples scored in shared batches (ImageBatcher), and the
scorer's choice of batching.

LPIPS and CLIP run with random weights here (no weight files can be downloaded): the tests
check that batching changes no number, that one bad render fails only its own sample, that a
failed batch reaches each of its callers and that cancelled callers never stall the others.
"""

from __future__ import annotations

import io
import threading
import time
from dataclasses import dataclass

import anyio
import numpy as np
import pytest

pytest.importorskip(
    "torch", reason="LPIPS and CLIP need the image extra: pip install -e '.[image]'"
)
pytest.importorskip("lpips", reason="LPIPS needs the image extra: pip install -e '.[image]'")
pytest.importorskip("open_clip", reason="CLIP needs the image extra: pip install -e '.[image]'")

from code3dbench.scorers.image import ImageLoadError, ImageMetricsConfig, ImageScorer  # noqa: E402
from code3dbench.scorers.image.batching import ImageBatcher  # noqa: E402
from code3dbench.scorers.inspect_scorer import (  # noqa: E402
    StepImageScorer,
    auto_image_batch_size,
)
from tests.scorers.test_image_fixtures import render_like, rgb01  # noqa: E402

RANDOM = ImageMetricsConfig(random_init=True, device="cpu")


@pytest.fixture(scope="module")
def random_scorer() -> ImageScorer:
    scorer = ImageScorer(RANDOM)
    scorer.load()
    return scorer


def png(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def pairs() -> list[tuple[bytes, np.ndarray]]:
    """Six different predictions (encoded, as the scorer reads them) against one reference."""
    reference = rgb01(render_like())
    variants = [
        render_like(offset=(dx, dy), blur=blur)
        for dx, dy, blur in [
            (0, 0, 0),
            (12, 0, 0),
            (0, 20, 1.5),
            (-30, 5, 0),
            (8, 8, 3),
            (40, -10, 0),
        ]
    ]
    return [(png(v), reference) for v in variants]


async def score_concurrently(batcher: ImageBatcher, pairs) -> list:
    results: list = [None] * len(pairs)

    async def one(index: int) -> None:
        try:
            results[index] = await batcher.score(*pairs[index])
        except Exception as error:  # kept to assert on
            results[index] = error

    async with anyio.create_task_group() as group:
        for index in range(len(pairs)):
            group.start_soon(one, index)
    return results


def test_concurrent_pairs_share_batches_and_get_the_unbatched_numbers(random_scorer, pairs) -> None:
    batcher = ImageBatcher(random_scorer, max_batch=4, gather_s=1.0)

    batched = anyio.run(score_concurrently, batcher, pairs)

    assert batcher.batch_sizes == [4, 2]
    for (pred, ref), result in zip(pairs, batched, strict=True):
        alone = random_scorer.score(pred, ref)
        assert result.ssim == alone.ssim and result.mse == alone.mse
        assert result.lpips == pytest.approx(alone.lpips, abs=1e-5)
        assert result.clip == pytest.approx(alone.clip, abs=1e-5)
    # The six predictions differ, so a result handed to the wrong caller would show.
    assert len({round(r.mse, 9) for r in batched}) == len(pairs)


def test_a_broken_render_fails_only_its_own_caller(random_scorer, pairs) -> None:
    broken = (b"\x89PNG\r\n\x1a\n not really", pairs[0][1])
    batcher = ImageBatcher(random_scorer, max_batch=8, gather_s=1.0)

    results = anyio.run(score_concurrently, batcher, [pairs[0], broken, pairs[1]])

    assert isinstance(results[1], ImageLoadError)
    assert results[0].mse == random_scorer.score(*pairs[0]).mse
    assert results[2].mse == random_scorer.score(*pairs[1]).mse
    assert batcher.batch_sizes == [2]


@dataclass
class FailingOnce:
    """An image scorer whose first batch raises (a CUDA out-of-memory error, say)."""

    real: ImageScorer
    calls: int = 0

    def score_pairs(self, preds, refs, batch_size):
        self.calls += 1
        if self.calls == 1:
            raise RuntimeError("CUDA out of memory (simulated)")
        return self.real.score_pairs(preds, refs, batch_size=batch_size)


def test_a_failed_batch_reaches_each_caller_and_the_next_batch_runs(random_scorer, pairs) -> None:
    # A long gather: on a loaded 2-core machine a caller's decode can take longer than 50 ms,
    # and the batch sizes below would then depend on the load.
    batcher = ImageBatcher(FailingOnce(random_scorer), max_batch=8, gather_s=1.0)

    first = anyio.run(score_concurrently, batcher, pairs[:3])
    second = anyio.run(score_concurrently, batcher, pairs[:2])

    assert all(isinstance(r, RuntimeError) and "out of memory" in str(r) for r in first)
    assert [r.mse for r in second] == [random_scorer.score(*p).mse for p in pairs[:2]]
    assert batcher.batch_sizes == [3, 2]


@dataclass
class Slow:
    """An image scorer that holds each batch for a while, so callers queue behind it."""

    real: ImageScorer
    seconds: float = 0.3
    running: threading.Event = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        self.running = threading.Event()

    def score_pairs(self, preds, refs, batch_size):
        self.running.set()
        time.sleep(self.seconds)
        return self.real.score_pairs(preds, refs, batch_size=batch_size)


def test_cancelled_callers_never_stall_the_queue(random_scorer, pairs) -> None:
    slow = Slow(random_scorer)
    batcher = ImageBatcher(slow, max_batch=1)
    finished: dict[str, float] = {}

    async def scenario() -> None:
        async def caller(name: str, pair, scope: anyio.CancelScope | None = None) -> None:
            if scope is None:
                finished[name] = (await batcher.score(*pair)).mse
                return
            with scope:
                finished[name] = (await batcher.score(*pair)).mse

        doomed = anyio.CancelScope()
        with anyio.fail_after(20):
            async with anyio.create_task_group() as group:
                group.start_soon(caller, "leader", pairs[0])
                await anyio.to_thread.run_sync(slow.running.wait)
                # Both queue behind the running batch; the first would lead next.
                group.start_soon(caller, "cancelled", pairs[1], doomed)
                await anyio.sleep(0.05)
                group.start_soon(caller, "last", pairs[2])
                await anyio.sleep(0.05)
                doomed.cancel()

    anyio.run(scenario)

    assert set(finished) == {"leader", "last"}
    assert finished["last"] == random_scorer.score(*pairs[2]).mse
    assert batcher.batch_sizes == [1, 1]


def test_batcher_rejects_bad_settings(random_scorer) -> None:
    with pytest.raises(ValueError, match="max_batch"):
        ImageBatcher(random_scorer, max_batch=0)
    with pytest.raises(ValueError, match="gather_s"):
        ImageBatcher(random_scorer, max_batch=2, gather_s=-1)
    with pytest.raises(ValueError, match="image_batch_size"):
        StepImageScorer(0)


@dataclass
class Availability:
    available: bool


@dataclass
class FakeDevice:
    """What auto_image_batch_size reads from an image scorer: availability and device."""

    torch_metrics: bool
    device: str

    def availability(self) -> dict[str, Availability]:
        return {
            "ssim": Availability(True),
            "mse": Availability(True),
            "lpips": Availability(self.torch_metrics),
            "clip": Availability(False),
        }


def test_batches_only_when_lpips_or_clip_run_on_a_cuda_device(random_scorer) -> None:
    assert auto_image_batch_size(FakeDevice(torch_metrics=True, device="cuda")) == 32
    assert auto_image_batch_size(FakeDevice(torch_metrics=True, device="cuda:1")) == 32
    assert auto_image_batch_size(FakeDevice(torch_metrics=True, device="cpu")) == 1
    assert auto_image_batch_size(FakeDevice(torch_metrics=False, device="cuda")) == 1
    assert auto_image_batch_size(random_scorer) == 1  # this machine: CPU

"""Batch the image metrics of concurrent samples into shared LPIPS/CLIP forward passes.

Inside an evaluation every sample is scored on its own, as it finishes. On a GPU one forward
pass over 32 pairs costs about as much as over one, so `ImageBatcher` gathers the pairs that
samples submit at about the same time and scores them together: the first waiting request
leads, waits ``gather_s`` for company, scores up to ``max_batch`` queued pairs in a worker
thread, and hands the lead to the oldest request still queued. Under light load a batch holds
one pair; while a batch runs on the device the next one fills up. The numbers do not depend
on the batching (tests/scorers/test_image_batching.py).

Each pair is decoded and checked by its own request first, so a broken render fails only its
own sample. One batcher serves one event loop (an Inspect scorer instance).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import anyio
import numpy as np

from code3dbench.scorers.image.images import ImageInput, load_pair
from code3dbench.scorers.image.scorer import ImageScorer
from code3dbench.scorers.image.scores import ImageScores

GPU_BATCH_SIZE = 32
"""Pairs per forward pass when the image metrics run on a GPU (the scorer's default)."""

GPU_GATHER_S = 0.05
"""How long a batch's leader waits for more pairs before it scores (the scorer's default)."""


@dataclass(eq=False)
class _Request:
    pred: np.ndarray
    ref: np.ndarray
    wake: anyio.Event = field(default_factory=anyio.Event)
    result: ImageScores | None = None
    error: BaseException | None = None

    @property
    def done(self) -> bool:
        return self.result is not None or self.error is not None

    def outcome(self) -> ImageScores:
        if self.error is not None:
            raise self.error
        assert self.result is not None
        return self.result


class ImageBatcher:
    """Scores image pairs for concurrent callers in shared batches.

    Attributes:
        scorer: The image scorer whose models run the batches.
        max_batch: Most pairs in one `ImageScorer.score_pairs` call.
        gather_s: Seconds a leader waits for more pairs before scoring.
        batch_sizes: Size of every batch scored so far, in order (for logs and tests).
    """

    def __init__(self, scorer: ImageScorer, max_batch: int, gather_s: float = 0.0) -> None:
        """Create an idle batcher.

        Args:
            scorer: The image scorer to run.
            max_batch: Most pairs per batch (at least 1).
            gather_s: Seconds to wait for more pairs before a batch is scored (>= 0).
        """
        if max_batch < 1:
            raise ValueError(f"max_batch must be at least 1, got {max_batch}")
        if gather_s < 0:
            raise ValueError(f"gather_s must not be negative, got {gather_s}")
        self.scorer = scorer
        self.max_batch = max_batch
        self.gather_s = gather_s
        self.batch_sizes: list[int] = []
        self._queue: list[_Request] = []
        self._leader: _Request | None = None

    async def score(self, pred: ImageInput, ref: ImageInput) -> ImageScores:
        """Score one prediction against its reference, batched with concurrent calls.

        Raises:
            ImageError: This pair cannot be read or differs in size (only this call fails).
        """
        pred_rgb, ref_rgb = await anyio.to_thread.run_sync(load_pair, pred, ref)
        request = _Request(pred_rgb, ref_rgb)
        self._queue.append(request)
        if self._leader is None:
            self._leader = request
        else:
            try:
                await request.wake.wait()
            except BaseException:  # cancelled while queued: leave, and pass the lead if held
                self._withdraw(request)
                raise
            if request.done:
                return request.outcome()
        try:
            if self.gather_s > 0:
                await anyio.sleep(self.gather_s)
            while not request.done:
                await self._run_batch()
        finally:
            self._withdraw(request)
        return request.outcome()

    async def _run_batch(self) -> None:
        batch = self._queue[: self.max_batch]
        del self._queue[: len(batch)]
        self.batch_sizes.append(len(batch))
        try:
            results = await anyio.to_thread.run_sync(
                lambda: self.scorer.score_pairs(
                    [r.pred for r in batch], [r.ref for r in batch], batch_size=len(batch)
                )
            )
        except Exception as error:  # every caller of the batch sees the failure
            for request in batch:
                request.error = error
        else:
            for request, result in zip(batch, results, strict=True):
                request.result = result
        for request in batch:
            if request is not self._leader:
                request.wake.set()

    def _withdraw(self, request: _Request) -> None:
        """Take a finished or cancelled request out; if it led, the oldest queued one leads."""
        if request in self._queue:
            self._queue.remove(request)
        if self._leader is request:
            self._leader = self._queue[0] if self._queue else None
            if self._leader is not None:
                self._leader.wake.set()

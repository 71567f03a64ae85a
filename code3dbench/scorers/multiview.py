"""Multi-view diagnostics of a step: silhouette IoU and image metrics over the pinned views.

Every executed step and every ground truth are drawn from the same pinned views
(:mod:`code3dbench.sandbox.views`) by the trusted render page, into one ``views.png`` strip.
For each step the score carries, beside the paper's single-view keys and never instead of them:

- ``mv_iou``: the mean over views of the silhouette IoU of the object masks
  (|pred AND truth| / |pred OR truth|; 1 where both masks are empty). It sees shape only:
  depth, proportions and parts hidden from the reference camera, not colour or surface detail.
- ``mv_ssim``, ``mv_mse``, ``mv_lpips``, ``mv_clip``: the image metrics of each view's colour
  render against the truth's, averaged over the views (256 px views; the single-view keys use
  the 512 px reference render). They mix shape with colour and lighting, as their single-view
  counterparts do.

A failed execution counts as 0 for ``mv_iou`` (as for F and NC) and NaN for the image means
(as for the single-view image metrics). A step without a strip (a log from before the views
existed) is NaN everywhere, with a note.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import anyio
import numpy as np

from code3dbench.sandbox.host import VIEWS_FILE
from code3dbench.sandbox.views import ViewsStrip, ViewsStripError, pinned_views, read_strip
from code3dbench.scorers.image import METRIC_NAMES, ImageError, get_image_scorer
from code3dbench.solvers.artifacts import ArtifactMissingError, read_artifact
from code3dbench.solvers.steps import StepRecord

NAN = float("nan")
MV_IMAGE_KEYS = tuple(f"mv_{name}" for name in METRIC_NAMES)
MV_KEYS = ("mv_iou", *MV_IMAGE_KEYS)
"""The multi-view keys of a step (``{setting}_mv_iou`` etc. in the score)."""


def failed_multiview() -> dict[str, float]:
    """A model failure: no silhouette (IoU 0), image means undefined."""
    return {"mv_iou": 0.0, **dict.fromkeys(MV_IMAGE_KEYS, NAN)}


def unscored_multiview() -> dict[str, float]:
    """Nothing known (a sandbox fault, or no views to compare)."""
    return dict.fromkeys(MV_KEYS, NAN)


def silhouette_iou(pred: np.ndarray, truth: np.ndarray) -> float:
    """IoU of two boolean masks; 1.0 when both are empty."""
    union = int(np.logical_or(pred, truth).sum())
    if union == 0:
        return 1.0
    return float(np.logical_and(pred, truth).sum()) / union


@dataclass(frozen=True)
class MultiviewScores:
    """A step's multi-view values and the IoU of each view (by name)."""

    values: dict[str, float]
    iou_by_view: dict[str, float]


def compare_strips(pred: ViewsStrip, truth: ViewsStrip, images: bool) -> MultiviewScores:
    """Per-view IoU and, when ``images``, the view-averaged image metrics (blocking).

    Raises:
        ImageError: The image metrics cannot read a view.
    """
    names = pinned_views().names
    ious = [silhouette_iou(p, t) for p, t in zip(pred.masks, truth.masks, strict=True)]
    values = unscored_multiview() | {"mv_iou": float(np.mean(ious))}
    if images:
        scored = get_image_scorer().score_pairs(
            list(pred.colours), list(truth.colours), batch_size=len(pred.colours)
        )
        for name in METRIC_NAMES:
            found = [getattr(s, name) for s in scored if getattr(s, name) is not None]
            values[f"mv_{name}"] = float(np.mean(found)) if len(found) == len(scored) else NAN
    return MultiviewScores(values, dict(zip(names, ious, strict=True)))


@dataclass
class TruthViews:
    """A sample's reference views strip, decoded once for all its steps."""

    path: Path | None

    @cached_property
    def strip(self) -> ViewsStrip:
        """The decoded strip (ViewsStripError when absent or malformed; not cached then)."""
        if self.path is None:
            raise ViewsStripError("the sample names no reference views (a log from before them)")
        try:
            data = self.path.read_bytes()
        except OSError as err:
            raise ViewsStripError(f"reference views {self.path}: {err}") from err
        return read_strip(data)


def truth_views(metadata: dict) -> TruthViews:
    """The reference views named by a sample's metadata (None path for older logs)."""
    path = metadata.get("reference_views")
    return TruthViews(Path(path) if path else None)


def _step_scores(record: StepRecord, truth: TruthViews, images: bool) -> MultiviewScores:
    assert record.artifacts is not None
    if record.artifacts.views_sha256 is None:
        raise ViewsStripError(f"step {record.step} has no {VIEWS_FILE} (run before the views)")
    data = read_artifact(record.artifacts, VIEWS_FILE, record.artifacts.views_sha256)
    return compare_strips(read_strip(data), truth.strip, images)


async def score_multiview(
    record: StepRecord, truth: TruthViews, images: bool
) -> tuple[MultiviewScores, str]:
    """The multi-view values of an executed step, and a note when they could not be computed."""
    try:
        scores = await anyio.to_thread.run_sync(_step_scores, record, truth, images)
    except (ArtifactMissingError, ViewsStripError, ImageError) as err:
        return MultiviewScores(unscored_multiview(), {}), f"step {record.step}: views: {err}"
    return scores, ""


def describe_iou(iou_by_view: dict[str, float]) -> str:
    """One line: the IoU of each view, e.g. ``reference 0.97, front 0.91, ...``."""
    return ", ".join(
        f"{name} {'n/a' if math.isnan(value) else f'{value:.2f}'}"
        for name, value in iou_by_view.items()
    )

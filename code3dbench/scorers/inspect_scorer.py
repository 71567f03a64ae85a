"""The Inspect scorer ``code3dbench/geometry_and_image``: every step scored on the host.

Each step's GLB and render are read from the artifacts folder (checked against the hashes in
the store), compared with the sample's ground-truth mesh and reference image, and summarised
for three settings: ``single`` (step 1), ``final`` (the last step) and ``best`` (the executable
step with the lowest CD). The score's value holds, for each setting ``s``::

    s_exec s_cd s_f1 s_f2 s_f5 s_nc s_ssim s_mse s_lpips s_clip
    s_mv_iou s_mv_ssim s_mv_mse s_mv_lpips s_mv_clip

(the ``mv_`` keys are multi-view diagnostics over the pinned views, beside the paper's
single-view keys: :mod:`code3dbench.scorers.multiview`; each step's metadata also holds the IoU
of every view as ``mv_iou_<view>``)

plus ``exec_step_k`` for every step and ``sandbox_error`` (1 when any step hit an
infrastructure fault, or when the sample's reference image could not be prepared, so the model
was never asked). For the agent (``agent=True``) the steps are the programs it executed, its
runs then its submission; ``final`` is the submitted program, or for an agent that never
submitted its last executable run (else its last run; an agent that ran nothing failed), and
the value adds ``runs`` (programs run) and ``submitted`` (0 or 1).

Aggregation follows design.md: the means of ``exec``, F and NC run over
all samples with failed executions counted as 0; CD and the image metrics are NaN for failed
executions, so their means run over executable samples only, and ``*_cd`` also reports that
count. A missing metric is always NaN, never None (Inspect would read None as 0, a perfect CD).
A step lost to a sandbox fault is NaN everywhere: it is not the model's failure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import anyio
import numpy as np
from inspect_ai.scorer import (
    Metric,
    SampleScore,
    Score,
    Scorer,
    Target,
    mean,
    metric,
    scorer,
    stderr,
)
from inspect_ai.solver import TaskState
from inspect_ai.util import store_as

from code3dbench.sandbox.host import GLB_FILE, RENDER_FILE
from code3dbench.scorers.geometry import (
    GeometryError,
    TriangleMesh,
    load_mesh,
    load_mesh_bytes,
    score_meshes,
)
from code3dbench.scorers.image import (
    TORCH_METRICS,
    ImageError,
    ImageScorer,
    ImageScores,
    get_image_scorer,
    load_rgb,
)
from code3dbench.scorers.image.batching import GPU_BATCH_SIZE, GPU_GATHER_S, ImageBatcher
from code3dbench.scorers.multiview import (
    MV_KEYS,
    TruthViews,
    failed_multiview,
    score_multiview,
    truth_views,
)
from code3dbench.solvers.artifacts import ArtifactMissingError, read_artifact
from code3dbench.solvers.feedback import step_title
from code3dbench.solvers.steps import CodeSteps, StepRecord

NAN = float("nan")
SETTINGS = ("single", "final", "best")
GEOMETRY_KEYS = ("cd", "f1", "f2", "f5", "nc")
IMAGE_KEYS = ("ssim", "mse", "lpips", "clip")
STEP_KEYS = ("exec", *GEOMETRY_KEYS, *IMAGE_KEYS, *MV_KEYS)


@dataclass
class StepScores:
    """The metrics of one step; ``note`` explains anything that could not be computed."""

    values: dict[str, float]
    note: str = ""
    iou_by_view: dict[str, float] = field(default_factory=dict)


def failed_values() -> dict[str, float]:
    """A model failure: not executable, F and NC count as 0, CD and images undefined."""
    return {
        "exec": 0.0,
        "cd": NAN,
        "f1": 0.0,
        "f2": 0.0,
        "f5": 0.0,
        "nc": 0.0,
        **dict.fromkeys(IMAGE_KEYS, NAN),
        **failed_multiview(),
    }


def unscored_values() -> dict[str, float]:
    """An infrastructure fault: nothing is known about the model's program."""
    return dict.fromkeys(STEP_KEYS, NAN)


def _none_to_nan(value: float | None) -> float:
    return NAN if value is None else float(value)


@dataclass
class SampleTruth:
    """A sample's ground-truth mesh and reference image, each loaded once for all its steps."""

    mesh_path: Path
    image_path: Path
    views: TruthViews | None = None

    @cached_property
    def mesh(self) -> TriangleMesh:
        """The ground-truth mesh (GeometryError when it cannot be loaded; not cached then)."""
        return load_mesh(self.mesh_path)

    @cached_property
    def image(self) -> np.ndarray:
        """The reference image as RGB in [0, 1] (ImageError when unreadable)."""
        return load_rgb(self.image_path)


def geometry_values(record: StepRecord, truth: SampleTruth) -> dict[str, float]:
    """CD, F@1/2/5 and NC of an executed step (blocking: run it in a worker thread).

    Raises:
        ArtifactMissingError: The step's GLB is missing or changed since the run.
        GeometryError: The GLB or the ground truth cannot be read as a mesh.
    """
    glb = read_artifact(record.artifacts, GLB_FILE, record.artifacts.glb_sha256)
    geometry = score_meshes(load_mesh_bytes(glb, name=f"step {record.step}"), truth.mesh)
    return {key: float(getattr(geometry, key)) for key in GEOMETRY_KEYS}


class StepImageScorer:
    """Image metrics of a step's render, one pair at a time or in batches across samples.

    ``batch_size`` None decides on first use: batches of `GPU_BATCH_SIZE` pairs when LPIPS or
    CLIP can run and run on a CUDA device, else one pair at a time in a worker thread (on the
    CPU a batch is no faster, and one pair at a time lets samples score in parallel).
    """

    def __init__(self, batch_size: int | None = None) -> None:
        """Create it; ``batch_size`` 1 never batches, N > 1 always does, None decides."""
        if batch_size is not None and batch_size < 1:
            raise ValueError(f"image_batch_size must be at least 1, got {batch_size}")
        self.batch_size = batch_size
        self.batcher: ImageBatcher | None = None

    async def score(self, render: bytes, reference: np.ndarray) -> ImageScores:
        """Score one render against the reference image (ImageError when unreadable)."""
        scorer = get_image_scorer()
        if self.batch_size is None:
            self.batch_size = await anyio.to_thread.run_sync(auto_image_batch_size, scorer)
        if self.batch_size == 1:
            return await anyio.to_thread.run_sync(scorer.score, render, reference)
        if self.batcher is None or self.batcher.scorer is not scorer:
            self.batcher = ImageBatcher(scorer, self.batch_size, GPU_GATHER_S)
        return await self.batcher.score(render, reference)


def auto_image_batch_size(scorer: ImageScorer) -> int:
    """`GPU_BATCH_SIZE` when a torch metric is available and runs on CUDA, else 1."""
    availability = scorer.availability()
    if not any(availability[name].available for name in TORCH_METRICS):
        return 1
    try:
        device = scorer.device
    except ValueError:  # reported when the metrics are scored
        return 1
    return GPU_BATCH_SIZE if device.split(":")[0] == "cuda" else 1


async def score_step(
    record: StepRecord, truth: SampleTruth, images: StepImageScorer | None
) -> StepScores:
    """Score one step against the ground truth; ``images`` None skips the image metrics.

    A step whose mesh came from an image-to-3D model (``source`` mesh) ran no program: its
    ``exec`` is NaN (not applicable), whatever the other metrics.
    """
    scores = await _score_step(record, truth, images)
    if record.source == "mesh":
        scores.values["exec"] = NAN
    return scores


async def _score_step(
    record: StepRecord, truth: SampleTruth, images: StepImageScorer | None
) -> StepScores:
    if record.sandbox_fault:
        return StepScores(unscored_values(), f"step {record.step}: sandbox error, not scored")
    if not record.executed or record.artifacts is None:
        return StepScores(failed_values())
    values = failed_values() | {"exec": 1.0}
    notes = []
    try:
        values.update(await anyio.to_thread.run_sync(geometry_values, record, truth))
    except (ArtifactMissingError, GeometryError) as err:
        notes.append(f"step {record.step}: geometry not scored: {err}")
    if images is not None:
        try:
            render = await anyio.to_thread.run_sync(
                read_artifact, record.artifacts, RENDER_FILE, record.artifacts.render_sha256
            )
            reference = await anyio.to_thread.run_sync(lambda: truth.image)
            image = await images.score(render, reference)
            values.update(
                ssim=_none_to_nan(image.ssim),
                mse=_none_to_nan(image.mse),
                lpips=_none_to_nan(image.lpips),
                clip=_none_to_nan(image.clip),
            )
        except (ArtifactMissingError, ImageError) as err:
            notes.append(f"step {record.step}: images not scored: {err}")
    iou_by_view: dict[str, float] = {}
    if truth.views is not None:
        multiview, note = await score_multiview(record, truth.views, images is not None)
        values.update(multiview.values)
        iou_by_view = multiview.iou_by_view
        notes += [note] if note else []
    return StepScores(values, "; ".join(notes), iou_by_view)


def best_step(records: list[StepRecord], scores: list[StepScores]) -> int | None:
    """Index of the executable step with the lowest CD (ties: the earliest), else None."""
    candidates = [
        (s.values["cd"], i)
        for i, (r, s) in enumerate(zip(records, scores, strict=True))
        if r.executed and not math.isnan(s.values["cd"])
    ]
    return min(candidates)[1] if candidates else None


def final_step(records: list[StepRecord]) -> int | None:
    """Index of the step ``final`` scores (None without steps).

    The submission; for an agent that never submitted, its last executable run (else its last
    run); for the other settings, the last step.
    """
    if not records:
        return None
    submissions = [i for i, r in enumerate(records) if r.kind == "submit"]
    if submissions:
        return submissions[-1]
    if any(r.kind == "run" for r in records):
        executed = [i for i, r in enumerate(records) if r.executed]
        if executed:
            return executed[-1]
    return len(records) - 1


def agent_values(records: list[StepRecord]) -> dict[str, float]:
    """The agent's own keys: programs run, and whether it submitted."""
    return {
        "runs": float(sum(1 for r in records if r.kind == "run")),
        "submitted": float(any(r.kind == "submit" for r in records)),
    }


def summarise(
    records: list[StepRecord], scores: list[StepScores], max_steps: int, agent: bool = False
) -> dict:
    """The Score value: single, final and best@<=N, executability by step, sandbox faults.

    An agent that executed nothing failed (its ``exec`` is 0); a sample of another setting
    without steps was never asked (NaN).
    """
    value: dict[str, float] = {}
    final_index = final_step(records)
    if scores and final_index is not None:
        single, final = scores[0].values, scores[final_index].values
        best_index = best_step(records, scores)
        if best_index is not None:
            best = scores[best_index].values
        elif all(r.sandbox_fault for r in records):
            best = unscored_values()
        else:
            best = failed_values()
            if all(r.source == "mesh" for r in records):
                best["exec"] = NAN  # no program: not applicable
    else:
        single = final = best = failed_values() if agent else unscored_values()
    for setting, values in zip(SETTINGS, (single, final, best), strict=True):
        value.update({f"{setting}_{key}": values[key] for key in STEP_KEYS})
    for step in range(1, max_steps + 1):
        value[f"exec_step_{step}"] = scores[step - 1].values["exec"] if step <= len(scores) else NAN
    value["sandbox_error"] = float(any(r.sandbox_fault for r in records))
    if agent:
        value |= agent_values(records)
    return value


@metric
def count() -> Metric:
    """How many samples have a value (for CD: the executable samples behind its mean)."""

    def compute(scores: list[SampleScore]) -> float:
        return float(sum(1 for s in scores if not math.isnan(s.score.as_float())))

    return compute


SCORE_METRICS: dict[str, list[Metric]] = {"*": [mean(), stderr()], "*_cd": [count()]}
"""Mean and standard error of every key; CD also counts the samples behind its mean."""


def _explanation(
    records: list[StepRecord], scores: list[StepScores], best: int | None, agent: bool
) -> str:
    lines = []
    for record, step in zip(records, scores, strict=True):
        v = step.values
        title = step_title(record)
        if record.executed:
            lines.append(
                f"{title}: ok, CD {v['cd']:.2f}, F@5 {v['f5']:.3f}, NC {v['nc']:.3f}, "
                f"SSIM {v['ssim']:.3f}, multi-view IoU {v['mv_iou']:.3f}"
            )
        else:
            lines.append(f"{title}: {record.status.value}: {record.error or ''}")
        if step.note:
            lines.append(f"  note: {step.note}")
    lines.append(f"best step: {best + 1 if best is not None else 'none executable'}")
    if agent and not any(r.kind == "submit" for r in records):
        final = final_step(records)
        lines.append(
            "not submitted: final is "
            + (f"step {final + 1}, the last executable run" if final is not None else "nothing run")
        )
    return "\n".join(lines)


def geometry_and_image_scorer(
    max_steps: int = 3,
    images: bool = True,
    image_batch_size: int | None = None,
    agent: bool = False,
) -> Scorer:
    """Build the scorer (see the module docstring); registered as geometry_and_image."""
    image_scorer = StepImageScorer(image_batch_size) if images else None

    async def score(state: TaskState, target: Target) -> Score:
        code_steps = store_as(CodeSteps)
        if code_steps.reference_error is not None:
            not_asked = {"sandbox_error": 1.0} | (
                dict.fromkeys(agent_values([]), NAN) if agent else {}
            )
            return Score(
                value=summarise([], [], max_steps, agent) | not_asked,
                answer="reference_error",
                explanation=f"not run: {code_steps.reference_error}",
                metadata={
                    "steps": [],
                    "best_step": None,
                    "category": state.metadata.get("category"),
                },
            )
        records = code_steps.steps
        truth = SampleTruth(
            Path(state.metadata["ground_truth"]),
            Path(state.metadata["reference_image"]),
            truth_views(state.metadata),
        )
        step_scores = [await score_step(r, truth, image_scorer) for r in records]
        best = best_step(records, step_scores)
        final = final_step(records)
        metadata: dict[str, Any] = {
            "steps": [
                {
                    "step": r.step,
                    "kind": r.kind,
                    "status": r.status.value,
                    **s.values,
                    **{f"mv_iou_{view}": v for view, v in s.iou_by_view.items()},
                }
                for r, s in zip(records, step_scores, strict=True)
            ],
            "best_step": best + 1 if best is not None else None,
            "final_step": final + 1 if final is not None else None,
            "category": state.metadata.get("category"),
        }
        return Score(
            value=summarise(records, step_scores, max_steps, agent),
            answer=records[final].status.value if final is not None else None,
            explanation=_explanation(records, step_scores, best, agent),
            metadata=metadata,
        )

    return score


@scorer(metrics=SCORE_METRICS, name="geometry_and_image")
def geometry_and_image(
    max_steps: int = 3,
    images: bool = True,
    image_batch_size: int | None = None,
    agent: bool = False,
) -> Scorer:
    """Geometry (CD, F@1/2/5, NC) and image (SSIM, MSE, LPIPS, CLIP) metrics of every step.

    Args:
        max_steps: The solver's step budget (keys ``exec_step_1..max_steps``; for the agent
            ``max_runs + 1``, its runs and its submission).
        images: Compute the image metrics (SSIM and MSE always work; LPIPS and CLIP need
            the ``image`` extra and their weights, downloaded on first use unless offline;
            without them they are NaN with one warning).
        image_batch_size: Renders of concurrent samples scored in one LPIPS/CLIP pass; None
            batches (32) when those run on a CUDA GPU and scores one at a time otherwise.
        agent: Score the agent setting: ``final`` is the submission (or the last executable
            run), plus the keys ``runs`` and ``submitted``.
    """
    return geometry_and_image_scorer(max_steps, images, image_batch_size, agent)

"""Orientation-robust diagnostic: best of the 24 axis rotations, then rigid ICP.

A program can model the right object facing the wrong way (Three.js is Y-up, but
"front" is a convention). This diagnostic tells such an answer apart from a wrong
shape. It never replaces the main numbers.

Rotations turn the normalized prediction about the origin, its bounding-box centre:
an axis-aligned rotation maps the box onto a box with the same centre and longest
side, so no re-normalization is needed. Mirror images (determinant -1) are not
tried. Steps:

1. search: the Chamfer distance of each of the 24 rotations on an evenly strided
   subset of `ALIGN_SEARCH_SAMPLES` points per side (a wrong rotation makes the
   nearest-neighbour queries slow, and the ranking needs few points);
2. the winner is evaluated on all samples and kept only if it beats the identity
   there (so the diagnostic never reports a worse Chamfer distance than the main one);
3. ICP (optional): symmetric point-to-point steps on the subset (each step solves the
   weighted Kabsch problem on both directions' correspondences, which cannot raise
   the subset's Chamfer distance), rigid (rotation and translation, no scale),
   deterministic; the result is kept only if it also lowers the full Chamfer distance.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

from code3dbench.scorers.geometry.backends import GeometryBackend, NeighbourIndex, Neighbours
from code3dbench.scorers.geometry.constants import (
    ALIGN_SEARCH_SAMPLES,
    CD_REPORT_SCALE,
    ICP_MAX_ITERATIONS,
    ICP_RELATIVE_TOLERANCE,
)
from code3dbench.scorers.geometry.metrics import chamfer_distance, f_score
from code3dbench.scorers.geometry.sampling import SurfaceSamples
from code3dbench.scorers.geometry.scores import AlignedScores


def axis_rotations() -> np.ndarray:
    """The 24 proper rotations that map coordinate axes onto coordinate axes.

    Returns:
        Integer array of shape (24, 3, 3), signed permutation matrices with
        determinant +1; the identity comes first.
    """
    rotations = []
    for permutation in itertools.permutations(range(3)):
        for signs in itertools.product((1, -1), repeat=3):
            matrix = np.zeros((3, 3), dtype=np.int64)
            matrix[np.arange(3), permutation] = signs
            if round(np.linalg.det(matrix)) == 1:
                rotations.append(matrix)
    return np.stack(rotations)


@dataclass(frozen=True)
class _Cloud:
    """Points of one side and a nearest-neighbour index over them."""

    points: np.ndarray
    index: NeighbourIndex


@dataclass(frozen=True)
class _Fit:
    """A rigid transform p -> rotation @ p + translation of the prediction, and its result."""

    rotation: np.ndarray
    translation: np.ndarray
    pred_to_gt: Neighbours
    gt_to_pred: Neighbours
    chamfer: float


def _evaluate(pred: _Cloud, gt: _Cloud, rotation: np.ndarray, translation: np.ndarray) -> _Fit:
    """Neighbours and Chamfer distance with the prediction moved rigidly.

    Both indices stay on the untransformed points: for the ground truth's queries,
    moving the prediction by (R, t) is the same as moving the ground truth by the
    inverse, since rigid motions preserve distances.
    """
    pred_to_gt = gt.index.query(pred.points @ rotation.T + translation)
    gt_to_pred = pred.index.query((gt.points - translation) @ rotation)
    return _Fit(
        rotation=rotation,
        translation=translation,
        pred_to_gt=pred_to_gt,
        gt_to_pred=gt_to_pred,
        chamfer=chamfer_distance(pred_to_gt, gt_to_pred),
    )


def _kabsch(
    sources: np.ndarray, targets: np.ndarray, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Rotation and translation minimising sum w |R s + t - d|^2 (no reflection)."""
    total = weights.sum()
    source_mean = weights @ sources / total
    target_mean = weights @ targets / total
    covariance = (sources - source_mean).T @ ((targets - target_mean) * weights[:, None])
    u, _, vt = np.linalg.svd(covariance)
    reflection_fix = np.diag([1.0, 1.0, np.sign(np.linalg.det(vt.T @ u.T))])
    rotation = vt.T @ reflection_fix @ u.T
    return rotation, target_mean - rotation @ source_mean


def _icp(pred: _Cloud, gt: _Cloud, start: _Fit) -> tuple[_Fit, int]:
    """Symmetric point-to-point ICP from `start`; returns the last improving fit and steps."""
    # Each direction is a mean in the Chamfer distance, so its pairs weigh 1/count.
    weights = np.concatenate(
        [
            np.full(len(pred.points), 1.0 / len(pred.points)),
            np.full(len(gt.points), 1.0 / len(gt.points)),
        ]
    )
    best, steps = start, 0
    for _ in range(ICP_MAX_ITERATIONS):
        sources = np.concatenate([pred.points, pred.points[best.gt_to_pred.indices]])
        targets = np.concatenate([gt.points[best.pred_to_gt.indices], gt.points])
        candidate = _evaluate(pred, gt, *_kabsch(sources, targets, weights))
        if not candidate.chamfer < best.chamfer:
            break
        previous = best.chamfer
        best, steps = candidate, steps + 1
        if previous - best.chamfer < ICP_RELATIVE_TOLERANCE * previous:
            break
    return best, steps


def _cloud(points: np.ndarray, backend: GeometryBackend) -> _Cloud:
    return _Cloud(points=points, index=backend.index(points))


def align_samples(
    pred: SurfaceSamples,
    gt: SurfaceSamples,
    backend: GeometryBackend,
    *,
    f5_threshold: float,
    icp: bool = True,
) -> AlignedScores:
    """Best axis rotation of the prediction (by Chamfer distance), optionally refined by ICP.

    Args:
        pred: Samples of the normalized prediction.
        gt: Samples of the normalized ground truth.
        backend: Backend whose nearest-neighbour search is used.
        f5_threshold: Distance threshold of the reported F-score (`f5_aligned`).
        icp: Refine the best rotation with rigid ICP.

    Returns:
        The diagnostic; ties between rotations go to the first in `axis_rotations()`.
    """
    rotations = axis_rotations().astype(np.float64)
    no_translation = np.zeros(3)
    full_pred, full_gt = _cloud(pred.points, backend), _cloud(gt.points, backend)
    pred_stride = math.ceil(len(pred) / ALIGN_SEARCH_SAMPLES)
    gt_stride = math.ceil(len(gt) / ALIGN_SEARCH_SAMPLES)
    search_pred = _cloud(pred.points[::pred_stride], backend)
    search_gt = _cloud(gt.points[::gt_stride], backend)

    search = [_evaluate(search_pred, search_gt, r, no_translation) for r in rotations]
    winner = int(np.argmin([fit.chamfer for fit in search]))
    axis_choice = 0
    best = _evaluate(full_pred, full_gt, rotations[0], no_translation)
    if winner != 0:
        rotated = _evaluate(full_pred, full_gt, rotations[winner], no_translation)
        if rotated.chamfer < best.chamfer:
            best, axis_choice = rotated, winner
    steps = 0
    if icp:
        refined, subset_steps = _icp(search_pred, search_gt, search[axis_choice])
        if subset_steps:
            candidate = _evaluate(full_pred, full_gt, refined.rotation, refined.translation)
            if candidate.chamfer < best.chamfer:
                best, steps = candidate, subset_steps
    return AlignedScores(
        cd_aligned=best.chamfer * CD_REPORT_SCALE,
        f5_aligned=f_score(best.pred_to_gt, best.gt_to_pred, f5_threshold),
        rotation=tuple(tuple(int(v) for v in row) for row in rotations[axis_choice]),
        icp_iterations=steps,
    )

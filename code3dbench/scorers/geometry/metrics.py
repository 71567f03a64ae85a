"""The metric definitions, from nearest-neighbour results in both directions.

With P the predicted samples, G the ground-truth samples, d(p, G) the Euclidean
distance from p to its nearest point of G:

- Chamfer distance: mean_p d(p, G)^2 + mean_g d(g, P)^2 (squared distances, sum of
  the two means, as PyTorch3D's `chamfer_distance` defaults), unscaled here.
- F-score at t: precision = share of p with d(p, G) < t, recall = share of g with
  d(g, P) < t, F = 2PR / (P + R), 0 when P + R = 0.
- Normal consistency: mean |cos| between each point's normal and its nearest
  neighbour's normal, averaged over both directions (absolute value: the winding of
  Three.js output is not reliable).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from code3dbench.scorers.geometry.backends import Neighbours


@dataclass(frozen=True)
class RawMetrics:
    """Metrics before capping and scaling.

    Attributes:
        chamfer: Chamfer distance in squared normalized units (not x 10^3).
        f_scores: F-score name -> value in [0, 1].
        normal_consistency: Mean |cos| in [0, 1].
    """

    chamfer: float
    f_scores: dict[str, float]
    normal_consistency: float


def chamfer_distance(pred_to_gt: Neighbours, gt_to_pred: Neighbours) -> float:
    """Sum of the two mean squared nearest-neighbour distances."""
    return float(np.mean(pred_to_gt.distances**2) + np.mean(gt_to_pred.distances**2))


def f_score(pred_to_gt: Neighbours, gt_to_pred: Neighbours, threshold: float) -> float:
    """Harmonic mean of precision and recall at distance `threshold` (strictly below)."""
    precision = float(np.mean(pred_to_gt.distances < threshold))
    recall = float(np.mean(gt_to_pred.distances < threshold))
    if precision + recall == 0.0:
        return 0.0
    return 2.0 * precision * recall / (precision + recall)


def normal_consistency(
    pred_normals: np.ndarray,
    gt_normals: np.ndarray,
    pred_to_gt: Neighbours,
    gt_to_pred: Neighbours,
) -> float:
    """Mean |cos| between matched normals, averaged over the two directions."""
    pred_side = np.abs(np.einsum("ij,ij->i", pred_normals, gt_normals[pred_to_gt.indices]))
    gt_side = np.abs(np.einsum("ij,ij->i", gt_normals, pred_normals[gt_to_pred.indices]))
    # Unit normals give |cos| <= 1 up to rounding; clip the rounding away.
    return float(0.5 * (np.mean(np.minimum(pred_side, 1.0)) + np.mean(np.minimum(gt_side, 1.0))))


def compute_metrics(
    pred_normals: np.ndarray,
    gt_normals: np.ndarray,
    pred_to_gt: Neighbours,
    gt_to_pred: Neighbours,
    thresholds: Mapping[str, float],
) -> RawMetrics:
    """All metrics of one pair from its nearest-neighbour results.

    Args:
        pred_normals: Unit normals of the predicted samples, (N, 3).
        gt_normals: Unit normals of the ground-truth samples, (M, 3).
        pred_to_gt: Nearest ground-truth sample of each predicted sample.
        gt_to_pred: Nearest predicted sample of each ground-truth sample.
        thresholds: F-score name -> distance threshold.

    Returns:
        Chamfer distance (unscaled), F-scores and normal consistency.
    """
    return RawMetrics(
        chamfer=chamfer_distance(pred_to_gt, gt_to_pred),
        f_scores={
            name: f_score(pred_to_gt, gt_to_pred, threshold)
            for name, threshold in thresholds.items()
        },
        normal_consistency=normal_consistency(pred_normals, gt_normals, pred_to_gt, gt_to_pred),
    )

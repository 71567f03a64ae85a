"""The metric definitions: perfect matches, closed-form cases, symmetry, invariances, seeds.

Expected values are derived by hand in the comments. The sampling floor used below:
with independent samples of density lam points per unit area, the distance from a
point to the nearest sample of the same surface is rho with E[rho^2] = 1 / (pi lam)
(2-D Poisson process) and P(rho < t) = 1 - exp(-lam pi t^2). Each direction of the
Chamfer distance adds its E[rho^2], so identical meshes of normalized area A with N
samples each give CD ~ 2 A / (pi N), i.e. 0.382 x 10^3 for a unit cube at N = 10,000.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from code3dbench.scorers.geometry import (
    CpuBackend,
    SurfaceSamples,
    TriangleMesh,
    normalize_mesh,
    sample_pair,
    score_meshes,
    score_samples,
)
from code3dbench.scorers.geometry.backends import Neighbours
from code3dbench.scorers.geometry.constants import F_SCORE_THRESHOLDS
from code3dbench.scorers.geometry.metrics import f_score

METRICS = ("cd", "f1", "f2", "f5", "nc")


def metric_values(scores: object) -> dict[str, float]:
    return {key: getattr(scores, key) for key in METRICS}


def test_same_points_give_perfect_scores(cube: TriangleMesh) -> None:
    samples = CpuBackend().sample(normalize_mesh(cube), 2_000, np.random.SeedSequence(3))

    scores = score_samples(samples, samples)

    assert scores.cd == 0.0
    assert (scores.f1, scores.f2, scores.f5) == (1.0, 1.0, 1.0)
    assert scores.nc == pytest.approx(1.0, abs=1e-12)
    assert not scores.cd_capped


def test_identical_meshes_with_independent_samples_sit_on_the_sampling_floor(
    cube: TriangleMesh,
) -> None:
    # Unit cube, A = 6, N = 10,000: CD = 2 A / (pi N) x 10^3 = 0.382 and
    # F@1 = 1 - exp(-(N / A) pi 0.01^2) = 0.408 (measured over 30 seeds: CD 0.379,
    # std 0.004; F@1 std 0.005; see docs/geometry.md).
    scores = score_meshes(cube, cube)

    assert 0.33 < scores.cd < 0.43
    assert 0.38 < scores.f1 < 0.44
    assert scores.f2 > 0.85
    assert scores.f5 == 1.0
    assert 0.96 < scores.nc < 1.0


@pytest.mark.parametrize(
    ("gap", "expected_f2"),
    [
        # d = 0.03 > 0.02: no distance can fall below 0.02.
        (0.03, 0.0),
        # d = 0.019: P(d^2 + rho^2 < 0.02^2) = 1 - exp(-lam pi (0.02^2 - d^2)), lam = N / 2
        # = 10,000 per unit area: 1 - exp(-1.225) = 0.706.
        (0.019, 1.0 - math.exp(-10_000 * math.pi * (0.02**2 - 0.019**2))),
    ],
)
def test_parallel_planes_match_the_closed_form(
    make_parallel_squares, gap: float, expected_f2: float
) -> None:
    # Ground truth: unit squares at z = +-0.5 (bounding box 1 x 1 x 1, already
    # normalized). Prediction: unit squares at z = +-(0.5 - d); its longest side is
    # still 1 and its centre the origin, so normalization leaves it as built. Every
    # point's nearest surface is the parallel square at distance d, so with samples
    # each squared distance is d^2 + rho^2:
    #   CD = 2 (d^2 + 1 / (pi lam)), lam = N / 2 (two unit squares),
    #   F@1 = 0 since d > 0.01, F@5 = 1 - exp(-lam pi (0.05^2 - d^2)) = 1,
    #   NC = 1 (all normals are +-z).
    n_samples = 20_000
    gt = make_parallel_squares(0.5)
    pred = make_parallel_squares(0.5 - gap)

    scores = score_meshes(pred, gt, n_samples=n_samples)

    density = n_samples / 2
    expected_cd = 2 * (gap**2 + 1 / (math.pi * density)) * 1e3
    assert scores.cd == pytest.approx(expected_cd, rel=0.01)
    assert scores.f1 == 0.0
    assert scores.f2 == pytest.approx(expected_f2, abs=0.02)
    assert scores.f5 == pytest.approx(1.0, abs=1e-3)
    assert scores.nc == pytest.approx(1.0, abs=1e-12)


def test_box_against_shortened_box_matches_the_closed_form(make_box) -> None:
    # Ground truth A: the unit cube. Prediction B: a 2 x 2 x 1.2 box placed anywhere;
    # normalized it is [-.5, .5]^2 x [-h/2, h/2] with h = 0.6, so its top and bottom
    # sit delta = (1 - h) / 2 = 0.2 inside A's.
    # A -> B: A's top and bottom (area 2) are delta from B's; A's sides (area 4) touch
    # B's sides over the height h and, above and below, are at a distance uniform in
    # [0, delta] from B's rim (mean square delta^2 / 3):
    #   mean d^2 = (2 delta^2 + 4 (1 - h) delta^2 / 3) / 6 = 0.016889.
    # B -> A: B's sides lie on A's; a point of B's top at distance e from the square's
    # border is min(delta, e) from A (A's side is e away). P(e > s) = (1 - 2s)^2, so
    # E[min(delta, e)^2] = int_0^delta 2s (1 - 2s)^2 ds = delta^2 - 8 delta^3 / 3 + 2 delta^4:
    #   mean d^2 = 2 (0.021867) / (2 + 4h) = 0.009939.
    # CD = 26.828 x 10^3, plus the sampling floor (A_B + A_A) / (pi N) = 0.166 at N = 20,000.
    # F@5: precision = (4h + 2 (1 - (1 - 2t)^2)) / (2 + 4h) = 0.6318,
    # recall = (4h + 4 (1 - h) t / delta) / 6 = 0.4667, F = 0.5368.
    n_samples = 20_000
    gt = make_box()
    pred = make_box(extents=(2.0, 2.0, 1.2), centre=(5.0, 1.0, -3.0))

    scores = score_meshes(pred, gt, n_samples=n_samples)

    assert scores.cd == pytest.approx(26.828 + 0.166, rel=0.02)
    assert scores.f5 == pytest.approx(0.5368, abs=0.01)


def test_swapping_prediction_and_ground_truth_on_the_same_points_changes_nothing(
    make_box, make_l_shape
) -> None:
    first, second = sample_pair(make_l_shape(), make_box(extents=(1, 0.5, 0.2)), n_samples=3_000)

    forward = score_samples(first, second)
    backward = score_samples(second, first)

    assert metric_values(forward) == metric_values(backward)


def test_swapping_meshes_stays_within_sampling_noise(make_box, make_l_shape) -> None:
    pred, gt = make_l_shape(), make_box(extents=(1, 0.5, 0.2))

    forward = score_meshes(pred, gt)
    backward = score_meshes(gt, pred)

    assert backward.cd == pytest.approx(forward.cd, rel=0.03)
    for key in ("f1", "f2", "f5", "nc"):
        assert getattr(backward, key) == pytest.approx(getattr(forward, key), abs=0.02)


def test_translation_and_uniform_scale_change_nothing(make_l_shape, make_box) -> None:
    pred = make_l_shape()
    moved = TriangleMesh(pred.vertices * 37.5 + (120.0, -4.0, 9.0), pred.faces)
    gt = make_box(extents=(1, 0.5, 0.2))

    original = score_meshes(pred, gt, n_samples=5_000)
    transformed = score_meshes(moved, gt, n_samples=5_000)

    for key in METRICS:
        assert getattr(transformed, key) == pytest.approx(getattr(original, key), abs=1e-9)


def test_vertex_order_changes_nothing(make_l_shape, make_box) -> None:
    pred = make_l_shape()
    order = np.random.default_rng(0).permutation(len(pred.vertices))
    new_index = np.empty_like(order)
    new_index[order] = np.arange(len(order))
    reordered = TriangleMesh(pred.vertices[order], new_index[pred.faces])
    gt = make_box(extents=(1, 0.5, 0.2))

    assert metric_values(score_meshes(reordered, gt)) == metric_values(score_meshes(pred, gt))


def test_face_order_only_moves_the_samples(make_l_shape, make_box) -> None:
    pred = make_l_shape()
    shuffled = TriangleMesh(pred.vertices, np.random.default_rng(1).permutation(pred.faces))
    gt = make_box(extents=(1, 0.5, 0.2))

    original = score_meshes(pred, gt)
    reordered = score_meshes(shuffled, gt)

    assert reordered.cd == pytest.approx(original.cd, rel=0.03)
    for key in ("f1", "f2", "f5", "nc"):
        assert getattr(reordered, key) == pytest.approx(getattr(original, key), abs=0.02)


def test_normal_consistency_ignores_the_winding(make_l_shape) -> None:
    pred, gt = sample_pair(make_l_shape(), make_l_shape(), n_samples=2_000)
    flipped = SurfaceSamples(points=gt.points, normals=-gt.normals)

    assert score_samples(pred, flipped).nc == score_samples(pred, gt).nc


def test_same_seed_gives_identical_numbers(make_l_shape, make_box) -> None:
    pred, gt = make_l_shape(), make_box(extents=(1, 0.5, 0.2))

    assert score_meshes(pred, gt, seed=7).to_dict() == score_meshes(pred, gt, seed=7).to_dict()


def test_another_seed_gives_other_but_close_numbers(make_l_shape, make_box) -> None:
    pred, gt = make_l_shape(), make_box(extents=(1, 0.5, 0.2))

    first = score_meshes(pred, gt, seed=0)
    second = score_meshes(pred, gt, seed=1)

    assert first.cd != second.cd
    assert second.cd == pytest.approx(first.cd, rel=0.03)


def test_prediction_and_ground_truth_use_independent_streams(cube: TriangleMesh) -> None:
    pred, gt = sample_pair(cube, cube, n_samples=100)

    assert not np.array_equal(pred.points, gt.points)


def test_noise_at_10000_samples_is_bounded_as_measured(make_box) -> None:
    # Measured over 30 seeds (docs/geometry.md): CD 27.2 with std 0.21, F@5 std 0.0031,
    # NC std 0.0044 for this pair. Bounds: three times the measured std.
    pred, gt = make_box(extents=(1.0, 1.0, 0.6)), make_box()

    runs = [score_meshes(pred, gt, seed=seed) for seed in range(8)]

    assert np.std([run.cd for run in runs], ddof=1) < 0.65
    assert np.std([run.f5 for run in runs], ddof=1) < 0.01
    assert np.std([run.nc for run in runs], ddof=1) < 0.013


def test_cap_limits_the_reported_chamfer_distance(make_box) -> None:
    pred, gt = make_box(extents=(1.0, 1.0, 0.6)), make_box()

    capped = score_meshes(pred, gt, cd_cap=0.01)
    uncapped = score_meshes(pred, gt)

    assert capped.cd == pytest.approx(10.0)
    assert capped.cd_capped
    assert capped.cd_uncapped == uncapped.cd == uncapped.cd_uncapped
    assert not uncapped.cd_capped


def test_every_result_carries_its_conventions(cube: TriangleMesh) -> None:
    result = score_meshes(cube, cube, n_samples=500, seed=4).to_dict()

    assert {"cd", "f1", "f2", "f5", "nc", "cd_capped", "cd_uncapped"} <= result.keys()
    assert "cd_aligned" not in result
    assert result["conventions"] == {
        "n_samples": 500,
        "seed": 4,
        "f_thresholds": {"f1": 0.01, "f2": 0.02, "f5": 0.05},
        "cd_cap": 1.0,
        "cd_scale": 1000.0,
        "normalization": "bbox_centre_longest_side_1",
        "sampling": "area_weighted_face_normals",
        "backend": "cpu",
    }


def test_invalid_settings_are_refused(cube: TriangleMesh) -> None:
    with pytest.raises(ValueError, match="seed"):
        score_meshes(cube, cube, seed=-1)
    with pytest.raises(ValueError, match="n_samples"):
        score_meshes(cube, cube, n_samples=0)
    with pytest.raises(ValueError, match="cd_cap"):
        score_meshes(cube, cube, cd_cap=0.0)
    with pytest.raises(ValueError, match="unknown geometry backend"):
        score_meshes(cube, cube, backend="gpu")


def test_a_point_exactly_at_the_threshold_is_a_miss() -> None:
    """F@t counts distances strictly below t (metrics.py): a point at t does not match."""
    at = F_SCORE_THRESHOLDS["f5"]

    def neighbours(*distances: float) -> Neighbours:
        return Neighbours(np.array(distances), np.zeros(len(distances), dtype=np.int64))

    pred_to_gt = neighbours(0.0, at / 2, at, at)  # precision 1/2 (2/2 with <=)
    gt_to_pred = neighbours(at / 4, at, np.nextafter(at, 0.0))  # recall 2/3 (1 with <=)
    assert f_score(pred_to_gt, gt_to_pred, at) == pytest.approx(
        2 * (1 / 2) * (2 / 3) / (1 / 2 + 2 / 3)
    )
    assert f_score(neighbours(at), neighbours(at), at) == 0.0

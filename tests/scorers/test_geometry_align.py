"""The orientation-robust diagnostic: 24 axis rotations, then ICP, beside the main numbers."""

from __future__ import annotations

import numpy as np
import pytest
import trimesh

from code3dbench.scorers.geometry import TriangleMesh, axis_rotations, score_meshes


def rotated(mesh: TriangleMesh, angle: float, axis: tuple[float, float, float]) -> TriangleMesh:
    matrix = trimesh.transformations.rotation_matrix(angle, axis)[:3, :3]
    return TriangleMesh(mesh.vertices @ matrix.T, mesh.faces, name=f"{mesh.name}_rotated")


def test_there_are_24_distinct_proper_axis_rotations() -> None:
    rotations = axis_rotations()

    assert rotations.shape == (24, 3, 3)
    assert len({matrix.tobytes() for matrix in rotations}) == 24
    for matrix in rotations:
        np.testing.assert_array_equal(matrix @ matrix.T, np.eye(3))
        assert round(np.linalg.det(matrix)) == 1
    np.testing.assert_array_equal(rotations[0], np.eye(3))


def test_a_quarter_turn_about_y_is_undone(make_l_shape) -> None:
    gt = make_l_shape()
    pred = rotated(gt, np.pi / 2, (0.0, 1.0, 0.0))

    scores = score_meshes(pred, gt, aligned=True)

    assert scores.aligned is not None
    assert scores.cd > 10.0  # the main number sees the wrong orientation
    # Aligned, the pair is identical meshes with independent samples: the floor,
    # 2 A / (pi N) x 10^3 = 0.117 for this object's normalized area A = 1.84.
    assert scores.aligned.cd_aligned < 0.15
    assert scores.aligned.f5_aligned == pytest.approx(1.0, abs=1e-3)
    # The winning rotation turns the prediction back by a quarter turn about y.
    undo = trimesh.transformations.rotation_matrix(-np.pi / 2, (0.0, 1.0, 0.0))[:3, :3]
    np.testing.assert_array_equal(np.array(scores.aligned.rotation), np.rint(undo))


def test_aligned_chamfer_distance_never_exceeds_the_main_one(make_l_shape, make_box) -> None:
    pred, gt = make_l_shape(), make_box(extents=(0.3, 1.0, 0.5))

    for icp in (True, False):
        scores = score_meshes(pred, gt, aligned=True, icp=icp)
        assert scores.aligned is not None
        assert scores.aligned.cd_aligned <= scores.cd_uncapped


def test_icp_refines_a_small_misalignment(make_l_shape) -> None:
    gt = make_l_shape()
    pred = rotated(gt, np.radians(8.0), (0.0, 0.0, 1.0))

    with_icp = score_meshes(pred, gt, aligned=True).aligned
    without_icp = score_meshes(pred, gt, aligned=True, icp=False).aligned

    assert with_icp is not None and without_icp is not None
    assert without_icp.icp_iterations == 0
    assert with_icp.icp_iterations > 0
    assert with_icp.cd_aligned < 0.5 * without_icp.cd_aligned


def test_the_diagnostic_is_separate_from_the_main_numbers(make_l_shape) -> None:
    gt = make_l_shape()
    pred = rotated(gt, np.pi / 2, (0.0, 1.0, 0.0))

    plain = score_meshes(pred, gt)
    with_diagnostic = score_meshes(pred, gt, aligned=True)
    result = with_diagnostic.to_dict()

    assert plain.aligned is None
    assert "cd_aligned" not in plain.to_dict()
    assert {"cd_aligned", "f5_aligned", "rotation", "icp_iterations"} <= result.keys()
    for key in ("cd", "f1", "f2", "f5", "nc"):
        assert result[key] == getattr(plain, key)


def test_the_diagnostic_is_deterministic(make_l_shape) -> None:
    gt = make_l_shape()
    pred = rotated(gt, 2.0, (1.0, 1.0, 0.0))

    first = score_meshes(pred, gt, aligned=True, seed=5)
    second = score_meshes(pred, gt, aligned=True, seed=5)

    assert first.to_dict() == second.to_dict()

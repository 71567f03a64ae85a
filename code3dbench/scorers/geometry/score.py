"""Score one predicted mesh against its ground truth: normalize, sample, compare."""

from __future__ import annotations

import os
from typing import TypeAlias

import numpy as np

from code3dbench.scorers.geometry.align import align_samples
from code3dbench.scorers.geometry.backends import GeometryBackend, get_backend
from code3dbench.scorers.geometry.constants import (
    CD_REPORT_SCALE,
    DEFAULT_CD_CAP,
    DEFAULT_N_SAMPLES,
    DEFAULT_SEED,
    F_SCORE_THRESHOLDS,
    GT_STREAM,
    PRED_STREAM,
)
from code3dbench.scorers.geometry.mesh import TriangleMesh
from code3dbench.scorers.geometry.mesh_io import load_mesh
from code3dbench.scorers.geometry.metrics import compute_metrics
from code3dbench.scorers.geometry.normalize import normalize_mesh
from code3dbench.scorers.geometry.sampling import SurfaceSamples
from code3dbench.scorers.geometry.scores import GeometryScores, ScoringConventions

MeshInput: TypeAlias = TriangleMesh | str | os.PathLike[str]
"""A mesh in memory or the path of a mesh file (loaded with `load_mesh`)."""


def as_mesh(source: MeshInput) -> TriangleMesh:
    """Return `source` if it is a `TriangleMesh`, else load it from its path."""
    if isinstance(source, TriangleMesh):
        return source
    return load_mesh(source)


def sample_pair(
    pred: MeshInput,
    gt: MeshInput,
    *,
    n_samples: int = DEFAULT_N_SAMPLES,
    seed: int = DEFAULT_SEED,
    backend: str | GeometryBackend = "cpu",
) -> tuple[SurfaceSamples, SurfaceSamples]:
    """Normalize each mesh on its own and sample both on independent seeded streams.

    The prediction uses stream `SeedSequence(seed, spawn_key=(PRED_STREAM,))` and the
    ground truth `SeedSequence(seed, spawn_key=(GT_STREAM,))`: the same seed gives
    the same points, and the two meshes never share random numbers.

    Args:
        pred: The predicted mesh (or its file).
        gt: The ground-truth mesh (or its file).
        n_samples: Points per mesh.
        seed: Non-negative sampling seed.
        backend: "cpu", "pytorch3d" or a backend object.

    Returns:
        (prediction samples, ground-truth samples), in normalized coordinates.

    Raises:
        MeshLoadError: A file is missing or unreadable.
        EmptyMeshError: A mesh has no surface.
        DegenerateMeshError: A mesh has NaN or infinite vertices.
        ValueError: `seed` is negative or `n_samples` below 1.
    """
    if seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed}")
    resolved = get_backend(backend)
    pred_mesh = normalize_mesh(as_mesh(pred))
    gt_mesh = normalize_mesh(as_mesh(gt))
    pred_stream = np.random.SeedSequence(seed, spawn_key=(PRED_STREAM,))
    gt_stream = np.random.SeedSequence(seed, spawn_key=(GT_STREAM,))
    return (
        resolved.sample(pred_mesh, n_samples, pred_stream),
        resolved.sample(gt_mesh, n_samples, gt_stream),
    )


def score_samples(
    pred: SurfaceSamples,
    gt: SurfaceSamples,
    *,
    cd_cap: float = DEFAULT_CD_CAP,
    backend: str | GeometryBackend = "cpu",
    seed: int | None = None,
    aligned: bool = False,
    icp: bool = True,
) -> GeometryScores:
    """Score two sets of samples (already normalized) with the benchmark's metrics.

    Args:
        pred: Samples of the prediction.
        gt: Samples of the ground truth, as many as `pred`.
        cd_cap: Cap on the raw Chamfer distance (1.0 is 1000 reported).
        backend: Backend whose nearest-neighbour search is used.
        seed: The seed that produced the samples, recorded in the conventions (None
            when unknown).
        aligned: Also compute the orientation-robust diagnostic (`scores.aligned`).
        icp: Refine the diagnostic's best rotation with rigid ICP.

    Returns:
        The scores, with their conventions.

    Raises:
        ValueError: The sample counts differ or `cd_cap` is not positive.
    """
    if len(pred) != len(gt):
        raise ValueError(
            f"prediction and ground truth need as many samples: {len(pred)} != {len(gt)}"
        )
    if not cd_cap > 0:
        raise ValueError(f"cd_cap must be positive, got {cd_cap}")
    resolved = get_backend(backend)
    pred_index = resolved.index(pred.points)
    gt_index = resolved.index(gt.points)
    pred_to_gt = gt_index.query(pred.points)
    gt_to_pred = pred_index.query(gt.points)
    raw = compute_metrics(pred.normals, gt.normals, pred_to_gt, gt_to_pred, F_SCORE_THRESHOLDS)
    diagnostic = None
    if aligned:
        diagnostic = align_samples(
            pred, gt, resolved, f5_threshold=F_SCORE_THRESHOLDS["f5"], icp=icp
        )
    return GeometryScores(
        cd=min(raw.chamfer, cd_cap) * CD_REPORT_SCALE,
        f1=raw.f_scores["f1"],
        f2=raw.f_scores["f2"],
        f5=raw.f_scores["f5"],
        nc=raw.normal_consistency,
        cd_uncapped=raw.chamfer * CD_REPORT_SCALE,
        cd_capped=raw.chamfer > cd_cap,
        conventions=ScoringConventions(
            n_samples=len(pred), seed=seed, cd_cap=cd_cap, backend=resolved.name
        ),
        aligned=diagnostic,
    )


def score_meshes(
    pred: MeshInput,
    gt: MeshInput,
    *,
    n_samples: int = DEFAULT_N_SAMPLES,
    seed: int = DEFAULT_SEED,
    cd_cap: float = DEFAULT_CD_CAP,
    backend: str | GeometryBackend = "cpu",
    aligned: bool = False,
    icp: bool = True,
) -> GeometryScores:
    """Score a predicted mesh against its ground truth: the benchmark's headline numbers.

    Each mesh is normalized on its own (bounding-box centre to the origin, longest
    side 1), sampled area-weighted with face normals, and compared with Chamfer
    distance (x 10^3, capped), F@0.01/0.02/0.05 and normal consistency.

    Args:
        pred: The predicted mesh, or the path of its GLB.
        gt: The ground-truth mesh, or the path of its GLB.
        n_samples: Points per mesh (default 10,000).
        seed: Sampling seed; the same seed gives bit-identical numbers.
        cd_cap: Cap on the raw Chamfer distance (1.0 is 1000 reported).
        backend: "cpu" (default), "pytorch3d" or a backend object.
        aligned: Also compute the orientation-robust diagnostic (`scores.aligned`).
        icp: Refine the diagnostic's best rotation with rigid ICP.

    Returns:
        The scores and the conventions that produced them.

    Raises:
        MeshLoadError: A file is missing or unreadable.
        EmptyMeshError: A mesh has no surface (no triangles or all of zero area).
        DegenerateMeshError: A mesh has NaN or infinite vertices.
        BackendUnavailableError: The backend cannot run here.
        ValueError: A setting is out of range.
    """
    resolved = get_backend(backend)
    pred_samples, gt_samples = sample_pair(
        pred, gt, n_samples=n_samples, seed=seed, backend=resolved
    )
    return score_samples(
        pred_samples,
        gt_samples,
        cd_cap=cd_cap,
        backend=resolved,
        seed=seed,
        aligned=aligned,
        icp=icp,
    )

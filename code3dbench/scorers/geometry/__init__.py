"""Geometry metrics of Code3DBench: Chamfer distance, F@1/F@2/F@5, normal consistency.

Each mesh is normalized on its own (bounding-box centre to the origin, longest side
1), sampled area-weighted with face normals (10,000 seeded points by default) and
compared by nearest neighbours. See docs/geometry.md for the definitions, the
measured sampling floor and the degenerate cases.

Typical use::

    from code3dbench.scorers.geometry import score_meshes

    scores = score_meshes("pred.glb", "gt.glb")
    scores.cd, scores.f1, scores.f2, scores.f5, scores.nc
"""

from code3dbench.scorers.geometry.align import axis_rotations
from code3dbench.scorers.geometry.backend_pytorch3d import PyTorch3DBackend, pytorch3d_available
from code3dbench.scorers.geometry.backends import (
    BACKEND_NAMES,
    CpuBackend,
    GeometryBackend,
    NeighbourIndex,
    Neighbours,
    get_backend,
)
from code3dbench.scorers.geometry.batch import (
    MeshPair,
    PairResult,
    PairsFileError,
    read_pairs_csv,
    score_pairs,
    write_results_csv,
    write_results_json,
)
from code3dbench.scorers.geometry.constants import (
    CD_REPORT_SCALE,
    DEFAULT_CD_CAP,
    DEFAULT_N_SAMPLES,
    DEFAULT_SEED,
    F_SCORE_THRESHOLDS,
    NORMALIZATION,
    SAMPLING,
)
from code3dbench.scorers.geometry.errors import (
    BackendUnavailableError,
    DegenerateMeshError,
    EmptyMeshError,
    GeometryError,
    MeshLoadError,
)
from code3dbench.scorers.geometry.mesh import TriangleMesh
from code3dbench.scorers.geometry.mesh_io import load_mesh, load_mesh_bytes, scene_to_mesh
from code3dbench.scorers.geometry.normalize import normalize_mesh
from code3dbench.scorers.geometry.sampling import SurfaceSamples, sample_surface
from code3dbench.scorers.geometry.score import (
    MeshInput,
    as_mesh,
    sample_pair,
    score_meshes,
    score_samples,
)
from code3dbench.scorers.geometry.scores import AlignedScores, GeometryScores, ScoringConventions

__all__ = [
    "BACKEND_NAMES",
    "CD_REPORT_SCALE",
    "DEFAULT_CD_CAP",
    "DEFAULT_N_SAMPLES",
    "DEFAULT_SEED",
    "F_SCORE_THRESHOLDS",
    "NORMALIZATION",
    "SAMPLING",
    "AlignedScores",
    "BackendUnavailableError",
    "CpuBackend",
    "DegenerateMeshError",
    "EmptyMeshError",
    "GeometryBackend",
    "GeometryError",
    "GeometryScores",
    "MeshInput",
    "MeshLoadError",
    "MeshPair",
    "NeighbourIndex",
    "Neighbours",
    "PairResult",
    "PairsFileError",
    "PyTorch3DBackend",
    "ScoringConventions",
    "SurfaceSamples",
    "TriangleMesh",
    "as_mesh",
    "axis_rotations",
    "get_backend",
    "load_mesh",
    "load_mesh_bytes",
    "normalize_mesh",
    "pytorch3d_available",
    "read_pairs_csv",
    "sample_pair",
    "sample_surface",
    "scene_to_mesh",
    "score_meshes",
    "score_pairs",
    "score_samples",
    "write_results_csv",
    "write_results_json",
]

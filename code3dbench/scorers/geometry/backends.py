"""Metric backends: who samples the surface and who finds nearest neighbours.

The metric definitions themselves (`metrics.py`) are shared: a backend only
supplies samples and nearest-neighbour distances/indices, so both backends compute
the same numbers from the same points. The CPU backend (NumPy sampling, SciPy
`cKDTree`) is the reference and the default; `PyTorch3DBackend` lives in
`backend_pytorch3d.py` and is imported only when asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
from scipy.spatial import cKDTree

from code3dbench.scorers.geometry.mesh import TriangleMesh
from code3dbench.scorers.geometry.sampling import SurfaceSamples, sample_surface

BACKEND_NAMES = ("cpu", "pytorch3d")


@dataclass(frozen=True, eq=False)
class Neighbours:
    """For each query point, its nearest reference point.

    Attributes:
        distances: Euclidean (unsquared) distance to the nearest reference point, (N,).
        indices: Index of that reference point, (N,).
    """

    distances: np.ndarray
    indices: np.ndarray


class NeighbourIndex(Protocol):
    """A structure over reference points that answers nearest-neighbour queries."""

    def query(self, points: np.ndarray) -> Neighbours:
        """Nearest reference point of each row of `points` (shape (N, 3))."""
        ...


class GeometryBackend(Protocol):
    """Surface sampling plus nearest-neighbour search, under one name."""

    @property
    def name(self) -> str:
        """Backend name recorded in every result ("cpu", "pytorch3d")."""
        ...

    def sample(
        self, mesh: TriangleMesh, n_samples: int, seed: np.random.SeedSequence
    ) -> SurfaceSamples:
        """Area-weighted samples with face normals, deterministic for a given `seed`."""
        ...

    def index(self, points: np.ndarray) -> NeighbourIndex:
        """Build a nearest-neighbour index over `points` (shape (M, 3))."""
        ...


@dataclass(frozen=True)
class _KDTreeIndex:
    tree: cKDTree
    workers: int

    def query(self, points: np.ndarray) -> Neighbours:
        distances, indices = self.tree.query(points, k=1, workers=self.workers)
        return Neighbours(distances=distances, indices=indices)


@dataclass(frozen=True)
class CpuBackend:
    """Reference backend: NumPy sampling on a PCG64 stream and a SciPy KD-tree.

    Attributes:
        workers: Threads of each KD-tree query (-1: all cores; 1 inside a process pool).
    """

    workers: int = -1

    @property
    def name(self) -> str:
        """Always "cpu"."""
        return "cpu"

    def sample(
        self, mesh: TriangleMesh, n_samples: int, seed: np.random.SeedSequence
    ) -> SurfaceSamples:
        """Sample with `sample_surface` on a `Generator(PCG64(seed))` stream."""
        return sample_surface(mesh, n_samples, np.random.Generator(np.random.PCG64(seed)))

    def index(self, points: np.ndarray) -> NeighbourIndex:
        """Build a `cKDTree` over `points`.

        Sliding-midpoint splits (`balanced_tree=False`) and leaves of 32 points answer
        queries from far-away points (a wrong shape) 2 to 5 times faster than the
        default median splits, and give the same answers.
        """
        tree = cKDTree(points, leafsize=32, balanced_tree=False, compact_nodes=False)
        return _KDTreeIndex(tree=tree, workers=self.workers)


def get_backend(backend: str | GeometryBackend) -> GeometryBackend:
    """Resolve a backend name ("cpu" or "pytorch3d") or pass a backend object through.

    Args:
        backend: A name from `BACKEND_NAMES` or an object implementing `GeometryBackend`.

    Returns:
        The backend object.

    Raises:
        BackendUnavailableError: "pytorch3d" was asked for and cannot be imported.
        ValueError: The name is unknown.
    """
    if not isinstance(backend, str):
        return backend
    if backend == "cpu":
        return CpuBackend()
    if backend == "pytorch3d":
        from code3dbench.scorers.geometry.backend_pytorch3d import PyTorch3DBackend

        return PyTorch3DBackend()
    raise ValueError(f"unknown geometry backend {backend!r}; choose one of {BACKEND_NAMES}")

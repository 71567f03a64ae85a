"""`TriangleMesh`: the validated vertex and face arrays every other module works on."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from code3dbench.scorers.geometry.errors import DegenerateMeshError


@dataclass(frozen=True, eq=False)
class TriangleMesh:
    """A triangle mesh in world coordinates: all parts merged, scene transforms applied.

    Construction validates and copies the arrays, so any `TriangleMesh` has finite
    float64 vertices of shape (V, 3) and int64 faces of shape (F, 3) indexing them.
    The arrays are read-only. A mesh may have no faces; scoring it raises
    `EmptyMeshError`.

    Attributes:
        vertices: Vertex positions, shape (V, 3), float64.
        faces: Vertex indices of each triangle, shape (F, 3), int64.
        name: What the mesh is called in error messages (usually its file path).
    """

    vertices: np.ndarray
    faces: np.ndarray
    name: str = "<arrays>"

    def __post_init__(self) -> None:
        vertices = _as_array(self.vertices, np.float64, "vertices", self.name)
        faces = _as_array(self.faces, np.int64, "faces", self.name)
        if vertices.ndim != 2 or vertices.shape[1] != 3:
            raise DegenerateMeshError(
                f"{self.name}: vertices must have shape (V, 3), got {vertices.shape}"
            )
        if faces.ndim != 2 or faces.shape[1] != 3:
            raise DegenerateMeshError(
                f"{self.name}: faces must have shape (F, 3) (triangles), got {faces.shape}"
            )
        if not np.isfinite(vertices).all():
            bad = int((~np.isfinite(vertices).all(axis=1)).sum())
            raise DegenerateMeshError(
                f"{self.name}: {bad} of {len(vertices)} vertices are NaN or infinite; "
                "fix the program or exporter that produced them"
            )
        if faces.size and (faces.min() < 0 or faces.max() >= len(vertices)):
            raise DegenerateMeshError(
                f"{self.name}: face indices must lie in [0, {len(vertices) - 1}], "
                f"found [{faces.min()}, {faces.max()}]"
            )
        vertices.flags.writeable = False
        faces.flags.writeable = False
        object.__setattr__(self, "vertices", vertices)
        object.__setattr__(self, "faces", faces)

    @property
    def n_faces(self) -> int:
        """Number of triangles."""
        return int(self.faces.shape[0])


def _as_array(values: ArrayLike, dtype: type[np.generic], what: str, name: str) -> np.ndarray:
    """Copy `values` into a new C-contiguous array of `dtype`, naming the mesh on failure."""
    try:
        return np.array(values, dtype=dtype, order="C", copy=True)
    except (TypeError, ValueError) as exc:
        raise DegenerateMeshError(
            f"{name}: {what} cannot be read as {dtype.__name__}: {exc}"
        ) from exc

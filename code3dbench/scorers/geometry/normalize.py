"""Per-mesh normalization: bounding-box centre to the origin, longest side scaled to 1."""

from __future__ import annotations

import numpy as np

from code3dbench.scorers.geometry.errors import DegenerateMeshError, EmptyMeshError
from code3dbench.scorers.geometry.mesh import TriangleMesh
from code3dbench.scorers.geometry.triangles import doubled_areas, triangle_cross_products


def normalize_mesh(mesh: TriangleMesh) -> TriangleMesh:
    """Centre a mesh's surface on the origin and scale its longest side to 1.

    Only the surface counts: triangles of zero area are dropped first, and the
    bounding box is that of the vertices of the remaining triangles (unreferenced
    vertices are ignored). A flat mesh is fine (its longest side is used).

    Args:
        mesh: The mesh in world coordinates, all parts merged.

    Returns:
        A mesh with the positive-area triangles only, its bounding box centred on the
        origin and its longest side equal to 1.

    Raises:
        EmptyMeshError: No triangles, or every triangle has zero area (a mesh
            collapsed to a point or a line has no surface).
        DegenerateMeshError: Coordinates so large that areas overflow.
    """
    if mesh.n_faces == 0:
        raise EmptyMeshError(f"{mesh.name}: the mesh has no triangles; nothing to score")
    areas = doubled_areas(triangle_cross_products(mesh.vertices, mesh.faces))
    if not np.isfinite(areas).all():
        raise DegenerateMeshError(
            f"{mesh.name}: triangle areas overflow (coordinates up to "
            f"{np.abs(mesh.vertices).max():.3g}); rescale the model"
        )
    keep = areas > 0
    if not keep.any():
        raise EmptyMeshError(
            f"{mesh.name}: all {mesh.n_faces} triangles have zero area (the mesh is a point, "
            "a line or fully degenerate); nothing to score"
        )
    faces = mesh.faces[keep]
    used = np.zeros(len(mesh.vertices), dtype=bool)
    used[faces.ravel()] = True
    used_vertices = mesh.vertices[used]
    low = used_vertices.min(axis=0)
    high = used_vertices.max(axis=0)
    centre = (low + high) / 2.0
    longest_side = float((high - low).max())
    return TriangleMesh((mesh.vertices - centre) / longest_side, faces, name=mesh.name)

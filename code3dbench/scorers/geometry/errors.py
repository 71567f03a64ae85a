"""Errors raised when a mesh cannot be scored; each message names the object and the fix."""

from __future__ import annotations


class GeometryError(ValueError):
    """Base class: this mesh (or pair of meshes) cannot be scored."""


class MeshLoadError(GeometryError):
    """A mesh file or buffer is missing, unreadable or not a mesh format trimesh can parse."""


class DegenerateMeshError(GeometryError):
    """The arrays of a mesh are malformed: non-finite vertices, bad face indices or shapes."""


class EmptyMeshError(DegenerateMeshError):
    """The mesh has no surface to sample: no triangles, or all triangles have zero area."""


class BackendUnavailableError(GeometryError):
    """The requested metric backend cannot run here (for example PyTorch3D is not installed)."""

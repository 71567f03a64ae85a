"""Load a GLB (or any format trimesh reads) into one world-space `TriangleMesh`.

The scene graph is applied: every node that carries a triangle mesh contributes that
mesh transformed by its world matrix, and all of them are concatenated. Point and
line primitives are ignored (they have no surface). Materials and textures are
loaded by trimesh but never used.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import numpy as np
import trimesh

from code3dbench.scorers.geometry.errors import EmptyMeshError, MeshLoadError
from code3dbench.scorers.geometry.mesh import TriangleMesh


def load_mesh(path: str | os.PathLike[str]) -> TriangleMesh:
    """Load a mesh file with its scene graph applied and all parts merged.

    Args:
        path: A GLB file (or another format trimesh reads, chosen by the extension).

    Returns:
        The merged mesh in world coordinates, named after `path`.

    Raises:
        MeshLoadError: The file is missing or cannot be parsed.
        EmptyMeshError: The file parses but holds no triangle mesh.
        DegenerateMeshError: The file holds NaN or infinite vertices.
    """
    file_path = Path(path)
    if not file_path.is_file():
        raise MeshLoadError(f"{file_path}: no such file; check the path")
    try:
        scene = trimesh.load(str(file_path), force="scene", process=False)
    # trimesh raises many exception types for malformed files (ValueError, KeyError,
    # struct.error, json errors, ...); all of them mean "this file is not a mesh".
    except Exception as exc:
        raise MeshLoadError(
            f"{file_path}: cannot be read as a mesh ({type(exc).__name__}: {exc}); "
            "re-export it as a valid binary glTF (.glb)"
        ) from exc
    return scene_to_mesh(scene, name=str(file_path))


def load_mesh_bytes(data: bytes, *, name: str = "<bytes>", file_type: str = "glb") -> TriangleMesh:
    """Load a mesh from an in-memory file (for example a GLB the executor returned).

    Args:
        data: The file's bytes.
        name: What to call the mesh in error messages.
        file_type: The format of `data`, as trimesh names it ("glb", "obj", "ply", ...).

    Returns:
        The merged mesh in world coordinates.

    Raises:
        MeshLoadError: The bytes cannot be parsed as `file_type`.
        EmptyMeshError: The bytes parse but hold no triangle mesh.
        DegenerateMeshError: The mesh has NaN or infinite vertices.
    """
    if not data:
        raise MeshLoadError(f"{name}: the buffer is empty (0 bytes); no mesh was produced")
    try:
        scene = trimesh.load(io.BytesIO(data), file_type=file_type, force="scene", process=False)
    # See load_mesh: any parser failure means the bytes are not a mesh.
    except Exception as exc:
        raise MeshLoadError(
            f"{name}: cannot be read as {file_type} ({type(exc).__name__}: {exc}); "
            "re-export it as a valid binary glTF (.glb)"
        ) from exc
    return scene_to_mesh(scene, name=name)


def scene_to_mesh(scene: trimesh.Scene, *, name: str) -> TriangleMesh:
    """Merge every triangle mesh of a trimesh scene into one mesh in world coordinates.

    Args:
        scene: A loaded scene; each node's world transform is applied to its geometry.
        name: What to call the merged mesh in error messages.

    Returns:
        All triangle meshes of the scene, transformed and concatenated in node order.

    Raises:
        EmptyMeshError: The scene holds no triangle mesh (only points, lines or nothing).
    """
    vertex_blocks: list[np.ndarray] = []
    face_blocks: list[np.ndarray] = []
    ignored: dict[str, int] = {}
    n_vertices = 0
    for node in scene.graph.nodes_geometry:
        transform, geometry_name = scene.graph[node]
        geometry = scene.geometry[geometry_name]
        if not isinstance(geometry, trimesh.Trimesh):
            kind = type(geometry).__name__
            ignored[kind] = ignored.get(kind, 0) + 1
            continue
        matrix = np.asarray(transform, dtype=np.float64)
        vertices = np.asarray(geometry.vertices, dtype=np.float64)
        vertex_blocks.append(vertices @ matrix[:3, :3].T + matrix[:3, 3])
        face_blocks.append(np.asarray(geometry.faces, dtype=np.int64) + n_vertices)
        n_vertices += len(vertices)
    if not face_blocks:
        found = ", ".join(f"{count} {kind}" for kind, count in sorted(ignored.items()))
        raise EmptyMeshError(
            f"{name}: contains no triangle mesh (found: {found or 'nothing'}); "
            "export the object's meshes, not only points or lines"
        )
    return TriangleMesh(np.concatenate(vertex_blocks), np.concatenate(face_blocks), name=name)

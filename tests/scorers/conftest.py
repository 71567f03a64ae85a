"""Shared by the scorer tests: mesh builders (made here with trimesh, no assets) and a clean
image-metrics process state."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import numpy as np
import pytest
import trimesh

from code3dbench.scorers.geometry import TriangleMesh
from code3dbench.scorers.image import clear_image_models

MeshBuilder = Callable[..., TriangleMesh]


def box_mesh(
    extents: Sequence[float] = (1.0, 1.0, 1.0),
    centre: Sequence[float] = (0.0, 0.0, 0.0),
    name: str = "box",
) -> TriangleMesh:
    """Closed axis-aligned box, 12 triangles."""
    box = trimesh.creation.box(extents=extents)
    return TriangleMesh(np.asarray(box.vertices) + centre, box.faces, name=name)


def parallel_squares(half_gap: float, name: str = "squares") -> TriangleMesh:
    """Two unit squares in the planes z = -half_gap and z = +half_gap (4 triangles)."""
    corners = np.array([[-0.5, -0.5], [0.5, -0.5], [0.5, 0.5], [-0.5, 0.5]])
    vertices = np.concatenate(
        [np.column_stack([corners, np.full(4, z)]) for z in (-half_gap, half_gap)]
    )
    faces = np.array([[0, 1, 2], [0, 2, 3], [4, 5, 6], [4, 6, 7]])
    return TriangleMesh(vertices, faces, name=name)


def l_shape(name: str = "l_shape") -> TriangleMesh:
    """An asymmetric object (a long box with a short box on one end), 24 triangles."""
    base = trimesh.creation.box(extents=(1.0, 0.2, 0.3))
    post = trimesh.creation.box(extents=(0.2, 0.6, 0.3))
    post.apply_translation((0.4, 0.4, 0.0))
    merged = trimesh.util.concatenate([base, post])
    return TriangleMesh(merged.vertices, merged.faces, name=name)


def grid_mesh(cells_per_side: int, name: str = "grid") -> TriangleMesh:
    """A unit square sheet in the xz plane, 2 triangles per cell."""
    side = cells_per_side + 1
    xs = np.linspace(0.0, 1.0, side)
    x, z = np.meshgrid(xs, xs, indexing="ij")
    vertices = np.column_stack([x.ravel(), np.zeros(side * side), z.ravel()])
    index = np.arange(side * side).reshape(side, side)
    a, b = index[:-1, :-1].ravel(), index[1:, :-1].ravel()
    c, d = index[1:, 1:].ravel(), index[:-1, 1:].ravel()
    faces = np.concatenate([np.column_stack([a, b, c]), np.column_stack([a, c, d])])
    return TriangleMesh(vertices, faces, name=name)


def glb_bytes(parts: Sequence[tuple[trimesh.Trimesh, np.ndarray]]) -> bytes:
    """A GLB with one node per (mesh, world transform) part."""
    scene = trimesh.Scene()
    for number, (mesh, transform) in enumerate(parts):
        scene.add_geometry(mesh, node_name=f"part{number}", transform=transform)
    return scene.export(file_type="glb")


@pytest.fixture
def cube() -> TriangleMesh:
    return box_mesh(name="cube")


@pytest.fixture
def make_box() -> MeshBuilder:
    return box_mesh


@pytest.fixture
def make_parallel_squares() -> MeshBuilder:
    return parallel_squares


@pytest.fixture
def make_l_shape() -> MeshBuilder:
    return l_shape


@pytest.fixture
def make_grid() -> MeshBuilder:
    return grid_mesh


@pytest.fixture
def make_glb() -> Callable[[Sequence[tuple[trimesh.Trimesh, np.ndarray]]], bytes]:
    return glb_bytes


@pytest.fixture
def fresh_image_models() -> Iterator[None]:
    """No image models or once-per-process warnings left over from other tests, before or after."""
    clear_image_models()
    yield
    clear_image_models()

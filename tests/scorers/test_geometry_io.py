"""Loading GLBs (scene graph, parts, textures, corrupt files) and degenerate meshes."""

from __future__ import annotations

import io
import time
from pathlib import Path

import numpy as np
import pytest
import trimesh
from PIL import Image

from code3dbench.scorers.geometry import (
    DegenerateMeshError,
    EmptyMeshError,
    MeshLoadError,
    TriangleMesh,
    load_mesh,
    load_mesh_bytes,
    normalize_mesh,
    score_meshes,
)

ASSETS = Path(__file__).resolve().parents[2] / "benchmark_assets" / "glb"  # the shipped objects


def sorted_rows(array: np.ndarray) -> np.ndarray:
    return array[np.lexsort(array.T[::-1])]


# ---------------------------------------------------------------- loading


def test_scene_graph_transforms_are_applied_and_parts_merged(make_glb) -> None:
    box = trimesh.creation.box(extents=(1.0, 2.0, 3.0))
    cone = trimesh.creation.cone(radius=0.5, height=1.0, sections=8)
    shift = trimesh.transformations.translation_matrix([4.0, 0.0, 0.0])
    turn = trimesh.transformations.rotation_matrix(np.pi / 3, [0, 1, 0], point=[0, 0, 1])

    mesh = load_mesh_bytes(make_glb([(box, shift), (cone, turn)]), name="parts.glb")

    expected = np.concatenate(
        [
            trimesh.transform_points(box.vertices, shift),
            trimesh.transform_points(cone.vertices, turn),
        ]
    )
    assert mesh.n_faces == len(box.faces) + len(cone.faces)
    np.testing.assert_allclose(sorted_rows(mesh.vertices), sorted_rows(expected), atol=1e-6)


def test_nested_node_transforms_compose() -> None:
    scene = trimesh.Scene()
    parent = trimesh.transformations.scale_and_translate(2.0, [0.0, 1.0, 0.0])
    child = trimesh.transformations.translation_matrix([3.0, 0.0, 0.0])
    scene.graph.update(frame_from=scene.graph.base_frame, frame_to="group", matrix=parent)
    scene.add_geometry(
        trimesh.creation.box(), node_name="leaf", parent_node_name="group", transform=child
    )

    mesh = load_mesh_bytes(scene.export(file_type="glb"))

    # World = parent @ child: x in [-0.5, 0.5] -> +3 -> x2 -> [5, 7]; y -> x2 +1 -> [0, 2].
    np.testing.assert_allclose(mesh.vertices.min(axis=0), [5.0, 0.0, -1.0], atol=1e-6)
    np.testing.assert_allclose(mesh.vertices.max(axis=0), [7.0, 2.0, 1.0], atol=1e-6)


def test_a_mesh_split_into_parts_scores_like_the_whole(make_glb, make_l_shape, make_box) -> None:
    whole = make_l_shape()
    pieces = [
        trimesh.Trimesh(whole.vertices, whole.faces[:10], process=False),
        trimesh.Trimesh(whole.vertices, whole.faces[10:], process=False),
    ]
    # The second piece is stored moved away and brought back by its node transform.
    offset = np.array([0.0, 5.0, -2.0])
    pieces[1].apply_translation(offset)
    back = trimesh.transformations.translation_matrix(-offset)
    split = load_mesh_bytes(make_glb([(pieces[0], np.eye(4)), (pieces[1], back)]))
    gt = make_box(extents=(1.0, 0.5, 0.2))

    from_parts = score_meshes(split, gt)
    from_whole = score_meshes(whole, gt)

    assert from_parts.cd == pytest.approx(from_whole.cd, rel=0.03)
    for key in ("f1", "f2", "f5", "nc"):
        assert getattr(from_parts, key) == pytest.approx(getattr(from_whole, key), abs=0.02)
    # Same surface: the normalized parts span the whole's bounding box (GLB stores float32).
    for mesh in (split, whole):
        normalized = normalize_mesh(mesh)
        corners = normalized.vertices[np.unique(normalized.faces)]
        np.testing.assert_allclose(corners.min(axis=0), [-0.5, -0.4, -0.15], atol=1e-6)
        np.testing.assert_allclose(corners.max(axis=0), [0.5, 0.4, 0.15], atol=1e-6)


def test_a_textured_glb_loads(tmp_path: Path) -> None:
    box = trimesh.creation.box()
    uv = np.random.default_rng(0).random((len(box.vertices), 2))
    box.visual = trimesh.visual.TextureVisuals(uv=uv, image=Image.new("RGB", (8, 8), "red"))
    path = tmp_path / "textured.glb"
    path.write_bytes(box.export(file_type="glb"))

    mesh = load_mesh(path)

    assert mesh.n_faces == 12
    assert mesh.name == str(path)


def test_points_and_lines_are_ignored(make_glb) -> None:
    scene = trimesh.Scene()
    scene.add_geometry(trimesh.creation.box())
    scene.add_geometry(trimesh.PointCloud(np.random.default_rng(0).random((20, 3)) + 10))
    scene.add_geometry(trimesh.load_path(np.array([[0.0, 0.0, 0.0], [9.0, 9.0, 9.0]])))

    mesh = load_mesh_bytes(scene.export(file_type="glb"))

    assert mesh.n_faces == 12
    assert np.abs(mesh.vertices).max() == pytest.approx(0.5)


def test_a_glb_without_triangles_is_an_empty_mesh_error() -> None:
    points_only = trimesh.Scene([trimesh.PointCloud(np.ones((5, 3)))]).export(file_type="glb")

    with pytest.raises(EmptyMeshError, match=r"points\.glb: contains no triangle mesh.*PointCloud"):
        load_mesh_bytes(points_only, name="points.glb")


def test_corrupt_bytes_name_the_mesh() -> None:
    with pytest.raises(MeshLoadError, match=r"reply_3\.glb: cannot be read as glb"):
        load_mesh_bytes(b"glTF\x02\x00\x00\x00garbage", name="reply_3.glb")
    with pytest.raises(MeshLoadError, match=r"reply_4\.glb: the buffer is empty"):
        load_mesh_bytes(b"", name="reply_4.glb")


def test_corrupt_and_missing_files_name_the_path(tmp_path: Path) -> None:
    corrupt = tmp_path / "corrupt.glb"
    corrupt.write_bytes(b"\x00" * 64)

    with pytest.raises(MeshLoadError, match="corrupt.glb: cannot be read as a mesh"):
        load_mesh(corrupt)
    with pytest.raises(MeshLoadError, match="absent.glb: no such file"):
        load_mesh(tmp_path / "absent.glb")
    with pytest.raises(MeshLoadError, match="absent.glb: no such file"):
        score_meshes(tmp_path / "absent.glb", corrupt)


def test_a_truncated_glb_is_a_load_error(tmp_path: Path) -> None:
    data = trimesh.creation.box().export(file_type="glb")
    truncated = tmp_path / "truncated.glb"
    truncated.write_bytes(data[: len(data) // 2])

    with pytest.raises(MeshLoadError, match="truncated.glb"):
        load_mesh(truncated)


def test_real_textured_assets_load_and_score() -> None:
    files = sorted(ASSETS.rglob("*.glb"))[::200]
    assert len(files) == 5

    for path in files:
        scores = score_meshes(path, path, n_samples=2_000)
        assert 0.0 <= scores.cd < 5.0, path
        assert 0.0 <= scores.nc <= 1.0, path


# ---------------------------------------------------------------- degenerate meshes


def test_no_triangles_is_an_empty_mesh_error(cube: TriangleMesh) -> None:
    empty = TriangleMesh(np.zeros((0, 3)), np.zeros((0, 3), dtype=int), name="empty.glb")

    with pytest.raises(EmptyMeshError, match="empty.glb: the mesh has no triangles"):
        score_meshes(empty, cube)


@pytest.mark.parametrize(
    "vertices",
    [
        pytest.param([[1.0, 2.0, 3.0]] * 3, id="point"),
        pytest.param([[0.0, 0.0, 0.0], [1.0, 1.0, 1.0], [2.0, 2.0, 2.0]], id="line"),
    ],
)
def test_zero_area_meshes_are_empty_mesh_errors(cube: TriangleMesh, vertices: list) -> None:
    collapsed = TriangleMesh(np.array(vertices), [[0, 1, 2], [2, 1, 0]], name="collapsed")

    with pytest.raises(EmptyMeshError, match="collapsed: all 2 triangles have zero area"):
        score_meshes(cube, collapsed)


@pytest.mark.parametrize("bad_value", [np.nan, np.inf])
def test_non_finite_vertices_are_refused(bad_value: float) -> None:
    vertices = np.eye(3)
    vertices[1, 2] = bad_value

    with pytest.raises(DegenerateMeshError, match="nan.glb: 1 of 3 vertices are NaN or infinite"):
        TriangleMesh(vertices, [[0, 1, 2]], name="nan.glb")


def test_malformed_arrays_are_refused() -> None:
    with pytest.raises(DegenerateMeshError, match="face indices must lie in"):
        TriangleMesh(np.eye(3), [[0, 1, 3]])
    with pytest.raises(DegenerateMeshError, match=r"faces must have shape \(F, 3\)"):
        TriangleMesh(np.zeros((4, 3)), [[0, 1, 2, 3]])
    with pytest.raises(DegenerateMeshError, match=r"vertices must have shape \(V, 3\)"):
        TriangleMesh(np.eye(2), [[0, 1, 1]])


def test_one_triangle_scores(cube: TriangleMesh) -> None:
    triangle = TriangleMesh([[0.0, 0.0, 0.0], [2.0, 0.0, 0.0], [0.0, 1.0, 0.0]], [[0, 1, 2]])

    against_itself = score_meshes(triangle, triangle, n_samples=2_000)
    against_cube = score_meshes(triangle, cube, n_samples=2_000)

    assert against_itself.nc == pytest.approx(1.0, abs=1e-12)
    assert against_itself.f5 == 1.0
    assert against_cube.cd > 10 * against_itself.cd


def test_a_flat_mesh_is_normalized_by_its_longest_side(make_grid) -> None:
    flat = TriangleMesh(make_grid(4).vertices * (3.0, 0.0, 1.5), make_grid(4).faces)

    normalized = normalize_mesh(flat)

    np.testing.assert_allclose(normalized.vertices.min(axis=0), [-0.5, 0.0, -0.25])
    np.testing.assert_allclose(normalized.vertices.max(axis=0), [0.5, 0.0, 0.25])
    assert score_meshes(flat, flat, n_samples=2_000).f5 == 1.0


def test_a_non_manifold_mesh_scores(cube: TriangleMesh) -> None:
    # Three fins on one edge, a duplicated face and a dangling vertex: no manifold here.
    vertices = [[0, 0, 0], [0, 1, 0], [1, 0, 0], [-1, 0, 0], [0, 0, 1], [5, 5, 5]]
    faces = [[0, 1, 2], [0, 1, 3], [0, 1, 4], [0, 1, 4]]
    fins = TriangleMesh(np.array(vertices, dtype=float), faces, name="fins")

    scores = score_meshes(fins, cube, n_samples=2_000)

    assert 0.0 < scores.cd < 1000.0
    assert 0.0 <= scores.f5 <= 1.0


def test_zero_area_faces_and_unused_vertices_do_not_move_the_bounding_box(
    cube: TriangleMesh,
) -> None:
    far = len(cube.vertices)
    vertices = np.concatenate([cube.vertices, [[100.0, 100.0, 100.0], [-50.0, 0.0, 0.0]]])
    faces = np.concatenate([cube.faces, [[far, far, far]]])
    padded = TriangleMesh(vertices, faces)

    assert score_meshes(padded, cube).to_dict() == score_meshes(cube, cube).to_dict()


def test_two_million_triangles_score_in_reasonable_time(make_grid, cube: TriangleMesh) -> None:
    big = make_grid(1_000)  # 1000 x 1000 cells, 2 triangles each
    assert big.n_faces == 2_000_000

    start = time.perf_counter()
    scores = score_meshes(big, cube)
    elapsed = time.perf_counter() - start

    assert 0.0 < scores.cd < 1000.0
    assert elapsed < 30.0  # measured about 1 s on 2 cores (docs/geometry.md)


def test_load_mesh_bytes_reads_other_formats() -> None:
    buffer = io.BytesIO()
    trimesh.creation.box().export(buffer, file_type="ply")

    mesh = load_mesh_bytes(buffer.getvalue(), file_type="ply")

    assert mesh.n_faces == 12

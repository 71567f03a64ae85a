"""One program for every status of the taxonomy, run in one browser, plus what the runner
reads from an object (instances, draw ranges, groups, mirrors, invisible parts)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import trimesh

from code3dbench.sandbox.limits import ExecutionLimits
from code3dbench.sandbox.result import ExecutionResult, ExecutionStatus
from tests.conftest import run_batch

BOX = "new THREE.Mesh(new THREE.BoxGeometry(1, 2, 3), new THREE.MeshStandardMaterial())"

PROGRAMS = {
    "ok_box": f"function buildObject() {{ return {BOX}; }}",
    "syntax_error": "function buildObject() {\n  const a = 1;\n  return a +* 2;\n}\n",
    "runtime_error_in_build": (
        "function buildObject() {\n  const g = new THREE.Group();\n"
        "  g.add(new THREE.Mesh(makeGeometry()));\n  return g;\n}\n"
    ),
    "runtime_error_top_level": "const x = null;\nx.y = 1;\nfunction buildObject() { return null; }\n",
    "runtime_error_missing_build": "function build() { return new THREE.Group(); }\n",
    "runtime_error_thrown_in_three": (
        "function buildObject() {\n  const g = new THREE.BoxGeometry();\n"
        "  g.applyMatrix4(null);\n  return new THREE.Mesh(g);\n}\n"
    ),
    "timeout": "function buildObject() {\n  while (true) {}\n}\n",
    "invalid_output_number": "function buildObject() { return 42; }",
    "invalid_output_plain_object": "function buildObject() { return { children: [] }; }",
    "invalid_output_promise": f"async function buildObject() {{ return {BOX}; }}",
    "invalid_output_never_resolving": "function buildObject() { return new Promise(() => {}); }",
    "empty_geometry_group": "function buildObject() { return new THREE.Group(); }",
    "empty_geometry_zero_area": (
        "function buildObject() {\n  const g = new THREE.BufferGeometry();\n"
        "  g.setAttribute('position', new THREE.Float32BufferAttribute([0,0,0, 1,1,1, 2,2,2], 3));\n"
        "  return new THREE.Mesh(g, new THREE.MeshStandardMaterial());\n}\n"
    ),
    "empty_geometry_invisible": (
        f"function buildObject() {{ const m = {BOX}; m.visible = false;\n"
        "  const g = new THREE.Group(); g.add(m); return g; }"
    ),
    "invalid_geometry_nan": (
        "function buildObject() {\n  const g = new THREE.BufferGeometry();\n"
        "  g.setAttribute('position', new THREE.Float32BufferAttribute([0,0,0, 1,0,0, NaN,1,0], 3));\n"
        "  return new THREE.Mesh(g, new THREE.MeshStandardMaterial());\n}\n"
    ),
    "invalid_geometry_infinite_scale": (
        f"function buildObject() {{ const m = {BOX}; m.scale.set(Infinity, 1, 1); return m; }}"
    ),
    "invalid_geometry_index_past_vertices": (
        "function buildObject() {\n  const g = new THREE.BufferGeometry();\n"
        "  g.setAttribute('position', new THREE.Float32BufferAttribute([0,0,0, 1,0,0, 0,1,0], 3));\n"
        "  g.setIndex([0, 1, 7]);\n"
        "  return new THREE.Mesh(g, new THREE.MeshStandardMaterial());\n}\n"
    ),
    "too_large_instances": (
        "function buildObject() {\n"
        "  const mesh = new THREE.InstancedMesh(new THREE.BoxGeometry(), "
        "new THREE.MeshStandardMaterial(), 1000);\n"
        "  const m = new THREE.Matrix4();\n"
        "  for (let i = 0; i < 1000; i++) { m.makeTranslation(i, 0, 0); mesh.setMatrixAt(i, m); }\n"
        "  return mesh;\n}\n"
    ),
    # 10 instances of 12 triangles: 120 triangles, spread along x.
    "instances_counted": (
        "function buildObject() {\n"
        "  const mesh = new THREE.InstancedMesh(new THREE.BoxGeometry(), "
        "new THREE.MeshStandardMaterial(), 10);\n"
        "  const m = new THREE.Matrix4();\n"
        "  for (let i = 0; i < 10; i++) { m.makeTranslation(2 * i, 0, 0); mesh.setMatrixAt(i, m); }\n"
        "  mesh.setColorAt(0, new THREE.Color(1, 0, 0));\n"
        "  return mesh;\n}\n"
    ),
    # drawRange keeps 2 of the 12 triangles of a box.
    "draw_range": (
        "function buildObject() {\n  const g = new THREE.BoxGeometry();\n"
        "  g.setDrawRange(0, 6);\n"
        "  return new THREE.Mesh(g, new THREE.MeshStandardMaterial());\n}\n"
    ),
    # six materials on a box, one of them hidden: 10 triangles drawn.
    "material_groups": (
        "function buildObject() {\n"
        "  const mats = [0xff0000, 0x00ff00, 0x0000ff, 0xffff00, 0xff00ff, 0x00ffff]"
        ".map((c) => new THREE.MeshStandardMaterial({ color: c }));\n"
        "  mats[2].visible = false;\n"
        "  return new THREE.Mesh(new THREE.BoxGeometry(), mats);\n}\n"
    ),
    # a mirrored copy (negative scale) and a line that is not scored.
    "mirror_and_line": (
        "function buildObject() {\n  const g = new THREE.Group();\n"
        "  const right = new THREE.Mesh(new THREE.ConeGeometry(0.5, 1, 6), "
        "new THREE.MeshStandardMaterial());\n"
        "  right.position.x = 1;\n  const left = right.clone();\n"
        "  left.position.x = -1;\n  left.scale.x = -1;\n  g.add(right, left);\n"
        "  g.add(new THREE.Line(new THREE.BufferGeometry().setFromPoints("
        "[new THREE.Vector3(), new THREE.Vector3(5, 5, 5)])));\n"
        "  return g;\n}\n"
    ),
    # nested transforms are baked into world coordinates.
    "nested_transforms": (
        "function buildObject() {\n  const outer = new THREE.Group();\n"
        "  outer.position.set(10, 0, 0);\n  outer.scale.setScalar(2);\n"
        "  const inner = new THREE.Group();\n  inner.rotation.y = Math.PI / 2;\n"
        "  inner.add(new THREE.Mesh(new THREE.BoxGeometry(1, 1, 3), "
        "new THREE.MeshStandardMaterial()));\n"
        "  outer.add(inner);\n  return outer;\n}\n"
    ),
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[ExecutionResult, Path]]:
    limits = ExecutionLimits(timeout_s=2.0, max_triangles=5000)
    return run_batch(PROGRAMS.items(), tmp_path_factory.mktemp("statuses"), limits)


@pytest.mark.chromium
@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("ok_box", "ok"),
        ("syntax_error", "syntax_error"),
        ("runtime_error_in_build", "runtime_error"),
        ("runtime_error_top_level", "runtime_error"),
        ("runtime_error_missing_build", "runtime_error"),
        ("runtime_error_thrown_in_three", "runtime_error"),
        ("timeout", "timeout"),
        ("invalid_output_number", "invalid_output"),
        ("invalid_output_plain_object", "invalid_output"),
        ("invalid_output_promise", "invalid_output"),
        ("invalid_output_never_resolving", "invalid_output"),
        ("empty_geometry_group", "empty_geometry"),
        ("empty_geometry_zero_area", "empty_geometry"),
        ("empty_geometry_invisible", "empty_geometry"),
        ("invalid_geometry_nan", "invalid_geometry"),
        ("invalid_geometry_infinite_scale", "invalid_geometry"),
        ("invalid_geometry_index_past_vertices", "invalid_geometry"),
        ("too_large_instances", "too_large"),
    ],
)
def test_status(runs: dict[str, tuple[ExecutionResult, Path]], name: str, status: str) -> None:
    result, out_dir = runs[name]
    assert result.status.value == status, result.error
    has_outputs = (out_dir / "object.glb").exists() and (out_dir / "render.png").exists()
    assert has_outputs == (status == "ok")
    assert json.loads((out_dir / "result.json").read_text())["status"] == status
    if status != "ok":
        assert result.error is not None and result.error.message


@pytest.mark.chromium
def test_error_locations(runs: dict[str, tuple[ExecutionResult, Path]]) -> None:
    syntax = runs["syntax_error"][0].error
    assert syntax is not None and (syntax.line, syntax.column) == (3, 13)
    assert syntax.message.startswith("SyntaxError")
    runtime = runs["runtime_error_in_build"][0].error
    assert runtime is not None and runtime.line == 3
    assert "makeGeometry is not defined" in runtime.message
    assert "extract.js" not in runtime.message  # the scaffold's own frames are left out
    top = runs["runtime_error_top_level"][0].error
    assert top is not None and top.line == 2
    assert "buildObject()" in runs["runtime_error_missing_build"][0].error.message
    inside_three = runs["runtime_error_thrown_in_three"][0].error
    assert inside_three is not None and inside_three.line == 3


@pytest.mark.chromium
def test_timeout_is_enforced_within_twice_the_limit(runs) -> None:
    result, _ = runs["timeout"]
    spent = result.timings_ms["total_ms"] - result.timings_ms["acquire_page_ms"]
    assert 2000 <= spent < 4000
    assert "2 s" in result.error.message


@pytest.mark.chromium
def test_ok_result_contents(runs) -> None:
    result, out_dir = runs["ok_box"]
    assert (result.triangles, result.vertices, result.meshes) == (12, 24, 1)
    assert result.bbox is not None
    assert np.allclose(result.bbox.extents, (1, 2, 3))
    assert result.surface_area == pytest.approx(2 * (2 + 3 + 6))
    for phase in ("compile_ms", "run_ms", "build_ms", "extract_ms", "export_ms", "render_ms"):
        assert phase in result.timings_ms
    assert result.runtime is not None and result.runtime["three"] == "187"
    mesh = trimesh.load(out_dir / "object.glb", force="mesh")
    assert len(mesh.faces) == 12
    assert np.allclose(mesh.extents, (1, 2, 3), atol=1e-6)


@pytest.mark.chromium
def test_instances_are_counted_and_exported(runs) -> None:
    result, out_dir = runs["instances_counted"]
    assert result.status is ExecutionStatus.OK
    assert result.triangles == 120
    assert result.bbox is not None
    assert np.allclose(result.bbox.extents, (19, 1, 1))
    mesh = trimesh.load(out_dir / "object.glb", force="mesh")
    assert len(mesh.faces) == 120
    too_large = runs["too_large_instances"][0]
    assert "instances included" in too_large.error.message


@pytest.mark.chromium
def test_draw_range_and_material_groups(runs) -> None:
    assert runs["draw_range"][0].triangles == 2
    groups, out_dir = runs["material_groups"]
    assert groups.triangles == 10
    assert groups.meshes == 5
    assert len(trimesh.load(out_dir / "object.glb", force="mesh").faces) == 10


@pytest.mark.chromium
def test_mirrored_parts_keep_outward_winding_and_lines_are_ignored(runs) -> None:
    result, out_dir = runs["mirror_and_line"]
    assert result.status is ExecutionStatus.OK
    assert result.triangles == 2 * 12  # ConeGeometry(0.5, 1, 6): 6 side + 6 base triangles
    assert any("line" in note for note in result.notes)
    # The line reaching (5, 5, 5) is not part of the box; a hexagonal cone reaches 0.5 sin 60°.
    assert result.bbox is not None
    assert result.bbox.max[0] == pytest.approx(1 + 0.5 * np.sin(np.pi / 3), abs=1e-5)
    assert result.bbox.max[1] == pytest.approx(0.5, abs=1e-6)
    mesh = trimesh.load(out_dir / "object.glb", force="mesh", process=False)
    # Each closed cone must face outwards: a positive signed volume (divergence theorem; it
    # needs a closed surface, not shared vertices) about the centre of its half.
    triangles = mesh.triangles
    side = triangles.mean(axis=1)[:, 0] > 0
    for half in (triangles[side], triangles[~side]):
        centre = half.reshape(-1, 3).mean(axis=0)
        a, b, c = (half[:, k] - centre for k in range(3))
        volume = np.einsum("ij,ij->i", a, np.cross(b, c)).sum() / 6
        assert volume > 0


@pytest.mark.chromium
def test_nested_transforms_are_baked(runs) -> None:
    result, _ = runs["nested_transforms"]
    assert result.bbox is not None
    # 1 x 1 x 3 box turned a quarter about y, then scaled by 2: 6 x 2 x 2, centred at x = 10.
    assert np.allclose(result.bbox.extents, (6, 2, 2), atol=1e-5)
    assert np.allclose(np.add(result.bbox.min, result.bbox.max) / 2, (10, 0, 0), atol=1e-5)

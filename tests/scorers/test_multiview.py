"""Multi-view strips: rendered for every executable object, IoU 1 for the oracle, lower when moved."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from code3dbench.assets.locations import builtin_manifest_path
from code3dbench.assets.manifest import load_manifest
from code3dbench.baselines.box import BOX_PROGRAM
from code3dbench.baselines.oracle import oracle_program
from code3dbench.sandbox.host import VIEWS_FILE, RenderJob, render_glbs_on_host
from code3dbench.sandbox.limits import ExecutionLimits
from code3dbench.sandbox.views import ViewsStripError, pinned_views, read_strip, view_png
from code3dbench.scorers.image import BACKGROUND_RGB
from code3dbench.scorers.multiview import compare_strips, silhouette_iou
from tests.conftest import require_runner, run_batch

ROOT = Path(__file__).resolve().parents[2]

# Half of the object's parts moved sideways by a third of its size: the same parts, the same
# normalization (centred, longest side 1), a different shape.
SHIFT_HALF = """
function buildObject() {
  const object = originalBuildObject();
  const size = new THREE.Box3().setFromObject(object, true).getSize(new THREE.Vector3());
  object.children.forEach((child, i) => { if (i % 2) child.position.x += Math.max(size.x, size.y, size.z) / 3; });
  return object;
}
"""


def _shifted(program: str) -> str:
    return program.replace("function buildObject(", "function originalBuildObject(") + SHIFT_HALF


def _strip(folder: Path):
    return read_strip((folder / VIEWS_FILE).read_bytes())


def test_pinned_views_are_read_from_the_scaffold() -> None:
    views = pinned_views()
    assert views.names == ("reference", "front", "right", "back", "left", "top", "low")
    assert views.views[0].azimuth_deg == 35 and views.views[0].elevation_deg == 25
    assert views.size == 256


def test_silhouette_iou() -> None:
    a = np.zeros((4, 4), bool)
    b = np.zeros((4, 4), bool)
    assert silhouette_iou(a, b) == 1.0
    a[:2] = True
    assert silhouette_iou(a, b) == 0.0
    b[1:3] = True
    assert silhouette_iou(a, b) == pytest.approx(4 / 12)


def test_a_strip_of_the_wrong_size_is_refused() -> None:
    with pytest.raises(ViewsStripError, match="expected 1792x512"):
        read_strip(view_png_of_size(64))
    with pytest.raises(ViewsStripError, match="cannot be decoded"):
        read_strip(b"not a png")


def view_png_of_size(side: int) -> bytes:
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (side, side)).save(out, format="PNG")
    return out.getvalue()


@pytest.mark.chromium
def test_every_builtin_reference_has_its_views(builtin_references) -> None:
    background = np.asarray(BACKGROUND_RGB, np.uint8)
    for object_id, reference in builtin_references.items():
        strip = read_strip(reference.views.read_bytes())
        for name, colour, mask in zip(
            pinned_views().names, strip.colours, strip.masks, strict=True
        ):
            assert 0.002 < mask.mean() < 0.9, f"{object_id} {name}: mask covers {mask.mean():.3f}"
            drawn = np.any(colour != background, axis=2)
            assert silhouette_iou(drawn, mask) > 0.9, f"{object_id} {name}: colour and mask differ"
        comparison = compare_strips(strip, strip, images=False)
        assert comparison.values["mv_iou"] == 1.0


@pytest.mark.chromium
def test_views_for_ok_executions_and_reference_glbs_only(tmp_path: Path) -> None:
    require_runner()
    runs = run_batch(
        [
            ("ok", BOX_PROGRAM),
            ("syntax", "function buildObject( {"),
            ("empty", "function buildObject() { return new THREE.Group(); }"),
        ],
        tmp_path / "run",
        ExecutionLimits(timeout_ms=5000),
    )
    result, folder = runs["ok"]
    assert result.files["views"] == VIEWS_FILE and result.timings_ms["views_ms"] > 0
    box = _strip(folder)
    assert all(mask.mean() > 0.05 for mask in box.masks)
    for name in ("syntax", "empty"):
        assert not (runs[name][1] / VIEWS_FILE).exists()
    manifest = load_manifest(ROOT / "benchmark_assets" / "manifest.json")
    glb = next(g for r in manifest.objects if (g := manifest.shipped_glb_path(r)) and g.is_file())
    [rendered] = render_glbs_on_host([RenderJob(glb, tmp_path / "glb")])
    assert rendered.status == "ok" and rendered.files["views"] == VIEWS_FILE
    png = view_png((tmp_path / "glb" / VIEWS_FILE).read_bytes(), 1)
    assert png.startswith(b"\x89PNG")
    assert all(mask.any() for mask in _strip(tmp_path / "glb").masks)


@pytest.mark.chromium
def test_iou_is_one_for_the_oracle_and_drops_for_a_shifted_copy(
    builtin_references, tmp_path: Path
) -> None:
    manifest = load_manifest(builtin_manifest_path())
    ids = [r.id for r in manifest.objects][:2]
    programs = []
    for object_id in ids:
        program = oracle_program(builtin_references[object_id].mesh, object_id)
        programs += [(f"{object_id}-oracle", program), (f"{object_id}-shifted", _shifted(program))]
    runs = run_batch(programs, tmp_path, ExecutionLimits())
    for object_id in ids:
        truth = read_strip(builtin_references[object_id].views.read_bytes())
        oracle = compare_strips(_strip(runs[f"{object_id}-oracle"][1]), truth, images=False)
        shifted = compare_strips(_strip(runs[f"{object_id}-shifted"][1]), truth, images=False)
        assert min(oracle.iou_by_view.values()) > 0.99, (object_id, oracle.iou_by_view)
        assert shifted.values["mv_iou"] < oracle.values["mv_iou"] - 0.1, (object_id, shifted)

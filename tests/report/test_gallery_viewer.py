"""The gallery's 3D viewer in real headless Chromium: loads from disk, draws, turns, filters."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from code3dbench.report import write_report
from code3dbench.report.three_bundle import BundleError, _rewrite
from tests.conftest import require_runner, run_node_script

pytestmark = [pytest.mark.chromium, pytest.mark.slow]
SCRIPT = Path(__file__).with_name("gallery_viewer.mjs")
BACKGROUND = np.array([0xF2, 0xF2, 0xF2])
PANEL = 260


def drawn_share(image: np.ndarray, panel: int) -> float:
    """Share of a viewer panel's pixels that are not the flat background."""
    region = image[:, panel * PANEL : (panel + 1) * PANEL, :3].astype(int)
    return float((np.abs(region - BACKGROUND).max(axis=2) > 8).mean())


@pytest.fixture(scope="module")
def browsed(report_logs, tmp_path_factory) -> tuple[dict, Path]:
    require_runner()
    out = tmp_path_factory.mktemp("viewer-report")
    write_report([report_logs.main], out, plots=False)
    shots = out / "shots"
    shots.mkdir()
    index = str(out / "gallery" / "index.html")
    return run_node_script(SCRIPT, index, str(shots), timeout=240), out


def test_viewer_draws_every_object_and_turns(browsed) -> None:
    report, out = browsed
    assert report["errors"] == []
    assert report["state"] == "drawn", report
    labels = [o["label"] for o in report["objects"]]
    assert labels[0] == "Ground truth" and len(labels) >= 2
    # Nothing of the viewer is loaded until a panel opens; then three.js and the GLBs only.
    assert report["scriptsBeforeOpen"] == ["viewer/viewer.js"]
    loaded = set(report["scriptsAfterOpen"]) - {"viewer/viewer.js"}
    assert loaded == {"viewer/three.js", *(o["script"] for o in report["objects"])}
    shot = np.asarray(Image.open(out / "shots" / "viewer.png").convert("RGB"))
    assert shot.shape[:2] == (PANEL, PANEL * len(labels))
    for panel in range(len(labels)):
        assert drawn_share(shot, panel) > 0.02, f"panel {panel} ({labels[panel]}) is empty"
    turned = np.asarray(Image.open(out / "shots" / "turned.png").convert("RGB"))
    assert np.abs(turned.astype(int) - shot.astype(int)).max(axis=2).mean() > 0.5
    assert report["canvasesAfterClose"] == 0
    assert report["stripImages"] >= 2  # the reference views and at least one step's


def test_filters_still_work_with_the_viewer(browsed) -> None:
    report, out = browsed
    assert report["cards"] == 11 and report["viewers"] >= 1
    assert 0 < report["foodCards"] < report["cards"]
    assert report["shownText"] == str(report["foodCards"])
    glbs = list((out / "gallery" / "viewer" / "glb").glob("*.js"))
    assert glbs and (out / "gallery" / "viewer" / "three.js").stat().st_size > 1_000_000


def test_the_bundler_refuses_module_forms_it_cannot_rewrite() -> None:
    assert "const { a, b: c } = modules['build/three.module.js'];" in _rewrite(
        "x.js", "import { a, b as c } from 'three';\n"
    )
    with pytest.raises(BundleError, match="export default"):
        _rewrite("x.js", "export default function f() {}\n")


def test_the_report_puts_multiview_beside_single_view(browsed) -> None:
    _, out = browsed
    markdown = (out / "report.md").read_text()
    section = markdown.split("## Multi-view diagnostics")[1].split("\n## ")[0]
    assert "| SSIM | MV SSIM |" in section and "MV IoU" in section
    main = json.loads((out / "main_report.json").read_text())
    for run in main["runs"]:
        metrics = run["settings"]["single"]["metrics"]
        assert 0.0 <= metrics["mv_iou"]["mean"] <= 1.0, run["label"]
        assert metrics["mv_iou"]["count"] == run["settings"]["single"]["n"]
    assert "mv_iou" in main["conventions"]["multiview"]

"""The gallery's 3D viewer and multi-view strips: one collapsed panel per sample.

``write_viewer_assets`` puts the viewer's scripts beside the page (``viewer/three.js``: the
pinned three.js with OrbitControls and GLTFLoader as one classic script; ``viewer/viewer.js``).
``viewer_panel`` writes a sample's ``<details class="viewer">``: opened, it draws the ground
truth and every executed step's exported GLB side by side with synchronised cameras, and shows
the multi-view strips (reference and steps) with the silhouette IoU of each view. GLBs are
written as base64 in ``viewer/glb/<sha256>.js`` (a page opened from disk cannot fetch files,
but it can load scripts), each once however many samples share it, and nothing is loaded
before its panel is opened.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
from importlib import resources
from pathlib import Path

from code3dbench.report.logs import SampleResult, StepView
from code3dbench.report.three_bundle import three_bundle
from code3dbench.sandbox.views import pinned_views

VIEWER_DIR = "viewer"
GLB_FILE = "object.glb"
VIEWS_FILE = "views.png"


def write_viewer_assets(gallery: Path) -> None:
    """Write ``viewer/three.js`` and ``viewer/viewer.js`` into the gallery folder."""
    folder = gallery / VIEWER_DIR
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "three.js").write_text(three_bundle(), encoding="utf-8")
    script = resources.files("code3dbench.report").joinpath("templates/viewer.js").read_text()
    (folder / "viewer.js").write_text(script, encoding="utf-8")


def glb_script(gallery: Path, glb: Path) -> dict[str, str] | None:
    """Write a GLB as ``viewer/glb/<sha>.js``; its script path and key, or None if missing."""
    try:
        data = glb.read_bytes()
    except OSError:
        return None
    key = hashlib.sha256(data).hexdigest()[:24]
    relative = f"{VIEWER_DIR}/glb/{key}.js"
    target = gallery / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        encoded = base64.b64encode(data).decode("ascii")
        target.write_text(
            f'(window.C3D_GLB = window.C3D_GLB || {{}})["{key}"] = "{encoded}";\n',
            encoding="utf-8",
        )
    return {"script": relative, "key": key}


def _iou_line(step: StepView) -> str:
    cells = []
    for name in pinned_views().names:
        value = step.metrics.get(f"mv_iou_{name}")
        if value is not None and not math.isnan(value):
            cells.append(f"{name} {value:.2f}")
    return " · ".join(cells)


def _strip(src: str | None, caption: str) -> str:
    """The colour row of a views strip (its top half), captioned; a note when missing."""
    if src is None:
        return f'<p class="views-missing">{caption}: no views strip</p>'
    count = len(pinned_views().views)
    return (
        f'<figure style="width:auto;margin:6px 0"><div style="aspect-ratio:{count}/1;'
        f'overflow:hidden;max-width:910px"><img loading="lazy" src="{html.escape(src)}" '
        f'style="width:100%;height:auto;border:0;border-radius:0" alt="{caption}"></div>'
        f"<figcaption>{caption}</figcaption></figure>"
    )


def viewer_panel(sample: SampleResult, gallery: Path, image_source) -> str:
    """A sample's collapsed 3D viewer and views panel (empty when there is nothing to show).

    Args:
        sample: The scored sample.
        gallery: The gallery folder (GLB scripts are written under it).
        image_source: Puts an image beside the page and returns its ``src`` (or None).
    """
    objects = []
    truth = glb_script(gallery, Path(sample.ground_truth)) if sample.ground_truth else None
    if truth is not None:
        objects.append({"label": "Ground truth", **truth})
    names = " · ".join(pinned_views().names)
    strips = []
    if sample.reference_views:
        strips.append(
            _strip(image_source(Path(sample.reference_views)), f"Reference views: {names}")
        )
    for step in sample.steps:
        if not step.executed or step.folder is None:
            continue
        glb = glb_script(gallery, step.folder / GLB_FILE)
        if glb is not None:
            objects.append({"label": f"Step {step.step}", **glb})
        iou = _iou_line(step)
        caption = f"Step {step.step} views" + (f" (silhouette IoU: {iou})" if iou else "")
        strips.append(_strip(image_source(step.folder / VIEWS_FILE), html.escape(caption)))
    if not objects and not strips:
        return ""
    data = html.escape(json.dumps(objects), quote=True)
    return (
        f'<details class="viewer" data-objects="{data}"><summary>Turn in 3D (ground truth '
        "and each step, cameras linked: drag to turn, wheel to zoom) and multi-view strips"
        f'</summary><div class="viewer-canvas"></div>{"".join(strips)}</details>'
    )

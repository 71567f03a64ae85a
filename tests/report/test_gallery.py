"""The HTML gallery: opened offline in headless Chromium, images shown, filters, missing files."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import numpy as np
import pytest
from inspect_ai.log import write_eval_log
from PIL import Image

from code3dbench.report import write_report

pytestmark = [pytest.mark.chromium, pytest.mark.slow]


def chromium() -> str:
    binary = (
        os.environ.get("CODE3DBENCH_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    )
    if not Path(binary).exists():
        pytest.skip(f"no Chromium at {binary} (set CODE3DBENCH_CHROMIUM)")
    return binary


def headless(url: str, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    command = [
        chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--window-size=1200,900",
        *extra,
        url,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def gallery(report_logs, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gallery-report")
    write_report([report_logs.main], out, plots=False)
    return out / "gallery" / "index.html"


def colourful_share(image: np.ndarray, box: tuple[int, int, int, int]) -> float:
    """Share of pixels in box (x0, y0, x1, y1) with a saturated colour (an object, not UI grey)."""
    x0, y0, x1, y1 = box
    region = image[y0:y1, x0:x1].astype(int)
    spread = region.max(axis=2) - region.min(axis=2)
    return float((spread > 40).mean())


def test_gallery_screenshot_shows_the_images(gallery: Path, tmp_path: Path) -> None:
    shot = tmp_path / "gallery.png"
    done = headless(gallery.as_uri(), tmp_path, f"--screenshot={shot}")
    assert shot.exists(), done.stderr[-2000:]
    image = np.asarray(Image.open(shot).convert("RGB"))
    assert image.shape[:2] == (900, 1200)
    # The first card is food_carrot, revision: reference, step 1 (its own program: the same
    # picture), step 2 (no code: a placeholder). Figures are 230 px wide, 10 px apart.
    reference = (40, 160, 250, 360)
    step_1 = (280, 160, 490, 360)
    assert colourful_share(image, reference) > 0.03
    assert colourful_share(image, step_1) > 0.03
    # Not a blank page: the images differ from the plain UI around them.
    assert image[160:360, 40:250].std() > 10


def test_gallery_content_and_filters(gallery: Path, tmp_path: Path) -> None:
    page = gallery.read_text()
    assert "http://" not in page and "https://" not in page  # nothing from the network
    images = list((gallery.parent / "images").glob("*.png"))
    assert images and all(f'src="images/{p.name}"' in page for p in images)
    assert (
        page.count('<article class="card"') == 2 * 3 + 1 + 3 + 1
    )  # single (2 epochs), sandbox, revision, box
    assert 'data-status="error"' in page and "the model service is down" in page
    assert "sandbox fault: left out of the numbers" in page
    assert "<details><summary>Code, step 1 (syntax_error)</summary>" in page
    assert "function buildObject" in page
    for option in (
        "code3dbench/box",
        "mockllm/model",
        "furniture",
        "food",
        "syntax_error",
        "no_code",
    ):
        assert f'<option value="{option}">' in page
    # The filters read the address: only the box card is left visible.
    url = gallery.as_uri() + "?model=" + quote("code3dbench/box")
    dom = headless(url, tmp_path, "--dump-dom").stdout
    cards = re.findall(r'<article class="card"[^>]*>', dom)
    visible = [c for c in cards if "hidden" not in c]
    assert len(cards) == 11 and len(visible) == 1 and 'data-model="code3dbench/box"' in visible[0]
    assert '<b id="shown">1</b>' in dom


def test_missing_files_are_named(report_logs, tmp_path: Path) -> None:
    log = report_logs.box.model_copy(deep=True)
    [sample] = log.samples
    sample.metadata["reference_image"] = str(tmp_path / "gone" / "render.png")
    for record in sample.store["CodeSteps:steps"]:
        record["artifacts"]["folder"] = str(tmp_path / "moved" / "step_1")
    write_eval_log(log, str(tmp_path / "moved.eval"))
    write_report([tmp_path / "moved.eval"], tmp_path / "out", plots=False, embed_images=True)
    page = (tmp_path / "out" / "gallery" / "index.html").read_text()
    assert f"reference image missing: {tmp_path / 'gone' / 'render.png'}" in page
    assert f"render file missing: {tmp_path / 'moved' / 'step_1' / 'render.png'}" in page
    # The code comes from the reply when program.js is gone.
    assert "from the model&#x27;s reply (program.js not found)" in page
    assert "BoxGeometry" in page

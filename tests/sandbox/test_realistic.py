"""Realistic programs of the 8 categories: they run, export what they draw, and render."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import trimesh
from PIL import Image

from code3dbench.sandbox.limits import ExecutionLimits
from code3dbench.sandbox.result import ExecutionResult, ExecutionStatus
from tests.conftest import program_files, run_batch

PROGRAMS = program_files("realistic")
CATEGORIES = {"character", "container", "food", "furniture", "nature", "prop", "tool", "vehicle"}
BACKGROUND = np.array([0xF2, 0xF2, 0xF2])


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[ExecutionResult, Path]]:
    programs = [(path.stem, path.read_text()) for path in PROGRAMS]
    return run_batch(programs, tmp_path_factory.mktemp("realistic"), ExecutionLimits())


def test_every_category_is_covered() -> None:
    assert len(PROGRAMS) >= 20
    assert {path.stem.split("_")[0] for path in PROGRAMS} == CATEGORIES


@pytest.mark.chromium
@pytest.mark.parametrize("name", [path.stem for path in PROGRAMS])
def test_realistic_program(runs, name: str) -> None:
    result, out_dir = runs[name]
    assert result.status is ExecutionStatus.OK, result.error
    assert result.triangles >= 100 and result.meshes >= 5
    assert not result.console and not result.notes
    # The GLB holds exactly what was counted, in the same box.
    mesh = trimesh.load(out_dir / "object.glb", force="mesh", process=False)
    assert len(mesh.faces) == result.triangles
    assert result.bbox is not None
    assert np.allclose(mesh.bounds, [result.bbox.min, result.bbox.max], atol=1e-4)
    # The render is 512x512, centred, and the object fills a fair share of the frame.
    image = np.asarray(Image.open(out_dir / "render.png").convert("RGB"), dtype=int)
    assert image.shape == (512, 512, 3)
    foreground = np.abs(image - BACKGROUND).sum(axis=2) > 24
    share = foreground.mean()
    assert 0.02 < share < 0.8  # thin objects (a sword, a street lamp) fill about 4%
    rows, cols = np.nonzero(foreground)
    assert abs(rows.mean() - 256) < 90 and abs(cols.mean() - 256) < 90
    assert image[foreground].mean() > 20  # metallic parts are lit, not black

"""The built-in set: its manifest matches its programs, and every program runs, exports what
it draws and renders a centred, lit object (the references the built-in dataset uses)."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
import trimesh
from PIL import Image

from code3dbench.assets.locations import builtin_manifest_path
from code3dbench.assets.manifest import CATEGORIES, load_manifest
from code3dbench.assets.store import sha256_bytes
from code3dbench.sandbox.host import read_result
from code3dbench.sandbox.result import ExecutionStatus

MANIFEST = load_manifest(builtin_manifest_path())
BACKGROUND = np.array([0xF2, 0xF2, 0xF2])


def test_the_set_covers_every_category() -> None:
    per_category = Counter(r.category for r in MANIFEST.objects)
    assert len(MANIFEST.objects) >= 32
    assert set(per_category) == set(CATEGORIES)
    assert min(per_category.values()) >= 4, per_category


def test_manifest_lists_every_program_with_its_hash() -> None:
    folder = builtin_manifest_path().parent
    assert {r.program for r in MANIFEST.objects} == {p.name for p in folder.glob("*.js")}
    for record in MANIFEST.objects:
        assert record.category == record.id.split("_")[0]
        assert sha256_bytes(MANIFEST.program_path(record).read_bytes()) == record.sha256, (
            f"{record.program} changed: run `python scripts/build_manifests.py builtin`"
        )


@pytest.mark.chromium
@pytest.mark.parametrize("object_id", [r.id for r in MANIFEST.objects])
def test_builtin_program(builtin_references, object_id: str) -> None:
    reference = builtin_references[object_id]
    result = read_result(reference.image.parent)
    assert result.status is ExecutionStatus.OK, result.error
    assert result.triangles == MANIFEST.get(object_id).triangles
    assert result.triangles >= 100 and result.meshes >= 5
    assert not result.console and not result.notes
    # The GLB holds exactly what was counted, in the same box.
    mesh = trimesh.load(reference.mesh, force="mesh", process=False)
    assert len(mesh.faces) == result.triangles
    assert result.bbox is not None
    assert np.allclose(mesh.bounds, [result.bbox.min, result.bbox.max], atol=1e-4)
    # The render is 512x512, centred, and the object fills a fair share of the frame.
    image = np.asarray(Image.open(reference.image).convert("RGB"), dtype=int)
    assert image.shape == (512, 512, 3)
    foreground = np.abs(image - BACKGROUND).sum(axis=2) > 24
    share = foreground.mean()
    assert 0.02 < share < 0.8  # thin objects (a sword, a street lamp) fill about 4%
    rows, cols = np.nonzero(foreground)
    assert abs(rows.mean() - 256) < 90 and abs(cols.mean() - 256) < 90
    assert image[foreground].mean() > 20  # metallic parts are lit, not black

"""Reference rendering of GLBs: centred and framed, textures drawn, cached by hash, bad files named."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from code3dbench.assets.contact_sheet import contact_sheet
from code3dbench.assets.importer import import_folder
from code3dbench.assets.manifest import manifest_from_sources
from code3dbench.assets.references import cached_reference, render_references
from code3dbench.assets.store import AssetStore, sha256_bytes
from tests.assets.mirror import broken_glb, make_mirror
from tests.conftest import require_runner

pytestmark = pytest.mark.chromium
BACKGROUND = np.array([0xF2, 0xF2, 0xF2])


def _foreground(path: Path) -> tuple[np.ndarray, np.ndarray]:
    image = np.asarray(Image.open(path).convert("RGB"), dtype=int)
    return image, np.abs(image - BACKGROUND).sum(axis=2) > 24


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory):
    require_runner()
    root = tmp_path_factory.mktemp("references")
    records = make_mirror(root / "mirror")
    broken = broken_glb()
    (root / "mirror" / "glb" / "testpack" / "broken.glb").write_bytes(broken)
    records.append(
        {
            **records[0],
            "id": "testpack/broken",
            "sha256": sha256_bytes(broken),
            "source_sha256": sha256_bytes(broken),
            "bytes": len(broken),
            "triangles": 1,
        }
    )
    (root / "mirror" / "sources.json").write_text(json.dumps(records))
    manifest = manifest_from_sources(records, "tiny")
    store = AssetStore(root / "cache")
    import_folder(root / "mirror", manifest, store)
    seen: list[str] = []
    references, report = render_references(manifest, store, on_progress=lambda p: seen.append(p.id))
    return manifest, store, references, report, seen


def test_every_good_object_is_rendered_and_the_bad_one_named(rendered) -> None:
    manifest, _, references, report, seen = rendered
    assert sorted(references) == [
        "otherpack/chest",
        "testpack/barrel",
        "testpack/crate",
        "testpack/rock",
    ]
    assert "testpack/broken: cannot render its GLB: three.js" in report.failed["testpack/broken"]
    assert sorted(seen) == sorted(r.id for r in manifest.objects)
    for object_id, reference in references.items():
        assert reference.triangles == manifest.get(object_id).triangles


@pytest.mark.parametrize("object_id", ["testpack/crate", "testpack/barrel", "testpack/rock"])
def test_references_are_centred_and_fill_the_frame(rendered, object_id: str) -> None:
    _, _, references, _, _ = rendered
    image, foreground = _foreground(references[object_id].image)
    assert image.shape == (512, 512, 3)
    rows, cols = np.nonzero(foreground)
    # Longest side 1, auto distance from the bounding sphere: a compact object covers a
    # fifth to a half of the frame, centred within a few pixels.
    assert 0.15 < foreground.mean() < 0.5
    assert abs((rows.min() + rows.max()) / 2 - 256) < 40
    assert abs((cols.min() + cols.max()) / 2 - 256) < 40


def test_textures_inside_the_glb_are_drawn(rendered) -> None:
    _, _, references, _, _ = rendered
    image, foreground = _foreground(references["otherpack/chest"].image)
    red, green, blue = (image[foreground][:, channel].mean() for channel in range(3))
    assert red > green + 40 and red > blue + 20  # the red checker texture, not a white box


def test_second_run_is_served_from_the_cache(rendered) -> None:
    manifest, store, references, _, _ = rendered
    good = [r for r in manifest.objects if r.id != "testpack/broken"]
    seen: list[str] = []
    again, report = render_references(
        manifest, store, good, on_progress=lambda p: seen.append(p.id)
    )
    assert not seen and not report.done and len(report.already) == 4
    assert again == references
    assert (
        cached_reference(manifest, manifest.get("testpack/rock"), store)
        == references["testpack/rock"]
    )


def test_contact_sheet(rendered, tmp_path: Path) -> None:
    _, _, references, _, _ = rendered
    tiles = [(f"{i}\ncategory", r.image) for i, r in sorted(references.items())]
    sheet = contact_sheet(tiles, tmp_path / "sheet.png", tile_size=100, columns=3)
    image = np.asarray(Image.open(sheet).convert("RGB"), dtype=int)
    assert image.shape == (2 * (100 + 28), 300, 3)
    # The first tile holds a rendered object, the empty sixth cell stays blank.
    assert (np.abs(image[:100, :100] - BACKGROUND).sum(axis=2) > 24).mean() > 0.1
    assert (image[128:228, 200:300] == 255).all()

"""The real CC0 assets of the shared mirror: import all, verify all, render a stratified sample."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from code3dbench.assets.locations import resolve_manifest
from code3dbench.assets.references import render_references
from code3dbench.assets.store import AssetStore
from code3dbench.cli import main
from code3dbench.tasks.dataset import code3dbench_dataset, select_records
from tests.conftest import require_runner

MIRROR = Path(__file__).resolve().parents[3] / "shared" / "assets"
pytestmark = pytest.mark.skipif(not (MIRROR / "sources.json").is_file(), reason="no shared mirror")


@pytest.fixture(scope="module")
def imported(asset_cache: Path) -> Path:
    assert main(["assets", "import", str(MIRROR)]) == 0
    return asset_cache


def test_import_verify_and_list_every_object(imported, capsys) -> None:
    capsys.readouterr()
    assert main(["assets", "verify"]) == 0
    assert "848 ok" in capsys.readouterr().out
    assert main(["assets", "list", "--json"]) == 0
    listing = json.loads(capsys.readouterr().out)
    assert listing["objects"] == listing["in_cache"] == 848
    assert sum(listing["categories"].values()) == 848
    assert all(item["in_cache"] and item["category"] for item in listing["items"])


@pytest.mark.chromium
def test_render_a_stratified_sample_and_build_samples(imported) -> None:
    require_runner()
    manifest = resolve_manifest("benchmark")
    records = select_records(manifest, None, per_category=2, seed=3)
    references, report = render_references(manifest, AssetStore(imported), records, concurrency=2)
    assert not report.failed and len(references) == 16
    for reference in references.values():
        image = np.asarray(Image.open(reference.image).convert("RGB"), dtype=int)
        foreground = np.abs(image - 0xF2).sum(axis=2) > 24
        assert foreground.mean() > 0.01, reference.id
    dataset = code3dbench_dataset("benchmark", per_category=2, seed=3, fetch=False)
    assert sorted(s.id for s in dataset) == sorted(references)

"""The 848 benchmark objects shipped in benchmark_assets/glb: verified, listed, rendered in place."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from code3dbench.assets.locations import benchmark_assets_dir, resolve_manifest
from code3dbench.assets.references import render_references
from code3dbench.assets.store import AssetStore, sha256_file
from code3dbench.cli import main
from code3dbench.tasks.dataset import select_records
from tests.conftest import require_runner

BENCHMARK = resolve_manifest("benchmark")
SHIPPED = BENCHMARK.path.parent / "glb"


def test_every_object_is_shipped_and_matches_the_manifest() -> None:
    files = sorted(SHIPPED.rglob("*.glb"))
    assert len(files) == len(BENCHMARK.objects) == 848
    ids = {str(path.relative_to(SHIPPED).with_suffix("")) for path in files}
    assert ids == {record.id for record in BENCHMARK.objects}
    for record in BENCHMARK.objects:
        path = BENCHMARK.shipped_glb_path(record)
        assert path.stat().st_size == record.bytes, record.id
        assert sha256_file(path) == record.sha256, record.id


def test_cli_verify_and_list_read_the_shipped_files(tmp_path: Path, capsys) -> None:
    empty_cache = ["--cache", str(tmp_path / "cache")]
    assert main(["assets", "verify", *empty_cache]) == 0
    assert "848 ok (848 shipped)" in capsys.readouterr().out
    assert main(["assets", "list", "--json", *empty_cache]) == 0
    listing = json.loads(capsys.readouterr().out)
    assert listing["objects"] == listing["present"] == listing["shipped"] == 848
    converted = Counter(item["converted_from"] is not None for item in listing["items"])
    assert converted == {False: 529, True: 319}
    assert main(["assets", "fetch", *empty_cache]) == 0
    assert "848 object(s) ship with the manifest: nothing to fetch" in capsys.readouterr().out
    assert not (tmp_path / "cache" / "objects").exists()


def test_the_shipped_folder_imports_as_a_local_copy(tmp_path: Path, capsys) -> None:
    cache = tmp_path / "cache"
    assert main(["assets", "import", str(benchmark_assets_dir()), "--cache", str(cache)]) == 0
    assert "848 imported" in capsys.readouterr().out
    record = BENCHMARK.objects[0]
    assert AssetStore(cache).has_verified_glb(record)


def test_licence_evidence_names_every_pack() -> None:
    text = (benchmark_assets_dir() / "LICENSES.md").read_text()
    assert "All 848 objects in `glb/` are CC0-1.0" in text
    for pack in {record.pack for record in BENCHMARK.objects}:
        assert f"## {pack} (" in text, pack


@pytest.mark.chromium
def test_render_a_stratified_sample_in_place(tmp_path: Path) -> None:
    require_runner()
    records = select_records(BENCHMARK, None, per_category=2, seed=3)
    store = AssetStore(tmp_path / "cache")
    references, report = render_references(BENCHMARK, store, records, concurrency=2)
    assert not report.failed and len(references) == 16
    for reference in references.values():
        assert reference.mesh.is_relative_to(SHIPPED)
        image = np.asarray(Image.open(reference.image).convert("RGB"), dtype=int)
        foreground = np.abs(image - 0xF2).sum(axis=2) > 24
        assert foreground.mean() > 0.01, reference.id
    assert not (store.root / "objects").exists()

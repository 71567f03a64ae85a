"""The manifest schema: committed manifests load; bad manifests fail with the object named."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from code3dbench.assets.locations import benchmark_manifest_path, resolve_manifest
from code3dbench.assets.manifest import (
    CATEGORIES,
    ManifestError,
    load_manifest,
    manifest_from_sources,
)
from tests.assets.mirror import make_mirror

SHARED_SOURCES = Path(__file__).resolve().parents[3] / "shared" / "assets" / "sources.json"


def test_benchmark_manifest_covers_the_shared_split() -> None:
    manifest = load_manifest(benchmark_manifest_path())
    counts = Counter(r.category for r in manifest.objects)
    assert len(manifest.objects) == 848
    assert set(counts) == set(CATEGORIES)
    assert counts["vehicle"] == 62 and counts["nature"] == 129
    record = manifest.get("kaykit_furniture_bits/armchair")
    assert record.url and record.url.startswith("https://raw.githubusercontent.com/")
    assert record.source and record.source.commit in record.url
    assert all(r.license == "CC0-1.0" and r.triangles > 0 for r in manifest.objects)
    # Byte-identical upstream files can be fetched by URL; converted ones cannot.
    direct = sum(r.direct_download for r in manifest.objects)
    assert 0 < direct < len(manifest.objects)


@pytest.mark.skipif(not SHARED_SOURCES.is_file(), reason="shared/assets mirror not present")
def test_benchmark_manifest_is_generated_from_sources_json() -> None:
    sources = json.loads(SHARED_SOURCES.read_text())
    rebuilt = manifest_from_sources(sources, "code3dbench-shared")
    committed = load_manifest(benchmark_manifest_path())
    assert [r.model_dump() for r in rebuilt.objects] == [r.model_dump() for r in committed.objects]


def test_resolve_manifest_names() -> None:
    assert resolve_manifest(None).name == "code3dbench-shared"
    assert resolve_manifest("benchmark").name == "code3dbench-shared"
    assert resolve_manifest("builtin").name == "code3dbench-builtin"
    with pytest.raises(ManifestError, match="unknown dataset 'bogus'"):
        resolve_manifest("bogus")


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "manifest.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path


def _valid(tmp_path: Path) -> dict:
    records = make_mirror(tmp_path / "mirror", ["testpack/crate", "testpack/rock"])
    return json.loads(manifest_from_sources(records, "tiny").to_json())


def test_round_trip(tmp_path: Path) -> None:
    data = _valid(tmp_path)
    manifest = load_manifest(_write(tmp_path, data))
    assert [r.id for r in manifest.objects] == ["testpack/crate", "testpack/rock"]
    assert manifest.get("testpack/rock").category == "nature"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "the manifest file is empty"),
        ("{not json", "not valid JSON"),
        ("[]", "expected a JSON object"),
        ({"name": "x", "objects": []}, "lists no objects"),
    ],
)
def test_malformed_manifests(tmp_path: Path, content: object, message: str) -> None:
    with pytest.raises(ManifestError, match=message):
        load_manifest(_write(tmp_path, content))


def test_missing_manifest(tmp_path: Path) -> None:
    with pytest.raises(ManifestError, match="manifest not found"):
        load_manifest(tmp_path / "nope.json")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda o: o.update(category="spaceship"), r"object 'testpack/rock': category"),
        (lambda o: o.update(sha256="abc"), r"object 'testpack/rock': sha256"),
        (lambda o: o.update(program="rock.js"), r"object 'testpack/rock'.*either a url"),
        (lambda o: o.pop("url"), r"object 'testpack/rock'.*either a url"),
        (lambda o: o.update(triangles=0), r"object 'testpack/rock': triangles"),
        (lambda o: o.update(id="testpack/crate"), r"appears more than once"),
        (lambda o: o.update(colour="red"), r"object 'testpack/rock': colour"),
    ],
)
def test_invalid_records_name_the_object(tmp_path: Path, change, message: str) -> None:
    data = _valid(tmp_path)
    change(data["objects"][1])
    with pytest.raises(ManifestError, match=message):
        load_manifest(_write(tmp_path, data))


def test_sources_with_an_unknown_category_name_the_object(tmp_path: Path) -> None:
    records = make_mirror(tmp_path, ["testpack/crate"])
    records[0]["category"] = "weapon"
    with pytest.raises(ManifestError, match="'testpack/crate'.*category"):
        manifest_from_sources(records, "bad")
    del records[0]["sha256"]
    with pytest.raises(ManifestError, match="'testpack/crate': missing field 'sha256'"):
        manifest_from_sources(records, "bad")

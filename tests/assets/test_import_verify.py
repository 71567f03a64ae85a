"""Import from a folder of project-made GLBs, and verify: hash mismatch, corrupt and missing files."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from code3dbench.assets.importer import import_folder
from code3dbench.assets.manifest import Manifest, manifest_from_sources
from code3dbench.assets.store import AssetStore, CorruptAssetError, check_glb_structure
from code3dbench.assets.verify import verify_manifest
from code3dbench.cli import main
from tests.assets.mirror import make_mirror


@pytest.fixture
def mirror(tmp_path: Path) -> tuple[Path, Manifest]:
    folder = tmp_path / "mirror"
    manifest = manifest_from_sources(make_mirror(folder), "tiny")
    return folder, manifest


def test_import_then_verify(mirror, tmp_path: Path) -> None:
    folder, manifest = mirror
    store = AssetStore(tmp_path / "cache")
    report = import_folder(folder, manifest, store)
    assert sorted(report.done) == sorted(r.id for r in manifest.objects)
    assert not report.failed
    for record in manifest.objects:
        assert (
            store.glb_path(record).read_bytes()
            == (folder / "glb" / f"{record.id}.glb").read_bytes()
        )
    results = verify_manifest(manifest, store, deep=True)
    assert {r.status for r in results} == {"ok"}
    again = import_folder(folder, manifest, store)
    assert not again.done and len(again.already) == len(manifest.objects)


def test_hash_mismatch_and_missing_files_are_skipped_and_named(
    mirror, tmp_path: Path, caplog
) -> None:
    folder, manifest = mirror
    (folder / "glb" / "testpack" / "crate.glb").write_bytes(
        (folder / "glb" / "testpack" / "barrel.glb").read_bytes()
    )
    (folder / "glb" / "testpack" / "rock.glb").unlink()
    store = AssetStore(tmp_path / "cache")
    with caplog.at_level(logging.WARNING):
        report = import_folder(folder, manifest, store)
    assert sorted(report.done) == ["otherpack/chest", "testpack/barrel"]
    assert "sha256 mismatch" in report.failed["testpack/crate"]
    assert "testpack/crate" in caplog.text
    assert "missing" in report.failed["testpack/rock"]
    statuses = {r.id: r.status for r in verify_manifest(manifest, store)}
    assert statuses == {
        "testpack/crate": "missing",
        "testpack/barrel": "ok",
        "testpack/rock": "missing",
        "otherpack/chest": "ok",
    }


def test_verify_reports_damage_in_the_cache(mirror, tmp_path: Path) -> None:
    folder, manifest = mirror
    store = AssetStore(tmp_path / "cache")
    import_folder(folder, manifest, store)
    crate = manifest.get("testpack/crate")
    data = store.glb_path(crate).read_bytes()
    store.glb_path(crate).write_bytes(data[: len(data) // 2])
    results = {r.id: r for r in verify_manifest(manifest, store)}
    assert results["testpack/crate"].status == "hash_mismatch"
    assert "testpack/crate" in results["testpack/crate"].message
    assert results["testpack/rock"].status == "ok"


def test_deep_verify_counts_triangles(mirror, tmp_path: Path) -> None:
    folder, manifest = mirror
    store = AssetStore(tmp_path / "cache")
    import_folder(folder, manifest, store)
    manifest.get("testpack/rock").triangles += 1
    results = {r.id: r for r in verify_manifest(manifest, store, deep=True)}
    assert results["testpack/rock"].status == "triangle_mismatch"
    assert results["testpack/crate"].status == "ok"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not a GLB file"),
        (b"PK\x03\x04" + b"\0" * 40, "no glTF header"),
        (b"glTF\x01\0\0\0" + b"\0" * 40, "version 1"),
    ],
)
def test_corrupt_glb_containers(data: bytes, message: str) -> None:
    with pytest.raises(CorruptAssetError, match=message):
        check_glb_structure(data, "pack/thing")


def test_truncated_glb_is_corrupt(mirror) -> None:
    folder, _ = mirror
    data = (folder / "glb" / "testpack" / "crate.glb").read_bytes()
    with pytest.raises(CorruptAssetError, match="pack/thing: truncated"):
        check_glb_structure(data[:-8], "pack/thing")


def test_cli_import_verify_list(mirror, tmp_path: Path, capsys) -> None:
    folder, manifest = mirror
    manifest_path = tmp_path / "manifest.json"
    manifest_path.write_text(manifest.to_json())
    common = ["--manifest", str(manifest_path), "--cache", str(tmp_path / "cache")]
    assert main(["assets", "verify", *common]) == 1
    assert "4 missing" in capsys.readouterr().out
    assert main(["assets", "import", str(folder), *common]) == 0
    assert "4 imported" in capsys.readouterr().out
    assert main(["assets", "verify", "--deep", *common]) == 0
    assert main(["assets", "list", "--json", *common]) == 0
    listing = capsys.readouterr().out
    assert '"present": 4' in listing and '"shipped": 0' in listing and '"container": 3' in listing
    assert main(["assets", "list", *common, "--manifest", str(tmp_path / "none.json")]) == 2
    assert "manifest not found" in capsys.readouterr().err

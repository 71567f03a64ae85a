"""Fetch over HTTP from a local server: sha256 checks, resume, offline and converted objects."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from code3dbench.assets.fetch import OfflineError, fetch_assets
from code3dbench.assets.manifest import Manifest, manifest_from_sources
from code3dbench.assets.store import AssetStore
from code3dbench.cli import main
from tests.assets.mirror import make_mirror
from tests.file_server import FileServer


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[FileServer, Manifest]]:
    folder = tmp_path / "mirror"
    records = make_mirror(folder)
    server = FileServer(folder)
    for record in records:  # the pinned URLs point at the local server
        record["source_repo"] = "https://github.com/example/assets"
    manifest = manifest_from_sources(records, "tiny")
    for record in manifest.objects:
        record.url = f"{server.url}/glb/{record.id}.glb"
    yield server, manifest
    server.close()


def test_fetch_by_url_verifies_and_skips_what_is_cached(served, tmp_path: Path) -> None:
    server, manifest = served
    store = AssetStore(tmp_path / "cache")
    report = fetch_assets(manifest.objects, store, concurrency=2)
    assert sorted(report.done) == sorted(r.id for r in manifest.objects)
    assert all(store.glb_path(r).is_file() for r in manifest.objects)
    server.requests.clear()
    again = fetch_assets(manifest.objects, store)
    assert len(again.already) == 4 and not server.requests


def test_a_wrong_download_is_rejected_and_the_rest_kept(served, tmp_path: Path) -> None:
    server, manifest = served
    (server.folder / "glb" / "testpack" / "rock.glb").write_bytes(b"glTF not really")
    store = AssetStore(tmp_path / "cache")
    report = fetch_assets(manifest.objects, store)
    assert "sha256 mismatch" in report.failed["testpack/rock"]
    assert len(report.done) == 3
    assert not store.glb_path(manifest.get("testpack/rock")).exists()
    assert not list((store.root / "partial").glob("*.part"))


def test_resume_from_a_partial_download(served, tmp_path: Path) -> None:
    server, manifest = served
    record = manifest.get("testpack/barrel")
    store = AssetStore(tmp_path / "cache")
    data = (server.folder / "glb" / f"{record.id}.glb").read_bytes()
    part = store.root / "partial" / f"{record.sha256}.part"
    part.parent.mkdir(parents=True)
    part.write_bytes(data[:100])
    report = fetch_assets([record], store)
    assert report.done == ["testpack/barrel"]
    assert server.requests == [(f"/glb/{record.id}.glb", "bytes=100-")]
    assert store.glb_path(record).read_bytes() == data


def test_mirror_serves_converted_objects(served, tmp_path: Path) -> None:
    server, manifest = served
    converted = manifest.get("otherpack/chest")
    converted.source.converted_from = "gltf"
    store = AssetStore(tmp_path / "cache")
    report = fetch_assets([converted], store)
    assert "converted from upstream (gltf)" in report.skipped["otherpack/chest"]
    assert not server.requests
    report = fetch_assets([converted], store, mirror=f"{server.url}/glb")
    assert report.done == ["otherpack/chest"]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_offline_stops_with_advice(served, tmp_path: Path) -> None:
    _, manifest = served
    for record in manifest.objects:
        record.url = f"http://127.0.0.1:{_closed_port()}/{record.id}.glb"
    with pytest.raises(OfflineError) as info:
        fetch_assets(manifest.objects, AssetStore(tmp_path / "cache"))
    message = str(info.value)
    assert "offline: cannot reach 127.0.0.1" in message
    assert "assets import DIR" in message and "dataset=builtin" in message


def test_cli_fetch_offline_exit_code(served, tmp_path: Path, capsys) -> None:
    _, manifest = served
    path = tmp_path / "manifest.json"
    path.write_text(manifest.to_json())
    args = ["assets", "fetch", "--manifest", str(path), "--cache", str(tmp_path / "cache")]
    assert main([*args, "--mirror", f"http://127.0.0.1:{_closed_port()}"]) == 3
    assert "offline" in capsys.readouterr().err
    assert main(args) == 0
    assert "4 fetched" in capsys.readouterr().out

"""Weights downloaded on first use, from a local server serving small stand-in files.

The stand-ins replace the pinned files (their sha256 and size are monkeypatched into the
lookup); the mirror setting points the downloads at 127.0.0.1. The networks built from
them are stubs that record which files they were given: the computation itself is tested
with randomly initialised networks elsewhere (test_image_random_weights.py).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import random
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from code3dbench.cli import main
from code3dbench.scorers.image import ImageMetricsConfig, ImageScorer, score_images
from code3dbench.scorers.image import scorer as scorer_module
from code3dbench.scorers.image import weights as weights_module
from code3dbench.scorers.image.constants import (
    ALEXNET_FILENAME,
    CLIP_HF_FILENAME,
    CLIP_HF_REPO,
    CLIP_HF_REVISION,
)
from code3dbench.scorers.image.download import (
    download_settings,
    download_weights,
    ensure_weights,
    offline_reason,
)
from code3dbench.scorers.image.errors import WeightsError, WeightsHashError, WeightsOfflineError
from code3dbench.scorers.image.pinned import (
    ALEXNET,
    CLIP_SAFETENSORS,
    LPIPS_LINEAR,
    match_pinned,
)
from code3dbench.scorers.image.weights import (
    alexnet_target,
    clip_target,
    locate_alexnet,
    locate_clip,
    locate_lpips_linear,
)
from tests.file_server import FileServer, SilentServer, closed_port
from tests.scorers.test_image_fixtures import isolate_weights, render_like

LOGGER = "code3dbench.scorers.image.scorer"
ALEX_STAND_IN = random.Random(1).randbytes(200_000)
CLIP_STAND_IN = random.Random(2).randbytes(300_000)

pytestmark = pytest.mark.usefixtures("fresh_image_models")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class StandIns:
    server: FileServer
    home: Path
    loaded: dict[str, tuple[Path | None, ...]]

    def gets(self, name: str) -> list[str | None]:
        """The Range headers of the requests for one file (None: from the start)."""
        return [rng for path, rng in self.server.requests if path == f"/{name}"]


class StubLpips:
    def distances(self, pred, ref) -> list[float]:
        return [0.25] * len(pred)


class StubClip:
    def similarities(self, pred, ref) -> list[float]:
        return [0.5] * len(pred)


@pytest.fixture
def stand_ins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[StandIns]:
    """Online, empty caches, a mirror serving the stand-ins, pinned to them; stub networks."""
    home = isolate_weights(tmp_path, monkeypatch)
    for name in ("CODE3DBENCH_OFFLINE", "HF_HUB_OFFLINE"):
        monkeypatch.delenv(name, raising=False)
    server = FileServer(tmp_path / "mirror")
    server.add(ALEXNET_FILENAME, ALEX_STAND_IN)
    server.add(CLIP_HF_FILENAME, CLIP_STAND_IN)
    monkeypatch.setattr(
        weights_module,
        "ALEXNET",
        replace(ALEXNET, sha256=sha256(ALEX_STAND_IN), size=len(ALEX_STAND_IN)),
    )
    monkeypatch.setattr(
        weights_module,
        "CLIP_SAFETENSORS",
        replace(CLIP_SAFETENSORS, sha256=sha256(CLIP_STAND_IN), size=len(CLIP_STAND_IN)),
    )
    monkeypatch.setenv("CODE3DBENCH_WEIGHTS_MIRROR", server.url)
    monkeypatch.setenv("CODE3DBENCH_DOWNLOAD_TIMEOUT", "2")
    loaded: dict[str, tuple[Path | None, ...]] = {}

    def load_lpips(linear, backbone, device, *, random_init=False):
        loaded["lpips"] = (linear, backbone)
        return StubLpips()

    def load_clip(weights, device, *, random_init=False):
        loaded["clip"] = (weights,)
        return StubClip()

    monkeypatch.setattr(scorer_module, "load_lpips", load_lpips)
    monkeypatch.setattr(scorer_module, "load_clip", load_clip)
    yield StandIns(server, home, loaded)
    server.close()


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == LOGGER]


def test_first_use_downloads_each_file_once_into_the_libraries_caches(
    stand_ins: StandIns,
) -> None:
    reference = render_like()
    assert ImageScorer().availability()["clip"].downloads == (CLIP_HF_FILENAME,)

    def work(offset: int):
        return score_images([render_like(offset=(offset, 0))], [reference])[0]

    with ThreadPoolExecutor(max_workers=4) as pool:  # concurrent samples, one download each
        results = list(pool.map(work, range(4)))

    assert all(r.lpips == 0.25 and r.clip == 0.5 for r in results)
    assert stand_ins.gets(ALEXNET_FILENAME) == [None]
    assert stand_ins.gets(CLIP_HF_FILENAME) == [None]
    alexnet = stand_ins.home / "torch_home" / "hub" / "checkpoints" / ALEXNET_FILENAME
    assert alexnet.read_bytes() == ALEX_STAND_IN
    linear = locate_lpips_linear().path
    assert stand_ins.loaded["lpips"] == (linear, alexnet)
    repo = stand_ins.home / "hf_hub_cache" / "models--timm--vit_base_patch32_clip_224.openai"
    snapshot = repo / "snapshots" / CLIP_HF_REVISION / CLIP_HF_FILENAME
    assert stand_ins.loaded["clip"] == (snapshot,)
    assert snapshot.is_symlink() and snapshot.resolve() == repo / "blobs" / sha256(CLIP_STAND_IN)
    assert snapshot.read_bytes() == CLIP_STAND_IN
    assert (repo / "refs" / "main").read_text() == CLIP_HF_REVISION
    assert not list((stand_ins.home).rglob("*.part"))
    # huggingface_hub itself finds the file in its cache, by revision and through refs/main.
    from huggingface_hub import try_to_load_from_cache

    for revision in (CLIP_HF_REVISION, None):
        found = try_to_load_from_cache(
            CLIP_HF_REPO, CLIP_HF_FILENAME, cache_dir=repo.parent, revision=revision
        )
        assert found == str(snapshot)

    scorer_module.clear_image_models()  # a new process: the verified files are used as they are
    stand_ins.server.requests.clear()
    [again] = score_images([reference], [reference])
    assert again.lpips == 0.25 and again.clip == 0.5
    assert stand_ins.server.requests == []


def test_a_cut_connection_is_resumed_with_a_range_request(stand_ins: StandIns) -> None:
    stand_ins.server.cut_after[CLIP_HF_FILENAME] = 120_000
    target = clip_target()
    settings = download_settings()

    with pytest.raises(WeightsError, match="closed after 120,000 of 300,000 bytes") as cut:
        download_weights(target, settings)
    assert "code3dbench weights fetch" in str(cut.value)
    part = target.blob.with_name(target.blob.name + ".part")
    assert part.stat().st_size == 120_000 and not target.path.exists()

    assert download_weights(target, settings) == target.path

    assert stand_ins.gets(CLIP_HF_FILENAME) == [None, "bytes=120000-"]
    assert target.path.read_bytes() == CLIP_STAND_IN and not part.exists()


def test_a_download_that_fails_its_hash_is_removed_and_never_loaded(
    stand_ins: StandIns, caplog: pytest.LogCaptureFixture
) -> None:
    tampered = bytearray(ALEX_STAND_IN)
    tampered[1000] ^= 0xFF
    stand_ins.server.add(ALEXNET_FILENAME, bytes(tampered))

    with caplog.at_level(logging.WARNING, logger=LOGGER):
        for _ in range(2):
            [scores] = score_images([render_like()], [render_like()])

    assert scores.lpips is None and scores.clip == 0.5 and scores.ssim is not None
    assert "lpips" not in stand_ins.loaded  # never loaded
    target = alexnet_target()
    assert not target.path.exists() and not list(target.path.parent.glob("*.part"))
    [warning] = warnings_of(caplog)
    assert "lpips is unavailable" in warning and ALEXNET_FILENAME in warning
    assert f"sha256 mismatch (expected {sha256(ALEX_STAND_IN)}" in warning
    assert "deleted and is never loaded" in warning and "code3dbench weights fetch" in warning
    assert stand_ins.gets(ALEXNET_FILENAME) == [None]  # one attempt per process


def test_a_file_of_the_wrong_size_is_removed(stand_ins: StandIns) -> None:
    stand_ins.server.add(ALEXNET_FILENAME, ALEX_STAND_IN[:5000])
    target = alexnet_target()

    with pytest.raises(WeightsHashError, match="is 5,000 bytes, expected 200,000"):
        download_weights(target, download_settings())
    assert not any(p.name.endswith((".part", ".pth")) for p in target.path.parent.iterdir())


def test_a_corrupt_file_in_the_cache_is_replaced_and_a_foreign_one_skipped(
    stand_ins: StandIns, caplog: pytest.LogCaptureFixture
) -> None:
    target = alexnet_target()
    target.path.parent.mkdir(parents=True)
    target.path.write_bytes(ALEX_STAND_IN[:-1] + b"!")  # right size, one byte off
    openai_file = stand_ins.home / ".cache" / "clip" / "ViT-B-32.pt"
    openai_file.parent.mkdir(parents=True)
    openai_file.write_bytes(b"not OpenAI's file")

    with caplog.at_level(logging.WARNING):
        assert ensure_weights(locate_alexnet(), download_settings()) == target.path
        clip = ensure_weights(locate_clip(), download_settings())

    assert target.path.read_bytes() == ALEX_STAND_IN
    assert clip == clip_target().path
    assert openai_file.read_bytes() == b"not OpenAI's file"  # not ours to delete
    messages = " ".join(r.getMessage() for r in caplog.records)
    assert "sha256 mismatch" in messages and "deleted, it is downloaded again" in messages
    assert f"{openai_file} (open_clip cache) has sha256" in messages


@pytest.mark.parametrize("variable", ["CODE3DBENCH_OFFLINE", "HF_HUB_OFFLINE"])
def test_offline_nothing_is_requested_and_one_warning_names_file_and_command(
    stand_ins: StandIns,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    variable: str,
) -> None:
    monkeypatch.setenv(variable, "1")
    start = time.perf_counter()

    with caplog.at_level(logging.WARNING, logger=LOGGER):
        for _ in range(3):
            [scores] = score_images([render_like()], [render_like()])

    assert time.perf_counter() - start < 5.0  # three SSIMs; no waiting on a network
    assert scores.lpips is None and scores.clip is None and scores.ssim is not None
    assert stand_ins.server.requests == []
    [warning] = warnings_of(caplog)
    assert "lpips, clip unavailable" in warning
    assert ALEXNET_FILENAME in warning and CLIP_HF_FILENAME in warning
    assert "code3dbench weights fetch" in warning and f"{variable}=1" in warning
    with pytest.raises(WeightsOfflineError, match=f"not downloaded because {variable}=1"):
        download_weights(alexnet_target(), download_settings())


def test_a_refused_connection_is_reported_at_once(
    stand_ins: StandIns, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("CODE3DBENCH_WEIGHTS_MIRROR", f"http://127.0.0.1:{closed_port()}")
    scorer = ImageScorer()

    start = time.perf_counter()
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        availability = scorer.load()
    elapsed = time.perf_counter() - start

    assert elapsed < 1.0, f"a refused connection took {elapsed:.3f} s to be reported"
    for metric in ("lpips", "clip"):
        assert not availability[metric].available
        assert "Connection refused" in availability[metric].reason
    lpips_warning, clip_warning = warnings_of(caplog)  # one per metric, each naming its file
    assert "lpips is unavailable" in lpips_warning and ALEXNET_FILENAME in lpips_warning
    assert "clip is unavailable" in clip_warning and CLIP_HF_FILENAME in clip_warning
    assert all("code3dbench weights fetch" in m for m in (lpips_warning, clip_warning))
    assert not [r for r in caplog.records if "downloading" in r.getMessage()]


def test_a_server_that_never_answers_costs_one_bounded_timeout(
    stand_ins: StandIns, monkeypatch: pytest.MonkeyPatch
) -> None:
    silent = SilentServer()
    monkeypatch.setenv("CODE3DBENCH_WEIGHTS_MIRROR", silent.url)
    monkeypatch.setenv("CODE3DBENCH_DOWNLOAD_TIMEOUT", "0.3")
    try:
        start = time.perf_counter()
        with pytest.raises(WeightsOfflineError, match="timed out; gave up after 0.3 s"):
            ensure_weights(locate_alexnet(), download_settings())
        first_s = time.perf_counter() - start
        start = time.perf_counter()
        with pytest.raises(WeightsOfflineError) as second:  # same host: not tried again
            ensure_weights(locate_clip(), download_settings())
        second_s = time.perf_counter() - start
    finally:
        silent.close()
    assert 0.3 <= first_s < 2.0
    assert second_s < 0.1
    assert str(second.value).startswith(f"{CLIP_HF_FILENAME}: cannot reach 127.0.0.1")
    assert "earlier in this process: timed out; gave up after 0.3 s" in str(second.value)


def test_explicit_files_win_over_caches_and_downloads(
    stand_ins: StandIns, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = {name: tmp_path / f"{name}.bin" for name in ("alexnet", "clip", "linear")}
    for path in mine.values():
        path.write_bytes(b"the user's own file, not a pinned one")
    monkeypatch.setenv("CODE3DBENCH_ALEXNET_WEIGHTS", str(mine["alexnet"]))
    config = ImageMetricsConfig(clip_weights=mine["clip"], lpips_weights=mine["linear"])

    [scores] = score_images([render_like()], [render_like()], config=config)

    assert scores.lpips == 0.25 and scores.clip == 0.5
    assert stand_ins.loaded == {"lpips": (mine["linear"], mine["alexnet"]), "clip": (mine["clip"],)}
    assert stand_ins.server.requests == []


def test_the_bundled_lpips_linear_layers_match_their_pinned_hash() -> None:
    linear = locate_lpips_linear()
    if not linear.found:
        pytest.skip("this lpips wheel does not bundle weights/v0.1/alex.pth")
    assert linear.path is not None

    assert match_pinned(linear.path, (LPIPS_LINEAR,))[0] == LPIPS_LINEAR
    assert linear.path.stat().st_size == LPIPS_LINEAR.size


def test_a_tampered_bundled_copy_is_refused_with_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_lpips = tmp_path / "lpips"
    (fake_lpips / "weights" / "v0.1").mkdir(parents=True)
    (fake_lpips / "weights" / "v0.1" / "alex.pth").write_bytes(b"tampered")
    monkeypatch.setattr(weights_module, "package_dir", lambda name: fake_lpips)

    with pytest.raises(WeightsHashError) as info:
        ensure_weights(locate_lpips_linear(), download_settings())

    assert "bundled with lpips) has sha256" in str(info.value)
    assert "reinstall lpips" in str(info.value)


@pytest.mark.parametrize(
    ("value", "offline"), [("1", True), ("TRUE", True), ("on", True), ("0", False), ("", False)]
)
def test_offline_switches_read_like_huggingface_hub(
    monkeypatch: pytest.MonkeyPatch, value: str, offline: bool
) -> None:
    monkeypatch.delenv("CODE3DBENCH_OFFLINE", raising=False)
    monkeypatch.setenv("HF_HUB_OFFLINE", value)

    assert (offline_reason() is not None) is offline
    assert offline_reason(ImageMetricsConfig(offline=True)) == "offline=True"


def test_download_settings_read_the_environment_and_reject_a_bad_timeout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CODE3DBENCH_WEIGHTS_MIRROR", raising=False)
    monkeypatch.delenv("CODE3DBENCH_DOWNLOAD_TIMEOUT", raising=False)
    monkeypatch.setenv("HF_ENDPOINT", "https://hf-mirror.example")
    defaults = download_settings()
    assert defaults.timeout_s == 30.0 and defaults.mirror is None
    assert defaults.url(CLIP_SAFETENSORS) == (
        f"https://hf-mirror.example/{CLIP_HF_REPO}/resolve/{CLIP_HF_REVISION}/{CLIP_HF_FILENAME}"
    )
    assert defaults.url(ALEXNET) == "https://download.pytorch.org/models/alexnet-owt-7be5be79.pth"
    mirrored = download_settings(ImageMetricsConfig(weights_mirror="http://m/w/"))
    assert mirrored.url(ALEXNET) == "http://m/w/alexnet-owt-7be5be79.pth"
    monkeypatch.setenv("CODE3DBENCH_DOWNLOAD_TIMEOUT", "soon")
    with pytest.raises(ValueError, match="CODE3DBENCH_DOWNLOAD_TIMEOUT='soon'"):
        download_settings()
    with pytest.raises(ValueError, match="must be positive"):
        download_settings(ImageMetricsConfig(download_timeout_s=0))


def test_two_processes_share_one_download_through_the_file_lock(stand_ins: StandIns) -> None:
    """Threads stand in for processes here: each takes the file lock in turn."""
    target = alexnet_target()
    barrier = threading.Barrier(3)

    def fetch() -> Path:
        barrier.wait()
        return download_weights(target, download_settings())

    with ThreadPoolExecutor(max_workers=3) as pool:
        paths = list(pool.map(lambda _: fetch(), range(3)))

    assert paths == [target.path] * 3
    assert stand_ins.gets(ALEXNET_FILENAME) == [None]
    assert os.path.getsize(target.path) == len(ALEX_STAND_IN)


def test_weights_fetch_downloads_ahead_then_verify_and_doctor_report_it(
    stand_ins: StandIns, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["weights", "verify"]) == 1  # the backbone and CLIP are missing
    capsys.readouterr()

    assert main(["weights", "fetch"]) == 0
    fetched = capsys.readouterr().out
    assert main(["weights", "fetch"]) == 0  # present and verified: nothing requested again
    capsys.readouterr()
    assert stand_ins.gets(ALEXNET_FILENAME) == [None]
    assert stand_ins.gets(CLIP_HF_FILENAME) == [None]
    assert fetched.count("verified") == 3
    assert str(alexnet_target().path) in fetched and str(clip_target().path) in fetched

    assert main(["weights", "verify", "--json"]) == 0
    report = {item["role"]: item for item in json.loads(capsys.readouterr().out)}
    alexnet = report["AlexNet backbone"]
    assert alexnet["state"] == "verified" and alexnet["source"] == "torch hub cache"
    assert alexnet["size"] == len(ALEX_STAND_IN) and alexnet["sha256"] == sha256(ALEX_STAND_IN)
    assert report["CLIP ViT-B-32 OpenAI weights"]["release"] == CLIP_HF_FILENAME

    assert main(["doctor", "--json"]) == 0
    doctor = json.loads(capsys.readouterr().out)
    assert [item["state"] for item in doctor["weights"]] == ["verified"] * 3
    assert doctor["metrics"]["lpips"]["downloads"] == []


def test_weights_fetch_exit_codes_offline_unreachable_and_bad(
    stand_ins: StandIns, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["weights", "fetch", "--mirror", f"http://127.0.0.1:{closed_port()}"]) == 3
    assert "Connection refused" in capsys.readouterr().err
    scorer_module.clear_image_models()  # forgets the unreachable host

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert main(["weights", "fetch"]) == 3
    assert "not downloaded because HF_HUB_OFFLINE=1" in capsys.readouterr().err
    monkeypatch.delenv("HF_HUB_OFFLINE")

    stand_ins.server.add(CLIP_HF_FILENAME, CLIP_STAND_IN[::-1])  # right size, wrong bytes
    assert main(["weights", "fetch", "--json"]) == 1
    captured = capsys.readouterr()
    report = {item["role"]: item for item in json.loads(captured.out)}
    assert report["AlexNet backbone"]["state"] == "verified"
    assert "sha256 mismatch" in report["CLIP ViT-B-32 OpenAI weights"]["error"]
    assert not clip_target().blob.exists()

    assert main(["weights", "fetch", "--timeout", "-1"]) == 2


def test_doctor_marks_an_explicit_unpinned_file_and_a_skipped_cache_file(
    stand_ins: StandIns, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = tmp_path / "my_alexnet.pth"
    mine.write_bytes(b"my own conversion")
    openai_file = stand_ins.home / ".cache" / "clip" / "ViT-B-32.pt"
    openai_file.parent.mkdir(parents=True)
    openai_file.write_bytes(b"truncated")

    assert main(["doctor", "--alexnet-weights", str(mine)]) == 0

    text = capsys.readouterr().out
    alexnet = next(line for line in text.splitlines() if "AlexNet backbone  " in line)
    assert "unpinned" in alexnet and "not a pinned release file" in alexnet
    clip = next(line for line in text.splitlines() if "CLIP ViT-B-32 OpenAI weights  " in line)
    assert "missing" in clip and f"skipped {openai_file} (open_clip cache)" in clip

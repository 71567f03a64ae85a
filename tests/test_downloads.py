"""The resumable download primitive against a local server: resume, restart, progress, errors."""

from __future__ import annotations

import time
import urllib.error
from collections.abc import Iterator
from pathlib import Path

import pytest

from code3dbench.downloads import host_of, is_unreachable, resume_download
from tests.file_server import FileServer, SilentServer, closed_port

DATA = bytes(range(256)) * 1000  # 256,000 bytes: several blocks


@pytest.fixture
def server(tmp_path: Path) -> Iterator[FileServer]:
    served = FileServer(tmp_path / "served")
    served.add("file.bin", DATA)
    yield served
    served.close()


def test_a_fresh_download_reports_progress_block_by_block(server: FileServer, tmp_path: Path):
    part = tmp_path / "file.bin.part"
    blocks: list[int] = []

    resume_download(
        f"{server.url}/file.bin", part, timeout=5, user_agent="test", progress=blocks.append
    )

    assert part.read_bytes() == DATA
    assert sum(blocks) == len(DATA) and len(blocks) > 1
    assert server.requests == [("/file.bin", None)]


def test_a_partial_file_is_resumed_with_a_range_request(server: FileServer, tmp_path: Path):
    part = tmp_path / "file.bin.part"
    part.write_bytes(DATA[:1000])

    resume_download(f"{server.url}/file.bin", part, timeout=5, user_agent="test")

    assert part.read_bytes() == DATA
    assert server.requests == [("/file.bin", "bytes=1000-")]


def test_a_complete_partial_file_is_left_alone_on_416(server: FileServer, tmp_path: Path):
    part = tmp_path / "file.bin.part"
    part.write_bytes(DATA)

    resume_download(f"{server.url}/file.bin", part, timeout=5, user_agent="test")

    assert part.read_bytes() == DATA


def test_a_cut_connection_leaves_what_arrived_for_the_next_attempt(
    server: FileServer, tmp_path: Path
):
    part = tmp_path / "file.bin.part"
    server.cut_after["file.bin"] = 70_000

    announced = resume_download(f"{server.url}/file.bin", part, timeout=5, user_agent="test")
    assert part.read_bytes() == DATA[:70_000] and announced == len(DATA)
    again = resume_download(f"{server.url}/file.bin", part, timeout=5, user_agent="test")
    assert again == len(DATA)  # 70,000 resumed + 186,000 sent

    assert part.read_bytes() == DATA
    assert server.requests[-1] == ("/file.bin", "bytes=70000-")


def test_http_errors_are_answers_and_a_refused_connection_is_unreachable(
    server: FileServer, tmp_path: Path
):
    with pytest.raises(urllib.error.HTTPError) as refused:
        resume_download(f"{server.url}/missing.bin", tmp_path / "m", timeout=5, user_agent="t")
    assert not is_unreachable(refused.value)

    start = time.perf_counter()
    with pytest.raises(urllib.error.URLError) as closed:
        resume_download(
            f"http://127.0.0.1:{closed_port()}/x", tmp_path / "x", timeout=5, user_agent="t"
        )
    assert is_unreachable(closed.value)
    assert time.perf_counter() - start < 1.0  # refused at once, no waiting for the timeout


def test_a_server_that_never_answers_times_out_within_the_timeout(tmp_path: Path):
    silent = SilentServer()
    try:
        start = time.perf_counter()
        with pytest.raises(TimeoutError) as info:
            resume_download(f"{silent.url}/x", tmp_path / "x", timeout=0.3, user_agent="t")
        elapsed = time.perf_counter() - start
    finally:
        silent.close()
    assert is_unreachable(info.value)
    assert 0.3 <= elapsed < 2.0


def test_host_of_names_host_and_port() -> None:
    assert host_of("http://127.0.0.1:8000/a/b.pth") == "127.0.0.1:8000"
    assert host_of("https://huggingface.co/timm/x") == "huggingface.co"

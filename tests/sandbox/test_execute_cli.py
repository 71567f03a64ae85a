"""The `code3dbench execute` command, run as users run it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import require_runner

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def execute(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "code3dbench.cli", "execute", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


@pytest.mark.chromium
def test_one_file_writes_into_the_folder(tmp_path: Path) -> None:
    require_runner()
    done = execute(str(EXAMPLES / "programs" / "chair.js"), "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("\n") == 1 and ": ok: " in done.stdout
    result = json.loads((tmp_path / "result.json").read_text())
    assert result["status"] == "ok"
    assert (tmp_path / "object.glb").read_bytes()[:4] == b"glTF"
    assert (tmp_path / "render.png").read_bytes()[:4] == b"\x89PNG"
    assert (tmp_path / "program.js").read_text() == (EXAMPLES / "programs" / "chair.js").read_text()


@pytest.mark.chromium
def test_several_files_and_replies_write_into_subfolders(tmp_path: Path) -> None:
    require_runner()
    broken = tmp_path / "broken.js"
    broken.write_text("function buildObject() { return undefinedName; }")
    imported = tmp_path / "imported.js"  # a program written as an ES module: fixed as a reply is
    imported.write_text(
        "import * as THREE from 'three';\n"
        "function buildObject() { return new THREE.Mesh(new THREE.BoxGeometry(1, 1, 1)); }\n"
    )
    files = [
        EXAMPLES / "programs" / "chair.js",
        EXAMPLES / "replies" / "lamp_reply.md",
        EXAMPLES / "replies" / "no_code_reply.md",
        broken,
        imported,
    ]
    out = tmp_path / "out"
    done = execute(*map(str, files), "--out", str(out), "--timeout", "3")
    assert done.returncode == 0, done.stderr  # program failures are results, not exit codes
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 5
    statuses = {
        name: json.loads((out / name / "result.json").read_text())["status"]
        for name in ("chair", "lamp_reply", "no_code_reply", "broken", "imported")
    }
    assert statuses == {
        "chair": "ok",
        "lamp_reply": "ok",
        "no_code_reply": "no_code",
        "broken": "runtime_error",
        "imported": "ok",
    }
    # The reply's program was extracted: the import line is gone, the code is there.
    program = (out / "lamp_reply" / "program.js").read_text()
    assert program.startswith("function buildObject()")


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    done = execute(str(tmp_path / "absent.js"), "--out", str(tmp_path))
    assert done.returncode == 2
    assert "no such file" in done.stderr


def test_duplicate_stems_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for folder in ("a", "b"):
        (tmp_path / folder / "x.js").write_text("function buildObject() {}")
    done = execute(
        str(tmp_path / "a" / "x.js"), str(tmp_path / "b" / "x.js"), "--out", str(tmp_path / "o")
    )
    assert done.returncode == 2
    assert "share the stem 'x'" in done.stderr


@pytest.mark.chromium
def test_missing_chromium_is_an_infrastructure_fault(tmp_path: Path) -> None:
    require_runner()
    env = {**__import__("os").environ, "CODE3DBENCH_CHROMIUM": "/nonexistent/chromium"}
    done = execute(str(EXAMPLES / "programs" / "chair.js"), "--out", str(tmp_path), env=env)
    assert done.returncode == 3
    assert "infrastructure fault" in done.stderr
    assert "/nonexistent/chromium" in done.stderr

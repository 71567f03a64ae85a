"""The runner server: one Chromium for several programs, shutdown, idle exit, no server."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest

from code3dbench.sandbox.runner_files import runner_script
from tests.conftest import require_runner

pytestmark = pytest.mark.chromium
OK_PROGRAM = """
function buildObject() {
  const group = new THREE.Group();
  for (let i = 0; i < 5; i++) group.add(new THREE.Mesh(new THREE.BoxGeometry(1, 1, 1), new THREE.MeshStandardMaterial()));
  return group;
}
"""


def _connect(socket: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    command = ["node", str(runner_script()), "--connect", str(socket), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=cwd)


def _wait_exit(process: subprocess.Popen, seconds: float) -> int | None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return process.returncode
        time.sleep(0.1)
    return None


def test_one_server_runs_several_programs_then_shuts_down(tmp_path: Path) -> None:
    require_runner()
    socket = tmp_path / "runner.sock"
    server = subprocess.Popen(
        ["node", str(runner_script()), "--serve", str(socket), "--idle-exit-s", "120"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        (tmp_path / "ok.js").write_text(OK_PROGRAM)
        (tmp_path / "bad.js").write_text("function buildObject( {")
        answers = []
        for name in ("ok", "bad", "ok"):
            done = _connect(
                socket,
                "--program",
                f"{name}.js",
                "--out",
                f"out-{len(answers)}",
                "--wait-ms",
                "60000",
                cwd=tmp_path,
            )
            assert done.returncode == 0, done.stderr
            answers.append(json.loads(done.stdout))
        assert [a["status"] for a in answers] == ["ok", "syntax_error", "ok"]
        assert (tmp_path / "out-2" / "object.glb").is_file()
        assert (
            json.loads((tmp_path / "out-1" / "result.json").read_text())["status"] == "syntax_error"
        )
        assert server.poll() is None  # still the same process, serving
        done = _connect(socket, "--shutdown", cwd=tmp_path)
        assert done.returncode == 0 and json.loads(done.stdout)["event"] == "shutdown"
        assert _wait_exit(server, 30) == 0
        assert not socket.exists()
    finally:
        server.kill()


def test_no_server_exits_4(tmp_path: Path) -> None:
    require_runner()
    (tmp_path / "ok.js").write_text(OK_PROGRAM)
    done = _connect(
        tmp_path / "none.sock", "--program", "ok.js", "--out", "o", "--wait-ms", "200", cwd=tmp_path
    )
    assert done.returncode == 4 and "no server" in done.stderr


def test_an_idle_server_exits_by_itself(tmp_path: Path) -> None:
    require_runner()
    server = subprocess.Popen(
        [
            "node",
            str(runner_script()),
            "--serve",
            str(tmp_path / "idle.sock"),
            "--idle-exit-s",
            "1",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert _wait_exit(server, 60) == 0
    finally:
        server.kill()

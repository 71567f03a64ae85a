"""A Chromium that dies mid-run is restarted; the program is reported, the batch goes on."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from code3dbench.sandbox.limits import ExecutionLimits
from code3dbench.sandbox.runner_files import runner_script
from tests.conftest import require_runner

HANG = "function buildObject() { for (;;) {} }\n"
BOX = "function buildObject() { return new THREE.Mesh(new THREE.BoxGeometry(), new THREE.MeshStandardMaterial()); }\n"


def _browser_pids(runner_pid: int) -> list[int]:
    children = subprocess.run(["pgrep", "-P", str(runner_pid)], capture_output=True, text=True)
    pids = [int(p) for p in children.stdout.split()]
    return [pid for pid in pids if "chrom" in Path(f"/proc/{pid}/comm").read_text()]


@pytest.mark.chromium
@pytest.mark.slow
def test_killed_browser_is_restarted_and_the_program_reported(tmp_path: Path) -> None:
    require_runner()
    jobs = []
    for name, code in (("hang", HANG), ("box", BOX)):
        (tmp_path / f"{name}.js").write_text(code)
        jobs.append({"program": str(tmp_path / f"{name}.js"), "out": str(tmp_path / name)})
    (tmp_path / "jobs.json").write_text(json.dumps(jobs))
    limits = ExecutionLimits(timeout_s=4.0)
    runner = subprocess.Popen(
        [
            "node",
            str(runner_script()),
            "--jobs",
            str(tmp_path / "jobs.json"),
            *limits.runner_args(),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert runner.stdout is not None
        started = json.loads(runner.stdout.readline())
        assert started == {"event": "start", "index": 0, "program": jobs[0]["program"]}
        time.sleep(1.0)  # the hanging program is running now (it hangs for 4 s)
        browsers = _browser_pids(runner.pid)
        assert browsers, "the runner has no Chromium child"
        for pid in browsers:
            os.kill(pid, signal.SIGKILL)
        out, err = runner.communicate(timeout=120)
    finally:
        if runner.poll() is None:
            runner.kill()
    assert runner.returncode == 0, err
    hang = json.loads((tmp_path / "hang" / "result.json").read_text())
    box = json.loads((tmp_path / "box" / "result.json").read_text())
    assert hang["status"] == "timeout"  # run again in the new browser, where it hung again
    assert any("restarted" in note for note in hang["notes"])
    assert box["status"] == "ok" and box["triangles"] == 12

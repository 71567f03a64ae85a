"""The local jail: containment of a command that runs as a compromised renderer would, the
project's hostile programs inside it, identical results, and the fallback without bubblewrap."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from code3dbench.sandbox import jail as jail_module
from code3dbench.sandbox.host import ExecutionJob, execute_on_host
from code3dbench.sandbox.jail import (
    JAIL_UID,
    Jail,
    JailUnavailableError,
    jail_status,
    local_jail,
)
from code3dbench.sandbox.jail_files import read_regular_file
from code3dbench.sandbox.limits import ExecutionLimits
from code3dbench.sandbox.result import ExecutionStatus
from code3dbench.sandbox.runner_files import runner_dir
from tests.conftest import require_runner, skip_or_fail_in_ci
from tests.recording_server import recording_server
from tests.sandbox.test_hostile import EXPECTED, HOSTILE, NORMAL

LIMITS = ExecutionLimits(timeout_s=8.0, max_triangles=100_000, memory_mb=256)  # a loaded CI
CONTAINMENT = (
    "network_localhost",
    "network_outside",
    "file_reads",
    "memory_bomb",
    "timers_left_running",
)


def require_jail() -> Jail:
    """The working jail, or skip (locally) / fail (in CI) with the reason it does not work."""
    status = jail_status()
    if not status.works:
        skip_or_fail_in_ci(f"the local jail does not work here: {status.detail}")
    jail = local_jail()
    assert jail is not None
    return jail


def in_jail(jail: Jail, script: str, work: Path, **kwargs: object) -> subprocess.CompletedProcess:
    """Run a shell script in the jail, as a compromised renderer would run (same wrapper)."""
    jail.prepare_writable(work)
    command = jail.command(["/bin/sh", "-c", script], writable=[work])
    return subprocess.run(command, capture_output=True, text=True, timeout=60, **kwargs)


@pytest.fixture
def host_server() -> Iterator[tuple[int, list[str]]]:
    with recording_server(b"HOST SECRET") as served:
        yield served


@pytest.fixture
def work(tmp_path: Path) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    return folder


def test_the_jail_has_no_route_to_the_hosts_loopback(work: Path, host_server) -> None:
    jail = require_jail()
    port, hits = host_server
    script = (
        "fetch('http://127.0.0.1:PORT/from-jail').then(r => r.text())"
        ".then(t => console.log('GOT', t), e => console.log('REFUSED', e.cause && e.cause.code))"
    ).replace("PORT", str(port))
    done = in_jail(jail, f'node -e "{script}"', work)
    assert "REFUSED" in done.stdout, done.stderr
    assert "HOST SECRET" not in done.stdout
    # the same request from outside the jail reaches the server: the test can see a hit
    assert hits == []
    outside = subprocess.run(
        ["node", "-e", script.replace("from-jail", "from-host")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert "GOT HOST SECRET" in outside.stdout
    assert hits == ["/from-host"]


def test_only_loopback_exists_in_the_jail(work: Path) -> None:
    jail = require_jail()
    done = in_jail(jail, "cat /proc/net/dev", work)
    interfaces = {line.split(":")[0].strip() for line in done.stdout.splitlines() if ":" in line}
    assert interfaces == {"lo"}, done.stdout


def test_files_outside_the_work_folder_are_invisible(
    tmp_path: Path, work: Path, asset_cache: Path
) -> None:
    jail = require_jail()
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    (asset_cache / "ground-truth.glb").write_bytes(b"glTF ground truth")
    checkout = Path(__file__).resolve().parents[2]
    script = (
        f"cat {secret}; ls {asset_cache}; cat {asset_cache}/ground-truth.glb; "
        f"ls {checkout}; cat {checkout}/README.md; ls /root /home; cat /etc/passwd /etc/shadow; "
        f"ls {runner_dir()}/run.mjs"
    )
    done = in_jail(jail, script, work)
    assert "TOP SECRET" not in done.stdout
    assert "ground truth" not in done.stdout
    assert "Code3DBench" not in done.stdout
    assert "root:" not in done.stdout
    assert f"{runner_dir()}/run.mjs" in done.stdout  # the runner itself is readable


def test_nothing_outside_the_work_folder_is_writable(tmp_path: Path, work: Path) -> None:
    jail = require_jail()
    targets = [tmp_path / "escaped.txt", runner_dir() / "escaped.txt", Path("/usr/escaped.txt")]
    writes = "; ".join(f"echo x > {target}" for target in targets)
    done = in_jail(jail, f"{writes}; echo ok > {work}/inside.txt; id -u", work)
    assert not any(target.exists() for target in targets)
    assert (work / "inside.txt").read_text() == "ok\n"
    assert done.stdout.split()[-1] == str(JAIL_UID)


def test_the_environment_is_clean_and_capabilities_are_dropped(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("C3D_TEST_API_KEY", "sk-should-not-leak")
    jail = require_jail()
    done = in_jail(jail, "env; grep CapEff /proc/self/status; echo HOME=$HOME", work)
    assert "sk-should-not-leak" not in done.stdout
    assert "CapEff:\t0000000000000000" in done.stdout
    assert "HOME=/tmp" in done.stdout


def test_background_processes_die_with_the_jail(work: Path) -> None:
    jail = require_jail()
    marker = str(300 + uuid.uuid4().int % 600)
    script = (
        f"setsid nohup sleep {marker}.5 >/dev/null 2>&1 & nohup sleep {marker}.25 & echo started"
    )
    done = in_jail(jail, script, work)
    assert "started" in done.stdout
    left = subprocess.run(["pgrep", "-f", f"sleep {marker}"], capture_output=True, text=True)
    assert left.stdout.strip() == "", f"processes outlived the jail: {left.stdout}"


def test_links_planted_in_the_work_folder_are_not_followed(tmp_path: Path, work: Path) -> None:
    jail = require_jail()
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    in_jail(jail, f"mkdir {work}/out && ln -s {secret} {work}/out/result.json", work)
    with pytest.raises(OSError):
        read_regular_file(work, "out/result.json")


@pytest.fixture(scope="module")
def jailed_and_not(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """The containment programs, each followed by a normal one, with the jail and without."""
    require_runner()
    runs: dict[str, dict] = {}
    for mode in ("bwrap", "off"):
        with pytest.MonkeyPatch.context() as patch, recording_server(b"SECRET") as (port, hits):
            patch.setenv("CODE3DBENCH_LOCAL_JAIL", mode)
            if mode == "bwrap":
                require_jail()
            root = tmp_path_factory.mktemp(f"jail-{mode}")
            named = [("reference", NORMAL)]
            for name in CONTAINMENT:
                program = HOSTILE[name].replace("{port}", str(port))
                named += [(name, program), (f"after_{name}", NORMAL)]
            jobs = [ExecutionJob(code, root / name) for name, code in named]
            results = execute_on_host(jobs, LIMITS)
            runs[mode] = {
                name: (result, job.out_dir)
                for (name, _), result, job in zip(named, results, jobs, strict=True)
            }
            runs[mode]["localhost hits"] = list(hits)
    return runs


@pytest.mark.chromium
@pytest.mark.parametrize("name", CONTAINMENT)
def test_hostile_programs_in_the_jail(jailed_and_not: dict[str, dict], name: str) -> None:
    result, _ = jailed_and_not["bwrap"][name]
    assert result.status.value == EXPECTED[name], result.error
    assert jailed_and_not["bwrap"]["localhost hits"] == []
    after, _ = jailed_and_not["bwrap"][f"after_{name}"]
    assert after.status is ExecutionStatus.OK


@pytest.mark.chromium
def test_jailed_results_equal_unjailed(jailed_and_not: dict[str, dict]) -> None:
    for name in ["reference", *CONTAINMENT, *(f"after_{n}" for n in CONTAINMENT)]:
        jailed, jailed_dir = jailed_and_not["bwrap"][name]
        free, free_dir = jailed_and_not["off"][name]
        assert jailed.status == free.status, name
        assert (jailed.triangles, jailed.vertices, jailed.bbox) == (
            free.triangles,
            free.vertices,
            free.bbox,
        ), name
        if jailed.status is ExecutionStatus.OK:
            glb = (jailed_dir / "object.glb").read_bytes()
            assert glb == (free_dir / "object.glb").read_bytes(), name
            assert (jailed_dir / "render.png").read_bytes() == (
                free_dir / "render.png"
            ).read_bytes(), name


def _failing_bwrap(tmp_path: Path) -> Path:
    fake = tmp_path / "broken-bwrap"
    fake.write_text("#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n")
    fake.chmod(0o755)
    return fake


@pytest.mark.chromium
def test_auto_without_a_working_bwrap_warns_and_still_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    require_runner()
    monkeypatch.setenv("CODE3DBENCH_LOCAL_JAIL", "auto")
    monkeypatch.setenv("CODE3DBENCH_BWRAP", str(_failing_bwrap(tmp_path)))
    with caplog.at_level(logging.WARNING):
        [result] = execute_on_host([ExecutionJob(NORMAL, tmp_path / "out")], LIMITS)
    assert result.status is ExecutionStatus.OK
    assert "WITHOUT a jail" in caplog.text
    assert "No permissions to create new namespace" in caplog.text
    assert "apt-get install bubblewrap" in caplog.text and "sandbox=docker" in caplog.text


def test_bwrap_demanded_but_failing_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CODE3DBENCH_LOCAL_JAIL", "bwrap")
    monkeypatch.setenv("CODE3DBENCH_BWRAP", str(_failing_bwrap(tmp_path)))
    with pytest.raises(JailUnavailableError, match="CODE3DBENCH_LOCAL_JAIL=bwrap, but"):
        local_jail()
    monkeypatch.setenv("CODE3DBENCH_BWRAP", str(tmp_path / "no-such-bwrap"))
    with pytest.raises(JailUnavailableError, match="install bubblewrap"):
        local_jail()


def test_off_means_no_jail_and_a_bad_setting_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CODE3DBENCH_LOCAL_JAIL", "off")
    assert local_jail() is None
    monkeypatch.setenv("CODE3DBENCH_LOCAL_JAIL", "firejail")
    with pytest.raises(ValueError, match="auto, bwrap, off"):
        local_jail()


def test_the_probe_runs_once_per_binary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = tmp_path / "calls"
    counting = tmp_path / "counting-bwrap"
    counting.write_text(f"#!/bin/sh\necho x >> {calls}\nexit 1\n")
    counting.chmod(0o755)
    monkeypatch.setenv("CODE3DBENCH_BWRAP", str(counting))
    for _ in range(3):
        assert not jail_module.jail_status().works
    assert calls.read_text() == "x\n"


@pytest.mark.chromium
def test_code3dbench_execute_runs_jailed_or_says_why_not(tmp_path: Path) -> None:
    require_runner()
    require_jail()
    program = tmp_path / "normal.js"
    program.write_text(NORMAL)
    env = {**os.environ, "CODE3DBENCH_LOCAL_JAIL": "bwrap"}
    command = [sys.executable, "-m", "code3dbench.cli", "execute", str(program)]
    done = subprocess.run(
        [*command, "--out", str(tmp_path / "out")], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0 and ": ok: " in done.stdout, done.stderr
    env["CODE3DBENCH_BWRAP"] = str(_failing_bwrap(tmp_path))
    done = subprocess.run(
        [*command, "--out", str(tmp_path / "out2")], capture_output=True, text=True, env=env
    )
    assert done.returncode == 3
    assert "CODE3DBENCH_LOCAL_JAIL=bwrap, but the jail does not work here" in done.stderr
    assert not (tmp_path / "out2" / "result.json").exists()

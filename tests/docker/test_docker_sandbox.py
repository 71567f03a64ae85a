"""The Docker sandbox for real: the tasks in containers, containment, cleanup, a stale image.

Everything here runs Inspect's own Docker sandbox on the package's compose file (the image is
built by Inspect at the first eval, from the Dockerfile). Without a Docker engine these tests
skip locally and fail in CI.
"""

from __future__ import annotations

import json
import math
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from inspect_ai import Task
from inspect_ai import eval as inspect_eval
from inspect_ai.dataset import Sample
from inspect_ai.log import EvalLog
from inspect_ai.solver import Generate, Solver, TaskState, solver
from inspect_ai.util import sandbox, store

from code3dbench.assets.locations import cache_dir
from code3dbench.doctor import check_docker, check_docker_image
from code3dbench.sandbox import image
from code3dbench.sandbox.client import execute_in_sandbox, stop_runner_server
from code3dbench.sandbox.image import COMPOSE_FILE, docker_image_status, image_name
from code3dbench.sandbox.limits import ExecutionLimits
from code3dbench.sandbox.runner_files import three_version
from code3dbench.sandbox.selection import resolve_sandbox
from code3dbench.tasks.tasks import revision, single_shot
from tests.docker.conftest import docker_ids, host_processes_matching
from tests.recording_server import recording_server
from tests.sandbox.test_hostile import EXPECTED, HOSTILE, NORMAL

pytestmark = [pytest.mark.docker, pytest.mark.chromium, pytest.mark.slow]

SAMPLES = ["furniture_chair", "vehicle_car"]
# A long time limit: none of these programs should need it (the memory bomb ends at the 256 MiB
# heap), so a loaded 1-CPU container cannot turn an expected status into a timeout.
LIMITS = ExecutionLimits(timeout_s=30.0, max_triangles=100_000, memory_mb=256)
IN_CONTAINER = ["network_outside", "network_localhost", "memory_bomb", "timers_left_running"]
SLEEPER = "987654"  # the argument of a process a program leaves running in its container


def _eval(task: Task, tmp_path: Path, name: str, **kwargs: Any) -> EvalLog:
    [log] = inspect_eval(task, log_dir=str(tmp_path / name), display="none", **kwargs)
    return log


def _scores(log: EvalLog) -> dict[str, dict[str, float]]:
    assert log.status == "success", log.error
    assert log.samples
    return {str(s.id): s.scores["geometry_and_image"].value for s in log.samples}


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


def test_auto_picks_docker_and_the_image_builds_current(docker_engine: None) -> None:
    spec = resolve_sandbox("auto")
    assert (spec.type, spec.config) == ("docker", str(COMPOSE_FILE))
    subprocess.run(["docker", "compose", "-f", str(COMPOSE_FILE), "build", "--quiet"], check=True)
    status = docker_image_status()
    assert status.exists and status.current, status.detail
    doctor = check_docker_image(check_docker())
    assert (doctor.available, doctor.printed_state) == (True, "ok") and "current" in doctor.detail
    inside = subprocess.run(
        [
            "docker",
            "run",
            "--rm",
            "--network",
            "none",
            image_name(),
            "sh",
            "-c",
            "id -un; node -p \"require('/opt/code3dbench/runner/node_modules/three/package.json')"
            '.version"; ls /opt/code3dbench/runner/.cache',
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    user, three, baked = inside[0], inside[1], inside[2:]
    assert user == "node"
    assert three == three_version()  # the pinned lockfile, installed by npm ci
    assert any(name.startswith("environment-") for name in baked)  # the bake step ran


@pytest.mark.parametrize("task", [single_shot, revision], ids=["single_shot", "revision"])
def test_tasks_score_the_same_in_docker_as_in_local(
    docker_engine: None, builtin_references: Any, tmp_path: Path, task: Any
) -> None:
    logs = {
        name: _eval(
            task(dataset="builtin", sandbox=name),
            tmp_path,
            name,
            model="code3dbench/silhouette",
            sample_id=SAMPLES,
        )
        for name in ("docker", "local")
    }
    docker, local = _scores(logs["docker"]), _scores(logs["local"])
    assert docker.keys() == local.keys() == set(SAMPLES)
    for sample in SAMPLES:
        cds = [value for key, value in docker[sample].items() if key.endswith("_cd")]
        assert cds and all(math.isfinite(cd) for cd in cds)  # every program ran and scored
        differ = {k for k in local[sample] if not _same(docker[sample][k], local[sample][k])}
        assert not differ, f"{sample}: {differ}"


@solver
def _containment_probe(port: int, host_secret: Path) -> Solver:
    """Hostile programs through the runner, then what a compromised renderer could try."""

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        env = sandbox()
        found: dict[str, Any] = {}
        for name in IN_CONTAINER:
            program = HOSTILE[name].replace("{port}", str(port))
            ran = await execute_in_sandbox(program, LIMITS, reuse_browser=True)
            found[name] = ran.result.status.value

        async def node(script: str, timeout: int = 60) -> str:
            done = await env.exec(["node", "-e", script], timeout=timeout)
            return f"{done.returncode}:{done.stdout.strip()}"

        async def sh(command: str, timeout: int = 60) -> str:
            done = await env.exec(["sh", "-c", command], timeout=timeout)
            return done.stdout.strip()

        found["interfaces"] = await sh("ls /sys/class/net")
        found["privileges"] = await sh("grep -E '^(CapBnd|NoNewPrivs)' /proc/self/status; id -u")
        found["dns"] = await sh("getent hosts example.com; echo rc=$?")
        found["host_loopback"] = await node(
            f"require('net').connect({port}, '127.0.0.1')"
            ".on('error', e => console.log(e.code)).on('connect', () => console.log('CONNECTED'))"
        )
        found["outside_by_name"] = await node(
            "fetch('http://example.com/').then(() => console.log('REACHED'))"
            ".catch(e => console.log(e.cause ? e.cause.code : e.message))"
        )
        found["memory_limit"] = await sh(
            "cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null"
        )
        found["memory_bomb_process"] = await node(
            "const a = []; for (;;) a.push(Buffer.alloc(1 << 26, 1));"
        )
        found["fork_bomb"] = await node(
            "const cp = require('child_process'); const kids = []; let failed = 0;"
            "for (let i = 0; i < 700; i++) {"
            "  const k = cp.spawn('sleep', ['20'], { stdio: 'ignore' });"
            "  k.on('error', () => failed++); kids.push(k); }"
            "setTimeout(() => { const n = require('fs').readdirSync('/proc')"
            "  .filter(x => /^[0-9]+$/.test(x)).length;"
            "  kids.forEach(k => { try { k.kill('SIGKILL'); } catch (e) {} });"
            "  console.log(JSON.stringify({ n, failed })); }, 3000);"
        )
        found["writes_outside"] = await sh(
            "for p in /opt/code3dbench/runner/evil /etc/evil /evil /usr/local/bin/evil; do "
            "touch $p 2>/dev/null && echo $p; done"
        )
        found["writes_home"] = await sh("touch ~/probe && echo yes")
        found["host_files"] = await sh(
            f"for p in {host_secret} {cache_dir()} {Path.cwd()}; do test -e $p && echo $p; done; "
            "find / -xdev -name '*.glb' 2>/dev/null | head -3"
        )
        await sh(f"nohup sleep {SLEEPER} > /dev/null 2>&1 &")
        found["sleeper_inside"] = await sh(f"grep -l {SLEEPER} /proc/[0-9]*/cmdline | head -1")
        found["normal_after"] = await execute_in_sandbox(NORMAL, LIMITS, reuse_browser=True)
        found["normal_after"] = found["normal_after"].result.status.value
        await stop_runner_server()
        store().set("probe", found)
        return state

    return solve


def test_containment_inside_the_container(docker_engine: None, tmp_path: Path) -> None:
    secret = tmp_path / "ground_truth.glb"
    secret.write_bytes(b"glTF secret")
    containers, networks = docker_ids("ps", "-a"), docker_ids("network", "ls")
    with recording_server(b"SECRET FROM THE HOST") as (port, hits):
        task = Task(
            dataset=[Sample(input="probe", id="probe")],
            solver=_containment_probe(port, secret),
            sandbox=resolve_sandbox("docker"),
        )
        log = _eval(task, tmp_path, "probe", model="mockllm/model")
    assert log.status == "success", log.error
    found = log.samples[0].store["probe"]
    for name in IN_CONTAINER:
        assert found[name] == EXPECTED[name], (name, found[name])
    assert hits == []  # nothing reached the host, from the page or from a process
    assert found["interfaces"] == "lo"
    assert found["privileges"].split() == ["CapBnd:", "0" * 16, "NoNewPrivs:", "1", "1000"]
    assert "rc=2" in found["dns"]  # no name resolves
    assert found["host_loopback"] == "0:ECONNREFUSED"  # 127.0.0.1 is the container's own
    assert found["outside_by_name"].startswith("0:") and "REACHED" not in found["outside_by_name"]
    assert int(found["memory_limit"].split()[0]) == 2 * 1024**3
    assert found["memory_bomb_process"].startswith("137:")  # killed by the 2 GiB limit
    forks = json.loads(found["fork_bomb"].split(":", 1)[1])
    assert forks["failed"] > 0 and forks["n"] <= 512  # the pids limit held
    assert found["writes_outside"] == ""
    assert found["writes_home"] == "yes"
    assert found["host_files"] == ""  # no host path, cache, checkout or GLB is visible
    assert found["sleeper_inside"]  # the left-running process existed inside ...
    assert host_processes_matching(f"sleep {SLEEPER}") == []  # ... and died with the container
    assert found["normal_after"] == "ok"  # the sandbox survived it all
    assert docker_ids("ps", "-a") == containers and docker_ids("network", "ls") == networks


@solver
def _fails_or_hangs() -> Solver:
    async def solve(state: TaskState, generate: Generate) -> TaskState:
        ran = await execute_in_sandbox(NORMAL, LIMITS, reuse_browser=True)
        assert ran.result.status.value == "ok", ran.result.error
        await sandbox().exec(["sh", "-c", f"nohup sleep {SLEEPER} > /dev/null 2>&1 &"])
        if state.sample_id == "fails":
            raise RuntimeError("this sample fails after starting the runner server")
        await sandbox().exec(["sleep", "600"], timeout=600)  # cancelled by the time limit
        return state

    return solve


def test_containers_are_removed_after_failed_and_cancelled_samples(
    docker_engine: None, tmp_path: Path
) -> None:
    containers, networks = docker_ids("ps", "-a"), docker_ids("network", "ls")
    task = Task(
        dataset=[Sample(input="x", id="fails"), Sample(input="x", id="hangs")],
        solver=_fails_or_hangs(),
        sandbox=resolve_sandbox("docker"),
        time_limit=15,
    )
    log = _eval(task, tmp_path, "cleanup", model="mockllm/model", fail_on_error=False)
    samples = {s.id: s for s in log.samples or []}
    assert samples["fails"].error is not None and "fails after" in samples["fails"].error.message
    assert samples["hangs"].limit is not None and samples["hangs"].limit.type == "time"
    assert docker_ids("ps", "-a") == containers and docker_ids("network", "ls") == networks
    assert host_processes_matching(f"sleep {SLEEPER}") == []


def test_a_stale_image_is_named_and_not_used(
    docker_engine: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stale_tag = f"{image_name().split(':')[0]}:stale-test"
    extra = "0" * 64 + "  runner/lib/removed_since.mjs"
    subprocess.run(
        ["docker", "build", "--quiet", "-t", stale_tag, "-"],
        input=f"FROM {image_name()}\nUSER root\n"
        f"RUN echo '{extra}' >> {image.IMAGE_SOURCES_FILE}\nUSER node\n",
        text=True,
        capture_output=True,
        check=True,
    )
    compose = yaml.safe_load(COMPOSE_FILE.read_text())
    service = compose["services"]["default"]
    service.pop("build")
    service["image"] = stale_tag
    (tmp_path / "compose.yaml").write_text(yaml.safe_dump(compose))
    monkeypatch.setattr(image, "_problems", {})  # checked afresh, not from earlier tests

    @solver
    def run_one() -> Solver:
        async def solve(state: TaskState, generate: Generate) -> TaskState:
            ran = await execute_in_sandbox(NORMAL, LIMITS)
            store().set("result", [ran.result.status.value, ran.result.error.message])
            return state

        return solve

    try:
        task = Task(
            dataset=[Sample(input="x")],
            solver=run_one(),
            sandbox=("docker", str(tmp_path / "compose.yaml")),
        )
        log = _eval(task, tmp_path, "stale", model="mockllm/model")
    finally:
        subprocess.run(["docker", "image", "rm", "-f", stale_tag], capture_output=True)
    status, error = log.samples[0].store["result"]
    assert status == "sandbox_error"
    assert "is stale" in error and "runner/lib/removed_since.mjs" in error
    assert "make docker-image" in error

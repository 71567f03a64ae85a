"""The local sandbox's shared runner server: one browser for every sample of a process."""

from __future__ import annotations

import hashlib
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import anyio
import pytest
from inspect_ai import Task
from inspect_ai import eval as inspect_eval
from inspect_ai.dataset import Sample
from inspect_ai.solver import Generate, Solver, TaskState, solver
from inspect_ai.util import sandbox, store

from code3dbench.sandbox import client, shared_runner
from code3dbench.sandbox.client import execute_in_sandbox, stop_runner_server
from code3dbench.sandbox.limits import ExecutionLimits
from code3dbench.sandbox.result import ExecutionStatus
from code3dbench.sandbox.shared_runner import SharedRunner, stop_shared_runners
from code3dbench.tasks.tasks import revision
from tests.conftest import require_runner

pytestmark = pytest.mark.chromium

BOX = (
    "function buildObject() { return new THREE.Mesh(new THREE.BoxGeometry(1, 2, 3),"
    " new THREE.MeshStandardMaterial()); }"
)
HANG = "function buildObject() { for (;;) {} }"


@pytest.fixture(autouse=True)
def no_shared_servers() -> Iterator[None]:
    """Each test starts without shared servers and leaves none behind."""
    stop_shared_runners()
    yield
    stop_shared_runners()


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            tree.setdefault(parent, []).append(int(entry.name))
    return tree


def descendants(pid: int) -> list[int]:
    """Every process below ``pid``."""
    tree, found, todo = _children(), [], [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def browser_mains(pid: int) -> list[int]:
    """Chromium browser processes below ``pid`` (not its renderers, GPU or zygote children)."""
    mains = []
    for child in descendants(pid):
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        program = Path(command.split(b"\0")[0].split(b" ")[0].decode(errors="replace")).name
        if program in ("chromium", "chrome", "chromium-browser") and b"--type=" not in command:
            mains.append(child)
    return mains


def _alive(pids: list[int]) -> list[int]:
    return [pid for pid in pids if Path(f"/proc/{pid}").exists()]


def test_samples_of_a_revision_eval_share_one_server(
    builtin_references, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_runner()
    in_flight, most = 0, 0
    original = SharedRunner.execute

    async def counting(self: SharedRunner, program: str):  # noqa: ANN202 - the original's type
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        try:
            return await original(self, program)
        finally:
            in_flight -= 1

    monkeypatch.setattr(SharedRunner, "execute", counting)
    [log] = inspect_eval(
        revision(dataset="builtin", per_category=1, sandbox="local", execution_concurrency=2),
        model="code3dbench/box",
        max_samples=8,
        log_dir=str(tmp_path / "logs"),
        display="none",
    )
    assert log.status == "success", log.error
    assert log.samples is not None and len(log.samples) == 8
    for sample in log.samples:
        statuses = [step["status"] for step in sample.store["CodeSteps:steps"]]
        assert statuses == ["ok", "ok", "ok"], (sample.id, statuses)
    [runner] = shared_runner._runners.values()
    assert runner.starts == 1  # 24 programs from 8 samples, one server
    assert most == 2  # execution_concurrency: never more programs at once, and it was reached
    # The per-sample cleanup (stop_runner_server) ran for every sample and left it running.
    assert runner.pid is not None
    assert len(browser_mains(runner.pid)) == 1


@solver
def per_sample_and_shared() -> Solver:
    """Runs the sample's program on a per-sample server (the Docker path) and on the shared one."""

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        limits = ExecutionLimits(timeout_s=5.0)
        env = sandbox()
        await env.write_file("code3dbench-runs/own/program.js", state.metadata["program"])
        client._servers.add(env)
        ran = await client._run_on_server(env, "code3dbench-runs/own", limits)
        assert ran.success, ran.stderr
        own = await client._read_outputs(env, "code3dbench-runs/own/out")
        await stop_runner_server()
        shared = await execute_in_sandbox(state.metadata["program"], limits)
        for name, execution in (("own", own), ("shared", shared)):
            result = execution.result
            store().set(name, [result.status.value, result.triangles, result.vertices])
            store().set(f"{name}_bbox", result.bbox.model_dump() if result.bbox else None)
            store().set(f"{name}_glb", hashlib.sha256(execution.glb or b"").hexdigest())
            store().set(f"{name}_png", hashlib.sha256(execution.png or b"").hexdigest())
        return state

    return solve


def test_results_equal_those_of_a_per_sample_server(tmp_path: Path) -> None:
    require_runner()
    programs = {
        "box": BOX,
        "syntax": "function buildObject( {",
        "car": (Path(__file__).parents[2] / "benchmark_assets/builtin/vehicle_car.js").read_text(),
    }
    task = Task(
        dataset=[Sample(id=k, input="run", metadata={"program": v}) for k, v in programs.items()],
        solver=per_sample_and_shared(),
        sandbox="local",
    )
    [log] = inspect_eval(task, model="mockllm/model", log_dir=str(tmp_path), display="none")
    assert log.status == "success", log.error
    assert log.samples is not None
    for sample in log.samples:
        for key in ("", "_bbox", "_glb", "_png"):
            assert sample.store[f"own{key}"] == sample.store[f"shared{key}"], (sample.id, key)
    statuses = {str(s.id): s.store["shared"][0] for s in log.samples}
    assert statuses == {"box": "ok", "syntax": "syntax_error", "car": "ok"}


def test_a_killed_server_fails_only_its_program_and_is_restarted() -> None:
    require_runner()
    limits = ExecutionLimits(timeout_s=6.0)

    async def scenario() -> dict[str, object]:
        before = await client._execute_on_shared_runner(BOX, limits)
        runner = shared_runner.shared_runner(limits)
        first_pid = runner.pid
        assert first_pid is not None
        tree = descendants(first_pid)
        outcome: dict[str, object] = {"before": before, "first_pid": first_pid, "tree": tree}

        async def victim() -> None:
            outcome["victim"] = await client._execute_on_shared_runner(HANG, limits)

        async with anyio.create_task_group() as group:
            group.start_soon(victim)
            await anyio.sleep(2.0)  # the hanging program is running now (for up to 6 s)
            os.killpg(first_pid, signal.SIGKILL)
        outcome["after"] = await client._execute_on_shared_runner(BOX, limits)
        outcome["second_pid"] = runner.pid
        outcome["starts"] = runner.starts
        return outcome

    outcome = anyio.run(scenario)
    assert outcome["before"].result.status is ExecutionStatus.OK
    victim = outcome["victim"].result
    assert victim.status is ExecutionStatus.SANDBOX_ERROR
    assert "died while running the program" in victim.error.message
    assert outcome["after"].result.status is ExecutionStatus.OK
    assert outcome["after"].result.triangles == 12
    assert outcome["starts"] == 2 and outcome["second_pid"] != outcome["first_pid"]
    deadline = time.monotonic() + 10
    while _alive(outcome["tree"]) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _alive(outcome["tree"]) == []  # the old browser went with its server


def test_an_idle_server_exits_and_the_next_program_starts_another(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    require_runner()
    monkeypatch.setattr(shared_runner, "SHARED_IDLE_EXIT_S", 1)
    limits = ExecutionLimits(timeout_s=5.0)

    async def scenario() -> tuple[list[ExecutionStatus], int | None, int]:
        runner = shared_runner.shared_runner(limits)
        first = await client._execute_on_shared_runner(BOX, limits)
        deadline = time.monotonic() + 30
        while runner.pid is not None and time.monotonic() < deadline:
            await anyio.sleep(0.2)
        idle_pid = runner.pid
        second = await client._execute_on_shared_runner(BOX, limits)
        return [first.result.status, second.result.status], idle_pid, runner.starts

    statuses, idle_pid, starts = anyio.run(scenario)
    assert statuses == [ExecutionStatus.OK, ExecutionStatus.OK]
    assert idle_pid is None and starts == 2


def test_stopping_leaves_no_process_behind() -> None:
    require_runner()
    limits = ExecutionLimits(timeout_s=5.0)
    execution = anyio.run(client._execute_on_shared_runner, BOX, limits)
    assert execution.result.status is ExecutionStatus.OK
    runner = shared_runner.shared_runner(limits)
    assert runner.pid is not None
    tree = [runner.pid, *descendants(runner.pid)]
    assert browser_mains(runner.pid)
    stop_shared_runners()
    deadline = time.monotonic() + 10
    while _alive(tree) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _alive(tree) == []

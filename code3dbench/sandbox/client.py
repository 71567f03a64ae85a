"""Run one program inside the Inspect sandbox of the current sample.

The program goes in with ``write_file``, the runner runs with ``exec`` (always with a time
limit), and the results come back as files (stdout is truncated by Inspect, files are not).
The ground truth never enters the sandbox. Anything that goes wrong with the sandbox itself is
reported as ``sandbox_error``, never as the model's failure. In Inspect's ``local`` sandbox the
program runs on this process's shared runner server instead (one browser for every sample,
in the local jail when there is one: :mod:`code3dbench.sandbox.shared_runner`).
"""

from __future__ import annotations

import logging
import shlex
import uuid
import weakref
from dataclasses import dataclass

from inspect_ai.util import ExecResult, OutputLimitExceededError, SandboxEnvironment, sandbox
from pydantic import ValidationError

from code3dbench.sandbox.host import GLB_FILE, PROGRAM_FILE, RENDER_FILE, RESULT_FILE, VIEWS_FILE
from code3dbench.sandbox.image import sandbox_image_problem, sandbox_kind
from code3dbench.sandbox.limits import ExecutionLimits
from code3dbench.sandbox.result import ExecutionResult, ExecutionStatus
from code3dbench.sandbox.runner_files import PACKAGED_RUNNER_DIR, RunnerUnavailableError
from code3dbench.sandbox.shared_runner import SharedRunnerError, shared_runner

logger = logging.getLogger(__name__)

RUNNER_ENV = "CODE3DBENCH_RUNNER"
"""Set in the sandbox image to the runner's ``run.mjs``; unset, the packaged runner is used
(the ``local`` sandbox runs on this machine)."""

SANDBOX_WORKDIR = "code3dbench-runs"
SERVER_SOCKET = f"{SANDBOX_WORKDIR}/runner.sock"
SERVER_IDLE_EXIT_S = 900
SERVER_START_WAIT_MS = 60_000
MAX_STDERR_CHARS = 1000
EXIT_NO_SERVER = 4
EXIT_SERVER_LOST = 5

_servers: weakref.WeakSet[SandboxEnvironment] = weakref.WeakSet()
"""Sandboxes in which a runner server was started and not yet stopped (one per sample)."""


@dataclass(frozen=True)
class SandboxExecution:
    """The outcome of one program: its result and, when ok, the GLB, render and views strip."""

    result: ExecutionResult
    glb: bytes | None = None
    png: bytes | None = None
    views: bytes | None = None


def _node_runner(args: str) -> str:
    default_script = shlex.quote(str(PACKAGED_RUNNER_DIR / "run.mjs"))
    return f'node "${{{RUNNER_ENV}:-{default_script}}}" {args}'


def runner_command(run_dir: str, limits: ExecutionLimits) -> list[str]:
    """The command that runs the runner on ``run_dir/program.js`` inside the sandbox."""
    flags = " ".join(shlex.quote(a) for a in limits.runner_args())
    program = shlex.quote(f"{run_dir}/{PROGRAM_FILE}")
    out = shlex.quote(f"{run_dir}/out")
    return ["bash", "-c", "exec " + _node_runner(f"--program {program} --out {out} {flags}")]


def server_start_command(limits: ExecutionLimits) -> list[str]:
    """Start a runner server in the background: one Chromium for every step of the sample."""
    flags = " ".join(shlex.quote(a) for a in limits.runner_args())
    log = shlex.quote(f"{SANDBOX_WORKDIR}/runner-server.log")
    server = _node_runner(
        f"--serve {shlex.quote(SERVER_SOCKET)} {flags} --idle-exit-s {SERVER_IDLE_EXIT_S}"
    )
    return [
        "bash",
        "-c",
        f"mkdir -p {SANDBOX_WORKDIR} && (setsid nohup {server} > {log} 2>&1 < /dev/null &)",
    ]


def server_request_command(run_dir: str, wait_ms: int = 0) -> list[str]:
    """Ask the sample's runner server to run ``run_dir/program.js``.

    Exits 4 at once when no server listens, or after ``wait_ms`` for one that is starting.
    """
    program = shlex.quote(f"{run_dir}/{PROGRAM_FILE}")
    out = shlex.quote(f"{run_dir}/out")
    request = f"--connect {shlex.quote(SERVER_SOCKET)} --program {program} --out {out}"
    return ["bash", "-c", "exec " + _node_runner(f"{request} --wait-ms {wait_ms}")]


def server_shutdown_command() -> list[str]:
    """Ask the sample's runner server to stop (exits 4 when none listens)."""
    return ["bash", "-c", _node_runner(f"--connect {shlex.quote(SERVER_SOCKET)} --shutdown")]


def _sandbox_error(message: str) -> SandboxExecution:
    logger.warning("sandbox error: %s", message)
    return SandboxExecution(ExecutionResult.failed(ExecutionStatus.SANDBOX_ERROR, message))


async def execute_in_sandbox(
    program: str,
    limits: ExecutionLimits | None = None,
    *,
    sandbox_name: str | None = None,
    reuse_browser: bool = False,
) -> SandboxExecution:
    """Execute a program in the sample's sandbox and bring its outputs back.

    Args:
        program: The JavaScript program (already extracted from the reply).
        limits: Execution limits (the benchmark defaults when None).
        sandbox_name: The sandbox environment (service) to use; the default one when None.
        reuse_browser: Run on the sample's runner server (started on first use), so later
            steps pay no browser launch; stop it with `stop_runner_server`. The ``local``
            sandbox always runs on the process's shared server.

    Returns:
        The result; ``sandbox_error`` when the sandbox or the runner failed.
    """
    limits = limits or ExecutionLimits()
    run_dir = f"{SANDBOX_WORKDIR}/{uuid.uuid4().hex[:12]}"
    try:
        env = sandbox(sandbox_name)
    except (ProcessLookupError, ValueError) as err:
        return _sandbox_error(f"no sandbox is available to run the program: {err}")
    if sandbox_kind(env) == "local":
        return await _execute_on_shared_runner(program, limits)
    try:
        stale_image = await sandbox_image_problem(env)
        if stale_image:
            return _sandbox_error(stale_image)
        await env.write_file(f"{run_dir}/{PROGRAM_FILE}", program)
        try:
            if reuse_browser:
                ran = await _run_on_server(env, run_dir, limits)
            else:
                ran = await _exec(env, runner_command(run_dir, limits), limits)
        except TimeoutError:
            return _sandbox_error(
                f"the runner did not finish within {limits.host_timeout_s():.0f} s"
            )
        if not ran.success:
            detail = (ran.stderr or ran.stdout).strip()[-MAX_STDERR_CHARS:]
            return _sandbox_error(f"the runner failed (exit {ran.returncode}): {detail}")
        return await _read_outputs(env, f"{run_dir}/out")
    except (OSError, RuntimeError, UnicodeDecodeError, OutputLimitExceededError) as err:
        return _sandbox_error(f"{type(err).__name__}: {err}")
    finally:
        await _remove(env, run_dir)


async def _execute_on_shared_runner(program: str, limits: ExecutionLimits) -> SandboxExecution:
    try:
        outcome = await shared_runner(limits).execute(program)
    except (SharedRunnerError, RunnerUnavailableError, OSError, ValueError) as err:
        return _sandbox_error(f"the local runner failed: {err}")
    if isinstance(outcome, ExecutionResult):
        return SandboxExecution(outcome)
    result, glb, png, views = outcome
    return SandboxExecution(result, glb=glb, png=png, views=views)


async def _exec(env: SandboxEnvironment, command: list[str], limits: ExecutionLimits) -> ExecResult:
    return await env.exec(command, timeout=round(limits.host_timeout_s()), timeout_retry=False)


async def _run_on_server(
    env: SandboxEnvironment, run_dir: str, limits: ExecutionLimits
) -> ExecResult:
    """Run on the sample's server; start it when absent, restart it once if it died."""
    ran = await _exec(env, server_request_command(run_dir), limits)
    for _ in range(2):
        if ran.returncode not in (EXIT_NO_SERVER, EXIT_SERVER_LOST):
            break
        _servers.add(env)
        started = await env.exec(server_start_command(limits), timeout=60, timeout_retry=False)
        if not started.success:
            return started
        ran = await _exec(env, server_request_command(run_dir, SERVER_START_WAIT_MS), limits)
    return ran


async def stop_runner_server(sandbox_name: str | None = None) -> None:
    """Stop the sample's runner server, if one was started and not stopped (never raises)."""
    try:
        env = sandbox(sandbox_name)
        if env not in _servers:
            return
        _servers.discard(env)
        await env.exec(server_shutdown_command(), timeout=60, timeout_retry=False)
    except Exception as err:  # noqa: BLE001 - cleanup must never fail a sample
        logger.debug("could not stop the runner server: %s", err)


async def _read_outputs(env: SandboxEnvironment, out_dir: str) -> SandboxExecution:
    try:
        result = ExecutionResult.model_validate_json(
            await env.read_file(f"{out_dir}/{RESULT_FILE}")
        )
    except ValidationError as err:
        return _sandbox_error(f"the runner wrote an unreadable {RESULT_FILE}: {err}")
    if result.status is not ExecutionStatus.OK:
        return SandboxExecution(result)
    glb = await env.read_file(f"{out_dir}/{GLB_FILE}", text=False)
    png = await env.read_file(f"{out_dir}/{RENDER_FILE}", text=False)
    views = await env.read_file(f"{out_dir}/{VIEWS_FILE}", text=False)
    return SandboxExecution(result, glb=glb, png=png, views=views)


async def _remove(env: SandboxEnvironment, run_dir: str) -> None:
    try:
        await env.exec(["rm", "-rf", run_dir], timeout=30, timeout_retry=False)
    except Exception as err:  # noqa: BLE001 - cleanup must never hide the result
        logger.debug("could not remove %s from the sandbox: %s", run_dir, err)

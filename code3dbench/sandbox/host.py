"""Run programs, or render reference GLBs, with the Node runner on this machine (one Chromium).

This is the path of the ``code3dbench execute`` command, the reference renders and the
benchmarks. Inside an Inspect evaluation, programs run through
:mod:`code3dbench.sandbox.client` instead. The runner runs in the local jail
(:mod:`code3dbench.sandbox.jail`) when there is one: it then reads copies of the programs and
GLBs and writes into a temporary folder, and the outputs are copied to each job's folder.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from code3dbench.sandbox.jail import Jail, local_jail
from code3dbench.sandbox.jail_files import copy_outputs
from code3dbench.sandbox.limits import ExecutionLimits
from code3dbench.sandbox.result import AssetRenderResult, ExecutionResult
from code3dbench.sandbox.runner_files import runner_script

PROGRAM_FILE = "program.js"
RESULT_FILE = "result.json"
GLB_FILE = "object.glb"
RENDER_FILE = "render.png"
VIEWS_FILE = "views.png"
OUTPUT_FILES = (RESULT_FILE, GLB_FILE, RENDER_FILE, VIEWS_FILE)


class RunnerFailedError(RuntimeError):
    """The runner process itself failed (an infrastructure fault, not the program's)."""


@dataclass(frozen=True)
class ExecutionJob:
    """One program to run and the folder its outputs go to."""

    program: str
    out_dir: Path


@dataclass(frozen=True)
class RenderJob:
    """One reference GLB to render and the folder its outputs go to."""

    glb: Path
    out_dir: Path


ResultT = TypeVar("ResultT", ExecutionResult, AssetRenderResult)


def read_result(out_dir: Path) -> ExecutionResult:
    """Read an execution's ``result.json`` from an output folder."""
    return ExecutionResult.model_validate_json((out_dir / RESULT_FILE).read_text())


def read_render_result(out_dir: Path) -> AssetRenderResult:
    """Read a reference render's ``result.json`` from an output folder."""
    return AssetRenderResult.model_validate_json((out_dir / RESULT_FILE).read_text())


def execute_on_host(
    jobs: Sequence[ExecutionJob],
    limits: ExecutionLimits | None = None,
    *,
    concurrency: int = 1,
    chromium: str | None = None,
    on_result: Callable[[int, ExecutionResult], None] | None = None,
) -> list[ExecutionResult]:
    """Execute programs in one runner process and return their results in order.

    Each job's folder receives ``program.js``, ``result.json`` and, when the status is ``ok``,
    ``object.glb``, ``render.png`` and ``views.png`` (the multi-view strip).

    Args:
        jobs: The programs and their output folders.
        limits: Execution limits (the benchmark defaults when None).
        concurrency: Programs run at the same time in the one browser.
        chromium: Chromium binary (default: $CODE3DBENCH_CHROMIUM or the system one).
        on_result: Called with (job index, result) as each program finishes.

    Raises:
        RunnerUnavailableError: Node.js or the runner's packages are missing.
        RunnerFailedError: the runner could not start Chromium or died.
    """
    limits = limits or ExecutionLimits()
    spec = []
    for job in jobs:
        job.out_dir.mkdir(parents=True, exist_ok=True)
        program_path = job.out_dir / PROGRAM_FILE
        program_path.write_text(job.program)
        spec.append({"program": str(program_path), "out": str(job.out_dir)})
    return _run_jobs(spec, jobs, read_result, limits, concurrency, chromium, on_result)


def render_glbs_on_host(
    jobs: Sequence[RenderJob],
    limits: ExecutionLimits | None = None,
    *,
    concurrency: int = 1,
    chromium: str | None = None,
    on_result: Callable[[int, AssetRenderResult], None] | None = None,
) -> list[AssetRenderResult]:
    """Render GLB files on the trusted render page (no program runs) and return the results.

    Each job's folder receives ``result.json`` and, when the status is ``ok``, ``render.png``
    and ``views.png``.
    A file three.js cannot read gets status ``invalid_asset`` and the batch goes on.

    Raises:
        RunnerUnavailableError: Node.js or the runner's packages are missing.
        RunnerFailedError: the runner could not start Chromium or died.
    """
    spec = []
    for job in jobs:
        job.out_dir.mkdir(parents=True, exist_ok=True)
        spec.append({"glb": str(job.glb), "out": str(job.out_dir)})
    limits = limits or ExecutionLimits()
    return _run_jobs(spec, jobs, read_render_result, limits, concurrency, chromium, on_result)


def _run_jobs(
    spec: list[dict[str, str]],
    jobs: Sequence[ExecutionJob] | Sequence[RenderJob],
    read: Callable[[Path], ResultT],
    limits: ExecutionLimits,
    concurrency: int,
    chromium: str | None,
    on_result: Callable[[int, ResultT], None] | None,
) -> list[ResultT]:
    if not jobs:
        return []
    script = runner_script()
    jail = local_jail()
    out_dirs = [job.out_dir for job in jobs]
    with tempfile.TemporaryDirectory(prefix="code3dbench-jobs-") as tmp:
        work = Path(tmp)
        (work / "in").mkdir()
        if jail is not None:
            spec = _jailed_spec(spec, work, jail)
        jobs_file = work / "in" / "jobs.json"
        jobs_file.write_text(json.dumps(spec))
        command = [
            shutil.which("node") or "node",
            str(script),
            "--jobs",
            str(jobs_file),
            "--concurrency",
            str(concurrency),
        ]
        command += limits.runner_args()
        if chromium:
            command += ["--chromium", chromium]

        copied: set[int] = set()

        def bring_out(index: int) -> None:
            if jail is not None and index not in copied and 0 <= index < len(out_dirs):
                copy_outputs(work, f"out/{index}", out_dirs[index], OUTPUT_FILES)
                copied.add(index)

        def finished(index: int) -> None:
            bring_out(index)
            if on_result is not None:
                on_result(index, read(out_dirs[index]))

        if jail is not None:
            command = jail.command(command, writable=[work / "out"], readable=[work / "in"])
        _run_runner(command, len(jobs), limits, finished)
        for index in range(len(jobs)):
            bring_out(index)
    return [read(out_dir) for out_dir in out_dirs]


def _jailed_spec(spec: list[dict[str, str]], work: Path, jail: Jail) -> list[dict[str, str]]:
    """The jobs as the jail sees them: inputs copied to ``work/in``, outputs in ``work/out``.

    Only ``work/out`` is writable inside the jail; ``work/in`` is bound read-only.
    """
    inputs = work / "in"
    (work / "out").mkdir()
    jail.prepare_writable(work / "out")
    jailed = []
    for index, entry in enumerate(spec):
        kind = "program" if "program" in entry else "glb"
        copy = inputs / f"{index}{Path(entry[kind]).suffix}"
        shutil.copyfile(entry[kind], copy)
        jailed.append({kind: str(copy), "out": str(work / "out" / str(index))})
    return jailed


def _run_runner(
    command: list[str],
    n_jobs: int,
    limits: ExecutionLimits,
    on_result: Callable[[int], None],
) -> None:
    with tempfile.TemporaryFile(mode="w+") as stderr:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr, text=True)
        assert process.stdout is not None
        try:
            for line in process.stdout:
                event = json.loads(line) if line.startswith("{") else {}
                if event.get("event") == "result":
                    on_result(int(event["index"]))
            process.wait(timeout=limits.host_timeout_s(n_jobs))
        except subprocess.TimeoutExpired as err:
            process.kill()
            raise RunnerFailedError(
                f"the runner did not finish within {err.timeout:.0f} s"
            ) from err
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        if process.returncode != 0:
            stderr.seek(0)
            detail = stderr.read().strip().splitlines()
            reason = detail[0] if detail else f"exit status {process.returncode}"
            raise RunnerFailedError(reason.removeprefix("code3dbench runner: "))

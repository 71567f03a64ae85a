"""Shared fixtures: a runner that must be present in CI, and batch execution helpers."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import pytest

from code3dbench.sandbox.host import ExecutionJob, execute_on_host
from code3dbench.sandbox.limits import ExecutionLimits
from code3dbench.sandbox.result import ExecutionResult
from code3dbench.sandbox.runner_files import RunnerUnavailableError, runner_script

PROGRAMS_DIR = Path(__file__).parent / "programs"


def require_runner() -> None:
    """Skip (locally) or fail (in CI) when Node, the runner packages or Chromium are missing."""
    try:
        runner_script()
    except RunnerUnavailableError as err:
        if os.environ.get("CI"):
            pytest.fail(f"the runner must be available in CI: {err}")
        pytest.skip(f"runner unavailable: {err} (run `make setup`)")


def run_batch(
    programs: Iterable[tuple[str, str]], out_root: Path, limits: ExecutionLimits
) -> dict[str, tuple[ExecutionResult, Path]]:
    """Run named programs in one runner process; map each name to its result and folder."""
    require_runner()
    named = list(programs)
    jobs = [ExecutionJob(program=code, out_dir=out_root / name) for name, code in named]
    results = execute_on_host(jobs, limits)
    return {
        name: (result, job.out_dir)
        for (name, _), result, job in zip(named, results, jobs, strict=True)
    }


def program_files(folder: str) -> list[Path]:
    """The .js programs of a folder under tests/programs, sorted by name."""
    return sorted((PROGRAMS_DIR / folder).glob("*.js"))

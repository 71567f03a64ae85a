"""Shared fixtures: a runner that must be present in CI, batch execution, a session cache."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from code3dbench.assets.locations import CACHE_ENV, builtin_manifest_path
from code3dbench.assets.manifest import load_manifest
from code3dbench.assets.references import Reference, render_references
from code3dbench.assets.store import AssetStore
from code3dbench.sandbox.host import ExecutionJob, execute_on_host
from code3dbench.sandbox.limits import ExecutionLimits
from code3dbench.sandbox.result import ExecutionResult
from code3dbench.sandbox.runner_files import RunnerUnavailableError, runner_script
from code3dbench.sandbox.shared_runner import stop_shared_runners

PROGRAMS_DIR = Path(__file__).parent / "programs"


def pytest_configure(config: pytest.Config) -> None:
    """No test downloads real weights: offline for the whole session, from before collection
    (the download tests serve stand-in files on 127.0.0.1 and lift this for themselves)."""
    os.environ["CODE3DBENCH_OFFLINE"] = "1"


def skip_or_fail_in_ci(reason: str) -> None:
    """A missing tool or package: skip the test locally, fail it in CI (where `make test`
    installs everything), so a broken install never passes as skipped tests."""
    if os.environ.get("CI"):
        pytest.fail(f"must be available in CI: {reason}")
    pytest.skip(reason)


def require_runner() -> None:
    """Skip (locally) or fail (in CI) when Node, the runner packages or Chromium are missing."""
    try:
        runner_script()
    except RunnerUnavailableError as err:
        skip_or_fail_in_ci(f"runner unavailable: {err} (run `make setup`)")


def run_node_script(script: Path, *args: str, stdin: str | None = None, timeout: float) -> Any:
    """Run a test's Node script; assert it exits 0 and return the JSON of its last output line."""
    done = subprocess.run(
        ["node", str(script), *args], input=stdin, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


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


@pytest.fixture(scope="module", autouse=True)
def no_shared_runner_left() -> Iterator[None]:
    """Each test module ends without the local sandbox's shared runner servers (one browser
    each, until they idle out): the next module starts its own, with its own settings."""
    yield
    stop_shared_runners()


@pytest.fixture(scope="session", autouse=True)
def asset_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh asset cache for the whole test session: the user's cache is never touched."""
    folder = tmp_path_factory.mktemp("asset-cache")
    previous = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop(CACHE_ENV, None)
    else:
        os.environ[CACHE_ENV] = previous


@pytest.fixture(scope="session")
def builtin_references(asset_cache: Path) -> dict[str, Reference]:
    """The built-in set rendered once per session into the session cache."""
    require_runner()
    manifest = load_manifest(builtin_manifest_path())
    references, report = render_references(manifest, AssetStore(asset_cache), concurrency=2)
    assert not report.failed, report.failed
    return references

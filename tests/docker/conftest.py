"""The Docker tests need a Docker engine: they skip without one locally and fail in CI.

`.ci/run` (and `make docker-image` for developers) starts the engine and builds the image first.
"""

from __future__ import annotations

import subprocess

import pytest

from code3dbench.sandbox.selection import docker_status
from tests.conftest import skip_or_fail_in_ci


@pytest.fixture(scope="session")
def docker_engine() -> None:
    """A Docker daemon with Compose answers here (else skip locally, fail in CI)."""
    available, reason = docker_status(timeout_s=20)
    if not available:
        skip_or_fail_in_ci(f"no Docker engine: {reason} (start one, e.g. `make docker-image`)")


def docker_ids(*args: str) -> set[str]:
    """IDs listed by `docker <args> -q` (containers, networks)."""
    done = subprocess.run(["docker", *args, "-q"], capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def host_processes_matching(marker: str) -> list[str]:
    """Command lines of this machine's processes that contain ``marker`` (containers' too)."""
    done = subprocess.run(["pgrep", "-af", marker], capture_output=True, text=True)
    return [line for line in done.stdout.splitlines() if "pgrep" not in line]

"""Choose the sandbox for a task: Docker when a daemon answers, else the local sandbox."""

from __future__ import annotations

import logging
import shutil
import subprocess
from pathlib import Path
from typing import Literal

from inspect_ai.util import SandboxEnvironmentSpec

logger = logging.getLogger(__name__)

COMPOSE_FILE = Path(__file__).parent / "compose.yaml"
SandboxChoice = Literal["auto", "docker", "local"]
SANDBOX_CHOICES: tuple[str, ...] = ("auto", "docker", "local")
LOCAL_WARNING = (
    "Docker is not available ({reason}); generated programs run in the 'local' sandbox, which "
    "does not isolate them (no container, no network namespace). Use sandbox=docker on a "
    "machine with a Docker daemon for untrusted models."
)


class DockerUnavailableError(RuntimeError):
    """sandbox=docker was asked for, but no Docker daemon answers."""


def docker_status(timeout_s: float = 10.0) -> tuple[bool, str]:
    """Whether a Docker daemon and Compose answer here, and why not.

    ``docker --version`` only proves the client exists; this asks the daemon itself.
    """
    if shutil.which("docker") is None:
        return False, "the docker command is not installed"
    checks = [
        (["docker", "version", "--format", "{{.Server.Version}}"], "no Docker daemon answers"),
        (["docker", "compose", "version"], "Docker Compose is not installed"),
    ]
    for command, reason in checks:
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s)
        except subprocess.TimeoutExpired:
            return False, f"{reason} (timed out after {timeout_s:.0f} s)"
        if done.returncode != 0:
            detail = (done.stderr or done.stdout).strip().splitlines()
            return False, f"{reason}: {detail[-1] if detail else 'exit ' + str(done.returncode)}"
    return True, "ok"


def resolve_sandbox(choice: str = "auto") -> SandboxEnvironmentSpec:
    """Turn a sandbox choice into an Inspect sandbox spec.

    Args:
        choice: ``auto`` (Docker if a daemon answers, else local with a warning), ``docker``
            or ``local``.

    Raises:
        DockerUnavailableError: ``docker`` was asked for and no daemon answers.
        ValueError: an unknown choice.
    """
    if choice not in SANDBOX_CHOICES:
        raise ValueError(f"sandbox must be one of {', '.join(SANDBOX_CHOICES)}; got {choice!r}")
    if choice == "local":
        return SandboxEnvironmentSpec("local")
    available, reason = docker_status()
    if available:
        return SandboxEnvironmentSpec("docker", str(COMPOSE_FILE))
    if choice == "docker":
        raise DockerUnavailableError(
            f"sandbox=docker, but {reason}. Start the Docker daemon, or run with "
            "sandbox=local (no isolation) or sandbox=auto."
        )
    logger.warning(LOCAL_WARNING.format(reason=reason))
    return SandboxEnvironmentSpec("local")

"""Choose the sandbox for a task: Docker when a daemon answers, else the local sandbox."""

from __future__ import annotations

import importlib.util
import logging
import shutil
import subprocess
from pathlib import Path
from typing import Literal

from inspect_ai.util import SandboxEnvironmentSpec

from code3dbench.sandbox.jail import JAIL_ENV, jail_mode, jail_status

logger = logging.getLogger(__name__)

COMPOSE_FILE = Path(__file__).parent / "compose.yaml"
VALUES_FILE = Path(__file__).parent / "k8s" / "values.yaml"
K8S_MODULE = "k8s_sandbox"  # import name of the inspect-k8s-sandbox distribution
SandboxChoice = Literal["auto", "docker", "local", "k8s"]
SANDBOX_CHOICES: tuple[str, ...] = ("auto", "docker", "local", "k8s")
LOCAL_WARNING = (
    "Docker is not available ({reason}); generated programs run in the 'local' sandbox, on this "
    "machine. {jail} Use sandbox=docker on a machine with a Docker daemon for untrusted models."
)
JAILED = (
    "Its runner is jailed by bubblewrap (no network, read-only system, only its work folder "
    "writable, uid 65534), but CPU, memory and process counts are not limited."
)
UNJAILED = (
    "It is NOT isolated ({detail}): Chromium runs without its sandbox, as your user, with your "
    "files and network reachable, and nothing limits CPU or memory."
)


class DockerUnavailableError(RuntimeError):
    """sandbox=docker was asked for, but no Docker daemon answers."""


class K8sUnavailableError(RuntimeError):
    """sandbox=k8s was asked for, but the inspect-k8s-sandbox package is not installed."""


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
        choice: ``auto`` (Docker if a daemon answers, else local with a warning), ``docker``,
            ``local`` or ``k8s`` (inspect-k8s-sandbox with ``k8s/values.yaml``).

    Raises:
        DockerUnavailableError: ``docker`` was asked for and no daemon answers.
        K8sUnavailableError: ``k8s`` was asked for and inspect-k8s-sandbox is not installed.
        ValueError: an unknown choice.
    """
    if choice not in SANDBOX_CHOICES:
        raise ValueError(f"sandbox must be one of {', '.join(SANDBOX_CHOICES)}; got {choice!r}")
    if choice == "local":
        return SandboxEnvironmentSpec("local")
    if choice == "k8s":
        if importlib.util.find_spec(K8S_MODULE) is None:
            raise K8sUnavailableError(
                "sandbox=k8s needs Inspect's Kubernetes sandbox: pip install inspect-k8s-sandbox "
                "(plus helm, kubectl access to a cluster and the runner image pushed to a "
                "registry; see docs/scale_out.md)."
            )
        return SandboxEnvironmentSpec("k8s", str(VALUES_FILE))
    available, reason = docker_status()
    if available:
        return SandboxEnvironmentSpec("docker", str(COMPOSE_FILE))
    if choice == "docker":
        raise DockerUnavailableError(
            f"sandbox=docker, but {reason}. Start the Docker daemon, or run with "
            "sandbox=local (a bubblewrap jail at most) or sandbox=auto."
        )
    logger.warning(LOCAL_WARNING.format(reason=reason, jail=local_isolation()))
    return SandboxEnvironmentSpec("local")


def local_isolation() -> str:
    """What the local sandbox isolates on this machine, in a sentence or two."""
    try:
        mode = jail_mode()
    except ValueError as err:
        return UNJAILED.format(detail=str(err))
    if mode == "off":
        return UNJAILED.format(detail=f"{JAIL_ENV}=off")
    status = jail_status()
    return JAILED if status.works else UNJAILED.format(detail=status.detail)

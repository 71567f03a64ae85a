"""Sandbox choice, Docker detection, and the Docker image and compose files."""

from __future__ import annotations

import logging
import re

import pytest
import yaml
from inspect_ai.util._sandbox.compose import parse_compose_yaml

from code3dbench.sandbox import selection
from code3dbench.sandbox.jail import JailStatus
from code3dbench.sandbox.selection import (
    COMPOSE_FILE,
    DockerUnavailableError,
    docker_status,
    resolve_sandbox,
)

SANDBOX_DIR = COMPOSE_FILE.parent


def test_local_is_local() -> None:
    assert resolve_sandbox("local").type == "local"


def test_unknown_choice() -> None:
    with pytest.raises(ValueError, match="auto, docker, local"):
        resolve_sandbox("podman")


@pytest.mark.parametrize(
    ("jail", "says"),
    [
        (JailStatus(True, "ok"), "jailed by bubblewrap"),
        (JailStatus(False, "bubblewrap (bwrap) is not installed"), "NOT isolated (bubblewrap"),
    ],
)
def test_auto_without_docker_falls_back_to_local_with_a_warning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, jail: JailStatus, says: str
) -> None:
    monkeypatch.setattr(selection, "docker_status", lambda: (False, "no Docker daemon answers"))
    monkeypatch.setattr(selection, "jail_status", lambda: jail)
    monkeypatch.delenv("CODE3DBENCH_LOCAL_JAIL", raising=False)
    with caplog.at_level(logging.WARNING):
        spec = resolve_sandbox("auto")
    assert spec.type == "local"
    assert says in caplog.text and "no Docker daemon answers" in caplog.text
    assert "memory" in caplog.text  # no resource limits either way


def test_the_warning_says_when_the_jail_is_turned_off(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(selection, "docker_status", lambda: (False, "no Docker daemon answers"))
    monkeypatch.setenv("CODE3DBENCH_LOCAL_JAIL", "off")
    with caplog.at_level(logging.WARNING):
        resolve_sandbox("auto")
    assert "NOT isolated (CODE3DBENCH_LOCAL_JAIL=off)" in caplog.text


def test_docker_without_a_daemon_fails_clearly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selection, "docker_status", lambda: (False, "no Docker daemon answers"))
    with pytest.raises(
        DockerUnavailableError, match="sandbox=docker, but no Docker daemon answers"
    ):
        resolve_sandbox("docker")


def test_docker_with_a_daemon_uses_the_compose_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selection, "docker_status", lambda: (True, "ok"))
    spec = resolve_sandbox("auto")
    assert (spec.type, spec.config) == ("docker", str(COMPOSE_FILE))


def test_docker_status_asks_the_daemon_not_only_the_client() -> None:
    available, reason = docker_status(timeout_s=20)
    if available:
        assert reason == "ok"
    else:  # this machine: the client exists, no daemon runs
        assert reason and "daemon" in reason or "not installed" in reason


def test_compose_file_isolates_the_sandbox() -> None:
    config = parse_compose_yaml(str(COMPOSE_FILE), multiple_services=False)
    service = config.services["default"]
    raw = yaml.safe_load(COMPOSE_FILE.read_text())["services"]["default"]
    assert raw["network_mode"] == "none"
    assert raw["init"] is True
    assert raw["mem_limit"] and raw["cpus"] and raw["shm_size"]
    assert service.build is not None
    assert raw["x-local"] is True


def test_dockerfile_installs_the_runner_it_points_to() -> None:
    dockerfile = (SANDBOX_DIR / "Dockerfile").read_text()
    assert re.search(r"apt-get install .*\bchromium\b", dockerfile)
    assert "npm ci" in dockerfile
    runner_env = re.search(r"CODE3DBENCH_RUNNER=(\S+)", dockerfile)
    assert runner_env and runner_env.group(1) == "/opt/code3dbench/runner/run.mjs"
    for copied in ("runner/run.mjs", "runner/lib", "runner/scaffold", "runner/package-lock.json"):
        assert copied in dockerfile
        assert (SANDBOX_DIR / copied).exists()


def test_dockerfile_bakes_the_environment_map_after_copying_the_scaffold() -> None:
    dockerfile = (SANDBOX_DIR / "Dockerfile").read_text()
    bake = dockerfile.index("RUN node run.mjs --bake-environment")
    assert bake > dockerfile.index("COPY runner/scaffold")
    assert bake < dockerfile.index("USER node")  # written as root, read by the user


def test_no_daemon_for_real_auto_is_local_and_docker_fails(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The real `docker` client pointed at a socket nobody serves (a daemon may run here)."""
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock")
    available, reason = docker_status(timeout_s=20)
    assert not available and ("no Docker daemon answers" in reason or "not installed" in reason)
    with caplog.at_level(logging.WARNING):
        assert resolve_sandbox("auto").type == "local"
    assert reason in caplog.text
    with pytest.raises(DockerUnavailableError, match="sandbox=docker, but"):
        resolve_sandbox("docker")

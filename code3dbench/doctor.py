"""`code3dbench doctor`: what can run on this machine, and what to do about what cannot.

Lists each image metric (ssim, mse, lpips, clip) with its availability and reason,
the weight files (where each is, where it came from, its size, and whether its sha256
matches the pinned release file), then the environment: the Chromium binary the runner
would start, the Node runner, the Docker daemon, the sandbox image (built? from this package's
runner sources?), and the torch device. Decided from
files, packages and quick commands only: no model is loaded and nothing is downloaded
(`code3dbench weights fetch` downloads). Always exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from code3dbench.sandbox.image import docker_image_status
from code3dbench.sandbox.jail import HOW_TO_ISOLATE, JAIL_ENV, jail_mode, jail_status
from code3dbench.sandbox.runner_files import CHROMIUM_ENV, RunnerUnavailableError, runner_script
from code3dbench.sandbox.selection import docker_status
from code3dbench.scorers.image.availability import MetricAvailability, metric_availability
from code3dbench.scorers.image.cli import add_weights_arguments, config_from_args
from code3dbench.scorers.image.config import ImageMetricsConfig
from code3dbench.scorers.image.device import describe_torch_device
from code3dbench.scorers.image.inventory import WeightsStatus, format_inventory, weights_inventory

CHROMIUM_CANDIDATES = (
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
)
"""Where the runner looks for Chromium (runner/lib/browser.mjs), after $CODE3DBENCH_CHROMIUM."""

DOCKER_TIMEOUT_S = 5.0
"""How long each `docker` probe may take before the daemon counts as absent."""


@dataclass(frozen=True)
class EnvironmentCheck:
    """One fact about this machine.

    Attributes:
        name: "chromium", "node_runner", "docker", "docker_image", "local_jail" or
            "torch_device".
        available: Whether it is there and usable.
        detail: What was found, or why not and the fix.
        state: The word printed before the detail (default: "ok" or "missing").
    """

    name: str
    available: bool
    detail: str
    state: str | None = None

    @property
    def printed_state(self) -> str:
        """The state word: ``state``, else "ok" or "missing"."""
        return self.state or ("ok" if self.available else "missing")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary: name, available, state, detail."""
        return {
            "name": self.name,
            "available": self.available,
            "state": self.printed_state,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class DoctorReport:
    """Everything `code3dbench doctor` prints.

    Attributes:
        metrics: Image metric name -> availability.
        weights: The LPIPS and CLIP weight files, as found and verified here.
        environment: The environment checks, in print order.
    """

    metrics: dict[str, MetricAvailability]
    weights: list[WeightsStatus]
    environment: list[EnvironmentCheck]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary: {"metrics": {...}, "weights": [...], "environment": {...}}."""
        return {
            "metrics": {name: item.to_dict() for name, item in self.metrics.items()},
            "weights": [status.to_dict() for status in self.weights],
            "environment": {check.name: check.to_dict() for check in self.environment},
        }


def check_chromium() -> EnvironmentCheck:
    """The Chromium the runner would start: $CODE3DBENCH_CHROMIUM, else the usual paths."""
    named = os.environ.get(CHROMIUM_ENV)
    if named:
        if Path(named).is_file() and os.access(named, os.X_OK):
            return EnvironmentCheck("chromium", True, f"{named} (from {CHROMIUM_ENV})")
        return EnvironmentCheck(
            "chromium", False, f"{CHROMIUM_ENV}={named} is not an executable file; fix or unset it"
        )
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return EnvironmentCheck("chromium", True, candidate)
    return EnvironmentCheck(
        "chromium",
        False,
        f"no Chromium at {', '.join(CHROMIUM_CANDIDATES)}; `apt-get install -y chromium` "
        f"(or `make setup`), or set {CHROMIUM_ENV}",
    )


def check_node_runner() -> EnvironmentCheck:
    """Whether Node.js and the runner's packages are installed."""
    try:
        script = runner_script()
    except RunnerUnavailableError as exc:
        return EnvironmentCheck("node_runner", False, str(exc))
    node = shutil.which("node") or "node"
    try:
        version = subprocess.run(
            [node, "--version"], capture_output=True, text=True, timeout=10
        ).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        version = "version unknown"
    return EnvironmentCheck("node_runner", True, f"{script} (node {version or 'version unknown'})")


def check_docker() -> EnvironmentCheck:
    """Whether a Docker daemon and Compose answer (`sandbox=auto` picks Docker then)."""
    available, reason = docker_status(timeout_s=DOCKER_TIMEOUT_S)
    if available:
        return EnvironmentCheck("docker", True, "daemon and compose answer (sandbox=auto: docker)")
    return EnvironmentCheck(
        "docker", False, f"{reason} (sandbox=auto falls back to local; see local_jail)"
    )


def check_docker_image(docker: EnvironmentCheck) -> EnvironmentCheck:
    """Whether the runner image is built, and built from this package's runner sources."""
    if not docker.available:
        return EnvironmentCheck("docker_image", False, "not checked: no Docker daemon answers")
    status = docker_image_status()
    state = "ok" if status.current else "stale" if status.exists else "missing"
    return EnvironmentCheck(
        "docker_image", status.current, f"{status.image}: {status.detail}", state
    )


def check_local_jail() -> EnvironmentCheck:
    """Whether the local sandbox's bubblewrap jail works here (and is not turned off)."""
    try:
        if jail_mode() == "off":
            return EnvironmentCheck("local_jail", False, f"turned off by {JAIL_ENV}=off")
    except ValueError as err:
        return EnvironmentCheck("local_jail", False, str(err))
    status = jail_status()
    detail = status.detail if status.works else f"{status.detail}; to isolate: {HOW_TO_ISOLATE}"
    return EnvironmentCheck("local_jail", status.works, detail)


def check_torch_device(device: str | None = None) -> EnvironmentCheck:
    """The torch device LPIPS and CLIP would use (imports torch when installed)."""
    available, detail = describe_torch_device(device)
    return EnvironmentCheck("torch_device", available, detail)


def diagnose(config: ImageMetricsConfig | None = None) -> DoctorReport:
    """Run every check.

    Args:
        config: Image-metric weight locations (the CLI flags); None: environment and caches.

    Returns:
        The report.
    """
    config = config or ImageMetricsConfig()
    docker = check_docker()
    return DoctorReport(
        metrics=metric_availability(config),
        weights=weights_inventory(config),
        environment=[
            check_chromium(),
            check_node_runner(),
            docker,
            check_docker_image(docker),
            check_local_jail(),
            check_torch_device(config.device),
        ],
    )


def format_report(report: DoctorReport) -> str:
    """The text the command prints: one line per metric, weights file and environment fact."""
    lines = ["image metrics:"]
    for name, item in report.metrics.items():
        state = "available" if item.available else "unavailable"
        lines.append(f"  {name:<6} {state:<12} {item.reason}")
    lines.append("weights:")
    lines += format_inventory(report.weights)
    lines.append("environment:")
    for check in report.environment:
        lines.append(f"  {check.name:<13} {check.printed_state:<8} {check.detail}")
    return "\n".join(lines)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `doctor` subcommand.

    Args:
        subparsers: The main parser's subparsers (from `add_subparsers`).
    """
    parser = subparsers.add_parser(
        "doctor",
        help="list which metrics and tools are available here, and why not",
        description=(
            "Check the image metrics (ssim, mse, lpips, clip: packages and weight files, with "
            "their sha256) and the environment (Chromium, the Node runner, Docker and whether "
            "the sandbox image is current, the torch device). Loads no model and downloads "
            "nothing (`code3dbench weights fetch` does); exits 0."
        ),
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    add_weights_arguments(parser)
    parser.set_defaults(handler=run_doctor)


def run_doctor(args: argparse.Namespace) -> int:
    """Handle `doctor`: print the report; always returns 0."""
    report = diagnose(config_from_args(args))
    print(json.dumps(report.to_dict(), indent=2) if args.json else format_report(report))
    return 0

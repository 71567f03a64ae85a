"""Where the Node runner lives on this machine, and whether it is ready to run."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

RUNNER_DIR_ENV = "CODE3DBENCH_RUNNER_DIR"
"""Environment variable naming another runner folder (one with node_modules installed)."""

CHROMIUM_ENV = "CODE3DBENCH_CHROMIUM"
"""Environment variable naming the Chromium binary the runner starts."""

PACKAGED_RUNNER_DIR = Path(__file__).parent / "runner"


class RunnerUnavailableError(RuntimeError):
    """The runner cannot start here: Node.js, its packages or Chromium are missing."""


def runner_dir() -> Path:
    """The runner folder: $CODE3DBENCH_RUNNER_DIR, else the one inside this package."""
    override = os.environ.get(RUNNER_DIR_ENV)
    return Path(override) if override else PACKAGED_RUNNER_DIR


def runner_script() -> Path:
    """Path of ``run.mjs``, after checking that Node.js and the runner's packages are present.

    Raises:
        RunnerUnavailableError: with the command that fixes it.
    """
    folder = runner_dir()
    script = folder / "run.mjs"
    if not script.is_file():
        raise RunnerUnavailableError(f"runner not found: {script} does not exist")
    if shutil.which("node") is None:
        raise RunnerUnavailableError(
            "Node.js is not installed (the runner needs Node.js >= 20): "
            "install it, e.g. `apt-get install -y nodejs npm`"
        )
    for package in ("three", "playwright-core"):
        if not (folder / "node_modules" / package / "package.json").is_file():
            raise RunnerUnavailableError(
                f"the runner's Node packages are not installed ({package} is missing): "
                f"run `npm ci --prefix {folder}` (or `make setup` in a checkout)"
            )
    return script

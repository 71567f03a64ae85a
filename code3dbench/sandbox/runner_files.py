"""Where the Node runner lives on this machine, and whether it is ready to run."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path

RUNNER_DIR_ENV = "CODE3DBENCH_RUNNER_DIR"
"""Environment variable naming another runner folder (one with node_modules installed)."""

CHROMIUM_ENV = "CODE3DBENCH_CHROMIUM"
"""Environment variable naming the Chromium binary the runner starts."""

PACKAGED_RUNNER_DIR = Path(__file__).parent / "runner"

RENDER_LIBS = ("validate.mjs", "png.mjs")
"""Runner modules (besides the scaffold pages) whose code shapes exported meshes and images."""


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


def three_version() -> str:
    """The pinned three.js version, from the runner's package-lock.json."""
    lock = json.loads((runner_dir() / "package-lock.json").read_text())
    return lock["packages"]["node_modules/three"]["version"]


def renderer_version() -> str:
    """A key that changes whenever a render could change: scaffold files and three.js version.

    Reference images and built-in ground truths are cached under this key, so a changed camera,
    light, exporter or three.js release rebuilds them instead of comparing stale images.
    """
    folder = runner_dir()
    constants = (folder / "scaffold" / "render_constants.js").read_text()
    match = re.search(r"version:\s*'([^']+)'", constants)
    version = match.group(1) if match else "unknown"
    three = three_version()
    digest = hashlib.sha256()
    files = sorted((folder / "scaffold").iterdir()) + [folder / "lib" / n for n in RENDER_LIBS]
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return f"{version}-three{three}-{digest.hexdigest()[:10]}"

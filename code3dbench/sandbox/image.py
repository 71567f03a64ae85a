"""Whether the sandbox image was built from this package's runner sources.

The image's Dockerfile writes ``/opt/code3dbench/sources.sha256``: the sha256 of the Dockerfile
and of every runner file it copied, in ``sha256sum`` format. Comparing it with the same list
computed here names a stale image (one built before a scaffold, runner or lockfile change)
before it scores a single program: Inspect rebuilds the Docker image at each run's start, but a
prebuilt image (``--sandbox-prebuilt``, Kubernetes, a registry) would otherwise be used silently.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml
from inspect_ai.util import SandboxEnvironment
from inspect_ai.util._sandbox.docker.docker import DockerSandboxEnvironment
from inspect_ai.util._sandbox.local import LocalSandboxEnvironment

SANDBOX_DIR = Path(__file__).parent
COMPOSE_FILE = SANDBOX_DIR / "compose.yaml"
IMAGE_SOURCES_FILE = "/opt/code3dbench/sources.sha256"
IMAGE_CHROMIUM_FILE = "/opt/code3dbench/chromium.version"
RUNNER_SOURCES = ("runner/package.json", "runner/package-lock.json", "runner/run.mjs")
RUNNER_SOURCE_DIRS = ("runner/lib", "runner/scaffold")
_LISTING_LINE = re.compile(r"^(?P<digest>[0-9a-f]{64}) [ *](?P<path>\S.*?)\s*$", re.MULTILINE)
REBUILD_HINT = "rebuild it: `make docker-image`, or `docker compose -f {compose} build`"

_problems: dict[str, str | None] = {}
"""Sandbox environment type -> why its image must not be used (None: current); checked once."""


@dataclass(frozen=True)
class ImageStatus:
    """The sandbox image as the Docker daemon has it.

    Attributes:
        image: The image name from compose.yaml.
        exists: Whether the daemon has an image of that name.
        current: Whether it was built from this package's sources.
        detail: What was found (Chromium version, or the stale files) or why not.
    """

    image: str
    exists: bool
    current: bool
    detail: str


def image_name() -> str:
    """The runner image's name and tag, as compose.yaml gives it."""
    config = yaml.safe_load(COMPOSE_FILE.read_text())
    return str(config["services"]["default"]["image"])


def package_sources() -> dict[str, str]:
    """Path (relative to the sandbox folder) -> sha256 of each file the image is built from."""
    paths = [SANDBOX_DIR / "Dockerfile"] + [SANDBOX_DIR / name for name in RUNNER_SOURCES]
    for folder in RUNNER_SOURCE_DIRS:
        paths += [path for path in (SANDBOX_DIR / folder).rglob("*") if path.is_file()]
    return {
        path.relative_to(SANDBOX_DIR).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in paths
    }


def parse_sources(text: str) -> dict[str, str]:
    """Read a ``sha256sum`` listing: path -> sha256."""
    return {match["path"]: match["digest"] for match in _LISTING_LINE.finditer(text)}


def stale_sources(image_sources: dict[str, str]) -> list[str]:
    """The files that differ between the image and this package (added, removed or changed)."""
    here = package_sources()
    return sorted(
        path for path in set(here) | set(image_sources) if here.get(path) != image_sources.get(path)
    )


def describe_stale(stale: list[str], image: str) -> str:
    """One sentence naming a stale image, what changed and how to rebuild it."""
    shown = ", ".join(stale[:5]) + (f" and {len(stale) - 5} more" if len(stale) > 5 else "")
    return (
        f"the sandbox image {image} is stale: it was built from other runner sources than this "
        f"package's ({shown} differ); " + REBUILD_HINT.format(compose=COMPOSE_FILE)
    )


def check_image_sources(listing: str | None, image: str) -> str | None:
    """None when a ``sources.sha256`` listing matches this package, else why the image is stale.

    Args:
        listing: The image's ``sources.sha256`` text, or None when the image has none.
        image: The image's name, for the message.
    """
    if listing is None:
        return (
            f"the sandbox image {image} has no {IMAGE_SOURCES_FILE}: it was built from an older "
            "code3dbench; " + REBUILD_HINT.format(compose=COMPOSE_FILE)
        )
    stale = stale_sources(parse_sources(listing))
    return describe_stale(stale, image) if stale else None


def sandbox_kind(env: SandboxEnvironment) -> str:
    """``local``, ``docker`` or ``other`` (Inspect hands samples a proxy around the sandbox)."""
    for cls, kind in ((LocalSandboxEnvironment, "local"), (DockerSandboxEnvironment, "docker")):
        try:
            env.as_type(cls)
        except TypeError:
            continue
        return kind
    return "other"


async def sandbox_image_problem(env: SandboxEnvironment) -> str | None:
    """Why the sample's sandbox image must not run programs (it is stale), or None.

    Read once per sandbox type and process: every sample of a run uses the same image. The
    local sandbox runs this package's own runner and is never stale.
    """
    kind = sandbox_kind(env)
    if kind == "local":
        return None
    if kind not in _problems:
        try:
            listing: str | None = await env.read_file(IMAGE_SOURCES_FILE)
        except (FileNotFoundError, PermissionError):
            listing = None
        label = image_name() if kind == "docker" else "(code3dbench runner)"
        _problems[kind] = check_image_sources(listing, label)
    return _problems[kind]


def docker_image_status(timeout_s: float = 30.0) -> ImageStatus:
    """Ask the Docker daemon whether the runner image exists and is current.

    Runs one short container (no network) to read the image's source listing. Assumes a
    daemon answers (see ``selection.docker_status``).
    """
    image = image_name()
    inspected = _docker(["image", "inspect", "--format", "{{.Created}}", image], timeout_s)
    if inspected.returncode != 0:
        return ImageStatus(
            image,
            False,
            False,
            "not built yet: Inspect builds it at the first docker run "
            "(1-3 min), or build it now with `make docker-image`",
        )
    read = _docker(
        [
            "run",
            "--rm",
            "--network",
            "none",
            "--entrypoint",
            "cat",
            image,
            IMAGE_SOURCES_FILE,
            IMAGE_CHROMIUM_FILE,
        ],
        timeout_s,
    )
    listing = read.stdout if read.returncode == 0 else None
    problem = check_image_sources(listing, image)
    if problem:
        return ImageStatus(image, True, False, problem)
    chromium = read.stdout.strip().splitlines()[-1]
    return ImageStatus(image, True, True, f"current (built {inspected.stdout.strip()}; {chromium})")


def _docker(args: list[str], timeout_s: float) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["docker", *args], capture_output=True, text=True, timeout=timeout_s)
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(args, 124, "", f"timed out after {timeout_s:.0f} s")

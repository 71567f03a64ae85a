"""The sandbox image's source listing: the Dockerfile and the package agree on what it holds."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from code3dbench.sandbox.image import (
    SANDBOX_DIR,
    check_image_sources,
    package_sources,
    parse_sources,
)


def _listing_command() -> str:
    """The shell command of the Dockerfile's RUN that writes sources.sha256."""
    dockerfile = (SANDBOX_DIR / "Dockerfile").read_text().replace("\\\n", " ")
    match = re.search(r"(find Dockerfile runner .*?> sources\.sha256)", dockerfile)
    assert match, "the Dockerfile no longer writes sources.sha256"
    return match.group(1)


def _image_layout(root: Path) -> None:
    """/opt/code3dbench as the Dockerfile's COPY lines lay it out, plus what npm and the bake add."""
    runner = root / "runner"
    runner.mkdir(parents=True)
    shutil.copy(SANDBOX_DIR / "Dockerfile", root / "Dockerfile")
    for name in ("package.json", "package-lock.json", "run.mjs"):
        shutil.copy(SANDBOX_DIR / "runner" / name, runner / name)
    for folder in ("lib", "scaffold"):
        shutil.copytree(SANDBOX_DIR / "runner" / folder, runner / folder)
    for extra in ("node_modules/three/package.json", ".cache/environment-0.json"):
        (runner / extra).parent.mkdir(parents=True, exist_ok=True)
        (runner / extra).write_text("{}")


def test_the_dockerfile_lists_exactly_the_files_the_package_checks(tmp_path: Path) -> None:
    _image_layout(tmp_path)
    listing = subprocess.run(
        ["bash", "-c", _listing_command()],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert listing.stderr == ""
    written = (tmp_path / "sources.sha256").read_text()
    assert parse_sources(written) == package_sources()
    assert check_image_sources(written, "img") is None
    assert "Dockerfile" in package_sources() and "runner/scaffold/render.js" in package_sources()


def test_a_changed_added_or_removed_file_makes_the_image_stale() -> None:
    here = package_sources()
    changed = dict(here, **{"runner/lib/executor.mjs": "0" * 64})
    added = dict(here, **{"runner/lib/gone.mjs": "1" * 64})
    removed = {k: v for k, v in here.items() if k != "runner/scaffold/exec.js"}
    for listing, culprit in ((changed, "executor.mjs"), (added, "gone.mjs"), (removed, "exec.js")):
        text = "".join(f"{digest}  {path}\n" for path, digest in listing.items())
        problem = check_image_sources(text, "code3dbench-runner:0.1.0")
        assert problem and "code3dbench-runner:0.1.0 is stale" in problem and culprit in problem
        assert "make docker-image" in problem


def test_an_image_without_a_listing_is_named_as_old() -> None:
    problem = check_image_sources(None, "img:1")
    assert problem and "img:1 has no /opt/code3dbench/sources.sha256" in problem


@pytest.mark.parametrize("line", ["", "not a listing", "abc  runner/run.mjs", "0" * 63 + "  x"])
def test_lines_that_are_not_sha256sum_output_are_ignored(line: str) -> None:
    assert parse_sources(line) == {}

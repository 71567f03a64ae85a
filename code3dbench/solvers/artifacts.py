"""The artifacts folder: each step's program, result, GLB and render, kept on the host.

Default location: beside the log, ``<log file without .eval>.artifacts/``, so a log and its
artifacts travel together and ``inspect score`` finds them. A task's ``artifacts_dir``
parameter overrides it. Inside: ``<sample id>/epoch_<n>/step_<k>/``.
"""

from __future__ import annotations

import re
from pathlib import Path

from inspect_ai.log._samples import sample_active

from code3dbench.assets.store import sha256_bytes
from code3dbench.sandbox.host import GLB_FILE, PROGRAM_FILE, RENDER_FILE, RESULT_FILE, VIEWS_FILE
from code3dbench.sandbox.result import ExecutionResult
from code3dbench.solvers.steps import StepArtifacts

FALLBACK_DIR = Path("code3dbench-artifacts")


def artifacts_root(override: str | None = None) -> Path:
    """The artifacts folder of the running evaluation."""
    if override:
        return Path(override).expanduser().resolve()
    active = sample_active()
    location = getattr(active, "log_location", None) if active else None
    if location and "://" not in location:
        log = Path(location).resolve()
        return log.with_name(log.name.removesuffix(".eval").removesuffix(".json") + ".artifacts")
    return FALLBACK_DIR.resolve()


def step_folder(root: Path, sample_id: str | int, epoch: int, step: int) -> Path:
    """The folder of one step (sample ids with '/' become nested-safe names)."""
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "__", str(sample_id))
    return root / safe / f"epoch_{epoch}" / f"step_{step}"


def _sha(data: bytes | None) -> str | None:
    return sha256_bytes(data) if data is not None else None


def save_step(
    folder: Path,
    program: str | None,
    result: ExecutionResult,
    glb: bytes | None,
    png: bytes | None,
    views: bytes | None = None,
) -> StepArtifacts:
    """Write a step's files (``views`` is the multi-view strip) and return their record."""
    folder.mkdir(parents=True, exist_ok=True)
    program_bytes = program.encode("utf-8") if program is not None else None
    files = (PROGRAM_FILE, GLB_FILE, RENDER_FILE, VIEWS_FILE)
    for name, data in zip(files, (program_bytes, glb, png, views), strict=True):
        if data is not None:
            (folder / name).write_bytes(data)
    (folder / RESULT_FILE).write_text(result.model_dump_json(indent=2))
    return StepArtifacts(
        folder=str(folder),
        program_sha256=_sha(program_bytes),
        glb_sha256=_sha(glb),
        render_sha256=_sha(png),
        views_sha256=_sha(views),
    )


class ArtifactMissingError(FileNotFoundError):
    """A step's file is gone or changed since the run (re-scoring cannot trust it)."""


def read_artifact(artifacts: StepArtifacts, name: str, sha256: str | None) -> bytes:
    """Read one of a step's files, checking it against the hash recorded at run time."""
    path = Path(artifacts.folder) / name
    try:
        data = path.read_bytes()
    except FileNotFoundError as err:
        raise ArtifactMissingError(f"artifact {path} is missing") from err
    if sha256 is not None and _sha(data) != sha256:
        raise ArtifactMissingError(f"artifact {path} changed since the run (sha256 differs)")
    return data

"""Reference images and ground-truth meshes, made by the same renderer as the predictions.

A GLB object (shipped with its manifest or in the cache) is drawn on the runner's trusted render
page (precise bounding box, lights in the GLB removed, textures included); a built-in object's
program is run by the executor, exactly as a model's program would be, and its exported GLB is
the ground truth. Both are cached under the object's sha256 and the renderer version, so a
second run renders nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from code3dbench.assets.importer import BatchReport
from code3dbench.assets.locate import find_glb, verified_glb
from code3dbench.assets.manifest import AssetRecord, Manifest
from code3dbench.assets.store import AssetError, AssetStore
from code3dbench.sandbox.host import (
    GLB_FILE,
    RENDER_FILE,
    RESULT_FILE,
    VIEWS_FILE,
    ExecutionJob,
    RenderJob,
    execute_on_host,
    read_render_result,
    read_result,
    render_glbs_on_host,
)
from code3dbench.sandbox.limits import ExecutionLimits
from code3dbench.sandbox.result import ExecutionStatus
from code3dbench.sandbox.runner_files import renderer_version

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reference:
    """One object's reference image and ground-truth mesh (host-side paths)."""

    id: str
    image: Path
    mesh: Path
    renderer: str
    triangles: int

    @property
    def views(self) -> Path:
        """The multi-view strip (``views.png``), beside the reference image."""
        return self.image.with_name(VIEWS_FILE)


@dataclass(frozen=True)
class RenderProgress:
    """Reported as each object is rendered."""

    id: str
    status: str
    seconds: float


def reference_paths(
    manifest: Manifest, record: AssetRecord, store: AssetStore, renderer: str
) -> tuple[Path, Path]:
    """Where an object's reference image and ground-truth mesh are, once rendered by ``renderer``.

    Known before anything is rendered, so samples can name them up front. The mesh of a GLB
    object is its file (shipped or cached; where a fetch would put it when it has none); a
    built-in program's mesh is the GLB its run exports.
    """
    if record.is_program:
        folder = store.builtin_dir(record.sha256, renderer)
        return folder / RENDER_FILE, folder / GLB_FILE
    glb = find_glb(manifest, record, store) or store.glb_path(record)
    return store.reference_dir(record.sha256, renderer) / RENDER_FILE, glb


def _cached(
    manifest: Manifest, record: AssetRecord, store: AssetStore, renderer: str
) -> Reference | None:
    """The cached reference of an object, or None when it has not been rendered yet."""
    if record.is_program:
        folder = store.builtin_dir(record.sha256, renderer)
        mesh: Path | None = folder / GLB_FILE
        read = read_result
    else:
        folder = store.reference_dir(record.sha256, renderer)
        mesh = find_glb(manifest, record, store)
        read = read_render_result
    image = folder / RENDER_FILE
    if mesh is None or not mesh.is_file():
        return None
    if not all((folder / name).is_file() for name in (RESULT_FILE, RENDER_FILE, VIEWS_FILE)):
        return None
    try:
        result = read(folder)
    except (ValidationError, ValueError):
        return None
    if result.status != "ok":
        return None
    return Reference(record.id, image, mesh, renderer, result.triangles)


def cached_reference(
    manifest: Manifest, record: AssetRecord, store: AssetStore
) -> Reference | None:
    """The reference of an object if it is already rendered with the current renderer."""
    return _cached(manifest, record, store, renderer_version())


def render_references(
    manifest: Manifest,
    store: AssetStore,
    records: Sequence[AssetRecord] | None = None,
    *,
    force: bool = False,
    concurrency: int = 1,
    limits: ExecutionLimits | None = None,
    on_progress: Callable[[RenderProgress], None] | None = None,
) -> tuple[dict[str, Reference], BatchReport]:
    """Render the references of ``records`` (default: all) that are not cached yet.

    Each GLB is checked against its sha256 first (once per file). Objects with no GLB (neither
    shipped nor cached), GLBs that fail their check or that three.js cannot read, and
    built-in programs that fail are reported in the BatchReport and left out; the rest are
    rendered.

    Raises:
        RunnerUnavailableError: Node.js or the runner's packages are missing.
        RunnerFailedError: Chromium could not start or the runner died.
    """
    renderer = renderer_version()
    records = list(manifest.objects if records is None else records)
    report = BatchReport()
    references: dict[str, Reference] = {}
    glb_jobs: list[tuple[AssetRecord, RenderJob]] = []
    program_jobs: list[tuple[AssetRecord, ExecutionJob]] = []
    for record in records:
        if not record.is_program:
            try:
                glb = verified_glb(manifest, record, store)
            except (AssetError, OSError) as err:
                report.fail(record.id, str(err))
                continue
        cached = None if force else _cached(manifest, record, store, renderer)
        if cached is not None:
            references[record.id] = cached
            report.already.append(record.id)
        elif record.is_program:
            folder = store.builtin_dir(record.sha256, renderer)
            (folder / RESULT_FILE).unlink(missing_ok=True)
            program = manifest.program_path(record).read_text(encoding="utf-8")
            program_jobs.append((record, ExecutionJob(program, folder)))
        else:
            folder = store.reference_dir(record.sha256, renderer)
            (folder / RESULT_FILE).unlink(missing_ok=True)
            glb_jobs.append((record, RenderJob(glb, folder)))

    def progress(jobs: list, index: int, status: str, total_ms: float | None) -> None:
        if on_progress:
            on_progress(RenderProgress(jobs[index][0].id, status, (total_ms or 0.0) / 1000))

    executions = execute_on_host(
        [job for _, job in program_jobs],
        limits,
        concurrency=concurrency,
        on_result=lambda i, r: progress(
            program_jobs, i, r.status.value, r.timings_ms.get("total_ms")
        ),
    )
    for (record, job), result in zip(program_jobs, executions, strict=True):
        if result.status is not ExecutionStatus.OK:
            report.fail(record.id, f"{record.id}: the built-in program failed: {result.summary()}")
            continue
        if result.triangles != record.triangles:
            logger.warning(
                "%s: the program made %d triangles, the manifest says %d",
                record.id,
                result.triangles,
                record.triangles,
            )
        references[record.id] = Reference(
            record.id, job.out_dir / RENDER_FILE, job.out_dir / GLB_FILE, renderer, result.triangles
        )
        report.done.append(record.id)
    renders = render_glbs_on_host(
        [job for _, job in glb_jobs],
        limits,
        concurrency=concurrency,
        on_result=lambda i, r: progress(glb_jobs, i, r.status, r.timings_ms.get("total_ms")),
    )
    for (record, job), result in zip(glb_jobs, renders, strict=True):
        if result.status != "ok":
            report.fail(record.id, f"{record.id}: cannot render its GLB: {result.error}")
            continue
        references[record.id] = Reference(
            record.id, job.out_dir / RENDER_FILE, job.glb, renderer, result.triangles
        )
        report.done.append(record.id)
    return references, report

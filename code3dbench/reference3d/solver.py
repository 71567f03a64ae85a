"""The solver ``code3dbench/image_to_mesh``: the reference image to an image-to-3D model on fal.

No model is asked for a program. The sample's reference image goes to the endpoint
(`code3dbench.reference3d.fal`), the GLB that comes back is read as a mesh and drawn by the
same render page as the references, and both are kept as step 1's artifacts with a
`StepRecord` of source ``mesh``, so the scorer ``geometry_and_image`` scores it like a program's
output, with execution not applicable (NaN). A file that is not a readable mesh is the image-to-3D
model's failure (status ``invalid_output``: F = NC = 0, no CD); a render page that could not
start is an infrastructure fault (``sandbox_error``); when fal gives no mesh after every attempt
the sample errors, with each attempt's failure in the message.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import anyio
from inspect_ai.log import transcript
from inspect_ai.solver import Generate, Solver, TaskState, solver
from inspect_ai.util import store_as

from code3dbench.reference3d.fal import FalSettings, generate_mesh
from code3dbench.sandbox.host import (
    GLB_FILE,
    RENDER_FILE,
    VIEWS_FILE,
    RenderJob,
    RunnerFailedError,
    render_glbs_on_host,
)
from code3dbench.sandbox.result import ExecutionResult, ExecutionStatus
from code3dbench.scorers.geometry import GeometryError, load_mesh_bytes
from code3dbench.solvers.artifacts import artifacts_root, save_step, step_folder
from code3dbench.solvers.steps import CodeSteps, StepRecord, first_line, proportions


def check_and_render(glb: bytes) -> tuple[ExecutionResult, bytes | None, bytes | None]:
    """Read ``glb`` as a mesh and draw it on the render page (blocking).

    Returns:
        The outcome (``ok``, ``invalid_output`` for a file that is not a readable mesh,
        ``sandbox_error`` when the render page could not run), and the render and the
        multi-view strip when ok.
    """
    try:
        mesh = load_mesh_bytes(glb, name="image-to-3D mesh")
    except GeometryError as err:
        return (
            ExecutionResult.failed(ExecutionStatus.INVALID_OUTPUT, f"malformed mesh: {err}"),
            None,
            None,
        )
    if len(mesh.faces) == 0:
        return (
            ExecutionResult.failed(ExecutionStatus.INVALID_OUTPUT, "the mesh has no faces"),
            None,
            None,
        )
    with tempfile.TemporaryDirectory(prefix="code3dbench-mesh-") as folder:
        path = Path(folder) / GLB_FILE
        path.write_bytes(glb)
        job = RenderJob(glb=path, out_dir=Path(folder) / "render")
        try:
            [rendered] = render_glbs_on_host([job])
        except RunnerFailedError as err:
            return ExecutionResult.failed(ExecutionStatus.SANDBOX_ERROR, str(err)), None, None
        if rendered.status == "sandbox_error":
            return (
                ExecutionResult.failed(ExecutionStatus.SANDBOX_ERROR, rendered.error or ""),
                None,
                None,
            )
        if rendered.status != "ok":
            message = f"malformed mesh: the render page cannot read it: {rendered.error}"
            return ExecutionResult.failed(ExecutionStatus.INVALID_OUTPUT, message), None, None
        result = ExecutionResult(
            status=ExecutionStatus.OK,
            triangles=rendered.triangles or len(mesh.faces),
            meshes=1,
            bbox=rendered.bbox,
            timings_ms=rendered.timings_ms,
        )
        views = job.out_dir / VIEWS_FILE
        return (
            result,
            (job.out_dir / RENDER_FILE).read_bytes(),
            views.read_bytes() if views.is_file() else None,
        )


@solver
def image_to_mesh(settings: FalSettings | None = None, artifacts_dir: str | None = None) -> Solver:
    """The reference image to a mesh from an image-to-3D endpoint on fal, kept as step 1.

    Args:
        settings: The endpoint and how to call it (default: TRELLIS.2, `FalSettings`).
        artifacts_dir: Host folder for the step's files (default: beside the log).
    """
    settings = settings or FalSettings()

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        steps = store_as(CodeSteps)
        if steps.reference_error is not None:
            return state
        png = Path(state.metadata["reference_image"]).read_bytes()
        mesh = await generate_mesh(png, settings)
        result, render, views = await anyio.to_thread.run_sync(check_and_render, mesh.glb)
        folder = step_folder(artifacts_root(artifacts_dir), state.sample_id, state.epoch, 1)
        artifacts = await anyio.to_thread.run_sync(
            save_step, folder, None, result, mesh.glb, render, views
        )
        steps.steps = [
            StepRecord(
                step=1,
                status=result.status,
                error=first_line(result.error.message if result.error else None),
                triangles=result.triangles,
                meshes=result.meshes,
                proportions=proportions(result.bbox),
                artifacts=artifacts,
                source="mesh",
            )
        ]
        transcript().info(
            f"**{settings.endpoint}**: request `{mesh.request_id}` (attempt {mesh.attempts}), "
            f"mesh {len(mesh.glb):,} bytes from {mesh.url}: `{result.status.value}` "
            f"{result.summary()}",
            source="code3dbench",
        )
        return state

    return solve

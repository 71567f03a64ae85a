"""The Inspect sandbox client, through a real `eval` with the local sandbox."""

from __future__ import annotations

from pathlib import Path

import pytest
from inspect_ai import Task, eval
from inspect_ai.dataset import Sample
from inspect_ai.model import ModelOutput, ModelUsage
from inspect_ai.solver import Generate, Solver, TaskState, solver
from inspect_ai.util import store

from code3dbench.sandbox.client import execute_in_sandbox
from code3dbench.sandbox.limits import ExecutionLimits
from tests.conftest import require_runner

BOX = "function buildObject() { return new THREE.Mesh(new THREE.BoxGeometry(1, 2, 3), new THREE.MeshStandardMaterial()); }"


@solver
def run_program_from_metadata() -> Solver:
    async def solve(state: TaskState, generate: Generate) -> TaskState:
        limits = ExecutionLimits(timeout_s=2.0)
        execution = await execute_in_sandbox(state.metadata["program"], limits)
        store().set("status", execution.result.status.value)
        store().set("triangles", execution.result.triangles)
        store().set("error", execution.result.error.message if execution.result.error else None)
        store().set("glb_bytes", len(execution.glb or b""))
        store().set("png_magic", (execution.png or b"")[:4].hex())
        return state

    return solve


def _run(tmp_path: Path, programs: dict[str, str]) -> dict[str, dict]:
    task = Task(
        dataset=[
            Sample(id=name, input="run", metadata={"program": code})
            for name, code in programs.items()
        ],
        solver=run_program_from_metadata(),
        sandbox="local",
    )
    model_output = ModelOutput.from_content("mockllm/model", "unused")
    model_output.usage = ModelUsage(input_tokens=0, output_tokens=0, total_tokens=0)
    [log] = eval(task, model="mockllm/model", log_dir=str(tmp_path), display="none", max_samples=2)
    assert log.status == "success", log.error
    assert log.samples is not None
    return {str(sample.id): sample.store for sample in log.samples}


@pytest.mark.chromium
def test_programs_run_in_the_local_sandbox(tmp_path: Path) -> None:
    require_runner()
    stores = _run(
        tmp_path,
        {
            "box": BOX,
            "hang": "function buildObject() { for (;;) {} }",
            "syntax": "function buildObject( {",
        },
    )
    assert stores["box"]["status"] == "ok"
    assert stores["box"]["triangles"] == 12
    assert stores["box"]["glb_bytes"] > 100
    assert stores["box"]["png_magic"] == "89504e47"
    assert stores["hang"]["status"] == "timeout"
    assert stores["syntax"]["status"] == "syntax_error"


@pytest.mark.chromium
def test_a_broken_runner_is_a_sandbox_error_not_the_models(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_runner()
    monkeypatch.setenv("CODE3DBENCH_RUNNER", str(tmp_path / "missing-runner.mjs"))
    stores = _run(tmp_path, {"box": BOX})
    assert stores["box"]["status"] == "sandbox_error"
    assert "runner failed" in stores["box"]["error"]

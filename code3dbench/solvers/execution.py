"""Execute one program of a sample and keep it: sandbox run, artifacts, store record, transcript.

Every setting runs its programs through `ProgramExecutor`: a revision step and an agent's
``run_program`` or ``submit`` call take the same path (same runner server, limits and status
taxonomy), so their records, artifacts and scores mean the same thing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import anyio
from inspect_ai.log import transcript
from inspect_ai.solver import TaskState
from inspect_ai.util import concurrency, store_as

from code3dbench.sandbox.client import SandboxExecution, execute_in_sandbox
from code3dbench.sandbox.limits import ExecutionLimits
from code3dbench.sandbox.result import ExecutionResult, ExecutionStatus
from code3dbench.solvers.artifacts import artifacts_root, save_step, step_folder
from code3dbench.solvers.feedback import OUTCOMES, side_by_side, step_details, step_title
from code3dbench.solvers.replies import ReplyFacts
from code3dbench.solvers.steps import CodeSteps, StepKind, StepRecord, record_from_result

EXECUTION_SLOTS = "code3dbench-execution"
"""Name of the concurrency limit on programs executing at once (Chromium is CPU-bound)."""


def default_execution_concurrency() -> int:
    """Programs executing at once by default: one per CPU core."""
    return max(1, os.cpu_count() or 1)


def _log_step(record: StepRecord, comparison: str | None) -> None:
    lines = [f"**{step_title(record)}: `{record.status.value}`** {OUTCOMES[record.status]}"]
    details = step_details(record)
    if details:
        lines.append(details)
    if comparison is not None:
        lines.append(f"![reference | render]({comparison})")
    transcript().info("\n\n".join(lines), source="code3dbench")


@dataclass(frozen=True)
class ProgramExecutor:
    """Runs a sample's programs and records each one as a step.

    Attributes:
        limits: Execution limits of every program.
        artifacts_dir: Host folder for each step's files (None: beside the log).
        slots: Programs executing at once in the process.
        reuse_browser: Run on the sample's runner server (one Chromium for all its steps);
            the caller stops it with `code3dbench.sandbox.client.stop_runner_server`.
    """

    limits: ExecutionLimits
    artifacts_dir: str | None
    slots: int
    reuse_browser: bool = False

    @classmethod
    def create(
        cls,
        limits: ExecutionLimits | None,
        artifacts_dir: str | None,
        execution_concurrency: int | None,
        reuse_browser: bool = False,
    ) -> ProgramExecutor:
        """An executor from a solver's parameters (None: benchmark limits, a slot per core)."""
        return cls(
            limits=limits or ExecutionLimits(),
            artifacts_dir=artifacts_dir,
            slots=execution_concurrency or default_execution_concurrency(),
            reuse_browser=reuse_browser,
        )

    async def _run(self, program: str | None, no_code: str) -> SandboxExecution:
        if program is None:
            return SandboxExecution(ExecutionResult.failed(ExecutionStatus.NO_CODE, no_code))
        async with concurrency(EXECUTION_SLOTS, self.slots):
            return await execute_in_sandbox(program, self.limits, reuse_browser=self.reuse_browser)

    async def execute(
        self,
        state: TaskState,
        step: int,
        program: str | None,
        reply: ReplyFacts,
        no_code: str,
        kind: StepKind = "reply",
    ) -> tuple[StepRecord, str | None]:
        """Execute a program, keep its artifacts, record the step in the store and transcript.

        Args:
            state: The sample's state (id, epoch and reference image path).
            step: The 1-based step number (the artifacts folder is named after it).
            program: The extracted program; None records a ``no_code`` step.
            reply: How the reply that held the program ended.
            no_code: The error message of a ``no_code`` step.
            kind: Where the program came from (a reply, a run or a submission).

        Returns:
            The step's record and, when it rendered, the reference-beside-render image (a data
            URI, made once for the transcript and the model).
        """
        execution = await self._run(program, no_code)
        folder = step_folder(artifacts_root(self.artifacts_dir), state.sample_id, state.epoch, step)
        artifacts = await anyio.to_thread.run_sync(
            save_step,
            folder,
            program,
            execution.result,
            execution.glb,
            execution.png,
            execution.views,
        )
        record = record_from_result(step, execution.result, reply, artifacts, kind)
        steps = store_as(CodeSteps)
        steps.steps = sorted([*steps.steps, record], key=lambda r: r.step)
        comparison = None
        if execution.png is not None:
            comparison = await anyio.to_thread.run_sync(
                side_by_side, Path(state.metadata["reference_image"]), execution.png
            )
        _log_step(record, comparison)
        return record, comparison

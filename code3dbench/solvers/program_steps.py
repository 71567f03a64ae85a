"""The solvers: generate a program, execute it in the sandbox, record the step; revise.

``generate_and_execute`` is one step (single-shot). ``revise`` runs a fixed budget of
``max_steps`` full-program steps: after each one the model gets its status, the error, simple
statistics of its object and its render beside the reference, and writes a complete new
program. All steps run, whatever happens, so final@N and best@<=N are always defined. In a
Docker or k8s sandbox the steps of a sample share one runner server, so only the first pays a
browser launch; it is stopped when the solver ends (and exits by itself when idle). In the
``local`` sandbox every sample of the process shares one server (see
:mod:`code3dbench.sandbox.shared_runner`), and at most ``execution_concurrency`` programs run at
once.
"""

from __future__ import annotations

import os
from pathlib import Path

import anyio
from inspect_ai.log import transcript
from inspect_ai.model import ChatMessageAssistant
from inspect_ai.solver import Generate, Solver, TaskState, solver
from inspect_ai.util import concurrency, store_as

from code3dbench.sandbox.client import SandboxExecution, execute_in_sandbox, stop_runner_server
from code3dbench.sandbox.limits import ExecutionLimits
from code3dbench.sandbox.result import ExecutionResult, ExecutionStatus
from code3dbench.solvers.artifacts import artifacts_root, save_step, step_folder
from code3dbench.solvers.extract import extract_program
from code3dbench.solvers.feedback import OUTCOMES, feedback_message, side_by_side, step_details
from code3dbench.solvers.replies import ReplyFacts, reply_facts, without_orphan_reasoning
from code3dbench.solvers.steps import CodeSteps, StepRecord, record_from_result

EXECUTION_SLOTS = "code3dbench-execution"
"""Name of the concurrency limit on programs executing at once (Chromium is CPU-bound)."""


def default_execution_concurrency() -> int:
    """Programs executing at once by default: one per CPU core."""
    return max(1, os.cpu_count() or 1)


async def _execute(
    program: str | None,
    reply: ReplyFacts,
    limits: ExecutionLimits,
    slots: int,
    reuse_browser: bool,
) -> SandboxExecution:
    if program is None:
        if reply.refused:
            message = "the model refused; no program to run"
        elif reply.truncated:
            message = "the reply was cut at the output token limit before any program"
        else:
            message = "no program found in the reply (no fenced block defining buildObject)"
        return SandboxExecution(ExecutionResult.failed(ExecutionStatus.NO_CODE, message))
    async with concurrency(EXECUTION_SLOTS, slots):
        return await execute_in_sandbox(program, limits, reuse_browser=reuse_browser)


def _log_step(record: StepRecord, comparison: str | None) -> None:
    lines = [f"**Step {record.step}: `{record.status.value}`** {OUTCOMES[record.status]}"]
    details = step_details(record)
    if details:
        lines.append(details)
    if comparison is not None:
        lines.append(f"![reference | render]({comparison})")
    transcript().info("\n\n".join(lines), source="code3dbench")


async def run_step(
    state: TaskState,
    generate: Generate,
    step: int,
    limits: ExecutionLimits,
    artifacts_dir: str | None,
    slots: int,
    reuse_browser: bool = False,
) -> tuple[StepRecord, str | None]:
    """One step: generate, extract, execute, keep the artifacts, record it in the store.

    ``reuse_browser`` runs the program on the sample's runner server (one Chromium for all the
    steps of a sample); the caller stops it with `stop_runner_server`.

    Returns:
        The step's record and, when it rendered, the reference-beside-render image (a data
        URI, made once for the transcript and the feedback).
    """
    state = await generate(state)
    reply = reply_facts(state.output)
    if state.messages and isinstance(state.messages[-1], ChatMessageAssistant):
        state.messages[-1] = without_orphan_reasoning(state.messages[-1])
    program = extract_program(state.output.completion)
    execution = await _execute(program, reply, limits, slots, reuse_browser)
    folder = step_folder(artifacts_root(artifacts_dir), state.sample_id, state.epoch, step)
    artifacts = await anyio.to_thread.run_sync(
        save_step, folder, program, execution.result, execution.glb, execution.png, execution.views
    )
    record = record_from_result(step, execution.result, reply, artifacts)
    steps = store_as(CodeSteps)
    steps.steps = [*steps.steps, record]
    comparison = None
    if execution.png is not None:
        comparison = await anyio.to_thread.run_sync(
            side_by_side, Path(state.metadata["reference_image"]), execution.png
        )
    _log_step(record, comparison)
    return record, comparison


def _program_steps(
    max_steps: int,
    limits: ExecutionLimits | None,
    artifacts_dir: str | None,
    execution_concurrency: int | None,
) -> Solver:
    if max_steps < 1:
        raise ValueError(f"max_steps must be at least 1, got {max_steps}")
    limits = limits or ExecutionLimits()
    slots = execution_concurrency or default_execution_concurrency()

    reuse_browser = max_steps > 1

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        try:
            for step in range(1, max_steps + 1):
                record, comparison = await run_step(
                    state, generate, step, limits, artifacts_dir, slots, reuse_browser
                )
                if step < max_steps:
                    state.messages.append(feedback_message(record, max_steps, comparison))
        finally:
            if reuse_browser:
                await stop_runner_server()
        return state

    return solve


@solver
def generate_and_execute(
    limits: ExecutionLimits | None = None,
    artifacts_dir: str | None = None,
    execution_concurrency: int | None = None,
) -> Solver:
    """Single-shot: one generation, extraction, execution in the sandbox, one step record.

    Args:
        limits: Execution limits (the benchmark defaults when None).
        artifacts_dir: Host folder for each step's files (default: beside the log).
        execution_concurrency: Programs executing at once (default: CPU cores).
    """
    return _program_steps(1, limits, artifacts_dir, execution_concurrency)


@solver
def revise(
    max_steps: int = 3,
    limits: ExecutionLimits | None = None,
    artifacts_dir: str | None = None,
    execution_concurrency: int | None = None,
) -> Solver:
    """Fixed-budget revision: ``max_steps`` full programs, each after feedback on the last.

    Args:
        max_steps: Steps in total (the first generation included).
        limits: Execution limits (the benchmark defaults when None).
        artifacts_dir: Host folder for each step's files (default: beside the log).
        execution_concurrency: Programs executing at once (default: CPU cores).
    """
    return _program_steps(max_steps, limits, artifacts_dir, execution_concurrency)

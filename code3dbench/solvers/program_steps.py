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

from inspect_ai.model import ChatMessageAssistant
from inspect_ai.solver import Generate, Solver, TaskState, solver

from code3dbench.sandbox.client import stop_runner_server
from code3dbench.sandbox.limits import ExecutionLimits
from code3dbench.solvers.execution import ProgramExecutor
from code3dbench.solvers.extract import extract_program
from code3dbench.solvers.feedback import feedback_message
from code3dbench.solvers.replies import ReplyFacts, reply_facts, without_orphan_reasoning
from code3dbench.solvers.steps import StepRecord


def no_code_message(reply: ReplyFacts) -> str:
    """Why a reply gave no program: a refusal, a cut, or no fenced block."""
    if reply.refused:
        return "the model refused; no program to run"
    if reply.truncated:
        return "the reply was cut at the output token limit before any program"
    return "no program found in the reply (no fenced block defining buildObject)"


async def run_step(
    state: TaskState, generate: Generate, step: int, executor: ProgramExecutor
) -> tuple[StepRecord, str | None]:
    """One step: generate, extract, execute, keep the artifacts, record it in the store.

    Returns:
        The step's record and, when it rendered, the reference-beside-render image (a data
        URI, made once for the transcript and the feedback).
    """
    state = await generate(state)
    reply = reply_facts(state.output)
    if state.messages and isinstance(state.messages[-1], ChatMessageAssistant):
        state.messages[-1] = without_orphan_reasoning(state.messages[-1])
    program = extract_program(state.output.completion)
    return await executor.execute(state, step, program, reply, no_code_message(reply))


def _program_steps(
    max_steps: int,
    limits: ExecutionLimits | None,
    artifacts_dir: str | None,
    execution_concurrency: int | None,
) -> Solver:
    if max_steps < 1:
        raise ValueError(f"max_steps must be at least 1, got {max_steps}")
    executor = ProgramExecutor.create(
        limits, artifacts_dir, execution_concurrency, reuse_browser=max_steps > 1
    )

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        try:
            for step in range(1, max_steps + 1):
                record, comparison = await run_step(state, generate, step, executor)
                if step < max_steps:
                    state.messages.append(feedback_message(record, max_steps, comparison))
        finally:
            if executor.reuse_browser:
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

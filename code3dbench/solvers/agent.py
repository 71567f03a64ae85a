"""The agent setting: the model runs its own programs through a tool and decides when to submit.

`code_agent` is Inspect's ``react()`` agent with the tools of `code3dbench.solvers.agent_tools`:
``run_program(code)`` (at most ``max_runs`` times) and ``submit(code)`` as react's submit tool,
which ends the loop. A reply without a tool call gets a reminder of the two tools. The loop also
ends at Inspect's message or token limit (the task sets a message limit from ``max_runs``, see
`agent_message_limit`); a model that never submits is scored on its last executable run.

Tool results carry the render beside the reference as an image. Providers whose tool results
accept images (OpenAI Responses, Anthropic, Google) get it there; for the others (OpenAI Chat
Completions, hence OpenRouter and other OpenAI-compatible APIs, and any ``ModelAPI`` that does
not declare ``tool_result_images``) Inspect moves it into a user message right after the tool
result, with a placeholder in the tool result (``Model._prepare_input``). tests/providers checks
that each provider's request carries the image.
"""

from __future__ import annotations

from inspect_ai.agent import AgentState, AgentSubmit, react
from inspect_ai.solver import Generate, Solver, TaskState, solver
from inspect_ai.util import span

from code3dbench.sandbox.client import stop_runner_server
from code3dbench.sandbox.limits import ExecutionLimits
from code3dbench.solvers.agent_tools import (
    RUN_TOOL,
    SUBMIT_TOOL,
    AgentSession,
    run_program_tool,
    submit_tool,
)
from code3dbench.solvers.execution import ProgramExecutor

CONTINUE_PROMPT = (
    f"Call {RUN_TOOL}(code) to run a complete program and see its result, or "
    f"{SUBMIT_TOOL}(code) to submit your final program."
)
"""Sent when the model replies without calling a tool."""


def agent_message_limit(max_runs: int) -> int:
    """The task's default message limit: room for every run, the submission and as many turns again.

    The system and user messages, then two messages per turn (the reply and its tool result or
    the reminder) for ``2 * (max_runs + 1)`` turns: every run and the submission, and as many
    turns again for replies without a valid tool call. It bounds a model that never submits.
    """
    return 2 + 2 * 2 * (max_runs + 1)


@solver
def code_agent(
    max_runs: int = 5,
    limits: ExecutionLimits | None = None,
    artifacts_dir: str | None = None,
    execution_concurrency: int | None = None,
) -> Solver:
    """A react() agent with ``run_program(code)`` (at most ``max_runs`` times) and ``submit(code)``.

    Args:
        max_runs: Most programs the agent may run before it submits.
        limits: Execution limits (the benchmark defaults when None).
        artifacts_dir: Host folder for each program's files (default: beside the log).
        execution_concurrency: Programs executing at once (default: CPU cores).
    """
    if max_runs < 1:
        raise ValueError(f"max_runs must be at least 1, got {max_runs}")
    executor = ProgramExecutor.create(
        limits, artifacts_dir, execution_concurrency, reuse_browser=True
    )

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        session = AgentSession(state, executor, max_runs)
        agent = react(
            prompt=None,  # the sample's system message already says how to work
            tools=[run_program_tool(session)],
            submit=AgentSubmit(tool=submit_tool(session), answer_only=True, keep_in_messages=True),
            on_continue=CONTINUE_PROMPT,
        )
        agent_state = AgentState(messages=state.messages)
        try:
            async with span("code_agent", type="agent"):
                agent_state = await agent(agent_state)
        finally:
            state.messages = agent_state.messages
            if agent_state.output:
                state.output = agent_state.output
            await stop_runner_server()
        return state

    return solve

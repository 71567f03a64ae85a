"""The agent's tools: ``run_program(code)`` within a run budget, and ``submit(code)``.

Both run the program the way a revision step does (`ProgramExecutor`: same runner server,
limits and status taxonomy) and record it as a step, ``run`` or ``submit``, so the scorer,
``inspect score`` and the report read an agent's programs like revision steps. A run past the
budget, and anything after the submission, is refused with a tool error that says what to do.
"""

from __future__ import annotations

from dataclasses import dataclass

from inspect_ai.model import Content
from inspect_ai.solver import TaskState
from inspect_ai.tool import ToolCall, ToolCallContent, ToolCallView, ToolDef, ToolError

from code3dbench.solvers.execution import ProgramExecutor
from code3dbench.solvers.extract import extract_program
from code3dbench.solvers.feedback import OUTCOMES, run_result, step_details
from code3dbench.solvers.replies import ReplyFacts
from code3dbench.solvers.steps import StepKind, StepRecord

RUN_TOOL = "run_program"
SUBMIT_TOOL = "submit"
CODE_PARAMETER = {"code": "The whole three.js program; it defines function buildObject()."}

TOOL_CALL_REPLY = ReplyFacts(
    stop_reason="tool_calls", truncated=False, refused=False, provider_cost=None
)
"""What a program passed in a tool call comes with: no cut, no refusal, and no cost of its own
(an agent's costs are per model call, not per program; the report prices its token usage)."""

NO_CODE = "the code defines no buildObject function; pass the whole program as `code`"


@dataclass
class AgentSession:
    """One sample's agent: where its programs run, its budget, and what it has done.

    Attributes:
        state: The sample's state.
        executor: Runs and records each program.
        max_runs: Most ``run_program`` executions.
        runs: ``run_program`` executions so far.
        steps: Programs executed so far (runs and the submission).
        submitted: Whether ``submit`` was called.
    """

    state: TaskState
    executor: ProgramExecutor
    max_runs: int
    runs: int = 0
    steps: int = 0
    submitted: bool = False

    async def execute(self, code: str, kind: StepKind) -> tuple[StepRecord, str | None]:
        """Execute a program passed to a tool as the sample's next step."""
        self.steps += 1
        program = extract_program(code)
        return await self.executor.execute(
            self.state, self.steps, program, TOOL_CALL_REPLY, NO_CODE, kind
        )


def _code_view(call: ToolCall) -> ToolCallView:
    """Show the program of a tool call as JavaScript in ``inspect view``."""
    code = str(call.arguments.get("code", "")).strip("\n")
    view = ToolCallContent(
        title=call.function, format="markdown", content=f"```javascript\n{code}\n```"
    )
    return ToolCallView(call=view)


def run_program_tool(session: AgentSession) -> ToolDef:
    """The ``run_program(code)`` tool of one sample."""

    async def run_program(code: str) -> list[Content]:
        if session.submitted:
            raise ToolError("your program was already submitted; nothing more can be run")
        if session.runs >= session.max_runs:
            raise ToolError(
                f"run budget spent ({session.max_runs} of {session.max_runs} runs): call "
                f"{SUBMIT_TOOL}(code) with your final program"
            )
        session.runs += 1
        record, comparison = await session.execute(code, "run")
        return run_result(record, session.max_runs - session.runs, comparison)

    return ToolDef(
        run_program,
        name=RUN_TOOL,
        description=(
            "Run a complete program exactly as it will be judged. Returns its status, any "
            "error, its triangle count and bounding-box proportions, and the reference image "
            f"beside your object rendered from the same camera. At most {session.max_runs} runs."
        ),
        parameters=CODE_PARAMETER,
        viewer=_code_view,
    )


def submit_tool(session: AgentSession) -> ToolDef:
    """The ``submit(code)`` tool of one sample: the final program, run and judged."""

    async def submit(code: str) -> str:
        if session.submitted:
            raise ToolError("a program was already submitted")
        session.submitted = True
        record, _ = await session.execute(code, "submit")
        details = step_details(record)
        summary = f"Submitted. Status `{record.status.value}`: {OUTCOMES[record.status]}"
        return f"{summary}\n{details}" if details else summary

    return ToolDef(
        submit,
        name=SUBMIT_TOOL,
        description=(
            "Submit your final program; it is run and judged, and the task ends. Call it once, "
            "with the complete program."
        ),
        parameters=CODE_PARAMETER,
        viewer=_code_view,
    )

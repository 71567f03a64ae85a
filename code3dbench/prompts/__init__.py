"""Prompt text files: the scaffold contract and the task templates (visible in every log)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from code3dbench.sandbox.limits import ExecutionLimits
from code3dbench.sandbox.runner_files import three_version


@cache
def _text(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8").strip()


def scaffold_contract(limits: ExecutionLimits | None = None, reply: str | None = None) -> str:
    """The scaffold contract the model is given: globals, buildObject, orientation, limits.

    Args:
        limits: The execution limits it states (the benchmark defaults when None).
        reply: How to answer, its last paragraph (default: one fenced program,
            prompts/reply_program.txt; the agent's is `agent_instructions`).
    """
    limits = limits or ExecutionLimits()
    return _text("contract.txt").format(
        three_version=three_version(),
        timeout_s=limits.timeout_s,
        max_triangles=limits.max_triangles,
        reply=reply if reply is not None else _text("reply_program.txt"),
    )


def agent_instructions(max_runs: int) -> str:
    """The agent's way to answer: its two tools and its run budget (prompts/agent.txt)."""
    return _text("agent.txt").format(max_runs=max_runs)


def single_shot_instruction() -> str:
    """The instruction that goes with the reference image."""
    return _text("single_shot.txt")


def revision_feedback(step: int, max_steps: int, outcome: str, details: str) -> str:
    """The feedback text after a step of the revision loop."""
    return _text("revision.txt").format(
        step=step, max_steps=max_steps, outcome=outcome, details=details
    )

"""Prompt text files: the scaffold contract and the task templates (visible in every log)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from code3dbench.sandbox.limits import ExecutionLimits
from code3dbench.sandbox.runner_files import three_version


@cache
def _text(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8").strip()


def scaffold_contract(limits: ExecutionLimits | None = None) -> str:
    """The scaffold contract the model is given: globals, buildObject, orientation, limits."""
    limits = limits or ExecutionLimits()
    return _text("contract.txt").format(
        three_version=three_version(),
        timeout_s=limits.timeout_s,
        max_triangles=limits.max_triangles,
    )


def single_shot_instruction() -> str:
    """The instruction that goes with the reference image."""
    return _text("single_shot.txt")


def revision_feedback(step: int, max_steps: int, outcome: str, details: str) -> str:
    """The feedback text after a step of the revision loop."""
    return _text("revision.txt").format(
        step=step, max_steps=max_steps, outcome=outcome, details=details
    )

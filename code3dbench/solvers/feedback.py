"""What the model is told about a program it wrote: status, error, stats and its own render.

After each revision step as a user message (`feedback_message`), and as the result of the
agent's ``run_program`` tool (`run_result`).
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

from inspect_ai.model import ChatMessageUser, Content, ContentImage, ContentText
from PIL import Image, ImageDraw

from code3dbench.prompts import revision_feedback
from code3dbench.sandbox.result import ExecutionStatus
from code3dbench.solvers.steps import StepRecord

PANEL_SIZE = 384
"""Side of each half of the feedback image (reference | render): compact for the log."""

OUTCOMES = {
    ExecutionStatus.OK: "your program ran and built an object.",
    ExecutionStatus.NO_CODE: "no program was found in your reply.",
    ExecutionStatus.SYNTAX_ERROR: "your program has a syntax error.",
    ExecutionStatus.RUNTIME_ERROR: "your program threw an error while running.",
    ExecutionStatus.TIMEOUT: "your program did not finish within the time limit.",
    ExecutionStatus.INVALID_OUTPUT: "buildObject() did not return a THREE.Object3D.",
    ExecutionStatus.EMPTY_GEOMETRY: "your object has no visible triangles.",
    ExecutionStatus.INVALID_GEOMETRY: "your object has invalid vertex data (NaN or Infinity).",
    ExecutionStatus.TOO_LARGE: "your object has too many triangles.",
    ExecutionStatus.SANDBOX_ERROR: (
        "the execution environment failed (not your fault); your program was not judged."
    ),
}


def side_by_side(reference: Path, render: bytes) -> str:
    """A PNG data URI: the reference on the left, the model's render on the right, labelled."""
    canvas = Image.new("RGB", (2 * PANEL_SIZE, PANEL_SIZE + 20), (255, 255, 255))
    with Image.open(reference) as ref, Image.open(io.BytesIO(render)) as own:
        for index, image in enumerate((ref, own)):
            panel = image.convert("RGB").resize((PANEL_SIZE, PANEL_SIZE), Image.LANCZOS)
            canvas.paste(panel, (index * PANEL_SIZE, 20))
    draw = ImageDraw.Draw(canvas)
    draw.text((6, 4), "reference", fill=(0, 0, 0))
    draw.text((PANEL_SIZE + 6, 4), "your object", fill=(0, 0, 0))
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")  # optimize=True: 2% smaller, 2.5x slower
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


TRUNCATED_NOTE = (
    "Your reply was cut off at the output token limit, so it ended before the program did. "
    "Write a shorter complete program: fewer, simpler parts and little or no explanation."
)
REFUSED_NOTE = (
    "Your reply was a refusal. The task is harmless: write a three.js program that builds "
    "the object shown in the reference image."
)


def step_details(record: StepRecord) -> str:
    """What ended the reply, the error and simple statistics of a step, for the model."""
    lines = []
    if record.truncated:
        lines.append(TRUNCATED_NOTE)
    if record.refused:
        lines.append(REFUSED_NOTE)
    if record.error:
        lines.append(f"Error: {record.error}")
    if record.executed:
        lines.append(f"Your object has {record.triangles} triangles in {record.meshes} mesh(es).")
        if record.proportions:
            x, y, z = record.proportions
            lines.append(
                f"Its bounding box (width x height x depth, longest side 1) is "
                f"{x:.2f} x {y:.2f} x {z:.2f}."
            )
    return "\n".join(lines)


def step_title(record: StepRecord) -> str:
    """``Step k``, or for the agent ``Run k`` and ``Submission (step k)``."""
    if record.kind == "submit":
        return f"Submission (step {record.step})"
    return f"{'Run' if record.kind == 'run' else 'Step'} {record.step}"


def _with_comparison(text: str, comparison: str | None) -> list[Content]:
    content: list[Content] = [ContentText(text=text)]
    if comparison is not None:
        content.append(ContentImage(image=comparison, detail="auto"))
    return content


COMPARISON_NOTE = "Below: the reference (left) and your object from the same camera (right)."


def run_result(record: StepRecord, runs_left: int, comparison: str | None) -> list[Content]:
    """The agent's ``run_program`` result: status, details, runs left, and the comparison."""
    lines = [f"Status `{record.status.value}`: {OUTCOMES[record.status]}"]
    details = step_details(record)
    if details:
        lines.append(details)
    lines.append(
        f"Runs left: {runs_left}."
        if runs_left
        else "No runs left: call submit(code) with your final program."
    )
    if comparison is not None:
        lines.append(COMPARISON_NOTE)
    return _with_comparison("\n".join(lines), comparison)


def feedback_message(record: StepRecord, max_steps: int, comparison: str | None) -> ChatMessageUser:
    """The user message that follows a step in the revision loop.

    Args:
        record: The step just run.
        max_steps: The step budget.
        comparison: The `side_by_side` data URI of the step's render, None without a render.
    """
    details = step_details(record)
    if comparison is not None:
        details += "\n" + COMPARISON_NOTE
    text = revision_feedback(record.step, max_steps, OUTCOMES[record.status], details)
    return ChatMessageUser(content=_with_comparison(text, comparison))

"""Per-step records of a sample, kept in the sample store (small, JSON, visible in the log).

The bulky outputs of a step (program, GLB, render) live in the artifacts folder on the host;
a record holds their paths and hashes, so ``inspect score`` can re-score a log without a
sandbox and notice a file that changed.
"""

from __future__ import annotations

from typing import Literal

from inspect_ai.util import StoreModel
from pydantic import BaseModel, Field

from code3dbench.sandbox.result import BoundingBox, ExecutionResult, ExecutionStatus
from code3dbench.solvers.replies import ReplyFacts


class StepArtifacts(BaseModel):
    """Where one step's files are on the host, and their sha256 (None when absent)."""

    folder: str
    program_sha256: str | None = None
    glb_sha256: str | None = None
    render_sha256: str | None = None
    views_sha256: str | None = None


StepKind = Literal["reply", "run", "submit"]
"""Where a step's program came from: a reply (single_shot, revision), or the agent's
``run_program`` or ``submit`` tool call."""


class StepRecord(BaseModel):
    """One program executed: generation (or tool call) -> extraction -> execution."""

    step: int
    status: ExecutionStatus
    kind: StepKind = "reply"
    error: str | None = None
    stop_reason: str | None = None
    truncated: bool = Field(default=False, description="the reply was cut at the token limit")
    refused: bool = Field(default=False, description="the model refused")
    provider_cost: float | None = Field(
        default=None, description="cost the provider reported for the request (USD)"
    )
    triangles: int = 0
    meshes: int = 0
    proportions: tuple[float, float, float] | None = Field(
        default=None, description="bounding-box width : height : depth, longest side 1"
    )
    execution_ms: float | None = None
    artifacts: StepArtifacts | None = None
    source: Literal["program", "mesh"] = Field(
        default="program",
        description="program: a model's program, executed; mesh: a mesh from an image-to-3D "
        "model (nothing executed: execution is not applicable)",
    )

    @property
    def executed(self) -> bool:
        """True when the program ran and produced an object."""
        return self.status is ExecutionStatus.OK

    @property
    def sandbox_fault(self) -> bool:
        """True when the infrastructure failed (not the model's failure)."""
        return self.status is ExecutionStatus.SANDBOX_ERROR


class CodeSteps(StoreModel):
    """The sample's steps, in order; or why none could be run."""

    steps: list[StepRecord] = Field(default_factory=list)
    reference_error: str | None = Field(
        default=None,
        description="the sample's reference image could not be prepared (the model was not asked)",
    )


def proportions(bbox: BoundingBox | None) -> tuple[float, float, float] | None:
    """Bounding-box extents divided by the longest one, rounded for people."""
    if bbox is None:
        return None
    extents = [hi - lo for lo, hi in zip(bbox.min, bbox.max, strict=True)]
    longest = max(extents)
    if longest <= 0:
        return None
    x, y, z = (round(e / longest, 3) for e in extents)
    return (x, y, z)


def first_line(text: str | None, limit: int = 600) -> str | None:
    """An error message trimmed for records and feedback."""
    if not text:
        return None
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 3] + "..."


def record_from_result(
    step: int,
    result: ExecutionResult,
    reply: ReplyFacts,
    artifacts: StepArtifacts | None,
    kind: StepKind = "reply",
) -> StepRecord:
    """A step record from an execution result and what the reply was."""
    return StepRecord(
        step=step,
        status=result.status,
        kind=kind,
        error=first_line(result.error.message if result.error else None),
        stop_reason=reply.stop_reason,
        truncated=reply.truncated,
        refused=reply.refused,
        provider_cost=reply.provider_cost,
        triangles=result.triangles,
        meshes=result.meshes,
        proportions=proportions(result.bbox),
        execution_ms=result.timings_ms.get("total_ms"),
        artifacts=artifacts,
    )

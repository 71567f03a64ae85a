"""Typed results of one program execution (the runner's ``result.json``)."""

from __future__ import annotations

from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel, Field


class ExecutionStatus(str, Enum):
    """The status taxonomy of one execution (design.md)."""

    OK = "ok"
    NO_CODE = "no_code"
    SYNTAX_ERROR = "syntax_error"
    RUNTIME_ERROR = "runtime_error"
    TIMEOUT = "timeout"
    INVALID_OUTPUT = "invalid_output"
    EMPTY_GEOMETRY = "empty_geometry"
    INVALID_GEOMETRY = "invalid_geometry"
    TOO_LARGE = "too_large"
    SANDBOX_ERROR = "sandbox_error"

    @property
    def is_model_failure(self) -> bool:
        """True for failures caused by the model's program; False for ok and sandbox_error."""
        return self not in (ExecutionStatus.OK, ExecutionStatus.SANDBOX_ERROR)


class ExecutionError(BaseModel):
    """What went wrong, with the 1-based line and column in the program when known."""

    message: str
    line: int | None = None
    column: int | None = None


class BoundingBox(BaseModel):
    """Axis-aligned bounding box of the exported object, in the program's units."""

    min: tuple[float, float, float]
    max: tuple[float, float, float]

    @property
    def extents(self) -> tuple[float, float, float]:
        """Side lengths along x, y and z."""
        return (
            self.max[0] - self.min[0],
            self.max[1] - self.min[1],
            self.max[2] - self.min[2],
        )


class ConsoleEntry(BaseModel):
    """One console message of the program (text truncated to the console budget)."""

    type: str
    text: str


class ExecutionResult(BaseModel):
    """Everything the runner reports about one program (``result.json``)."""

    schema_version: int = 1
    status: ExecutionStatus
    error: ExecutionError | None = None
    triangles: int = 0
    vertices: int = 0
    meshes: int = 0
    surface_area: float = 0.0
    bbox: BoundingBox | None = None
    timings_ms: dict[str, float] = Field(default_factory=dict)
    console: list[ConsoleEntry] = Field(default_factory=list)
    console_dropped: int = 0
    blocked_requests: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    limits: dict[str, Any] = Field(default_factory=dict)
    runtime: dict[str, Any] | None = None
    files: dict[str, str | None] = Field(default_factory=dict)

    @classmethod
    def failed(cls, status: ExecutionStatus, message: str) -> ExecutionResult:
        """A result for a failure decided before or outside the runner."""
        return cls(status=status, error=ExecutionError(message=message))

    def summary(self) -> str:
        """One line for people: status, size or error."""
        if self.status is ExecutionStatus.OK:
            return (
                f"ok: {self.triangles} triangles, {self.meshes} mesh(es), "
                f"{self.timings_ms.get('total_ms', 0):.0f} ms"
            )
        where = ""
        if self.error and self.error.line is not None:
            where = f" (line {self.error.line}, column {self.error.column})"
        first_line = self.error.message.splitlines()[0] if self.error else ""
        return f"{self.status.value}{where}: {first_line}"


class AssetRenderResult(BaseModel):
    """What the runner reports about rendering one reference GLB (``result.json``).

    ``status`` is ``ok``, ``invalid_asset`` (three.js cannot read the file, or it holds no
    triangles) or ``sandbox_error`` (the browser failed twice).
    """

    schema_version: int = 1
    status: Literal["ok", "invalid_asset", "sandbox_error"]
    error: str | None = None
    triangles: int = 0
    bbox: BoundingBox | None = None
    lights_removed: int = 0
    timings_ms: dict[str, float] = Field(default_factory=dict)
    runtime: dict[str, Any] | None = None
    files: dict[str, str | None] = Field(default_factory=dict)

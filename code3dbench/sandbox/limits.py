"""Execution limits, passed to the runner as command-line flags."""

from __future__ import annotations

from pydantic import BaseModel, Field


class ExecutionLimits(BaseModel):
    """Limits for one program run; the defaults are the benchmark's conventions."""

    timeout_s: float = Field(default=10.0, gt=0)
    """Wall time for running the program, buildObject() and reading its object."""

    max_triangles: int = Field(default=2_000_000, gt=0)
    """Most triangles three would draw (instances included); more is `too_large`."""

    memory_mb: int = Field(default=1024, gt=0)
    """V8 heap of the execution page; a program that exceeds it crashes its page."""

    console_bytes: int = Field(default=16_384, gt=0)
    """Console text kept per program."""

    console_entries: int = Field(default=200, gt=0)
    """Console messages kept per program."""

    def runner_args(self) -> list[str]:
        """The runner's command-line flags for these limits."""
        return [
            "--timeout-ms",
            str(round(self.timeout_s * 1000)),
            "--max-triangles",
            str(self.max_triangles),
            "--memory-mb",
            str(self.memory_mb),
            "--console-bytes",
            str(self.console_bytes),
            "--console-entries",
            str(self.console_entries),
        ]

    def host_timeout_s(self, programs: int = 1) -> float:
        """A generous outer limit for a runner process that executes `programs` programs."""
        return 60.0 + programs * (2 * self.timeout_s + 30.0)

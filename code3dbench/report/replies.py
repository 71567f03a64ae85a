"""How a run's replies ended: the share of steps cut at the token limit and refused."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from code3dbench.report.logs import SampleResult


@dataclass(frozen=True)
class ReplyCounts:
    """Steps of a run's scored samples (sandbox faults included) by how the reply ended.

    Attributes:
        steps: Steps counted.
        truncated: Steps whose reply was cut at the output token limit.
        refused: Steps whose reply was a refusal.
    """

    steps: int
    truncated: int
    refused: int

    @property
    def truncated_share(self) -> float | None:
        """Share of steps cut at the limit (None without steps)."""
        return self.truncated / self.steps if self.steps else None

    @property
    def refused_share(self) -> float | None:
        """Share of steps refused (None without steps)."""
        return self.refused / self.steps if self.steps else None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary with the shares."""
        return {
            **self.__dict__,
            "truncated_share": self.truncated_share,
            "refused_share": self.refused_share,
        }


def reply_counts(samples: Sequence[SampleResult]) -> ReplyCounts:
    """Count the steps of ``samples`` by how their replies ended."""
    steps = [step for sample in samples for step in sample.steps]
    return ReplyCounts(
        steps=len(steps),
        truncated=sum(step.truncated for step in steps),
        refused=sum(step.refused for step in steps),
    )

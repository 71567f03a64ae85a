"""How the agents of a run used their budget: programs run, submissions, limits that ended them."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from code3dbench.report.logs import SampleResult


@dataclass(frozen=True)
class AgentUse:
    """The agent run's samples (sandbox faults left out) by how they ended.

    Attributes:
        n: Samples (sample x epoch) counted.
        max_runs: The run budget.
        runs_mean: Mean number of programs run (None without samples).
        submitted: Samples that called ``submit``.
        budget_spent: Samples that ran ``max_runs`` programs.
        ended_by_limit: Inspect limit (``message``, ``token`` ...) -> samples it ended.
    """

    n: int
    max_runs: int
    runs_mean: float | None
    submitted: int
    budget_spent: int
    ended_by_limit: dict[str, int] = field(default_factory=dict)

    @property
    def submitted_share(self) -> float | None:
        """Share of samples that submitted (None without samples)."""
        return self.submitted / self.n if self.n else None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary with the submitted share."""
        return {**self.__dict__, "submitted_share": self.submitted_share}


def agent_use(samples: Sequence[SampleResult], max_runs: int) -> AgentUse:
    """Summarise ``samples`` of an agent run (sandbox faults must already be left out)."""
    runs = [s.value("runs") for s in samples]
    runs = [r for r in runs if not math.isnan(r)]
    return AgentUse(
        n=len(samples),
        max_runs=max_runs,
        runs_mean=math.fsum(runs) / len(runs) if runs else None,
        submitted=sum(1 for s in samples if s.value("submitted") == 1.0),
        budget_spent=sum(1 for r in runs if r >= max_runs),
        ended_by_limit=dict(sorted(Counter(s.limit for s in samples if s.limit).items())),
    )

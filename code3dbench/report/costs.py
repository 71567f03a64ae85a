"""What a run cost, and where that number came from.

In order of preference: the cost the provider reported for every request (OpenRouter's
``usage.cost``, kept in each step record); Inspect's cost from the run's token usage, priced
by the code3dbench price table (``code3dbench/costs/prices.yaml``) or by a price from
elsewhere (``--model-cost-config``, Inspect's database); otherwise unknown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from code3dbench.report.logs import ReportedCosts, RunKey

NO_PRICE = (
    "no price known for this model: pass `--model-cost-config FILE` to `inspect eval` "
    "(the format of code3dbench/costs/prices.yaml's `models`)"
)


@dataclass(frozen=True)
class RunCost:
    """A run's cost.

    Attributes:
        usd: The cost in USD, None when unknown.
        source: Where it came from, or why it is unknown (one sentence).
    """

    usd: float | None
    source: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary."""
        return dict(self.__dict__)


def _priced_by_table(model: str, prices: dict[str, Any] | None) -> bool:
    applied = set((prices or {}).get("applied") or [])
    return model in applied or model.removeprefix("openrouter/") in applied


def run_cost(
    key: RunKey,
    usage_cost: float | None,
    reported: ReportedCosts | None,
    prices: dict[str, Any] | None,
) -> RunCost:
    """The cost of one run.

    Args:
        key: The run.
        usage_cost: Inspect's ``total_cost`` summed over the run's logs (None: unpriced).
        reported: The costs the provider reported per step.
        prices: The task's price note (``prices`` in its metadata), None for older logs.
    """
    if reported is not None and reported.complete:
        return RunCost(reported.total, "reported by the provider for each request (usage.cost)")
    if usage_cost is None:
        return RunCost(None, NO_PRICE)
    if _priced_by_table(key.model, prices):
        table = (prices or {}).get("table", "code3dbench prices")
        return RunCost(usage_cost, f"Inspect, from token usage at the {table}")
    return RunCost(
        usage_cost, "Inspect, from token usage at a --model-cost-config or database price"
    )

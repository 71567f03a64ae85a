"""The shipped price table of the paper's models, applied through Inspect's cost mechanism.

Inspect computes a call's cost from its usage and the model's `ModelCost`
(``inspect_ai.model.compute_model_cost``: input, output, cache writes and cache reads, each
at its own price), but knows no prices for the paper's models. `apply_default_prices` registers
the table (``prices.yaml``) with ``set_model_cost`` for every model that has no price yet, when
a task is created: a price given with ``--model-cost-config`` (applied by Inspect before the
tasks are created) or already in Inspect's database wins. What was applied is returned and
written into the task's metadata, so the report can say where a cost came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml
from inspect_ai.model import ModelCost, get_model_info, set_model_cost

PRICE_TABLE = "prices.yaml"


@dataclass(frozen=True)
class PriceTable:
    """The shipped prices.

    Attributes:
        checked: The date the prices were checked (ISO 8601).
        sources: Provider -> the pricing page.
        models: Inspect model name -> its prices (USD per million tokens).
    """

    checked: str
    sources: dict[str, str]
    models: dict[str, ModelCost]


def load_price_table() -> PriceTable:
    """Read ``code3dbench/costs/prices.yaml``."""
    text = resources.files("code3dbench.costs").joinpath(PRICE_TABLE).read_text()
    data: dict[str, Any] = yaml.safe_load(text)
    return PriceTable(
        checked=str(data["checked"]),
        sources=dict(data["sources"]),
        models={name: ModelCost(**cost) for name, cost in data["models"].items()},
    )


def apply_default_prices() -> dict[str, Any]:
    """Price the table's models that have no price yet; say what was done.

    Returns:
        ``{"table": "code3dbench prices checked <date>", "applied": [...], "preset": [...]}``:
        the models priced from the table, and those left with a price from elsewhere
        (``--model-cost-config``, Inspect's database).
    """
    table = load_price_table()
    applied, preset = [], []
    for name, cost in table.models.items():
        info = get_model_info(name)
        if info is None:  # set_model_cost prices only models Inspect's database knows
            continue
        if info.cost is not None and info.cost != cost:
            preset.append(name)
            continue
        if info.cost is None:
            set_model_cost(name, cost)
        applied.append(name)
    return {
        "table": f"code3dbench prices checked {table.checked}",
        "applied": sorted(applied),
        "preset": sorted(preset),
    }

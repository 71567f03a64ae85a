"""What a recipe will cost: calls, tokens and USD, from a small pilot run's logs.

Calls are exact: every step of every sample calls the model once (samples x N). Tokens come
from a pilot (e.g. each task with ``--limit 8``): per task and model, the pilot's tokens per
sample (`code3dbench.report`: every input token, cached ones included; output tokens, which
include reasoning) divided by its N gives tokens per call, times the recipe's calls. A model
the pilot did not run takes the pilot's mean over its models for that task (said in
``source``). The cost prices every input token as uncached input (an upper bound) at the
shipped price table (`code3dbench.costs.prices`, by the model's direct id).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from code3dbench.costs.prices import load_price_table
from code3dbench.recipes.recipe import Recipe
from code3dbench.report.logs import load_logs
from code3dbench.report.published import normalise_model_name
from code3dbench.report.summary import build_summary


@dataclass(frozen=True)
class CallRate:
    """Tokens per model call measured by a pilot.

    Attributes:
        input: Input tokens per call.
        output: Output tokens per call.
        calls: Calls behind the rate (samples x N of the pilot).
        source: Which pilot run(s) it comes from.
    """

    input: float
    output: float
    calls: float
    source: str


def _pooled(rates: Sequence[CallRate], source: str) -> CallRate:
    calls = sum(r.calls for r in rates)
    return CallRate(
        sum(r.input * r.calls for r in rates) / calls,
        sum(r.output * r.calls for r in rates) / calls,
        calls,
        source,
    )


def pilot_rates(paths: Sequence[str | Path]) -> dict[tuple[str, str], CallRate]:
    """(task, normalised model name) -> its rate; (task, "*") -> the pilot's mean for the task."""
    summary = build_summary(load_logs(paths))
    rates: dict[tuple[str, str], CallRate] = {}
    for run in summary.code_runs():
        tokens = run.tokens()
        calls = tokens["samples"] * run.key.max_steps
        if not calls or not tokens.get("total_tokens"):
            continue
        rates[(run.key.task, normalise_model_name(run.key.model))] = CallRate(
            tokens["input_tokens_all"] / calls,
            (tokens.get("output_tokens") or 0) / calls,
            calls,
            f"pilot {run.key.model}",
        )
    for task in {task for task, _ in rates}:
        group = [rate for (t, _), rate in rates.items() if t == task]
        rates[(task, "*")] = _pooled(
            group, "pilot mean of " + ", ".join(r.source[6:] for r in group)
        )
    return rates


@dataclass(frozen=True)
class Estimate:
    """One model on one task.

    Attributes:
        model: The Inspect model id.
        task: The task.
        samples: Samples to run.
        calls: Model calls (samples x N).
        input_tokens: Estimated input tokens (None without a pilot rate).
        output_tokens: Estimated output tokens.
        usd: Estimated cost (None without a rate or a price).
        source: Where the rate came from, or why there is none.
    """

    model: str
    task: str
    samples: int
    calls: int
    input_tokens: float | None
    output_tokens: float | None
    usd: float | None
    source: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary."""
        return dict(self.__dict__)


def estimate(
    recipe: Recipe, route: str, samples: int, rates: dict[tuple[str, str], CallRate]
) -> list[Estimate]:
    """Calls, tokens and cost of every model on every task of ``recipe``."""
    prices = load_price_table().models
    rows = []
    for model in recipe.models:
        name, model_id = normalise_model_name(model.direct), recipe.model_id(model, route)
        price = prices.get(model.direct)
        for task in recipe.tasks:
            calls = samples * task.steps
            rate = rates.get((task.name, name)) or rates.get((task.name, "*"))
            if rate is None:
                source = "no pilot run of this task: tokens and cost unknown"
                rows.append(Estimate(model_id, task.name, samples, calls, None, None, None, source))
                continue
            tokens_in, tokens_out = rate.input * calls, rate.output * calls
            usd = None
            if price is not None:
                usd = (tokens_in * price.input + tokens_out * price.output) / 1e6
            source = rate.source if price is not None else f"{rate.source}; no price"
            rows.append(
                Estimate(
                    model_id,
                    task.name,
                    samples,
                    calls,
                    tokens_in,
                    tokens_out,
                    usd,
                    source,
                )
            )
    return rows

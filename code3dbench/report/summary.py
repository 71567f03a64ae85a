"""The report's content: one summary per run, per category, recovery, usage, comparisons.

`build_summary` turns what `code3dbench.report.logs.load_logs` read into typed summaries;
the ``*_json`` methods of `ReportSummary` give the three JSON documents.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from code3dbench.report.agent_use import AgentUse, agent_use
from code3dbench.report.aggregate import (
    CD_CAP_REPORTED,
    SETTINGS,
    Recovery,
    SampleCounts,
    SettingSummary,
    recovery,
    split_sandbox_faults,
    summarise_group,
)
from code3dbench.report.bootstrap import CONFIDENCE, RESAMPLES, SEED
from code3dbench.report.compare import KEYS, ComparisonSet, compare_runs
from code3dbench.report.costs import RunCost, run_cost
from code3dbench.report.logs import AGENT, ErroredSample, LoadedLogs, RunKey, runs
from code3dbench.report.published import PublishedTable, load_published
from code3dbench.report.replies import ReplyCounts, reply_counts
from code3dbench.scorers.geometry.constants import CD_REPORT_SCALE, DEFAULT_CD_CAP

SCHEMA = "code3dbench-report/1"
"""Version of the JSON documents' layout (docs/reports.md)."""

SINGLE_SHOT = "code3dbench/single_shot"

CONVENTIONS: dict[str, Any] = {
    "cd": "Chamfer L2, sum of both mean squared nearest-neighbour distances, x 10^3",
    "cd_scale": CD_REPORT_SCALE,
    "cd_cap": DEFAULT_CD_CAP * CD_REPORT_SCALE,
    "settings": {
        "single": "step 1",
        "final": "the last step (final@N)",
        "best": "the executable step with the lowest CD (best@<=N)",
    },
    "agent": {
        "steps": "the programs the agent executed: its runs, then its submission",
        "first": "its first program",
        "final": "the submitted program; without a submission its last executable run (else "
        "its last run), with submitted = 0",
        "best": "the executed program with the lowest CD",
        "runs": "programs run with run_program (the submission not counted)",
    },
    "means": {
        "exec_rate": "over all samples",
        "f1, f2, f5, nc": "over all samples, failed executions counted as 0",
        "cd, ssim, mse, lpips, clip": "over executable samples; count = samples behind the mean",
        "penalized": f"over all samples, a failed execution counted as CD = "
        f"{CD_CAP_REPORTED:g} (the cap) and F = NC = 0",
    },
    "epochs": "every (sample, epoch) pair is one value of the mean and the median",
    "stderr": "standard error across samples, each sample's epochs averaged first",
    "stderr_epochs": "standard error of the per-epoch means across epochs (2+ epochs)",
    "sandbox_error": "samples with a sandbox (infrastructure) fault are counted apart and "
    "left out of every number; samples that errored are counted and left out",
    "multiview": "mv_* are diagnostics over the pinned views (code3dbench.sandbox.views): "
    "mv_iou, the mean silhouette IoU over the views, runs over all samples with failed "
    "executions as 0; mv_ssim, mv_mse, mv_lpips, mv_clip are view-averaged image metrics over "
    "executable samples",
}


COMPARISON_METHOD: dict[str, Any] = {
    "difference": "B - A, per sample (each side's epochs averaged first), then averaged over "
    "the samples both sides have a value for",
    "keys": list(KEYS),
    "cd": "over samples both sides executed; cd_penalized: failures at the cap, all samples",
    "interval": f"paired bootstrap over samples, percentile, {CONFIDENCE:.0%}",
    "resamples": RESAMPLES,
    "seed": SEED,
    "better": "the side the interval favours when it excludes 0; null: no clear difference",
    "unpaired": "samples one side lacks (not run, errored, sandbox fault) are listed in "
    "only_a / only_b with the reason and never paired",
}


@dataclass
class CategorySummary:
    """One category of one run: counts and the three settings."""

    counts: SampleCounts
    settings: dict[str, SettingSummary]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary."""
        return {
            "samples": self.counts.to_dict(),
            "settings": {k: v.to_dict() for k, v in self.settings.items()},
        }


@dataclass
class RunSummary:
    """Everything reported about one run (a model on a task, step budget and dataset).

    Attributes:
        key: The run.
        logs: The log files its samples came from.
        counts: Samples used, sandbox faults and errors.
        settings: single, final@N, best@<=N.
        categories: Category -> its summary.
        recovery: Executability recovery by step.
        usage: Model name -> token usage summed over the run's logs.
        replies: Steps cut at the token limit and refused.
        cost: What the run cost and where the number came from.
        errored: The samples without a score, each with its error.
        agent: How an agent run used its budget (None for the other settings).
    """

    key: RunKey
    logs: list[str]
    counts: SampleCounts
    settings: dict[str, SettingSummary]
    categories: dict[str, CategorySummary]
    recovery: Recovery
    usage: dict[str, dict[str, Any]]
    replies: ReplyCounts
    cost: RunCost
    errored: list[ErroredSample]
    agent: AgentUse | None = None

    def header(self) -> dict[str, Any]:
        """The fields that name the run."""
        return {
            "id": self.key.id,
            "label": self.key.label,
            "model": self.key.model,
            "solver": self.key.solver,
            "task": self.key.task,
            "max_steps": self.key.max_steps,
            "dataset": self.key.dataset,
            "reference": self.key.reference,
            "generation": dict(self.key.settings),
        }

    def tokens(self) -> dict[str, Any]:
        """Token counts of the run (all its model names together), its cost and samples.

        ``input_tokens_all`` counts every input token: uncached, cache reads and cache writes
        (Inspect's ``input_tokens`` leaves cached tokens out).
        """
        total = _usage_total([self.usage])
        total["input_tokens_all"] = sum(
            total.get(name) or 0
            for name in ("input_tokens", "input_tokens_cache_read", "input_tokens_cache_write")
        )
        samples = self.counts.used + self.counts.sandbox_error + self.counts.errors
        tokens = total.get("total_tokens")
        total["samples"] = samples
        total["tokens_per_sample"] = tokens / samples if samples and tokens else None
        total["cost"] = self.cost.to_dict()
        usd = self.cost.usd
        total["cost_per_sample"] = usd / samples if samples and usd is not None else None
        return total

    def to_dict(self) -> dict[str, Any]:
        """The run as it appears in main_report.json."""
        return {
            **self.header(),
            "logs": self.logs,
            "samples": self.counts.to_dict(),
            "settings": {k: v.to_dict() for k, v in self.settings.items()},
            "usage": self.usage,
            "tokens": self.tokens(),
            "replies": self.replies.to_dict(),
            "agent": self.agent.to_dict() if self.agent else None,
            "errored": [
                {"sample_id": e.sample_id, "epoch": e.epoch, "log": e.log, "error": e.error}
                for e in self.errored
            ],
        }


def _usage_total(usages: list[dict[str, dict[str, Any]]]) -> dict[str, Any]:
    """Sum token usage over several runs (all model names of a run together)."""
    total: dict[str, Any] = {}
    cost_known = True
    for usage in usages:
        for row in usage.values():
            for name, value in row.items():
                if name == "total_cost":
                    # One unreported cost makes the sum unknown.
                    cost_known = cost_known and value is not None
                    total["total_cost"] = (total.get("total_cost") or 0.0) + (value or 0.0)
                elif isinstance(value, int | float) and not isinstance(value, bool):
                    total[name] = (total.get(name) or 0) + value
    if not cost_known or "total_cost" not in total:
        total["total_cost"] = None
    return total


def _clean_usage(usage: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    cleaned = {}
    for model, row in usage.items():
        row = dict(row)
        if not row.pop("total_cost_known", True):
            row["total_cost"] = None
        cleaned[model] = row
    return cleaned


@dataclass
class ReportSummary:
    """The whole report.

    Attributes:
        generated_at: When it was made (UTC, ISO 8601).
        loaded: What was read.
        runs: One summary per run, in a stable order.
        published: The paper's table, when a comparison was asked for.
        published_aliases: Hand-made model -> published name mapping.
        comparisons: The paired comparisons of models and of settings.
    """

    generated_at: str
    loaded: LoadedLogs
    runs: list[RunSummary]
    comparisons: ComparisonSet
    published: PublishedTable | None = None
    published_aliases: dict[str, str] = field(default_factory=dict)

    def skipped_counts(self) -> dict[str, int]:
        """How many notes of each kind (log, error, no_score, duplicate, sandbox_error)."""
        return dict(sorted(Counter(note.kind for note in self.loaded.skipped).items()))

    def code_runs(self) -> list[RunSummary]:
        """The runs of code models (reference runs left out)."""
        return [run for run in self.runs if not run.key.reference]

    def reference_runs(self) -> list[RunSummary]:
        """The image-to-3D reference runs."""
        return [run for run in self.runs if run.key.reference]

    def paper_rows(self) -> list[dict[str, Any]]:
        """The paper's layout: per model, single, final@N, best@<=N and the agent (CD, F@5).

        Single comes from the model's single_shot run where there is one, else from step 1
        of its revision run (else its agent's first program); final and best from the revision
        run, and the agent's final and best beside them; one row per revision budget N and
        agent run budget.
        """
        by_model: dict[tuple[str, str], list[RunSummary]] = {}
        for run in self.code_runs():
            by_model.setdefault((run.key.label, run.key.dataset), []).append(run)
        rows = []
        for (label, dataset), group in by_model.items():
            single_run = next((r for r in group if r.key.task == SINGLE_SHOT), None)
            revisions = sorted(
                (r for r in group if r.key.task not in (SINGLE_SHOT, AGENT)),
                key=lambda r: r.key.max_steps,
            )
            agents = sorted((r for r in group if r.key.agent), key=lambda r: r.key.max_steps)
            for revision in revisions or [None]:
                for agent in agents or [None]:
                    source = single_run or revision or agent
                    assert source is not None
                    row: dict[str, Any] = {
                        "model": label,
                        "inspect_model": group[0].key.model,
                        "dataset": dataset,
                        "max_steps": revision.key.max_steps if revision else None,
                        "max_runs": agent.key.max_steps - 1 if agent else None,
                        "settings": dict((revision or source).key.settings),
                        "single": _cd_f5(source, "single"),
                        "final": _cd_f5(revision, "final") if revision else None,
                        "best": _cd_f5(revision, "best") if revision else None,
                        "agent_final": _cd_f5(agent, "final") if agent else None,
                        "agent_best": _cd_f5(agent, "best") if agent else None,
                    }
                    rows.append(row)
        return rows

    def comparison(self) -> dict[str, Any] | None:
        """Measured beside published numbers for the models that match (None: not asked)."""
        if self.published is None:
            return None
        matched, unmatched = [], []
        compared: set[tuple[str, str, int | None]] = set()
        for row in self.paper_rows():
            identity = (row["model"], row["dataset"], row["max_steps"])
            if identity in compared:  # the same revision row beside another agent run
                continue
            compared.add(identity)
            published = self.published.find(row["inspect_model"], self.published_aliases)
            if published is None:
                unmatched.append(row["model"])
                continue
            caveats = []
            if row["dataset"] != self.published.dataset:
                caveats.append(
                    f"measured on {row['dataset']}, the paper on {self.published.dataset}"
                )
            if row["max_steps"] is None:
                caveats.append("no revision run: final and best not measured")
            elif row["max_steps"] != self.published.max_steps:
                caveats.append(
                    f"measured with N={row['max_steps']}, the paper with "
                    f"N={self.published.max_steps}"
                )
            caveats += published.setting_caveats(row["settings"])
            measured = {s: row[s] for s in SETTINGS}
            difference = {
                s: {
                    m: (measured[s][m] - published.scores[s][m])
                    if measured[s] is not None and measured[s][m] is not None
                    else None
                    for m in ("cd", "f5")
                }
                for s in SETTINGS
            }
            matched.append(
                {
                    "model": row["model"],
                    "published_name": published.name,
                    "dataset": row["dataset"],
                    "max_steps": row["max_steps"],
                    "settings": row["settings"],
                    "published_settings": dict(published.generation)
                    if published.generation is not None
                    else None,
                    "measured": measured,
                    "published": {s: dict(published.scores[s]) for s in SETTINGS},
                    "difference": difference,
                    "caveats": caveats,
                }
            )
        return {
            "published": self.published.to_dict(),
            "aliases": self.published_aliases,
            "matched": matched,
            "unmatched": sorted(set(unmatched)),
        }

    def _base(self) -> dict[str, Any]:
        return {"schema": SCHEMA, "generated_at": self.generated_at, "conventions": CONVENTIONS}

    def main_json(self) -> dict[str, Any]:
        """main_report.json."""
        document = {
            **self._base(),
            "inputs": [i.to_dict() for i in self.loaded.inputs],
            "skipped_counts": self.skipped_counts(),
            "skipped": [note.to_dict() for note in self.loaded.skipped],
            "runs": [run.to_dict() for run in self.runs],
            "paper_table": self.paper_rows(),
        }
        comparison = self.comparison()
        if comparison is not None:
            document["published_comparison"] = comparison
        return document

    def category_json(self) -> dict[str, Any]:
        """category_scores.json."""
        return {
            **self._base(),
            "runs": [
                {
                    **run.header(),
                    "categories": {k: v.to_dict() for k, v in run.categories.items()},
                }
                for run in self.runs
            ],
        }

    def comparisons_json(self) -> dict[str, Any]:
        """comparisons.json."""
        return {
            **self._base(),
            "method": COMPARISON_METHOD,
            "baseline": self.comparisons.baseline,
            "comparisons": [c.to_dict() for c in self.comparisons.comparisons],
        }

    def recovery_json(self) -> dict[str, Any]:
        """executability_recovery.json."""
        return {
            "schema": SCHEMA,
            "generated_at": self.generated_at,
            "definition": "first_executable_at[k]: samples whose first executable step is k; "
            "cumulative_rate[k]: share of samples executable at some step <= k; "
            "sandbox faults and errored samples are left out",
            "runs": [{**run.header(), **run.recovery.to_dict()} for run in self.runs],
        }


def _cd_f5(run: RunSummary, setting: str) -> dict[str, Any]:
    summary = run.settings[setting]
    return {
        "cd": summary.metrics["cd"].mean,
        "f5": summary.metrics["f5"].mean,
        "cd_count": summary.metrics["cd"].count,
        "n": summary.n,
        "run": run.key.id,
    }


def build_summary(
    loaded: LoadedLogs,
    compare_published: bool = False,
    published_aliases: Mapping[str, str] | None = None,
    now: dt.datetime | None = None,
    baseline: str | None = None,
) -> ReportSummary:
    """Summarise every run found in ``loaded``.

    Args:
        loaded: The samples and notes read by `load_logs`.
        compare_published: Add the comparison with the paper's table.
        published_aliases: Model name -> published model name, for names the matching rule
            does not catch.
        now: The time to write as ``generated_at`` (default: now).
        baseline: Compare every model with this one only (a label or model name).

    Raises:
        ReportInputError: ``baseline`` names no run.
    """
    grouped = runs(loaded.samples)
    errors_by_run = Counter(e.key.id for e in loaded.errored)
    summaries = []
    for run_id in sorted(loaded.keys, key=lambda k: loaded.keys[k].order):
        key = loaded.keys[run_id]
        samples = grouped.get(run_id, [])
        counts, settings = summarise_group(samples, key.max_steps, errors_by_run[run_id], key.agent)
        categories: dict[str, CategorySummary] = {}
        errored_categories = Counter(
            e.category or "unknown" for e in loaded.errored if e.key.id == run_id
        )
        names = sorted({s.category for s in samples} | set(errored_categories))
        for name in names:
            in_category = [s for s in samples if s.category == name]
            category_counts, category_settings = summarise_group(
                in_category, key.max_steps, errored_categories[name], key.agent
            )
            categories[name] = CategorySummary(category_counts, category_settings)
        used, _ = split_sandbox_faults(samples)
        usage = _clean_usage(loaded.usage.get(run_id, {}))
        usage_cost = _usage_total([usage]).get("total_cost") if usage else None
        summaries.append(
            RunSummary(
                key=key,
                logs=sorted({i.path for i in loaded.inputs if i.run == run_id}),
                counts=counts,
                settings=settings,
                categories=categories,
                recovery=recovery(used, key.max_steps),
                usage=usage,
                replies=reply_counts(samples),
                cost=run_cost(
                    key,
                    usage_cost,
                    loaded.reported_costs.get(run_id),
                    loaded.prices.get(run_id),
                ),
                errored=[e for e in loaded.errored if e.key.id == run_id],
                agent=agent_use(used, key.max_steps - 1) if key.agent else None,
            )
        )
    moment = now or dt.datetime.now(dt.timezone.utc)
    return ReportSummary(
        generated_at=moment.isoformat(timespec="seconds"),
        loaded=loaded,
        runs=summaries,
        comparisons=compare_runs(
            [run.key for run in summaries], loaded.samples, loaded.errored, baseline
        ),
        published=load_published() if compare_published else None,
        published_aliases=dict(published_aliases or {}),
    )

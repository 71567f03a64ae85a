"""Paired comparisons: two runs (or two settings of one model) on the samples both have.

An **arm** is one run in one setting (``single``, ``final``, ``best``: those whose keys the
run's scores hold, so a new task with the same keys slots in). Two kinds of comparison:

- ``models``: every two runs with other labels on the same task, step budget and dataset (or
  each run against ``--baseline``), in each setting they share;
- ``settings``: every two arms of one model (label) and dataset that share the run (single vs
  final@N vs best@<=N), share the setting (revision vs another multi-step task), or where one
  is a single-step run (single_shot's single against everything).

The unit is the sample: each side's value of a sample is the mean over its epochs (NaN ones
left out), and the difference is B - A. Only samples usable on both sides are paired; those
one side lacks are listed with the reason (not run, errored, a sandbox fault). Per key:
the mean difference with a paired bootstrap interval (`code3dbench.report.bootstrap`), the
samples each side wins and the ties, which side is better when the interval excludes 0, and
with several epochs the mean difference per epoch. The same per category.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import combinations
from typing import Any

from code3dbench.report.aggregate import SETTINGS, penalized_value, setting_label
from code3dbench.report.bootstrap import Interval, bootstrap_mean
from code3dbench.report.logs import ErroredSample, ReportInputError, RunKey, SampleResult

KEYS = ("exec", "cd", "cd_penalized", "f1", "f2", "f5", "nc")
"""Headline keys compared: execution, CD over samples both executed, penalized CD, F@k, NC."""

LOWER_IS_BETTER = frozenset({"cd", "cd_penalized"})

MIN_PAIRS = 2
"""Fewest paired samples for a verdict on which side is better."""


def key_value(sample: SampleResult, setting: str, key: str) -> float:
    """A sample's value of ``key`` in ``setting`` (``cd_penalized``: failures at the cap)."""
    if key == "cd_penalized":
        return penalized_value(sample, setting, "cd")
    return sample.value(f"{setting}_{key}")


@dataclass(frozen=True)
class Arm:
    """One side of a comparison: a run in one setting."""

    key: RunKey
    setting: str

    @property
    def label(self) -> str:
        """``model, task, setting``, e.g. ``openai/gpt-5.4, revision (N=3), best@<=3``."""
        setting = setting_label(self.setting, self.key.max_steps)
        return f"{self.key.label}, {self.key.task_label}, {setting}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary."""
        return {
            "run": self.key.id,
            "model": self.key.label,
            "task": self.key.task,
            "max_steps": self.key.max_steps,
            "setting": self.setting,
            "label": self.label,
        }


@dataclass
class Side:
    """A run's samples as a comparison reads them.

    Attributes:
        samples: Sample id -> epoch -> the usable sample.
        missing: Sample id -> why it is not usable (errored, sandbox fault).
    """

    samples: dict[str, dict[int, SampleResult]] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)

    def reason(self, sample_id: str, name: str) -> str:
        """Why ``sample_id`` is not on this side (``name``: the side, for the sentence)."""
        return self.missing.get(sample_id, f"not run by {name}")

    def mean(self, sample_id: str, value: Callable[[SampleResult], float]) -> float:
        """The sample's value averaged over its epochs (NaN values left out; NaN if none)."""
        values = [v for v in map(value, self.samples[sample_id].values()) if not math.isnan(v)]
        return math.fsum(values) / len(values) if values else math.nan


def sides(samples: Sequence[SampleResult], errored: Sequence[ErroredSample]) -> dict[str, Side]:
    """Run id -> its `Side` (sandbox faults and errored samples as missing, with the reason)."""
    result: dict[str, Side] = {}
    for sample in samples:
        side = result.setdefault(sample.key.id, Side())
        if sample.sandbox_error:
            side.missing.setdefault(sample.sample_id, "a sandbox fault")
        else:
            side.samples.setdefault(sample.sample_id, {})[sample.epoch] = sample
    for sample in errored:
        side = result.setdefault(sample.key.id, Side())
        side.missing.setdefault(sample.sample_id, f"errored ({sample.error})")
    for side in result.values():
        for sample_id in side.samples:
            side.missing.pop(sample_id, None)  # usable in some epoch: usable
    return result


@dataclass
class KeyComparison:
    """One key of a comparison.

    Attributes:
        interval: Mean of B - A over the samples where both have a value, with its interval
            (None when no sample has both).
        mean_a: A's mean over those samples.
        mean_b: B's mean over the same samples.
        a_wins: Samples where A is better.
        b_wins: Samples where B is better.
        ties: Samples where both are equal.
        epochs: Epoch -> mean of B - A over the samples both have in that epoch (2+ epochs).
    """

    key: str
    interval: Interval | None
    mean_a: float | None
    mean_b: float | None
    a_wins: int
    b_wins: int
    ties: int
    epochs: dict[int, float] = field(default_factory=dict)

    @property
    def better(self) -> str | None:
        """``a`` or ``b`` when the interval excludes 0, else None (no clear difference).

        One pair gives no verdict: its interval is the difference itself, zero wide.
        """
        interval = self.interval
        if interval is None or interval.n < MIN_PAIRS or not interval.excludes_zero:
            return None
        b_higher = self.interval.mean > 0
        return "a" if b_higher == (self.key in LOWER_IS_BETTER) else "b"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary."""
        interval = self.interval
        n = interval.n if interval else 0
        return {
            "n": n,
            "mean_a": self.mean_a,
            "mean_b": self.mean_b,
            "difference": interval.mean if interval else None,
            "ci_low": interval.low if interval else None,
            "ci_high": interval.high if interval else None,
            "better": self.better,
            "lower_is_better": self.key in LOWER_IS_BETTER,
            "a_wins": self.a_wins,
            "b_wins": self.b_wins,
            "ties": self.ties,
            "a_win_share": self.a_wins / n if n else None,
            "b_win_share": self.b_wins / n if n else None,
            "epochs": {str(k): v for k, v in self.epochs.items()},
        }


def compare_key(
    a: Side, b: Side, ids: Sequence[str], setting: tuple[str, str], key: str
) -> KeyComparison:
    """Compare one key over the paired sample ``ids`` (``setting``: A's and B's setting)."""
    value_a = partial(key_value, setting=setting[0], key=key)
    value_b = partial(key_value, setting=setting[1], key=key)
    pairs = [(a.mean(i, value_a), b.mean(i, value_b)) for i in ids]
    pairs = [(x, y) for x, y in pairs if not (math.isnan(x) or math.isnan(y))]
    sign = -1.0 if key in LOWER_IS_BETTER else 1.0
    epochs: dict[int, float] = {}
    common = sorted({e for i in ids for e in a.samples[i]} & {e for i in ids for e in b.samples[i]})
    if len(common) >= 2:
        for epoch in common:
            diffs = [
                value_b(b.samples[i][epoch]) - value_a(a.samples[i][epoch])
                for i in ids
                if epoch in a.samples[i] and epoch in b.samples[i]
            ]
            diffs = [d for d in diffs if not math.isnan(d)]
            if diffs:
                epochs[epoch] = math.fsum(diffs) / len(diffs)
    n = len(pairs)
    return KeyComparison(
        key=key,
        interval=bootstrap_mean([y - x for x, y in pairs]),
        mean_a=math.fsum(x for x, _ in pairs) / n if n else None,
        mean_b=math.fsum(y for _, y in pairs) / n if n else None,
        a_wins=sum(1 for x, y in pairs if sign * (x - y) > 0),
        b_wins=sum(1 for x, y in pairs if sign * (y - x) > 0),
        ties=sum(1 for x, y in pairs if x == y),
        epochs=epochs,
    )


@dataclass
class Comparison:
    """Two arms on the samples both have.

    Attributes:
        kind: ``models`` or ``settings``.
        a: The first arm (the baseline, or the earlier setting).
        b: The second arm; differences are B - A.
        paired: The sample ids both have.
        only_a: Sample id -> why B lacks it (A has it).
        only_b: Sample id -> why A lacks it (B has it).
        keys: Key -> its comparison over all paired samples.
        categories: Category -> key -> its comparison within the category.
    """

    kind: str
    a: Arm
    b: Arm
    paired: list[str]
    only_a: dict[str, str]
    only_b: dict[str, str]
    keys: dict[str, KeyComparison]
    categories: dict[str, dict[str, KeyComparison]]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary."""
        return {
            "kind": self.kind,
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
            "paired": len(self.paired),
            "only_a": [{"sample_id": k, "reason": v} for k, v in self.only_a.items()],
            "only_b": [{"sample_id": k, "reason": v} for k, v in self.only_b.items()],
            "keys": {k: v.to_dict() for k, v in self.keys.items()},
            "categories": {
                name: {k: v.to_dict() for k, v in keys.items()}
                for name, keys in self.categories.items()
            },
        }


def compare_arms(kind: str, a: Arm, b: Arm, side_a: Side, side_b: Side) -> Comparison:
    """Pair two arms' samples and compare every key, overall and per category."""
    ids_a, ids_b = set(side_a.samples), set(side_b.samples)
    paired = sorted(ids_a & ids_b)
    setting = (a.setting, b.setting)
    categories: dict[str, list[str]] = {}
    for sample_id in paired:
        first = next(iter(side_a.samples[sample_id].values()))
        categories.setdefault(first.category, []).append(sample_id)
    return Comparison(
        kind=kind,
        a=a,
        b=b,
        paired=paired,
        only_a={i: side_b.reason(i, "B") for i in sorted(ids_a - ids_b)},
        only_b={i: side_a.reason(i, "A") for i in sorted(ids_b - ids_a)},
        keys={k: compare_key(side_a, side_b, paired, setting, k) for k in KEYS},
        categories={
            name: {k: compare_key(side_a, side_b, ids, setting, k) for k in KEYS}
            for name, ids in sorted(categories.items())
        },
    )


def run_settings(key: RunKey, side: Side) -> list[str]:
    """The settings a run has: ``single`` for a one-step run, else those its scores hold."""
    if key.max_steps == 1:
        return ["single"]  # its final and best are step 1 again
    values = [s.values for epochs in side.samples.values() for s in epochs.values()]
    return [s for s in SETTINGS if any(f"{s}_exec" in v for v in values)]


def _matches(key: RunKey, name: str) -> bool:
    return name in (key.label, key.model)


def model_pairs(keys: Sequence[RunKey], baseline: str | None) -> list[tuple[RunKey, RunKey]]:
    """Pairs of runs with other labels on the same task, N and dataset (baseline first).

    Raises:
        ReportInputError: ``baseline`` names no run.
    """
    if baseline is not None and not any(_matches(k, baseline) for k in keys):
        names = ", ".join(sorted({k.label for k in keys})) or "none"
        raise ReportInputError(f"--baseline {baseline}: no run of that model; the runs: {names}")
    groups: dict[tuple[str, int, str], list[RunKey]] = {}
    for key in keys:
        groups.setdefault((key.task, key.max_steps, key.dataset), []).append(key)
    pairs = []
    for group in groups.values():
        for a, b in combinations(group, 2):
            if a.label == b.label:
                continue
            if baseline is None:
                pairs.append((a, b))
            elif _matches(a, baseline) != _matches(b, baseline):
                pairs.append((a, b) if _matches(a, baseline) else (b, a))
    return pairs


def _comparable_settings(a: Arm, b: Arm) -> bool:
    single_step = a.key.max_steps == 1 or b.key.max_steps == 1
    return a.key == b.key or a.setting == b.setting or single_step


def setting_pairs(keys: Sequence[RunKey], present: dict[str, list[str]]) -> list[tuple[Arm, Arm]]:
    """Pairs of arms of one model and dataset (see the module docstring for which)."""
    models: dict[tuple[str, str], list[Arm]] = {}
    ordered = sorted(keys, key=lambda k: (k.max_steps, k.task))
    for key in ordered:
        arms = [Arm(key, s) for s in present.get(key.id, [])]
        models.setdefault((key.label, key.dataset), []).extend(arms)
    return [
        (a, b)
        for arms in models.values()
        for a, b in combinations(arms, 2)
        if _comparable_settings(a, b)
    ]


@dataclass
class ComparisonSet:
    """Every comparison of a report."""

    baseline: str | None
    comparisons: list[Comparison]

    def of_kind(self, kind: str) -> list[Comparison]:
        """The comparisons of one kind (``models`` or ``settings``)."""
        return [c for c in self.comparisons if c.kind == kind]


def compare_runs(
    keys: Sequence[RunKey],
    samples: Sequence[SampleResult],
    errored: Sequence[ErroredSample],
    baseline: str | None = None,
) -> ComparisonSet:
    """Every model and settings comparison among the runs ``keys`` (in their order).

    Raises:
        ReportInputError: ``baseline`` names no run.
    """
    by_run = sides(samples, errored)
    empty = Side()
    present = {k.id: run_settings(k, by_run.get(k.id, empty)) for k in keys}
    comparisons = []
    for a, b in model_pairs(keys, baseline):
        side_a, side_b = by_run.get(a.id, empty), by_run.get(b.id, empty)
        for setting in (s for s in present[a.id] if s in present[b.id]):
            arms = Arm(a, setting), Arm(b, setting)
            comparisons.append(compare_arms("models", *arms, side_a, side_b))
    for arm_a, arm_b in setting_pairs(keys, present):
        side_a, side_b = by_run.get(arm_a.key.id, empty), by_run.get(arm_b.key.id, empty)
        comparisons.append(compare_arms("settings", arm_a, arm_b, side_a, side_b))
    return ComparisonSet(baseline, comparisons)

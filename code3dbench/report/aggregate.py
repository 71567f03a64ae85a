"""Aggregation of per-sample scores, exactly as design.md ("Aggregation") says.

For each run and setting (``single`` = step 1, ``final`` = the last step, ``best`` = the
executable step with the lowest CD):

- execution rate: the mean of ``exec`` over all samples;
- F@1, F@2, F@5 and NC: means over all samples, failed executions counting as 0 (the scorer
  already writes 0 for them);
- CD and the image metrics (SSIM, MSE, LPIPS, CLIP): means over the executable samples,
  with ``count``, the samples behind the mean (the scorer writes NaN for failures);
- medians of each, and a penalized variant in which a failed execution counts as
  CD = cap (`CD_CAP_REPORTED`, 1000) and F = NC = 0, over all samples.

Samples with a sandbox fault never enter these numbers (they are counted apart), nor do
samples that errored. With several epochs every (sample, epoch) pair is one value of the
mean and the median; ``stderr`` is the standard error across samples (each sample's epochs
averaged first, as Inspect's ``stderr`` does after its epoch reducer) and ``stderr_epochs``
the standard error of the per-epoch means across epochs.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from code3dbench.report.logs import SampleResult
from code3dbench.scorers.geometry.constants import CD_REPORT_SCALE, DEFAULT_CD_CAP

SETTINGS = ("single", "final", "best")
GEOMETRY_METRICS = ("cd", "f1", "f2", "f5", "nc")
IMAGE_METRICS = ("ssim", "mse", "lpips", "clip")
MULTIVIEW_METRICS = ("mv_iou", *(f"mv_{m}" for m in IMAGE_METRICS))
"""Multi-view diagnostics (code3dbench.scorers.multiview), beside the single-view ones."""

METRICS = (*GEOMETRY_METRICS, *IMAGE_METRICS, *MULTIVIEW_METRICS)
OVER_ALL_SAMPLES = ("f1", "f2", "f5", "nc", "mv_iou")
"""Metrics whose mean runs over all samples (failures are 0)."""

OVER_EXECUTABLE = ("cd", *IMAGE_METRICS, *MULTIVIEW_METRICS[1:])
"""Metrics whose mean runs over executable samples (failures are NaN)."""

CD_CAP_REPORTED = DEFAULT_CD_CAP * CD_REPORT_SCALE
"""CD of a failed execution in the penalized variant: the per-object cap, x 10^3 (1000)."""

PENALIZED_METRICS = ("cd", "f1", "f2", "f5", "nc")


def setting_label(setting: str, max_steps: int, agent: bool = False) -> str:
    """``single``, ``final@N`` or ``best@<=N``; for the agent ``first``, ``final``, ``best``.

    The agent's settings: its first program, the submitted one (or its last executable run when
    it never submitted) and the best program it executed.
    """
    if agent:
        return {"single": "first", "final": "final", "best": "best"}[setting]
    return {"single": "single", "final": f"final@{max_steps}", "best": f"best@<={max_steps}"}[
        setting
    ]


def _clean(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) or math.isinf(value) else float(value)


@dataclass
class MetricStats:
    """Summary of one metric over samples.

    Attributes:
        mean: Mean over the values present (None when there are none).
        median: Median over the same values.
        stderr: Standard error across samples (epochs of a sample averaged first); None
            with fewer than two samples.
        count: Number of (sample, epoch) values behind the mean.
        stderr_epochs: Standard error of the per-epoch means across epochs (None with one
            epoch).
        epoch_means: The per-epoch means, epoch 1 first (None with one epoch).
    """

    mean: float | None
    median: float | None
    stderr: float | None
    count: int
    stderr_epochs: float | None = None
    epoch_means: list[float | None] | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary (None stays null)."""
        return dict(self.__dict__)


def _stderr(values: Sequence[float]) -> float | None:
    if len(values) < 2:
        return None
    return statistics.stdev(values) / math.sqrt(len(values))


def metric_stats(
    samples: Sequence[SampleResult],
    value: Callable[[SampleResult], float],
    epochs: Sequence[int],
) -> MetricStats:
    """Mean, median and standard errors of ``value`` over ``samples``, NaN values left out.

    Args:
        samples: The samples (one per sample and epoch).
        value: The per-sample value (NaN: not part of this mean).
        epochs: The run's epochs; with two or more, per-epoch means and their stderr.
    """
    pairs = [(s, value(s)) for s in samples]
    present = [(s, v) for s, v in pairs if not math.isnan(v)]
    values = [v for _, v in present]
    by_sample: dict[str, list[float]] = {}
    for s, v in present:
        by_sample.setdefault(s.sample_id, []).append(v)
    stats = MetricStats(
        mean=_clean(math.fsum(values) / len(values)) if values else None,
        median=_clean(statistics.median(values)) if values else None,
        stderr=_clean(_stderr([math.fsum(v) / len(v) for v in by_sample.values()])),
        count=len(values),
    )
    if len(epochs) >= 2:
        means: list[float | None] = []
        for epoch in epochs:
            epoch_values = [v for s, v in present if s.epoch == epoch]
            means.append(math.fsum(epoch_values) / len(epoch_values) if epoch_values else None)
        stats.epoch_means = [_clean(m) for m in means]
        stats.stderr_epochs = _clean(_stderr([m for m in means if m is not None]))
    return stats


def penalized_value(sample: SampleResult, setting: str, metric: str) -> float:
    """The penalized variant: a failed execution counts as CD = cap, F = NC = 0.

    Without execution (an image-to-3D reference: ``exec`` NaN) a sample without a CD failed.
    """
    executed = sample.value(f"{setting}_exec")
    no_cd = math.isnan(sample.value(f"{setting}_cd"))
    if executed == 0.0 or (math.isnan(executed) and no_cd):
        return CD_CAP_REPORTED if metric == "cd" else 0.0
    return sample.value(f"{setting}_{metric}")


@dataclass
class SettingSummary:
    """One setting (single, final@N or best@<=N) of one run or category.

    Attributes:
        setting: ``single``, ``final`` or ``best``.
        label: ``single``, ``final@N`` or ``best@<=N``.
        n: Samples (sample x epoch) in the aggregate.
        executable: How many of them executed.
        exec_rate: Mean of ``exec`` (the execution rate) with its errors.
        metrics: CD, F@1, F@2, F@5, NC, SSIM, MSE, LPIPS, CLIP by the rules above.
        penalized: CD, F@k and NC with failures as CD = cap, F = NC = 0, over all samples.
    """

    setting: str
    label: str
    n: int
    executable: int
    exec_rate: MetricStats
    metrics: dict[str, MetricStats]
    penalized: dict[str, MetricStats]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary."""
        return {
            "setting": self.setting,
            "label": self.label,
            "n": self.n,
            "executable": self.executable,
            "exec_rate": self.exec_rate.to_dict(),
            "metrics": {k: v.to_dict() for k, v in self.metrics.items()},
            "penalized": {k: v.to_dict() for k, v in self.penalized.items()},
        }


def summarise_setting(
    samples: Sequence[SampleResult],
    setting: str,
    max_steps: int,
    epochs: Sequence[int],
    agent: bool = False,
) -> SettingSummary:
    """Aggregate one setting over ``samples`` (sandbox faults must already be left out)."""
    exec_rate = metric_stats(samples, lambda s: s.value(f"{setting}_exec"), epochs)
    metrics = {
        m: metric_stats(samples, lambda s, m=m: s.value(f"{setting}_{m}"), epochs) for m in METRICS
    }
    penalized = {
        m: metric_stats(samples, lambda s, m=m: penalized_value(s, setting, m), epochs)
        for m in PENALIZED_METRICS
    }
    return SettingSummary(
        setting=setting,
        label=setting_label(setting, max_steps, agent),
        n=len(samples),
        executable=sum(1 for s in samples if s.value(f"{setting}_exec") == 1.0),
        exec_rate=exec_rate,
        metrics=metrics,
        penalized=penalized,
    )


@dataclass
class SampleCounts:
    """What a run's numbers stand on.

    Attributes:
        used: (sample, epoch) pairs in the aggregates.
        unique_samples: Distinct sample ids among them.
        epochs: The epochs seen.
        sandbox_error: Scored samples left out because a step hit a sandbox fault.
        errors: Samples without a score (errored, or not scored before the run stopped).
    """

    used: int
    unique_samples: int
    epochs: list[int]
    sandbox_error: int
    errors: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary."""
        return dict(self.__dict__)


def split_sandbox_faults(
    samples: Sequence[SampleResult],
) -> tuple[list[SampleResult], list[SampleResult]]:
    """The samples that count, and those reported apart for a sandbox fault."""
    used = [s for s in samples if not s.sandbox_error]
    return used, [s for s in samples if s.sandbox_error]


def epochs_of(samples: Sequence[SampleResult]) -> list[int]:
    """The epochs among ``samples``, sorted."""
    return sorted({s.epoch for s in samples})


def summarise_group(
    samples: Sequence[SampleResult], max_steps: int, errors: int = 0, agent: bool = False
) -> tuple[SampleCounts, dict[str, SettingSummary]]:
    """Counts and the three settings for one run or one category of a run."""
    used, faulted = split_sandbox_faults(samples)
    epochs = epochs_of(samples)
    counts = SampleCounts(
        used=len(used),
        unique_samples=len({s.sample_id for s in used}),
        epochs=epochs,
        sandbox_error=len(faulted),
        errors=errors,
    )
    settings = {s: summarise_setting(used, s, max_steps, epochs, agent) for s in SETTINGS}
    return counts, settings


@dataclass
class Recovery:
    """Executability recovery of one run (samples first executable at each step).

    Attributes:
        n: Samples (sample x epoch) counted.
        first_executable_at: Step -> samples whose first executable step it is.
        never_executable: Samples with no executable step.
        cumulative_rate: Step k -> share of samples executable at some step <= k.
        exec_rate_by_step: Step k -> share of samples executable at step k.
        status_counts_by_step: Step k -> status -> samples.
    """

    n: int
    first_executable_at: dict[int, int]
    never_executable: int
    cumulative_rate: dict[int, float | None]
    exec_rate_by_step: dict[int, float | None]
    status_counts_by_step: dict[int, dict[str, int]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary (steps as string keys)."""
        return {
            "n": self.n,
            "first_executable_at": {str(k): v for k, v in self.first_executable_at.items()},
            "never_executable": self.never_executable,
            "cumulative_rate": {str(k): v for k, v in self.cumulative_rate.items()},
            "exec_rate_by_step": {str(k): v for k, v in self.exec_rate_by_step.items()},
            "status_counts_by_step": {str(k): v for k, v in self.status_counts_by_step.items()},
        }


def first_executable_step(sample: SampleResult, max_steps: int) -> int | None:
    """The first step whose program executed, from ``exec_step_k``, else None."""
    for step in range(1, max_steps + 1):
        if sample.value(f"exec_step_{step}") == 1.0:
            return step
    return None


def recovery(samples: Sequence[SampleResult], max_steps: int) -> Recovery:
    """Executability recovery over ``samples`` (sandbox faults must already be left out)."""
    n = len(samples)
    first = Counter(first_executable_step(s, max_steps) for s in samples)
    steps = range(1, max_steps + 1)
    cumulative: dict[int, float | None] = {}
    running = 0
    for step in steps:
        running += first.get(step, 0)
        cumulative[step] = running / n if n else None
    by_step: dict[int, float | None] = {}
    statuses: dict[int, dict[str, int]] = {}
    for step in steps:
        values = [s.value(f"exec_step_{step}") for s in samples]
        present = [v for v in values if not math.isnan(v)]
        by_step[step] = math.fsum(present) / len(present) if present else None
        counter = Counter(view.status for s in samples for view in s.steps if view.step == step)
        statuses[step] = dict(sorted(counter.items()))
    return Recovery(
        n=n,
        first_executable_at={step: first.get(step, 0) for step in steps},
        never_executable=first.get(None, 0),
        cumulative_rate=cumulative,
        exec_rate_by_step=by_step,
        status_counts_by_step=statuses,
    )

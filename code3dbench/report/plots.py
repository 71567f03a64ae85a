"""PNG plots of a report, drawn with matplotlib's Agg renderer (no display needed).

Figures are made with `matplotlib.figure.Figure` directly, not pyplot, so drawing a report
neither needs a display nor changes the backend of a program that imports this module.

- ``category_scores.png``: CD and F@5 per category, one bar per run, for each setting;
- ``recovery.png``: cumulative execution rate by step, one line per run;
- ``cd_distribution.png``: CD over executable samples per run (single and best), box plots;
- ``comparisons.png``: each paired comparison's difference (B - A) in CD and F@5 with its
  bootstrap interval (drawn when there is a comparison).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from code3dbench.report.compare import Comparison
from code3dbench.report.logs import SampleResult
from code3dbench.report.summary import SINGLE_SHOT, ReportSummary, RunSummary

DPI = 110


def _figure(width: float, height: float) -> Figure:
    figure = Figure(figsize=(width, height))
    FigureCanvasAgg(figure)
    return figure


def _setting_title(runs: Sequence[RunSummary], setting: str) -> str:
    """``single``, or ``final@N`` / ``best@<=N`` when the revision runs share one N."""
    labels = {r.settings[setting].label for r in runs if r.key.task != SINGLE_SHOT}
    if setting == "single" or len(labels) != 1:
        return setting
    return labels.pop()


def _label(run: RunSummary) -> str:
    return f"{run.key.label}\n{run.key.task_label}"


def category_plot(summary: ReportSummary, path: Path) -> Path:
    """Grouped bars: categories on x, one bar per run; rows = settings, columns CD and F@5."""
    settings = ["single"]
    if any(r.key.task != SINGLE_SHOT for r in summary.runs):
        settings += ["final", "best"]
    categories = sorted({c for r in summary.runs for c in r.categories})
    runs = summary.runs
    fig = _figure(max(8, 1.2 * len(categories) + 4), 3.2 * len(settings))
    axes = fig.subplots(len(settings), 2, squeeze=False)
    width = 0.8 / max(1, len(runs))
    for row, setting in enumerate(settings):
        for col, (metric, title) in enumerate((("cd", "CD x 10^3 (lower is better)"),
                                               ("f5", "F@5 (higher is better)"))):  # fmt: skip
            ax = axes[row][col]
            for i, run in enumerate(runs):
                if setting != "single" and run.key.task == SINGLE_SHOT:
                    continue
                heights = []
                for category in categories:
                    summary_ = run.categories.get(category)
                    value = summary_.settings[setting].metrics[metric].mean if summary_ else None
                    heights.append(math.nan if value is None else value)
                positions = [x + (i - (len(runs) - 1) / 2) * width for x in range(len(categories))]
                ax.bar(
                    positions,
                    heights,
                    width,
                    color=f"C{i % 10}",
                    label=f"{run.key.label} ({run.key.task_label})",
                )
            ax.set_title(f"{_setting_title(runs, setting)}: {title}", fontsize=9)
            ax.set_xticks(range(len(categories)))
            ax.set_xticklabels(categories, rotation=30, ha="right", fontsize=8)
            if metric == "f5":
                ax.set_ylim(0, 1)
    handles, labels = axes[0][0].get_legend_handles_labels()
    if handles:
        fig.legend(handles, labels, loc="upper center", ncol=min(4, len(labels)), fontsize=8)
    fig.tight_layout(rect=(0, 0, 1, 0.93))
    fig.savefig(path, dpi=DPI)
    return path


def recovery_plot(summary: ReportSummary, path: Path) -> Path:
    """Cumulative execution rate by step, one line per run."""
    fig = _figure(7, 4.5)
    ax = fig.subplots()
    budget = 1
    for run in summary.code_runs():
        steps = sorted(run.recovery.cumulative_rate)
        rates = [run.recovery.cumulative_rate[s] for s in steps]
        values = [math.nan if r is None else r for r in rates]
        budget = max(budget, len(steps))
        ax.plot(steps, values, marker="o", label=f"{run.key.label} ({run.key.task_label})")
    ax.set_xlabel("step")
    ax.set_ylabel("executable at some step <= k")
    ax.set_xticks(range(1, budget + 1))
    ax.set_ylim(0, 1.05)
    ax.grid(alpha=0.3)
    if summary.code_runs():
        ax.legend(fontsize=8)
    ax.set_title("Executability recovery")
    fig.tight_layout()
    fig.savefig(path, dpi=DPI)
    return path


def _cd_values(samples: Sequence[SampleResult], setting: str) -> list[float]:
    values = [s.value(f"{setting}_cd") for s in samples if not s.sandbox_error]
    return [v for v in values if not math.isnan(v)]


def cd_distribution_plot(summary: ReportSummary, path: Path) -> Path:
    """Box plots of CD over executable samples: single (and best for revision runs)."""
    grouped: dict[str, list[SampleResult]] = {}
    for sample in summary.loaded.samples:
        grouped.setdefault(sample.key.id, []).append(sample)
    data, labels = [], []
    for run in summary.runs:
        settings = ("single",) if run.key.task == SINGLE_SHOT else ("single", "best")
        for setting in settings:
            data.append(_cd_values(grouped.get(run.key.id, []), setting))
            labels.append(f"{_label(run)}\n{run.settings[setting].label}")
    fig = _figure(max(6, 1.6 * len(data) + 2), 4.8)
    ax = fig.subplots()
    if data:
        ax.boxplot([d if d else [math.nan] for d in data], showmeans=True)
        ax.set_xticks(range(1, len(labels) + 1))
        ax.set_xticklabels(labels, fontsize=7)
    if any(d for d in data) and max(max(d) for d in data if d) > 0:
        ax.set_yscale("log")
    ax.set_ylabel("CD x 10^3 (log scale)")
    ax.set_title("CD over executable samples (triangle: mean)")
    ax.grid(alpha=0.3, axis="y")
    fig.tight_layout()
    fig.savefig(path, dpi=DPI)
    return path


def comparisons_plot(comparisons: Sequence[Comparison], path: Path) -> Path:
    """Forest plot: one row per comparison, B - A in CD and F@5 with the interval."""
    fig = _figure(11, max(2.5, 0.38 * len(comparisons) + 1.5))
    axes = fig.subplots(1, 2, sharey=True)
    labels = [f"{c.b.label}\n  - {c.a.label}" for c in comparisons]
    rows = range(len(comparisons))
    for ax, key, title in ((axes[0], "cd", "CD x 10^3: B - A (below 0: B better)"),
                           (axes[1], "f5", "F@5: B - A (above 0: B better)")):  # fmt: skip
        for row, comparison in zip(rows, comparisons, strict=True):
            interval = comparison.keys[key].interval
            if interval is None:
                continue
            error = [[interval.mean - interval.low], [interval.high - interval.mean]]
            colour = "C3" if comparison.keys[key].better == "a" else "C0"
            colour = "C7" if comparison.keys[key].better is None else colour
            ax.errorbar(interval.mean, row, xerr=error, fmt="o", color=colour, capsize=3)
        ax.axvline(0, color="black", linewidth=0.8)
        ax.set_title(title, fontsize=9)
        ax.grid(alpha=0.3, axis="x")
    axes[0].set_yticks(list(rows))
    axes[0].set_yticklabels(labels, fontsize=6)
    axes[0].invert_yaxis()
    fig.tight_layout()
    fig.savefig(path, dpi=DPI)
    return path


def write_plots(summary: ReportSummary, folder: Path) -> list[str]:
    """Draw the plots into ``folder``; return their file names."""
    folder.mkdir(parents=True, exist_ok=True)
    written = [
        category_plot(summary, folder / "category_scores.png"),
        recovery_plot(summary, folder / "recovery.png"),
        cd_distribution_plot(summary, folder / "cd_distribution.png"),
    ]
    if summary.comparisons.comparisons:
        written.append(
            comparisons_plot(summary.comparisons.comparisons, folder / "comparisons.png")
        )
    return [p.name for p in written]

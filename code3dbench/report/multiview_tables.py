"""The report's multi-view section: single-view image diagnostics beside their multi-view means.

Each row puts a metric from the reference camera next to the same metric averaged over the
pinned views (``mv_``), plus the mean silhouette IoU over the views; a per-category table does
the same for the setting that matters most (best@<=N, or single for single-shot runs).
"""

from __future__ import annotations

from code3dbench.report.aggregate import SettingSummary, setting_label
from code3dbench.report.summary import SINGLE_SHOT, ReportSummary, RunSummary
from code3dbench.report.tables import fmt, fmt_stats, table

PAIRS = (("ssim", "SSIM"), ("mse", "MSE"), ("lpips", "LPIPS"), ("clip", "CLIP"))
NOTE = (
    "Single-view: the 512 px render from the reference camera (the camera the model saw). MV: "
    "the same metric averaged over the pinned views (reference, front, right, back, left, top, "
    "low; 256 px each). MV IoU: the silhouette IoU of the object masks averaged over the views, "
    "over all samples with failed executions as 0; the image metrics run over executable "
    "samples. Diagnostics only: the paper's numbers are CD and F@k."
)


def _settings(run: RunSummary) -> tuple[str, ...]:
    return ("single",) if run.key.task == SINGLE_SHOT else ("single", "final", "best")


def _cells(setting: SettingSummary, digits: int = 4) -> list[str]:
    m = setting.metrics
    cells = []
    for key, _ in PAIRS:
        cells += [fmt_stats(m[key], digits), fmt_stats(m[f"mv_{key}"], digits)]
    return [*cells, fmt_stats(m["mv_iou"], digits)]


def _header() -> list[str]:
    header = []
    for _, name in PAIRS:
        header += [name, f"MV {name}"]
    return [*header, "MV IoU"]


def multiview_table(summary: ReportSummary) -> str:
    """Every run and setting: single-view and multi-view image metrics, and MV IoU."""
    rows = []
    for run in summary.runs:
        for s in _settings(run):
            setting = run.settings[s]
            rows.append(
                [run.key.label, run.key.task_label, setting.label, str(setting.n), *_cells(setting)]
            )
    header = ["Model", "Task", "Setting", "n", *_header()]
    return table(header, rows, right_from=3) + "\n\n" + NOTE + "\n"


def multiview_category_tables(summary: ReportSummary) -> str:
    """Per run and category: SSIM beside MV SSIM, and MV IoU, for the run's main setting."""
    parts = []
    for run in summary.runs:
        setting = "single" if run.key.task == SINGLE_SHOT else "best"
        label = setting_label(setting, run.key.max_steps).capitalize()
        rows = []
        for name, category in run.categories.items():
            m = category.settings[setting].metrics
            rows.append(
                [
                    name,
                    str(category.settings[setting].n),
                    fmt(m["ssim"].mean, 4),
                    fmt(m["mv_ssim"].mean, 4),
                    fmt(m["mv_iou"].mean, 4),
                ]
            )
        header = ["Category", "n", f"{label} SSIM", f"{label} MV SSIM", f"{label} MV IoU"]
        title = f"### {run.key.label}: {run.key.task_label}, {run.key.dataset}"
        parts.append(title + "\n\n" + (table(header, rows) if rows else "No samples.") + "\n")
    return "\n".join(parts)


def multiview_section(summary: ReportSummary) -> str:
    """The section's body: the table over runs, then the per-category tables."""
    return multiview_table(summary) + "\n" + multiview_category_tables(summary)

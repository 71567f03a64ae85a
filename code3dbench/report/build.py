"""Write a report folder from logs: JSON documents, Markdown tables, plots, gallery."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from code3dbench.report.logs import load_logs
from code3dbench.report.multiview_tables import multiview_section
from code3dbench.report.summary import ReportSummary, build_summary
from code3dbench.report.tables import markdown_report

MAIN_REPORT = "main_report.json"
CATEGORY_SCORES = "category_scores.json"
RECOVERY = "executability_recovery.json"
COMPARISONS = "comparisons.json"
MARKDOWN = "report.md"
PLOTS_DIR = "plots"
GALLERY_DIR = "gallery"


@dataclass
class ReportFiles:
    """What a report run wrote.

    Attributes:
        out: The report folder.
        summary: The report's content.
        files: Paths written, relative to ``out``.
        notes: Lines about what was skipped (also in main_report.json).
    """

    out: Path
    summary: ReportSummary
    files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _json_safe(value: Any) -> Any:
    """Replace NaN and infinities by None so the file is strict JSON."""
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, Mapping):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    return value


def write_json(path: Path, document: Mapping[str, Any]) -> None:
    """Write strict JSON (no NaN), indented."""
    text = json.dumps(_json_safe(document), indent=2, allow_nan=False)
    path.write_text(text + "\n", encoding="utf-8")


def skip_lines(summary: ReportSummary, limit: int = 20) -> list[str]:
    """Lines for stderr: what was skipped (the first ``limit`` sample notes, then a count)."""
    lines = [f"note: {i.path}: {i.note}" for i in summary.loaded.inputs if i.note]
    sample_notes = [n for n in summary.loaded.skipped if n.kind != "log"]
    lines += [f"note: {n.describe()}" for n in sample_notes[:limit]]
    if len(sample_notes) > limit:
        lines.append(
            f"note: ... and {len(sample_notes) - limit} more sample notes "
            f'(see "skipped" in {MAIN_REPORT})'
        )
    return lines


def write_report(
    paths: Sequence[str | Path],
    out: str | Path,
    compare_published: bool = False,
    published_aliases: Mapping[str, str] | None = None,
    plots: bool = True,
    gallery: bool = True,
    embed_images: bool = False,
    now: dt.datetime | None = None,
    baseline: str | None = None,
) -> ReportFiles:
    """Read the logs under ``paths`` and write the report into ``out``.

    Args:
        paths: Log files and folders (searched recursively).
        out: The report folder (created).
        compare_published: Put measured numbers beside the paper's for matching models.
        published_aliases: Model name -> published model name, where the rule misses.
        plots: Draw the PNG plots.
        gallery: Write the HTML gallery.
        embed_images: Put the gallery's images into the page as data URIs.
        now: The time written as ``generated_at`` (default: now).
        baseline: Compare every model with this one only (default: every pair).

    Returns:
        What was written, and the notes about what was skipped.

    Raises:
        ReportInputError: a path does not exist, or ``baseline`` names no run.
    """
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    summary = build_summary(load_logs(paths), compare_published, published_aliases, now, baseline)
    result = ReportFiles(folder, summary, notes=skip_lines(summary))
    write_json(folder / MAIN_REPORT, summary.main_json())
    write_json(folder / CATEGORY_SCORES, summary.category_json())
    write_json(folder / RECOVERY, summary.recovery_json())
    write_json(folder / COMPARISONS, summary.comparisons_json())
    result.files += [MAIN_REPORT, CATEGORY_SCORES, RECOVERY, COMPARISONS]
    plot_names: list[str] = []
    if plots and summary.runs:
        from code3dbench.report.plots import write_plots  # matplotlib only when drawing

        plot_names = write_plots(summary, folder / PLOTS_DIR)
        result.files += [f"{PLOTS_DIR}/{name}" for name in plot_names]
    sections = [("Multi-view diagnostics", multiview_section(summary))]
    (folder / MARKDOWN).write_text(markdown_report(summary, plot_names, sections), encoding="utf-8")
    result.files.append(MARKDOWN)
    if gallery:
        from code3dbench.report.gallery import write_gallery

        images = write_gallery(summary, folder / GALLERY_DIR, embed=embed_images)
        result.files.append(f"{GALLERY_DIR}/index.html")
        if images.missing:
            result.notes.append(
                f"note: {images.missing} image file(s) missing; the gallery names each one"
            )
    return result

"""Markdown building blocks of ``report.md``: number formats and tables.

CD is written with one decimal (x 10^3, as the paper), F@k, NC and the image metrics with
four, the execution rate as a percentage. ``n/a`` marks a number that could not be computed.
"""

from __future__ import annotations

from collections.abc import Sequence

from code3dbench.report.aggregate import MetricStats

NA = "n/a"


def fmt(value: float | None, digits: int) -> str:
    """A number with ``digits`` decimals, or n/a."""
    return NA if value is None else f"{value:.{digits}f}"


def fmt_cd(value: float | None) -> str:
    """CD x 10^3 with one decimal."""
    return fmt(value, 1)


def fmt_rate(value: float | None) -> str:
    """A share as a percentage."""
    return NA if value is None else f"{100 * value:.1f}%"


def fmt_stats(stats: MetricStats, digits: int, count: bool = False) -> str:
    """Mean, ± its standard error (across epochs when there are several), and the count."""
    if stats.mean is None:
        return NA
    text = f"{stats.mean:.{digits}f}"
    error = stats.stderr_epochs if stats.epoch_means is not None else stats.stderr
    if error is not None:
        text += f" ± {error:.{digits}f}"
    if count:
        text += f" (n={stats.count})"
    return text


def table(header: Sequence[str], rows: Sequence[Sequence[str]], right_from: int = 1) -> str:
    """A Markdown table (columns from ``right_from`` on are right-aligned)."""
    align = ["---" if i < right_from else "---:" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)

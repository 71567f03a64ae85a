"""The paired comparisons in ``report.md``: models, settings, per category, unpaired samples."""

from __future__ import annotations

from code3dbench.report.aggregate import setting_label
from code3dbench.report.bootstrap import CONFIDENCE, RESAMPLES, SEED
from code3dbench.report.compare import KEYS, Comparison, ComparisonSet, KeyComparison
from code3dbench.report.markdown import NA, table

KEY_LABELS = {
    "exec": "Exec",
    "cd": "CD",
    "cd_penalized": "CD pen.",
    "f1": "F@1",
    "f2": "F@2",
    "f5": "F@5",
    "nc": "NC",
}
DIGITS = {"exec": 3, "cd": 1, "cd_penalized": 1}
"""Decimals of a key's difference (4 when not listed)."""

NAMED = 20
"""Unpaired samples named per comparison in report.md (all are in comparisons.json)."""


def difference_cell(result: KeyComparison) -> str:
    """``+d [low, high]`` in bold with ``A``/``B`` when the interval favours a side."""
    interval = result.interval
    if interval is None:
        return NA
    digits = DIGITS.get(result.key, 4)
    text = f"{interval.mean:+.{digits}f} [{interval.low:+.{digits}f}, {interval.high:+.{digits}f}]"
    if result.key == "cd":
        text += f" (n={interval.n})"
    return f"**{text} {result.better.upper()}**" if result.better else text


def _wins(result: KeyComparison) -> str:
    return f"{result.a_wins} / {result.b_wins} / {result.ties}" if result.interval else NA


def _setting(comparison: Comparison) -> str:
    a = comparison.a
    return f"{a.key.task_label}, {setting_label(a.setting, a.key.max_steps)}"


def _row(first: list[str], comparison: Comparison) -> list[str]:
    keys = comparison.keys
    return [
        *first,
        str(len(comparison.paired)),
        str(len(comparison.only_a)),
        str(len(comparison.only_b)),
        *(difference_cell(keys[k]) for k in KEYS),
        _wins(keys["f5"]),
    ]


COUNTS = ["Paired", "Only A", "Only B"]
VALUES = [*(KEY_LABELS[k] for k in KEYS), "F@5 wins A / B / tie"]


def models_table(comparisons: list[Comparison]) -> str:
    """One row per two models in one setting: B - A for every key, with its interval."""
    header = ["A", "B", "Task, setting", *COUNTS, *VALUES]
    rows = [_row([c.a.key.label, c.b.key.label, _setting(c)], c) for c in comparisons]
    return table(header, rows, right_from=3)


def settings_table(comparisons: list[Comparison]) -> str:
    """One row per two settings of one model: B - A for every key, with its interval."""
    header = ["Model", "A", "B", *COUNTS, *VALUES]
    rows = []
    for c in comparisons:
        a, b = c.a, c.b
        names = [
            f"{arm.key.task_label}, {setting_label(arm.setting, arm.key.max_steps)}"
            for arm in (a, b)
        ]
        rows.append(_row([a.key.label, *names], c))
    return table(header, rows, right_from=3)


def category_table(comparisons: list[Comparison]) -> str:
    """Per comparison and category: paired samples, CD and F@5 differences."""
    header = ["A", "B", "Category", "Paired", "CD", "F@5"]
    rows = []
    for c in comparisons:
        for name, keys in c.categories.items():
            n = keys["f5"].interval.n if keys["f5"].interval else 0
            rows.append(
                [c.a.label, c.b.label, name, str(n), difference_cell(keys["cd"]),
                 difference_cell(keys["f5"])]
            )  # fmt: skip
    return table(header, rows, right_from=3)


def unpaired_lines(comparisons: list[Comparison]) -> list[str]:
    """Every comparison with samples only one side has: the first `NAMED`, with the reason."""
    lines = []
    for c in comparisons:
        for side, only in (("A", c.only_a), ("B", c.only_b)):
            if not only:
                continue
            named = [f"`{i}` ({reason})" for i, reason in list(only.items())[:NAMED]]
            more = f", and {len(only) - NAMED} more" if len(only) > NAMED else ""
            lines.append(
                f"- {c.a.label} vs {c.b.label}: {len(only)} only in {side}, other side "
                f"lacking: {', '.join(named)}{more}"
            )
    return lines


def verdict_line(comparison: Comparison) -> str:
    """One line for the terminal: B - A on every key, with its interval and verdict."""
    c = comparison
    cells = "; ".join(f"{KEY_LABELS[k]} {difference_cell(c.keys[k])}" for k in KEYS)
    return (
        f"B {c.b.key.label} vs A {c.a.key.label} ({_setting(c)}, {len(c.paired)} paired, "
        f"{len(c.only_a)} only A, {len(c.only_b)} only B): {cells.replace('**', '')}"
    )


def comparison_section(comparisons: ComparisonSet) -> str:
    """The whole "Paired comparisons" section."""
    models, settings = comparisons.of_kind("models"), comparisons.of_kind("settings")
    if not models and not settings:
        return "No two runs of one task or two settings of one model to compare.\n"
    note = (
        f"Each cell: B - A averaged over the samples both have (each sample's epochs averaged "
        f"first), with a {CONFIDENCE:.0%} paired bootstrap interval ({RESAMPLES:,} resamples, "
        f"seed {SEED}, percentile). Bold with A or B: the interval excludes 0 and favours that "
        "side (CD: lower is better; the others: higher). CD over samples both executed (n), CD "
        "pen. with failures at the cap. Samples only one side has are never paired: they are "
        "counted here and named below and in comparisons.json."
    )
    parts = [note]
    base = f" (baseline {comparisons.baseline})" if comparisons.baseline else ""
    if models:
        parts += [f"### Models{base}", models_table(models)]
    if settings:
        parts += ["### Settings of one model", settings_table(settings)]
    parts += ["### Per category", category_table(models + settings)]
    unpaired = unpaired_lines(comparisons.comparisons)
    if unpaired:
        parts += ["### Unpaired samples", "\n".join(unpaired)]
    return "\n\n".join(parts) + "\n"

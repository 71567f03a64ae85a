"""Markdown tables in the paper's layout, and the rest of ``report.md`` (formats: markdown.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from code3dbench.report.aggregate import SettingSummary, setting_label
from code3dbench.report.compare_tables import comparison_section
from code3dbench.report.logs import format_settings
from code3dbench.report.markdown import NA, fmt, fmt_cd, fmt_rate, fmt_stats, table
from code3dbench.report.summary import SINGLE_SHOT, ReportSummary, RunSummary

PLOTS = (
    ("category_scores.png", "CD and F@5 per category"),
    ("recovery.png", "Executability recovery by step"),
    ("cd_distribution.png", "Distribution of CD over executable samples"),
    ("comparisons.png", "Paired differences (B - A) with bootstrap intervals"),
)


def _model_name(row: dict[str, Any], several_datasets: bool) -> str:
    return f"{row['model']} ({row['dataset']})" if several_datasets else row["model"]


def paper_tables(summary: ReportSummary) -> str:
    """The main table(s): Model | Single CD | Single F@5 | Final@N CD | ... | Best@<=N F@5."""
    rows = summary.paper_rows()
    if not rows:
        return "No code-model samples were found.\n"
    several = len({r["dataset"] for r in rows}) > 1
    budgets = sorted({(r["max_steps"] or 0, r["max_runs"] or 0) for r in rows})
    parts = []
    for budget, runs in budgets:
        columns = [("Single", "single")]
        if budget:
            columns += [(f"Final@{budget}", "final"), (f"Best@<={budget}", "best")]
        if runs:
            columns += [(f"Agent{runs} final", "agent_final"), (f"Agent{runs} best", "agent_best")]
        header = ["Model"] + [f"{title} {m}" for title, _ in columns for m in ("CD", "F@5")]
        lines = []
        for row in rows:
            if ((row["max_steps"] or 0), (row["max_runs"] or 0)) != (budget, runs):
                continue
            cells = [_model_name(row, several)]
            for _, key in columns:
                values = row[key]
                cells += [
                    fmt_cd(values["cd"]) if values else NA,
                    fmt(values["f5"], 4) if values else NA,
                ]
            lines.append(cells)
        parts.append(table(header, lines))
    note = (
        "CD x 10^3 (lower is better) over executable samples; F@5 over all samples with "
        "failed executions as 0. Single: the single_shot run where there is one, else step 1 "
        "of the revision run. AgentR: the agent with at most R runs; final is the program it "
        "submitted (or its last executable run when it never submitted), best the best program "
        "it executed."
    )
    return "\n\n".join(parts) + "\n\n" + note + "\n"


def _setting_rows(run: RunSummary, setting: SettingSummary) -> list[str]:
    m, p = setting.metrics, setting.penalized
    return [
        run.key.label,
        run.key.task_label,
        setting.label,
        str(setting.n),
        f"{fmt_stats(setting.exec_rate, 3)} ({setting.executable}/{setting.n})",
        fmt_stats(m["cd"], 1, count=True),
        fmt_cd(m["cd"].median),
        fmt_cd(p["cd"].mean),
        fmt_stats(m["f1"], 4),
        fmt_stats(m["f2"], 4),
        fmt_stats(m["f5"], 4),
        fmt_stats(m["nc"], 4),
        fmt_stats(m["ssim"], 4),
        fmt_stats(m["mse"], 4),
        fmt_stats(m["lpips"], 4),
        fmt_stats(m["clip"], 4),
    ]


def detail_table(summary: ReportSummary) -> str:
    """Every metric of every run and setting, mean ± standard error."""
    header = [
        "Model", "Task", "Setting", "n", "Exec", "CD", "CD median", "CD pen.",
        "F@1", "F@2", "F@5", "NC", "SSIM", "MSE", "LPIPS", "CLIP",
    ]  # fmt: skip
    rows = []
    for run in summary.code_runs():
        settings = ("single",) if run.key.task == SINGLE_SHOT else ("single", "final", "best")
        rows += [_setting_rows(run, run.settings[s]) for s in settings]
    note = (
        "Exec: execution rate (executable/n). CD (n = executable samples behind the mean), its "
        "median, and the penalized mean (failures as CD = 1000). ± is the standard error "
        "across samples, or across epochs when the run has several."
    )
    return table(header, rows, right_from=3) + "\n\n" + note + "\n"


def category_tables(summary: ReportSummary) -> str:
    """Per run: Category | n | Exec | Single CD | Single F@5 | Final@N ... | Best@<=N ..."""
    parts = []
    for run in summary.runs:
        budget = run.key.max_steps
        revision = run.key.task != SINGLE_SHOT
        settings = ("single", "final", "best") if revision else ("single",)
        header = ["Category", "n", "Exec"]
        for s in settings:
            label = setting_label(s, budget, run.key.agent).capitalize()
            header += [f"{label} CD", f"{label} F@5"]
        rows = []
        for name, category in run.categories.items():
            single = category.settings["single"]
            cells = [name, str(single.n), fmt_rate(single.exec_rate.mean)]
            for s in settings:
                metrics = category.settings[s].metrics
                cells += [fmt_cd(metrics["cd"].mean), fmt(metrics["f5"].mean, 4)]
            rows.append(cells)
        title = f"### {run.key.label}: {run.key.task_label}, {run.key.dataset}"
        parts.append(title + "\n\n" + (table(header, rows) if rows else "No samples.") + "\n")
    return "\n".join(parts)


def recovery_table(summary: ReportSummary) -> str:
    """Cumulative execution rate by step (and samples first executable at each step)."""
    budget = max((r.key.max_steps for r in summary.code_runs()), default=1)
    header = ["Model", "Task", "n", *[f"Step {k}" for k in range(1, budget + 1)], "Never"]
    rows = []
    for run in summary.code_runs():
        rec = run.recovery
        cells = [run.key.label, run.key.task_label, str(rec.n)]
        for step in range(1, budget + 1):
            if step in rec.cumulative_rate:
                first = rec.first_executable_at[step]
                cells.append(f"{fmt_rate(rec.cumulative_rate[step])} (+{first})")
            else:
                cells.append("")
        cells.append(str(rec.never_executable))
        rows.append(cells)
    note = (
        "Share of samples executable at some step <= k (in brackets: samples first "
        "executable at step k). For the agent, step k is the k-th program it executed: its "
        "runs, then its submission."
    )
    return table(header, rows, right_from=2) + "\n\n" + note + "\n"


def agent_table(summary: ReportSummary) -> str:
    """Per agent run: programs run, submissions, spent budgets, limits that ended samples."""
    header = ["Model", "Task", "n", "Runs/sample", "Submitted", "Budget spent", "Ended by limit"]
    rows = []
    for run in summary.runs:
        use = run.agent
        if use is None:
            continue
        limits = ", ".join(f"{kind} {count}" for kind, count in use.ended_by_limit.items())
        rows.append(
            [
                run.key.label,
                run.key.task_label,
                str(use.n),
                fmt(use.runs_mean, 2),
                f"{fmt_rate(use.submitted_share)} ({use.submitted})",
                str(use.budget_spent),
                limits or "0",
            ]
        )
    note = (
        "Runs/sample: programs run with run_program (the submission not counted). Submitted: "
        "samples that called submit; the others are scored on their last executable run. "
        "Budget spent: samples that ran all their runs. Ended by limit: samples stopped by "
        "Inspect's message or token limit."
    )
    return table(header, rows, right_from=2) + "\n\n" + note + "\n"


def reference_table(summary: ReportSummary) -> str:
    """Image-to-3D reference runs: every metric of their single mesh, execution n/a."""
    header = ["Model", "Dataset", "n", "Mesh ok", "CD", "CD median", "CD pen.", "F@1", "F@2",
              "F@5", "NC", "SSIM", "LPIPS", "CLIP", "Exec"]  # fmt: skip
    rows = []
    for run in summary.reference_runs():
        single = run.settings["single"]
        m, p = single.metrics, single.penalized
        rows.append(
            [run.key.label, run.key.dataset, str(single.n), f"{m['cd'].count}/{single.n}",
             fmt_stats(m["cd"], 1, count=True), fmt_cd(m["cd"].median), fmt_cd(p["cd"].mean),
             *(fmt_stats(m[k], 4) for k in ("f1", "f2", "f5", "nc", "ssim", "lpips", "clip")),
             NA]
        )  # fmt: skip
    note = (
        "A scale reference, not a code model: the reference image went to an image-to-3D model "
        "and its mesh was scored with the same metrics. No program ran, so execution is not "
        "applicable (n/a). Mesh ok: meshes that could be read and scored; a malformed mesh "
        "counts as F = NC = 0 (and CD = 1000 in CD pen.); a sample fal gave no mesh for errored "
        "and is named under Skipped."
    )
    return table(header, rows, right_from=2) + "\n\n" + note + "\n"


def runs_table(summary: ReportSummary) -> str:
    """Per run: its generation settings, samples, errors, and how the replies ended."""
    header = ["Model", "Task", "Dataset", "Settings", "Used", "Errored", "Sandbox faults",
              "Steps", "Cut at token limit", "Refused"]  # fmt: skip
    rows = []
    for run in summary.runs:
        counts, replies = run.counts, run.replies
        rows.append(
            [
                run.key.label,
                run.key.task_label,
                run.key.dataset,
                format_settings(run.key.settings),
                str(counts.used),
                str(counts.errors),
                str(counts.sandbox_error),
                str(replies.steps),
                f"{fmt_rate(replies.truncated_share)} ({replies.truncated})",
                f"{fmt_rate(replies.refused_share)} ({replies.refused})",
            ]
        )
    note = (
        "Settings: every generation setting the run used (the task's defaults merged with the "
        "command line's; M.* are model arguments); a setting not listed is the provider's "
        "default. Runs with different settings are different rows everywhere in this report. "
        "Steps: steps of the scored samples; cut at token limit and refused are shares of them."
    )
    return table(header, rows, right_from=4) + "\n\n" + note + "\n"


def usage_table(summary: ReportSummary) -> str:
    """Tokens and cost per run and per sample (each setting apart), and where costs came from."""
    header = ["Model", "Task", "Samples", "Input tokens", "Cached input", "Output tokens",
              "Reasoning", "Total tokens", "Tokens/sample", "Cost (USD)",
              "Cost/sample (USD)"]  # fmt: skip
    rows = []
    sources = []
    for run in summary.runs:
        tokens = run.tokens()
        per_sample = tokens.get("tokens_per_sample")
        cost_per_sample = tokens.get("cost_per_sample")
        rows.append(
            [
                run.key.label,
                run.key.task_label,
                str(tokens["samples"]),
                f"{tokens['input_tokens_all']:,}",
                f"{tokens.get('input_tokens_cache_read') or 0:,}",
                f"{tokens.get('output_tokens') or 0:,}",
                f"{tokens.get('reasoning_tokens') or 0:,}",
                f"{tokens.get('total_tokens') or 0:,}",
                NA if per_sample is None else f"{per_sample:,.0f}",
                NA if run.cost.usd is None else f"{run.cost.usd:.2f}",
                NA if cost_per_sample is None else f"{cost_per_sample:.4f}",
            ]
        )
        sources.append(f"- {run.key.label}, {run.key.task_label}: {run.cost.source}.")
    note = (
        "Summed from each log's model usage (errored samples included). Input tokens count "
        "every input token, cached ones included; cached input: tokens read from the "
        "provider's prompt cache. Where each cost comes from:"
    )
    return table(header, rows, right_from=2) + "\n\n" + note + "\n\n" + "\n".join(sources) + "\n"


def comparison_table(summary: ReportSummary) -> str:
    """Measured beside published numbers, for the models that match."""
    comparison = summary.comparison()
    if comparison is None:
        return ""
    header = ["Model", "Source", "Single CD", "Single F@5", "Final@3 CD", "Final@3 F@5",
              "Best@<=3 CD", "Best@<=3 F@5"]  # fmt: skip
    rows = []
    notes = []
    for match in comparison["matched"]:
        for source in ("published", "measured"):
            cells = [match["model"] if source == "measured" else match["published_name"], source]
            for setting in ("single", "final", "best"):
                values = match[source][setting]
                cells += [
                    fmt_cd(values["cd"]) if values else NA,
                    fmt(values["f5"], 4) if values else NA,
                ]
            rows.append(cells)
        notes += [f"- {match['model']}: {c}" for c in match["caveats"]]
    if not rows:
        text = "No measured model matches a published one.\n"
    else:
        text = table(header, rows, right_from=2) + "\n"
    if notes:
        text += "\nCaveats:\n\n" + "\n".join(notes) + "\n"
    if comparison["unmatched"]:
        text += "\nNo published numbers for: " + ", ".join(comparison["unmatched"]) + ".\n"
    return text


def skipped_section(summary: ReportSummary) -> str:
    """What was not used, and why."""
    lines = []
    for entry in summary.loaded.inputs:
        if entry.note:
            lines.append(f"- `{entry.path}`: {entry.note}")
    counts = summary.skipped_counts()
    names = {
        "error": "samples that errored (no score)",
        "no_score": "samples without a score",
        "duplicate": "duplicate samples (the later log used)",
        "sandbox_error": "samples with a sandbox fault (reported apart)",
        "log": "logs skipped",
    }
    for kind, count in counts.items():
        lines.append(f"- {names.get(kind, kind)}: {count}")
    errored = [(run, e) for run in summary.runs for e in run.errored]
    if errored:
        lines.append("\nSamples without a score (errored, or the run stopped before them):\n")
        lines += [
            f"- {run.key.label}, {run.key.task_label}: `{e.sample_id}` (epoch {e.epoch}): {e.error}"
            for run, e in errored
        ]
    return ("\n".join(lines) if lines else "Nothing was skipped.") + "\n"


def markdown_report(
    summary: ReportSummary, plots: Sequence[str] = (), sections: Sequence[tuple[str, str]] = ()
) -> str:
    """The whole ``report.md``; ``sections`` (title, Markdown) go after "All metrics"."""
    logs = sum(1 for i in summary.loaded.inputs if i.run is not None)
    parts = [
        "# Code3DBench report",
        f"Generated {summary.generated_at} from {logs} Code3DBench log(s); "
        f"{len(summary.runs)} run(s). Numbers are computed from the per-sample scores.",
        "## Main results",
        paper_tables(summary),
    ]
    if summary.reference_runs():
        parts += ["## Image-to-3D reference", reference_table(summary)]
    parts += [
        "## Runs and their settings",
        runs_table(summary),
    ]
    if summary.published is not None:
        parts += ["## Measured and published", comparison_table(summary)]
    parts += [
        "## Paired comparisons",
        comparison_section(summary.comparisons),
        "## All metrics",
        detail_table(summary),
        *(part for title, body in sections for part in (f"## {title}", body)),
        "## Per category",
        category_tables(summary),
        "## Executability recovery",
        recovery_table(summary),
    ]
    if any(run.agent is not None for run in summary.runs):
        parts += ["## Agent runs", agent_table(summary)]
    parts += [
        "## Tokens and cost",
        usage_table(summary),
    ]
    if plots:
        parts.append("## Plots")
        titles = dict(PLOTS)
        parts += [f"![{titles.get(p, p)}](plots/{p})" for p in plots]
    parts += ["## Skipped", skipped_section(summary)]
    return "\n\n".join(p.rstrip("\n") for p in parts) + "\n"

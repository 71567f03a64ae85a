"""`code3dbench report LOG_OR_DIR... --out DIR`: tables, plots and a gallery from .eval logs."""

from __future__ import annotations

import argparse
import sys

from code3dbench.report.build import write_report
from code3dbench.report.compare_tables import verdict_line
from code3dbench.report.logs import ReportInputError


def _alias(text: str) -> tuple[str, str]:
    model, sep, name = text.partition("=")
    if not sep or not model or not name:
        raise argparse.ArgumentTypeError(f"expected MODEL=PUBLISHED_NAME, got {text!r}")
    return model, name


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `report` subcommand.

    Args:
        subparsers: The main parser's subparsers (from `add_subparsers`).
    """
    parser = subparsers.add_parser(
        "report",
        help="write tables, plots and an HTML gallery from Code3DBench .eval logs",
        description=(
            "Read Inspect logs of code3dbench/single_shot and code3dbench/revision (files or "
            "folders, searched recursively; other tasks are skipped with a note) and write "
            "main_report.json, category_scores.json, executability_recovery.json, "
            "comparisons.json (paired, with bootstrap intervals), report.md, "
            "plots/*.png and gallery/index.html into --out. Numbers are computed from the "
            "per-sample scores (docs/reports.md)."
        ),
    )
    parser.add_argument("paths", nargs="+", metavar="LOG_OR_DIR", help=".eval/.json logs or dirs")
    parser.add_argument("--out", required=True, help="report folder (created)")
    parser.add_argument(
        "--compare-published",
        action="store_true",
        help="put measured numbers beside the paper's main table for matching models",
    )
    parser.add_argument(
        "--published-alias",
        action="append",
        type=_alias,
        default=[],
        metavar="MODEL=NAME",
        help="match an Inspect model to a published name by hand, e.g. "
        "'openai/my-deployment=GPT-5.4' (repeatable)",
    )
    parser.add_argument(
        "--baseline",
        metavar="MODEL",
        help="compare every other model with this one only (a model name or run label; "
        "default: every pair of models)",
    )
    parser.add_argument("--no-plots", action="store_true", help="skip the PNG plots")
    parser.add_argument("--no-gallery", action="store_true", help="skip the HTML gallery")
    parser.add_argument(
        "--embed-images",
        action="store_true",
        help="write the gallery's images into the page as data URIs (one self-contained file)",
    )
    parser.set_defaults(handler=run_report)


def run_report(args: argparse.Namespace) -> int:
    """Handle `report`: 0 when written, 2 on bad input or when no Code3DBench log was found."""
    try:
        written = write_report(
            args.paths,
            args.out,
            compare_published=args.compare_published,
            published_aliases=dict(args.published_alias),
            plots=not args.no_plots,
            gallery=not args.no_gallery,
            embed_images=args.embed_images,
            baseline=args.baseline,
        )
    except ReportInputError as err:
        print(f"code3dbench report: {err}", file=sys.stderr)
        return 2
    for line in written.notes:
        print(line, file=sys.stderr)
    summary = written.summary
    if not summary.runs:
        print(
            "code3dbench report: no Code3DBench log among the inputs (tasks "
            "code3dbench/single_shot, code3dbench/revision); wrote an empty report",
            file=sys.stderr,
        )
        return 2
    for run in summary.runs:
        counts = run.counts
        print(
            f"{run.key.label} {run.key.task_label} ({run.key.dataset}): samples used "
            f"{counts.used}, sandbox faults {counts.sandbox_error}, errors {counts.errors}"
        )
    for comparison in summary.comparisons.of_kind("models"):
        print(verdict_line(comparison))
    print(f"wrote {', '.join(written.files)} in {written.out}")
    return 0

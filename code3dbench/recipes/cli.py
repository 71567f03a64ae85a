"""`code3dbench paper`: the paper's runs in one command (or, with --dry-run, the plan)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from code3dbench.recipes.estimate import Estimate, estimate, pilot_rates
from code3dbench.recipes.recipe import ROUTES, Recipe, eval_set_commands, load_recipe, sample_count
from code3dbench.report.build import write_report
from code3dbench.report.logs import ReportInputError
from code3dbench.report.markdown import table


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `paper` subcommand."""
    parser = subparsers.add_parser(
        "paper",
        help="run the paper's models on single_shot and revision (an eval set), then report",
        description=(
            "Run the recipe (default: code3dbench/recipes/paper.yaml, the paper's five models "
            "with their generation settings per family) as one `inspect eval-set` per family, "
            "then write the report beside the published table. --dry-run prints the commands, "
            "the samples and an estimate of calls, tokens and cost from --pilot logs."
        ),
    )
    parser.add_argument(
        "--route",
        choices=ROUTES,
        default="openrouter",
        help="openrouter: as the original benchmark (default); direct: each provider's API",
    )
    parser.add_argument("--recipe", help="a recipe file (default: the paper's)")
    parser.add_argument("--log-dir", help="folder of the eval sets' logs (default: the recipe's)")
    parser.add_argument("--out", help="report folder (default: the recipe's)")
    parser.add_argument("--limit", type=int, help="samples per task (a smaller run)")
    parser.add_argument("--per-category", type=int, help="a stratified draw of N per category")
    parser.add_argument(
        "-T",
        dest="task_args",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a task argument added to the recipe's (e.g. -T sandbox=k8s); repeatable",
    )
    parser.add_argument("--dry-run", action="store_true", help="print the plan; run nothing")
    parser.add_argument(
        "--pilot",
        nargs="+",
        metavar="LOG_OR_DIR",
        help="logs of a small pilot run, for the token and cost estimate",
    )
    parser.set_defaults(handler=run_paper)


def _plan(recipe: Recipe, args: argparse.Namespace) -> tuple[dict[str, Any], dict[str, Any]]:
    task_args = dict(recipe.task_args)
    for item in args.task_args:
        name, _, value = item.partition("=")
        task_args[name] = yaml.safe_load(value)  # as Inspect reads -T values
    if args.per_category is not None:
        task_args["per_category"] = args.per_category
    options: dict[str, Any] = dict(recipe.eval_set_options)
    if args.limit is not None:
        options["limit"] = args.limit
    return task_args, options


def inspect_executable() -> str:
    """The ``inspect`` command of this environment (beside this Python), else the one on PATH."""
    beside = Path(sys.executable).with_name("inspect")
    return str(beside) if beside.is_file() else "inspect"


def _number(value: float | None, digits: int = 0) -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}"


def estimate_table(rows: list[Estimate]) -> str:
    """The estimate as a Markdown table with a total row."""
    header = ["Model", "Task", "Samples", "Calls", "Input tokens", "Output tokens", "USD", "From"]
    lines = [
        [r.model, r.task, str(r.samples), f"{r.calls:,}", _number(r.input_tokens),
         _number(r.output_tokens), _number(r.usd, 2), r.source]
        for r in rows
    ]  # fmt: skip

    def total(values: list[float | None]) -> float | None:
        return None if any(v is None for v in values) else sum(v or 0.0 for v in values)

    lines.append(
        ["total", "", "", f"{sum(r.calls for r in rows):,}",
         _number(total([r.input_tokens for r in rows])),
         _number(total([r.output_tokens for r in rows])),
         _number(total([r.usd for r in rows]), 2), ""]
    )  # fmt: skip
    return table(header, lines, right_from=2)


def run_paper(args: argparse.Namespace) -> int:
    """Handle `paper`: print the plan (--dry-run) or run it; 0 on success, 2 on bad input."""
    recipe = load_recipe(args.recipe)
    task_args, options = _plan(recipe, args)
    log_dir, out = args.log_dir or recipe.log_dir, args.out or recipe.report_dir
    commands = eval_set_commands(recipe, args.route, log_dir, task_args, options)
    samples = sample_count(task_args, args.limit)
    report = ["code3dbench", "report", log_dir, "--out", out, "--compare-published"]
    print(
        f"recipe {recipe.name}, route {args.route}: {len(recipe.tasks)} tasks "
        f"({', '.join(f'{t.name} N={t.steps}' for t in recipe.tasks)}) x {len(recipe.models)} "
        f"models, {samples} samples per task; keys: {', '.join(recipe.keys(args.route))}"
    )
    for command in commands:
        print(command.shell())
    print(" ".join(report))
    if args.dry_run:
        try:
            rates = pilot_rates(args.pilot) if args.pilot else {}
        except ReportInputError as err:
            print(f"code3dbench paper: {err}", file=sys.stderr)
            return 2
        print()
        print(estimate_table(estimate(recipe, args.route, samples, rates)))
        if not args.pilot:
            print("\nno pilot: pass --pilot LOG_OR_DIR (e.g. both tasks with --limit 8) for "
                  "tokens and cost")  # fmt: skip
        return 0
    missing = [key for key in recipe.keys(args.route) if not os.environ.get(key)]
    if missing:
        print(f"code3dbench paper: set {', '.join(missing)} (route {args.route})", file=sys.stderr)
        return 2
    for command in commands:
        finished = subprocess.run([inspect_executable(), *command.argv[1:]], check=False)
        if finished.returncode != 0:
            print(f"code3dbench paper: `{command.shell()}` exited {finished.returncode}; run "
                  "`code3dbench paper` again to resume the eval set", file=sys.stderr)  # fmt: skip
            return finished.returncode
    written = write_report([log_dir], out, compare_published=True)
    print(f"wrote {', '.join(written.files)} in {written.out}")
    return 0

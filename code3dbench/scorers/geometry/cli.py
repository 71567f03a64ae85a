"""`code3dbench score-meshes`: geometry metrics of one pair of meshes, or of a CSV of pairs.

Exit status: 0 on success (for --pairs: at least one pair scored), 1 when --pairs
scored no pair at all, 2 for a usage error, a missing/corrupt/unscorable mesh (single
pair) or an unusable pairs file or output path.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from code3dbench.scorers.geometry.backends import BACKEND_NAMES
from code3dbench.scorers.geometry.batch import (
    PairResult,
    PairsFileError,
    read_pairs_csv,
    score_pairs,
    write_results_csv,
    write_results_json,
)
from code3dbench.scorers.geometry.constants import DEFAULT_CD_CAP, DEFAULT_N_SAMPLES, DEFAULT_SEED
from code3dbench.scorers.geometry.errors import GeometryError
from code3dbench.scorers.geometry.score import score_meshes
from code3dbench.scorers.geometry.scores import GeometryScores

EXIT_OK = 0
EXIT_NOTHING_SCORED = 1
EXIT_USAGE = 2
OUTPUT_SUFFIXES = (".csv", ".json")
_PROG = "code3dbench score-meshes"


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `score-meshes` subcommand; its handler returns the exit status.

    Args:
        subparsers: The main parser's subparsers (from `add_subparsers`).
    """
    parser = subparsers.add_parser(
        "score-meshes",
        help="Chamfer distance, F@1/2/5 and normal consistency of predicted vs ground-truth meshes",
        description=(
            "Score PRED against GT (GLB files): each normalized on its own (bounding-box "
            "centre to origin, longest side 1), sampled area-weighted, compared with CD x 10^3 "
            "(capped), F@0.01/0.02/0.05 and normal consistency. Or score every row of "
            "--pairs FILE.csv (columns id, pred, gt; paths relative to the CSV's folder)."
        ),
    )
    parser.add_argument("pred", nargs="?", type=Path, help="predicted mesh (GLB)")
    parser.add_argument("gt", nargs="?", type=Path, help="ground-truth mesh (GLB)")
    parser.add_argument(
        "--pairs", type=Path, metavar="FILE.csv", help="score the pairs listed in this CSV"
    )
    parser.add_argument(
        "--out",
        type=Path,
        metavar="FILE.csv|FILE.json",
        help="with --pairs: write results here, format by extension (default: stdout)",
    )
    parser.add_argument(
        "--samples",
        type=_positive_int,
        default=DEFAULT_N_SAMPLES,
        help=f"points per mesh (default {DEFAULT_N_SAMPLES})",
    )
    parser.add_argument(
        "--seed",
        type=_non_negative_int,
        default=DEFAULT_SEED,
        help=f"sampling seed (default {DEFAULT_SEED})",
    )
    parser.add_argument(
        "--cap",
        type=_positive_float,
        default=DEFAULT_CD_CAP,
        help=f"cap on the raw Chamfer distance before x 10^3 (default {DEFAULT_CD_CAP})",
    )
    parser.add_argument("--backend", choices=BACKEND_NAMES, default="cpu", help="default cpu")
    parser.add_argument(
        "--aligned",
        action="store_true",
        help="also report cd_aligned and f5_aligned (best of 24 axis rotations, then ICP)",
    )
    parser.add_argument(
        "--no-icp", dest="icp", action="store_false", help="with --aligned: skip ICP refinement"
    )
    parser.add_argument(
        "--processes",
        type=_positive_int,
        default=1,
        help="with --pairs: worker processes (cpu backend; default 1)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of text/CSV")
    parser.set_defaults(handler=run_score_meshes)


def run_score_meshes(args: argparse.Namespace) -> int:
    """Handle `score-meshes`; returns the exit status."""
    if args.pairs is not None:
        if args.pred is not None or args.gt is not None:
            return _fail("give either PRED GT or --pairs FILE.csv, not both")
        return _score_pairs_file(args)
    if args.pred is None or args.gt is None:
        return _fail("give PRED and GT mesh files, or --pairs FILE.csv")
    if args.out is not None:
        return _fail("--out is for --pairs; a single pair prints to stdout")
    try:
        scores = score_meshes(
            args.pred,
            args.gt,
            n_samples=args.samples,
            seed=args.seed,
            cd_cap=args.cap,
            backend=args.backend,
            aligned=args.aligned,
            icp=args.icp,
        )
    except GeometryError as exc:
        return _fail(str(exc))
    print(json.dumps(scores.to_dict()) if args.json else format_scores(scores))
    return EXIT_OK


def format_scores(scores: GeometryScores) -> str:
    """One human-readable line: the metrics, the diagnostic if any, the conventions."""
    conventions = scores.conventions
    capped = " (capped)" if scores.cd_capped else ""
    line = (
        f"CD x1e3 {scores.cd:.4f}{capped}  F@1 {scores.f1:.4f}  F@2 {scores.f2:.4f}  "
        f"F@5 {scores.f5:.4f}  NC {scores.nc:.4f}"
    )
    if scores.aligned is not None:
        line += (
            f"  | aligned: CD x1e3 {scores.aligned.cd_aligned:.4f}  "
            f"F@5 {scores.aligned.f5_aligned:.4f}"
        )
    return (
        f"{line}  [{conventions.n_samples} samples, seed {conventions.seed}, {conventions.backend}]"
    )


def _score_pairs_file(args: argparse.Namespace) -> int:
    """Score every pair of `args.pairs` and write the results."""
    if args.out is not None and args.out.suffix.lower() not in OUTPUT_SUFFIXES:
        return _fail(f"--out {args.out}: use a .csv or .json file name")
    try:
        pairs = read_pairs_csv(args.pairs)
        results = score_pairs(
            pairs,
            n_samples=args.samples,
            seed=args.seed,
            cd_cap=args.cap,
            backend=args.backend,
            aligned=args.aligned,
            icp=args.icp,
            processes=args.processes,
        )
    except (PairsFileError, GeometryError, ValueError) as exc:
        return _fail(str(exc))
    as_json = args.json if args.out is None else args.out.suffix.lower() == ".json"
    try:
        _write(results, args.out, as_json=as_json)
    except OSError as exc:
        return _fail(f"--out {args.out}: cannot write ({exc})")
    n_failed = sum(result.error is not None for result in results)
    print(
        f"{_PROG}: scored {len(results) - n_failed} of {len(results)} pairs"
        + (f"; {n_failed} failed (see the error column)" if n_failed else ""),
        file=sys.stderr,
    )
    return EXIT_NOTHING_SCORED if n_failed == len(results) else EXIT_OK


def _write(results: list[PairResult], out: Path | None, *, as_json: bool) -> None:
    """Write results as JSON or CSV to `out`, or to stdout when `out` is None."""
    write = write_results_json if as_json else write_results_csv
    if out is None:
        write(results, sys.stdout)
        return
    with out.open("w", newline="", encoding="utf-8") as stream:
        write(results, stream)


def _fail(message: str) -> int:
    """Print an error for the user and return the usage/input exit status."""
    print(f"{_PROG}: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {value}")
    return value

"""``code3dbench execute``: run programs or whole model replies and keep their outputs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from code3dbench.sandbox.host import (
    PROGRAM_FILE,
    RESULT_FILE,
    ExecutionJob,
    RunnerFailedError,
    execute_on_host,
)
from code3dbench.sandbox.limits import ExecutionLimits
from code3dbench.sandbox.result import ExecutionResult, ExecutionStatus
from code3dbench.sandbox.runner_files import RunnerUnavailableError
from code3dbench.solvers.extract import extract_program, runnable_program

PROGRAM_SUFFIXES = {".js", ".mjs"}
REPLY_SUFFIXES = {".md", ".txt"}
EXIT_USAGE = 2
EXIT_INFRASTRUCTURE = 3


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``execute`` subcommand."""
    defaults = ExecutionLimits()
    parser = subparsers.add_parser(
        "execute",
        help="run Three.js programs (.js) or model replies (.md/.txt) in headless Chromium",
        description=(
            "Run each FILE in the scaffold and write result.json, object.glb and render.png. "
            "One FILE writes into DIR; several write into DIR/<file stem>/. Exits 0 whatever "
            "the programs did (their status is the result); 3 on an infrastructure fault."
        ),
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR")
    parser.add_argument("--timeout", type=float, default=defaults.timeout_s, help="seconds")
    parser.add_argument("--max-triangles", type=int, default=defaults.max_triangles)
    parser.add_argument("--memory-mb", type=int, default=defaults.memory_mb)
    parser.add_argument("--concurrency", type=int, default=1, help="programs at once")
    parser.add_argument("--chromium", default=None, help="Chromium binary to use")
    parser.set_defaults(handler=run_execute)


def _output_dirs(files: list[Path], out: Path) -> list[Path]:
    if len(files) == 1:
        return [out]
    stems = [f.stem for f in files]
    duplicates = sorted({s for s in stems if stems.count(s) > 1})
    if duplicates:
        raise ValueError(f"several files share the stem {duplicates[0]!r}; rename one")
    return [out / stem for stem in stems]


def _program_of(path: Path) -> str | None:
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix.lower() in REPLY_SUFFIXES:
        return extract_program(text)
    return runnable_program(text)  # the same clean-up as a reply's program (three imports)


def run_execute(args: argparse.Namespace) -> int:
    """Execute the files; print one summary line each; return the exit status."""
    files: list[Path] = args.files
    for path in files:
        if not path.is_file():
            print(f"code3dbench execute: no such file: {path}", file=sys.stderr)
            return EXIT_USAGE
        if path.suffix.lower() not in PROGRAM_SUFFIXES | REPLY_SUFFIXES:
            print(
                f"code3dbench execute: {path}: expected a program (.js) or a reply (.md, .txt)",
                file=sys.stderr,
            )
            return EXIT_USAGE
    try:
        out_dirs = _output_dirs(files, args.out)
        limits = ExecutionLimits(
            timeout_s=args.timeout, max_triangles=args.max_triangles, memory_mb=args.memory_mb
        )
    except ValueError as err:
        print(f"code3dbench execute: {err}", file=sys.stderr)
        return EXIT_USAGE

    jobs: list[ExecutionJob] = []
    job_files: list[Path] = []
    for path, out_dir in zip(files, out_dirs, strict=True):
        program = _program_of(path)
        if program is None:
            out_dir.mkdir(parents=True, exist_ok=True)
            (out_dir / PROGRAM_FILE).unlink(missing_ok=True)
            result = ExecutionResult.failed(
                ExecutionStatus.NO_CODE,
                "the reply holds no fenced code block and no buildObject function",
            )
            (out_dir / RESULT_FILE).write_text(result.model_dump_json(indent=2))
            print(f"{path}: {result.summary()}", flush=True)
            continue
        jobs.append(ExecutionJob(program=program, out_dir=out_dir))
        job_files.append(path)

    def report(index: int, result: ExecutionResult) -> None:
        print(f"{job_files[index]}: {result.summary()}", flush=True)

    try:
        execute_on_host(
            jobs, limits, concurrency=args.concurrency, chromium=args.chromium, on_result=report
        )
    except (RunnerUnavailableError, RunnerFailedError) as err:
        print(f"code3dbench execute: infrastructure fault: {err}", file=sys.stderr)
        return EXIT_INFRASTRUCTURE
    return 0

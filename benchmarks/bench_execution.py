"""Executions per second: one persistent browser vs a fresh browser launch per program.

Runs the same realistic programs (benchmark_assets/builtin, the built-in set) both
ways in one run and prints a Markdown table. The persistent path is what `code3dbench execute`
and the runner's batch mode use: one Chromium, a pool of execution pages loaded ahead, one
render page. The launch-per-program path starts the runner (Node + Chromium) for each program.

    python benchmarks/bench_execution.py [--repeats 2] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

from machine import cpu_model

from code3dbench.sandbox.host import ExecutionJob, execute_on_host
from code3dbench.sandbox.limits import ExecutionLimits

PROGRAMS_DIR = Path(__file__).resolve().parents[1] / "benchmark_assets" / "builtin"


def machine() -> str:
    return f"{os.cpu_count()} cores, {cpu_model()}, {platform.system()} {platform.release()}"


def persistent(programs: list[str], root: Path) -> tuple[float, list[float]]:
    jobs = [ExecutionJob(code, root / f"p{i}") for i, code in enumerate(programs)]
    start = time.perf_counter()
    results = execute_on_host(jobs, ExecutionLimits())
    wall = time.perf_counter() - start
    assert all(r.status.value == "ok" for r in results), [r.summary() for r in results]
    return wall, [r.timings_ms["total_ms"] / 1000 for r in results]


def launch_per_program(programs: list[str], root: Path) -> tuple[float, list[float]]:
    per_program = []
    start = time.perf_counter()
    for i, code in enumerate(programs):
        t = time.perf_counter()
        [result] = execute_on_host([ExecutionJob(code, root / f"l{i}")], ExecutionLimits())
        assert result.status.value == "ok", result.summary()
        per_program.append(time.perf_counter() - t)
    return time.perf_counter() - start, per_program


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    programs = [p.read_text() for p in sorted(PROGRAMS_DIR.glob("*.js"))]
    rows = {"persistent": [], "launch": []}
    with tempfile.TemporaryDirectory() as tmp:
        persistent(programs[:2], Path(tmp) / "warmup")  # disk caches, JIT of node itself
        for r in range(args.repeats):
            rows["persistent"].append(persistent(programs, Path(tmp) / f"persistent{r}"))
            rows["launch"].append(launch_per_program(programs, Path(tmp) / f"launch{r}"))
    summary = {}
    for mode, runs in rows.items():
        walls = [wall for wall, _ in runs]
        per_program = [s for _, seconds in runs for s in seconds]
        summary[mode] = {
            "programs": len(programs),
            "wall_s_median": statistics.median(walls),
            "executions_per_s": len(programs) / statistics.median(walls),
            "per_program_median_s": statistics.median(per_program),
            "per_program_p90_s": statistics.quantiles(per_program, n=10)[-1],
        }
    ratio = summary["persistent"]["executions_per_s"] / summary["launch"]["executions_per_s"]
    print(f"Machine: {machine()}; {len(programs)} realistic programs, {args.repeats} repeats\n")
    print(
        f"| path | wall for {len(programs)} (s) | executions/s | per program median (s) | p90 (s) |"
    )
    print("|---|---:|---:|---:|---:|")
    for mode, label in (
        ("persistent", "persistent browser"),
        ("launch", "browser launch per program"),
    ):
        s = summary[mode]
        print(
            f"| {label} | {s['wall_s_median']:.2f} | {s['executions_per_s']:.2f} | "
            f"{s['per_program_median_s']:.3f} | {s['per_program_p90_s']:.3f} |"
        )
    print(f"\nSpeed-up of the persistent path: {ratio:.1f}x")
    print(
        "(persistent per-program time: the runner's own total_ms, page acquisition to PNG; "
        "wall includes one Chromium launch)"
    )
    if args.json:
        args.json.write_text(
            json.dumps({"machine": machine(), "summary": summary, "ratio": ratio}, indent=2)
        )


if __name__ == "__main__":
    main()

"""The local jail's cost: programs per second and runner start, with bubblewrap and without.

For each setting of CODE3DBENCH_LOCAL_JAIL (bwrap, off), interleaved so both see the same
machine load:
- batch: the 40 built-in programs in one runner process (`execute_on_host`, one browser);
- start: one program per runner process (Node, Chromium and its pages started each time),
  the wall time of `execute_on_host` for one program;
- shared server: a fresh shared runner server (the local sandbox's) until its first answer.

    python benchmarks/bench_jail.py [--repeats 3] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

import anyio
from machine import cpu_model

from code3dbench.sandbox.host import ExecutionJob, execute_on_host
from code3dbench.sandbox.limits import ExecutionLimits
from code3dbench.sandbox.shared_runner import SharedRunner

PROGRAMS_DIR = Path(__file__).resolve().parents[1] / "benchmark_assets" / "builtin"
MODES = ("bwrap", "off")


def batch(programs: list[str], root: Path) -> float:
    jobs = [ExecutionJob(code, root / f"p{i}") for i, code in enumerate(programs)]
    start = time.perf_counter()
    results = execute_on_host(jobs, ExecutionLimits())
    assert all(r.status.value == "ok" for r in results), [r.summary() for r in results]
    return time.perf_counter() - start


def one_launch(program: str, root: Path) -> float:
    start = time.perf_counter()
    [result] = execute_on_host([ExecutionJob(program, root)], ExecutionLimits())
    assert result.status.value == "ok", result.summary()
    return time.perf_counter() - start


def shared_first_answer(program: str) -> float:
    async def run() -> float:
        runner = SharedRunner(ExecutionLimits())
        start = time.perf_counter()
        try:
            outcome = await runner.execute(program)
            assert isinstance(outcome, tuple), outcome
            return time.perf_counter() - start
        finally:
            runner.stop()

    return anyio.run(run)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    programs = [p.read_text() for p in sorted(PROGRAMS_DIR.glob("*.js"))]
    times: dict[str, dict[str, list[float]]] = {
        mode: {"batch": [], "start": [], "shared": []} for mode in MODES
    }
    with tempfile.TemporaryDirectory() as tmp:
        for mode in MODES:  # warm-up: page cache, the jail probe, the environment map
            os.environ["CODE3DBENCH_LOCAL_JAIL"] = mode
            one_launch(programs[0], Path(tmp) / f"warm-{mode}")
        for r in range(args.repeats):
            for mode in MODES:
                os.environ["CODE3DBENCH_LOCAL_JAIL"] = mode
                times[mode]["batch"].append(batch(programs, Path(tmp) / f"b-{mode}-{r}"))
                times[mode]["start"].append(one_launch(programs[0], Path(tmp) / f"s-{mode}-{r}"))
                times[mode]["shared"].append(shared_first_answer(programs[0]))
    summary = {
        mode: {
            "programs_per_s": len(programs) / statistics.median(t["batch"]),
            "batch_wall_s": statistics.median(t["batch"]),
            "one_program_launch_s": statistics.median(t["start"]),
            "shared_server_first_answer_s": statistics.median(t["shared"]),
        }
        for mode, t in times.items()
    }
    print(f"Machine: {os.cpu_count()} cores, {cpu_model()}; medians of {args.repeats} repeats\n")
    print(
        "| jail | programs/s (40 in one runner) | one program, runner launched (s) "
        "| shared server, first answer (s) |"
    )
    print("|---|---:|---:|---:|")
    for mode, s in summary.items():
        print(
            f"| {mode} | {s['programs_per_s']:.2f} | {s['one_program_launch_s']:.2f} "
            f"| {s['shared_server_first_answer_s']:.2f} |"
        )
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "times": times}, indent=2))


if __name__ == "__main__":
    main()

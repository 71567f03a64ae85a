"""End-to-end throughput of the evaluation, with a breakdown per stage.

    python benchmarks/bench_e2e.py                          # single_shot and revision, 1/2/4
    python benchmarks/bench_e2e.py --per-category 1 --max-samples 1 2

Runs `code3dbench/single_shot` and `code3dbench/revision` (3 steps) on the built-in set with the
offline box model and the local sandbox, at several `max_samples`, and reports samples per
minute and where the time goes, from each sample's events in the log:

- model: model calls (working time); execution: sandbox calls (write the program, run the
  runner, read the outputs back, clean up); scoring: the scorer span; other: the rest of the
  sample (extraction, artifacts, feedback images, Inspect's own work).
- log and setup: wall time not inside any sample (dataset preparation, log writing, startup)
  divided by the wall time.

Shares are of the summed sample time, so they do not depend on concurrency.
"""

from __future__ import annotations

import argparse
import platform
import tempfile
import time
from dataclasses import dataclass, field

from inspect_ai import eval as inspect_eval
from inspect_ai.log import EvalLog, EvalSample, read_eval_log

from code3dbench.tasks.tasks import revision, single_shot

MODEL = "code3dbench/box"


@dataclass
class Stages:
    """Seconds per stage, summed over samples."""

    model: float = 0.0
    execution: float = 0.0
    scoring: float = 0.0
    sample_total: float = 0.0
    spans: dict[str, float] = field(default_factory=dict)

    def add(self, sample: EvalSample) -> None:
        """Add one sample's events."""
        begins = {}
        for event in sample.events:
            if event.event == "model" and event.working_time:
                self.model += event.working_time
            elif event.event == "sandbox" and event.completed:
                self.execution += (event.completed - event.timestamp).total_seconds()
            elif event.event == "span_begin" and event.type == "scorers":
                begins[event.id] = event.timestamp
            elif event.event == "span_end" and event.id in begins:
                self.scoring += (event.timestamp - begins.pop(event.id)).total_seconds()
        self.sample_total += sample.total_time or 0.0

    def shares(self) -> dict[str, float]:
        """Each stage as a share of the summed sample time."""
        total = self.sample_total or 1.0
        other = max(0.0, total - self.model - self.execution - self.scoring)
        return {
            "model": self.model / total,
            "execution": self.execution / total,
            "scoring": self.scoring / total,
            "other": other / total,
        }


def run(task_name: str, per_category: int, max_samples: int) -> tuple[EvalLog, float]:
    """One evaluation; returns its log and wall time."""
    make = single_shot if task_name == "single_shot" else revision
    task = make(dataset="builtin", per_category=per_category, seed=0, sandbox="local")
    with tempfile.TemporaryDirectory() as logs:
        started = time.perf_counter()
        [log] = inspect_eval(
            task, model=MODEL, max_samples=max_samples, log_dir=logs, display="none"
        )
        wall = time.perf_counter() - started
        log = read_eval_log(log.location)
    if log.status != "success":
        raise SystemExit(f"{task_name}: {log.status}: {log.error}")
    return log, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-category", type=int, default=1)
    parser.add_argument("--max-samples", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--tasks", nargs="+", default=["single_shot", "revision"])
    args = parser.parse_args()
    print(
        f"Machine: {platform.processor() or platform.machine()}, model {MODEL}, built-in set, "
        f"{args.per_category} per category, local sandbox\n"
    )
    print(
        "| task | max_samples | samples | wall (s) | samples/min | model | execution | "
        "scoring | other | outside samples |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for task_name in args.tasks:
        for max_samples in args.max_samples:
            log, wall = run(task_name, args.per_category, max_samples)
            stages = Stages()
            for sample in log.samples:
                stages.add(sample)
            shares = stages.shares()
            outside = max(0.0, wall - stages.sample_total / max_samples) / wall
            print(
                f"| {task_name} | {max_samples} | {len(log.samples)} | {wall:.1f} | "
                f"{60 * len(log.samples) / wall:.1f} | {shares['model']:.1%} | "
                f"{shares['execution']:.1%} | {shares['scoring']:.1%} | {shares['other']:.1%} | "
                f"{outside:.1%} |",
                flush=True,
            )


if __name__ == "__main__":
    main()

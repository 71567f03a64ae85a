"""Calibration: oracle (ceiling), silhouette and box (floor) through the real Inspect path.

    python benchmarks/calibrate.py --dataset builtin
    python benchmarks/calibrate.py --dataset benchmark --per-category 5
    python benchmarks/calibrate.py --dataset builtin --task agent

Runs `code3dbench/single_shot` once per baseline with the local sandbox and prints a Markdown
table: execution rate, CD x 10^3 (mean over executable samples, with their count), F@1, F@2,
F@5, NC and SSIM (means over all samples, failures as 0 for F and NC), then the multi-view
diagnostics beside their single-view counterparts: SSIM and MSE from the reference camera and
averaged over the pinned views, and the mean silhouette IoU over the views. With `--task agent` the
silhouette and box baselines run `code3dbench/agent` (one run, then the submission) and the
table reads the submitted program (`final_*`); the oracle, a solver of its own, is left out.
"""

from __future__ import annotations

import argparse
import platform
import tempfile
import time

from inspect_ai import eval as inspect_eval
from inspect_ai.log import EvalLog

from code3dbench.baselines.oracle import oracle
from code3dbench.tasks.tasks import agent, single_shot

BASELINES = {
    "oracle": {"solver": oracle(), "model": "mockllm/model"},
    "silhouette": {"model": "code3dbench/silhouette"},
    "box": {"model": "code3dbench/box"},
}
COLUMNS = ("exec", "cd", "f1", "f2", "f5", "nc", "ssim", "mv_ssim", "mse", "mv_mse", "mv_iou")


TASKS = {"single_shot": (single_shot, "single"), "agent": (agent, "final")}
"""Task -> its factory and the setting the table reads."""


def metric(log: EvalLog, key: str, setting: str, name: str = "mean") -> float:
    [score] = [s for s in log.results.scores if s.name == f"{setting}_{key}"]
    return {m.name: m.value for m in score.metrics.values()}[name]


def row(name: str, log: EvalLog, setting: str, seconds: float) -> str:
    cells = [f"{metric(log, 'exec', setting):.3f}"]
    count = metric(log, "cd", setting, "code3dbench/count")
    cells.append(f"{metric(log, 'cd', setting):.2f} ({count:.0f})")
    cells += [f"{metric(log, key, setting):.{4 if 'mse' in key else 3}f}" for key in COLUMNS[2:]]
    return f"| {name} | " + " | ".join(cells) + f" | {seconds:.0f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", default="builtin")
    parser.add_argument("--per-category", type=int, default=None)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-samples", type=int, default=2)
    parser.add_argument("--task", choices=sorted(TASKS), default="single_shot")
    args = parser.parse_args()
    make_task, setting = TASKS[args.task]
    print(
        f"Machine: {platform.processor() or platform.machine()}, dataset {args.dataset}, "
        f"per_category {args.per_category}, seed {args.seed}, task {args.task}\n"
    )
    print(
        "| baseline | exec | CD x10^3 (n) | F@1 | F@2 | F@5 | NC | SSIM | MV SSIM | MSE | MV MSE "
        "| MV IoU | wall (s) |"
    )
    print("|---|" + "---:|" * 12)
    with tempfile.TemporaryDirectory() as logs:
        for name, options in BASELINES.items():
            if args.task == "agent" and "solver" in options:
                continue
            task = make_task(
                dataset=args.dataset,
                per_category=args.per_category,
                seed=args.seed,
                sandbox="local",
            )
            started = time.perf_counter()
            [log] = inspect_eval(
                task,
                log_dir=f"{logs}/{name}",
                display="none",
                max_samples=args.max_samples,
                **options,
            )
            if log.status != "success":
                raise SystemExit(f"{name}: {log.status}: {log.error}")
            print(row(name, log, setting, time.perf_counter() - started), flush=True)


if __name__ == "__main__":
    main()

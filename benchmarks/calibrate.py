"""Calibration: oracle (ceiling), silhouette and box (floor) through the real Inspect path.

    python benchmarks/calibrate.py --dataset builtin
    python benchmarks/calibrate.py --dataset benchmark --per-category 5

Runs `code3dbench/single_shot` once per baseline with the local sandbox and prints a Markdown
table: execution rate, CD x 10^3 (mean over executable samples, with their count), F@1, F@2,
F@5, NC and SSIM (means over all samples, failures as 0 for F and NC), then the multi-view
diagnostics beside their single-view counterparts: SSIM and MSE from the reference camera and
averaged over the pinned views, and the mean silhouette IoU over the views.
"""

from __future__ import annotations

import argparse
import platform
import tempfile
import time

from inspect_ai import eval as inspect_eval
from inspect_ai.log import EvalLog

from code3dbench.baselines.oracle import oracle
from code3dbench.tasks.tasks import single_shot

BASELINES = {
    "oracle": {"solver": oracle(), "model": "mockllm/model"},
    "silhouette": {"model": "code3dbench/silhouette"},
    "box": {"model": "code3dbench/box"},
}
COLUMNS = ("exec", "cd", "f1", "f2", "f5", "nc", "ssim", "mv_ssim", "mse", "mv_mse", "mv_iou")


def metric(log: EvalLog, key: str, name: str = "mean") -> float:
    [score] = [s for s in log.results.scores if s.name == f"single_{key}"]
    return {m.name: m.value for m in score.metrics.values()}[name]


def row(name: str, log: EvalLog, seconds: float) -> str:
    cells = [f"{metric(log, 'exec'):.3f}"]
    cells.append(f"{metric(log, 'cd'):.2f} ({metric(log, 'cd', 'code3dbench/count'):.0f})")
    cells += [f"{metric(log, key):.{4 if 'mse' in key else 3}f}" for key in COLUMNS[2:]]
    return f"| {name} | " + " | ".join(cells) + f" | {seconds:.0f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", default="builtin")
    parser.add_argument("--per-category", type=int, default=None)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-samples", type=int, default=2)
    args = parser.parse_args()
    print(
        f"Machine: {platform.processor() or platform.machine()}, dataset {args.dataset}, "
        f"per_category {args.per_category}, seed {args.seed}\n"
    )
    print(
        "| baseline | exec | CD x10^3 (n) | F@1 | F@2 | F@5 | NC | SSIM | MV SSIM | MSE | MV MSE "
        "| MV IoU | wall (s) |"
    )
    print("|---|" + "---:|" * 12)
    with tempfile.TemporaryDirectory() as logs:
        for name, options in BASELINES.items():
            task = single_shot(
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
            print(row(name, log, time.perf_counter() - started), flush=True)


if __name__ == "__main__":
    main()

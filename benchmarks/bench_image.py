"""Benchmark of the image metrics (code3dbench.scorers.image): pairs per second on the CPU.

For each metric (ssim, mse, lpips, clip, and all four together) and batch sizes 1
and 16, scores 512x512 render-like pairs (drawn here: shaded shapes on the renderer's
0xf2f2f2 background) held in memory as arrays, on the CPU, and prints the pairs per
second of the fastest of the repeats after one warm-up call (the best time is the least
disturbed by other jobs on a shared machine; the median is recorded in --json). A separate row times
reading a pair of PNG files. Model loading is timed once and reported apart.

LPIPS and CLIP use the real weights when they are present (`code3dbench weights
fetch` gets them; the benchmark never downloads, so the loading time is not a
download time); otherwise randomly initialised networks of the same architecture
(the time per pair is the same; the numbers are not), and the output says so.

Usage:
    .venv/bin/python benchmarks/bench_image.py [--pairs N] [--repeats N] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from code3dbench.scorers.image import (
    BACKGROUND_RGB,
    ImageMetricsConfig,
    ImageScorer,
    load_rgb,
    metric_availability,
)

SIZE = 512
BATCH_SIZES = (1, 16)
METRIC_SETS: dict[str, tuple[str, ...]] = {
    "ssim": ("ssim",),
    "mse": ("mse",),
    "lpips": ("lpips",),
    "clip": ("clip",),
    "all four": ("ssim", "mse", "lpips", "clip"),
}


def render_like(seed: int) -> Image.Image:
    """A shaded box and cone on the background, with seeded position and colour."""
    rng = np.random.default_rng(seed)
    dx, dy = (int(v) for v in rng.integers(-30, 30, size=2))
    colour = tuple(int(v) for v in rng.integers(40, 220, size=3))
    image = Image.new("RGB", (SIZE, SIZE), BACKGROUND_RGB)
    draw = ImageDraw.Draw(image)

    def shade(f: float) -> tuple[int, ...]:
        return tuple(min(255, int(c * f)) for c in colour)

    def p(x: int, y: int) -> tuple[int, int]:
        return (x + dx, y + dy)

    draw.polygon([p(256, 220), p(376, 270), p(256, 320), p(136, 270)], fill=shade(1.2))
    draw.polygon([p(136, 270), p(256, 320), p(256, 440), p(136, 390)], fill=shade(0.85))
    draw.polygon([p(256, 320), p(376, 270), p(376, 390), p(256, 440)], fill=shade(0.6))
    draw.polygon([p(256, 90), p(206, 270), p(306, 270)], fill=(70, 130, 180))
    return image.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.0, 1.5))))


def machine() -> dict[str, Any]:
    """CPU model, cores, and the torch build and threads."""
    info: dict[str, Any] = {"python": platform.python_version()}
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, timeout=10).stdout
        for line in lscpu.splitlines():
            key, _, value = line.partition(":")
            if key.strip() in ("Model name", "CPU(s)"):
                info[key.strip()] = value.strip()
    except (OSError, subprocess.TimeoutExpired):
        pass
    try:
        import torch

        info["torch"] = torch.__version__
        info["torch_threads"] = torch.get_num_threads()
        info["cuda"] = torch.cuda.is_available()
    except ImportError:
        info["torch"] = None
    return info


def time_call(function, repeats: int) -> tuple[float, float]:
    """Best and median seconds of `function()` over `repeats` calls, after one warm-up call."""
    function()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=32, help="pairs per timed call (default 32)")
    parser.add_argument("--repeats", type=int, default=5, help="timed calls per cell (default 5)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()

    real = metric_availability(ImageMetricsConfig(device="cpu", offline=True))
    random_init = not (real["lpips"].available and real["clip"].available)
    config = ImageMetricsConfig(device="cpu", offline=True, random_init=random_init)
    weights_note = (
        "real weights"
        if not random_init
        else "RANDOMLY INITIALISED LPIPS and CLIP (real weights absent here: `code3dbench weights "
        "fetch` gets them; same architecture, so the same time per pair; the scores themselves "
        "are meaningless)"
    )
    info = machine()
    print(f"# Image metrics benchmark: {SIZE}x{SIZE} pairs on the CPU, {weights_note}")
    print(f"machine: {json.dumps(info)}")

    scorer = ImageScorer(config)
    start = time.perf_counter()
    scorer.load()
    load_s = time.perf_counter() - start
    print(f"model loading (LPIPS + CLIP, once per process): {load_s:.2f} s\n")

    preds = [np.asarray(render_like(seed), dtype=np.float32) / 255 for seed in range(args.pairs)]
    refs = [
        np.asarray(render_like(1000 + seed), dtype=np.float32) / 255 for seed in range(args.pairs)
    ]
    results: dict[str, dict[str, float]] = {}
    print(f"pairs/s of the best of {args.repeats} timed calls after a warm-up")
    print("| metric | batch 1 (pairs/s) | batch 16 (pairs/s) |")
    print("|---|---:|---:|")
    for label, metrics in METRIC_SETS.items():
        row = {}
        for batch in BATCH_SIZES:
            n = min(args.pairs, 8) if batch == 1 else args.pairs
            best, median = time_call(
                lambda n=n, batch=batch, metrics=metrics: scorer.score_pairs(
                    preds[:n], refs[:n], metrics=metrics, batch_size=batch
                ),
                args.repeats,
            )
            row[f"batch_{batch}"] = n / best
            row[f"batch_{batch}_median"] = n / median
        results[label] = row
        print(f"| {label} | {row['batch_1']:.1f} | {row['batch_16']:.1f} |")

    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for index in range(2):
            path = Path(folder) / f"{index}.png"
            render_like(index).save(path)
            paths.append(path)
        seconds, _ = time_call(lambda: [load_rgb(p) for p in paths], args.repeats * 10)
    results["read two 512x512 PNGs"] = {"pairs_per_s": 1.0 / seconds}
    print(f"\nreading a pair of 512x512 PNG files: {1.0 / seconds:.1f} pairs/s")
    if args.json:
        payload = {
            "machine": info,
            "random_init": random_init,
            "load_s": load_s,
            "pairs": args.pairs,
            "repeats": args.repeats,
            "results": results,
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

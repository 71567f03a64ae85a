"""`code3dbench score-images`: SSIM, MSE, LPIPS and CLIP of one predicted render vs its reference.

Also the weight-file flags shared with `code3dbench doctor`. Exit status: 0 on
success (unavailable metrics are printed as n/a / null, with a warning), 2 for a
usage error or an image that cannot be read or compared.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from code3dbench.scorers.image.config import ImageMetricsConfig
from code3dbench.scorers.image.constants import (
    ALEXNET_WEIGHTS_ENV,
    CLIP_WEIGHTS_ENV,
    IMAGE_DEVICE_ENV,
    LPIPS_WEIGHTS_ENV,
    METRIC_NAMES,
)
from code3dbench.scorers.image.errors import ImageError
from code3dbench.scorers.image.scorer import ImageScorer
from code3dbench.scorers.image.scores import ImageScores

EXIT_OK = 0
EXIT_USAGE = 2
_PROG = "code3dbench score-images"


def add_weights_arguments(parser: argparse.ArgumentParser) -> None:
    """Add --lpips-weights, --alexnet-weights, --clip-weights and --device to `parser`."""
    group = parser.add_argument_group(
        "image metric weights",
        "explicit files win over the caches; files missing from the caches are downloaded on "
        "first use unless offline (docs/image_metrics.md)",
    )
    group.add_argument(
        "--lpips-weights",
        type=Path,
        metavar="FILE",
        help=f"LPIPS linear layers, lpips' v0.1/alex.pth (default: ${LPIPS_WEIGHTS_ENV}, "
        "else the copy bundled with lpips)",
    )
    group.add_argument(
        "--alexnet-weights",
        type=Path,
        metavar="FILE",
        help=f"AlexNet backbone, alexnet-owt-7be5be79.pth (default: ${ALEXNET_WEIGHTS_ENV}, "
        "else the torch hub cache)",
    )
    group.add_argument(
        "--clip-weights",
        type=Path,
        metavar="FILE",
        help=f"CLIP ViT-B-32 OpenAI checkpoint (default: ${CLIP_WEIGHTS_ENV}, else open_clip's "
        "and Hugging Face's caches)",
    )
    group.add_argument(
        "--device",
        default=None,
        help=f"torch device for LPIPS and CLIP (default: ${IMAGE_DEVICE_ENV}, else cuda if "
        "present, else cpu)",
    )


def config_from_args(args: argparse.Namespace) -> ImageMetricsConfig:
    """The `ImageMetricsConfig` named by the flags of `add_weights_arguments`."""
    return ImageMetricsConfig(
        lpips_weights=args.lpips_weights,
        alexnet_weights=args.alexnet_weights,
        clip_weights=args.clip_weights,
        device=args.device,
    )


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `score-images` subcommand; its handler returns the exit status.

    Args:
        subparsers: The main parser's subparsers (from `add_subparsers`).
    """
    parser = subparsers.add_parser(
        "score-images",
        help="SSIM, MSE, LPIPS and CLIP similarity of a predicted render vs the reference",
        description=(
            "Compare PRED with REF (PNG renders of the same size, e.g. render.png and the "
            "reference image): SSIM (per RGB channel), MSE (RGB in [0, 1]), LPIPS (AlexNet) and "
            "CLIP cosine similarity (ViT-B-32, OpenAI). LPIPS and CLIP need the image extra; "
            "their weights are downloaded on first use (or by `code3dbench weights fetch`), and "
            "without them (offline) they are reported as n/a."
        ),
    )
    parser.add_argument("pred", type=Path, help="predicted render (PNG)")
    parser.add_argument("ref", type=Path, help="reference render (PNG)")
    parser.add_argument(
        "--metrics",
        default=",".join(METRIC_NAMES),
        help=f"comma-separated subset of {','.join(METRIC_NAMES)} (default: all)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    add_weights_arguments(parser)
    parser.set_defaults(handler=run_score_images)


def run_score_images(args: argparse.Namespace) -> int:
    """Handle `score-images`; returns the exit status."""
    metrics = [name.strip() for name in args.metrics.split(",") if name.strip()]
    unknown = [name for name in metrics if name not in METRIC_NAMES]
    if unknown or not metrics:
        return _fail(f"--metrics: choose from {','.join(METRIC_NAMES)}, got {args.metrics!r}")
    try:
        scores = ImageScorer(config_from_args(args)).score(args.pred, args.ref, metrics=metrics)
    except (ImageError, ValueError) as exc:
        return _fail(str(exc))
    print(json.dumps(scores.to_dict()) if args.json else format_scores(scores))
    return EXIT_OK


def format_scores(scores: ImageScores) -> str:
    """One human-readable line; an unavailable metric reads n/a."""

    def show(value: float | None, digits: int) -> str:
        return "n/a" if value is None else f"{value:.{digits}f}"

    line = (
        f"SSIM {show(scores.ssim, 4)}  MSE {show(scores.mse, 6)}  "
        f"LPIPS {show(scores.lpips, 4)}  CLIP {show(scores.clip, 4)}"
    )
    if scores.conventions.random_init:
        line += "  [RANDOM WEIGHTS: not a real score]"
    return line


def _fail(message: str) -> int:
    print(f"{_PROG}: error: {message}", file=sys.stderr)
    return EXIT_USAGE

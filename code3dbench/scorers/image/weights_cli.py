"""`code3dbench weights fetch` and `code3dbench weights verify`: the LPIPS and CLIP files.

`fetch` downloads the files the caches lack (or hold wrong), sha256-verified, into the
caches the scorer and the libraries read: run it on a machine with network access
before a run whose workers have none (with the same cache folders). `verify` lists
what is present, where, and whether it matches the pinned release files; it never
touches the network.

Exit status: 0 when every file is usable; 1 when one is not (missing, wrong hash, a
refused download); 2 for a usage error; 3 when a download could not reach its host or
downloads are switched off (offline), and nothing else went wrong.
"""

from __future__ import annotations

import argparse
import json
import sys

from code3dbench.scorers.image.config import ImageMetricsConfig
from code3dbench.scorers.image.constants import (
    DOWNLOAD_TIMEOUT_ENV,
    OFFLINE_ENV,
    WEIGHTS_MIRROR_ENV,
)
from code3dbench.scorers.image.download import download_settings, ensure_weights
from code3dbench.scorers.image.errors import WeightsError, WeightsOfflineError
from code3dbench.scorers.image.inventory import format_inventory, weights_inventory
from code3dbench.scorers.image.weights import locate_alexnet, locate_clip, locate_lpips_linear

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_OFFLINE = 3


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `weights` subcommand with its `fetch` and `verify` actions.

    Args:
        subparsers: The main parser's subparsers (from `add_subparsers`).
    """
    parser = subparsers.add_parser(
        "weights",
        help="download (fetch) or check (verify) the LPIPS and CLIP weight files",
        description=(
            "The weight files of LPIPS (AlexNet backbone 233 MiB, linear layers bundled with "
            "lpips) and CLIP (ViT-B-32 OpenAI, 577 MiB), in the torch hub and Hugging Face "
            "caches, checked against pinned sha256 digests (docs/image_metrics.md)."
        ),
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    fetch = actions.add_parser(
        "fetch",
        help="download the missing files now (for workers without network access)",
        description=(
            "Download every weights file the caches lack, verify the ones present, and print "
            f"where each is. Honours {OFFLINE_ENV} and HF_HUB_OFFLINE (nothing is downloaded), "
            f"{WEIGHTS_MIRROR_ENV} and HF_ENDPOINT. Exit 0: all usable; 1: a problem; "
            "3: offline or a host unreachable."
        ),
    )
    fetch.add_argument(
        "--mirror",
        metavar="URL",
        help=f"base URL serving the files by name (default: ${WEIGHTS_MIRROR_ENV}, else upstream)",
    )
    fetch.add_argument(
        "--timeout",
        type=float,
        metavar="SECONDS",
        help=f"connect and read timeout (default: ${DOWNLOAD_TIMEOUT_ENV}, else 30)",
    )
    fetch.add_argument("--json", action="store_true", help="print JSON")
    fetch.set_defaults(handler=run_fetch)
    verify = actions.add_parser(
        "verify",
        help="list the files present, where, and whether they verify (no network)",
        description=(
            "Look the files up as the scorer would and check their sha256. Exit 0 when every "
            "file is present (verified, or named explicitly), else 1."
        ),
    )
    verify.add_argument("--json", action="store_true", help="print JSON")
    verify.set_defaults(handler=run_verify)


def run_fetch(args: argparse.Namespace) -> int:
    """Handle `weights fetch`; returns the exit status."""
    try:
        config = ImageMetricsConfig(weights_mirror=args.mirror, download_timeout_s=args.timeout)
        settings = download_settings(config)
    except ValueError as err:
        print(f"code3dbench weights fetch: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    failures: dict[str, WeightsError] = {}
    for file in (locate_lpips_linear(), locate_alexnet(), locate_clip()):
        try:
            ensure_weights(file, settings)
        except WeightsError as err:
            failures[file.role] = err
        except OSError as err:
            failures[file.role] = WeightsError(f"{file.role}: {err}")
    statuses = weights_inventory(config)
    if args.json:
        report = [
            {**status.to_dict(), "error": str(failures[status.role])}
            if status.role in failures
            else status.to_dict()
            for status in statuses
        ]
        print(json.dumps(report, indent=2))
    else:
        print("\n".join(format_inventory(statuses)))
    for err in failures.values():
        print(f"code3dbench weights fetch: {err}", file=sys.stderr)
    if not failures:
        return EXIT_OK
    if all(isinstance(err, WeightsOfflineError) for err in failures.values()):
        return EXIT_OFFLINE
    return EXIT_PROBLEMS


def run_verify(args: argparse.Namespace) -> int:
    """Handle `weights verify`; returns the exit status."""
    statuses = weights_inventory()
    if args.json:
        print(json.dumps([status.to_dict() for status in statuses], indent=2))
    else:
        print("\n".join(format_inventory(statuses)))
    return EXIT_OK if all(status.path is not None for status in statuses) else EXIT_PROBLEMS

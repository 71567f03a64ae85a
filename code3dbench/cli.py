"""The `code3dbench` command: one subcommand per room of the package."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from code3dbench.assets.cli import register as register_assets
from code3dbench.doctor import register as register_doctor
from code3dbench.recipes.cli import register as register_paper
from code3dbench.report.cli import register as register_report
from code3dbench.sandbox.cli import register as register_execute
from code3dbench.scorers.geometry.cli import register as register_score_meshes
from code3dbench.scorers.image.cli import register as register_score_images
from code3dbench.scorers.image.weights_cli import register as register_weights


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="code3dbench",
        description="Code3DBench: image -> Three.js program -> mesh and image metrics.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    register_execute(subparsers)
    register_assets(subparsers)
    register_score_meshes(subparsers)
    register_score_images(subparsers)
    register_weights(subparsers)
    register_doctor(subparsers)
    register_report(subparsers)
    register_paper(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `code3dbench` console command; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    return int(args.handler(args) or 0)


if __name__ == "__main__":
    sys.exit(main())

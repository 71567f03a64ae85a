"""``code3dbench assets``: import, fetch, verify, list and render the benchmark objects."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from code3dbench.assets.contact_sheet import contact_sheet
from code3dbench.assets.fetch import OfflineError, fetch_assets
from code3dbench.assets.importer import BatchReport, import_folder
from code3dbench.assets.locate import find_glb, shipped_glb
from code3dbench.assets.locations import CACHE_ENV, cache_dir, resolve_manifest
from code3dbench.assets.manifest import CATEGORIES, AssetRecord, Manifest, ManifestError
from code3dbench.assets.references import RenderProgress, render_references
from code3dbench.assets.store import AssetStore
from code3dbench.assets.verify import VerifyResult, verify_manifest
from code3dbench.sandbox.host import RunnerFailedError
from code3dbench.sandbox.runner_files import RunnerUnavailableError

EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_INFRASTRUCTURE = 3


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``assets`` subcommand and its own subcommands."""
    parser = subparsers.add_parser(
        "assets",
        help="import, fetch, verify, list and render the benchmark objects",
        description=(
            "Manage the benchmark objects. The benchmark's GLB files ship with the package "
            "(benchmark_assets/glb/<id>.glb) and are used in place; other objects are fetched "
            f"or imported into the asset cache (${CACHE_ENV}, default {cache_dir()}), which also "
            "keeps the rendered reference images."
        ),
    )
    commands = parser.add_subparsers(dest="assets_command", required=True, metavar="ACTION")

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument(
            "--manifest",
            default="benchmark",
            help="'benchmark' (default: the real objects), 'builtin', or a manifest path",
        )
        sub.add_argument("--cache", type=Path, default=None, help=f"cache folder (${CACHE_ENV})")
        return sub

    sub = add("import", "copy the manifest's GLBs from a local folder (with sources.json)")
    sub.add_argument("folder", type=Path, metavar="DIR")
    sub.set_defaults(handler=run_import)

    sub = add("fetch", "download GLBs that are neither shipped nor cached (sha256-verified)")
    sub.add_argument("--mirror", default=None, help="base URL serving <mirror>/<id>.glb")
    sub.add_argument("--concurrency", type=int, default=4)
    sub.add_argument("--timeout", type=float, default=60.0, help="seconds per request")
    sub.set_defaults(handler=run_fetch)

    sub = add("verify", "check every object, shipped or cached (presence, sha256, GLB container)")
    sub.add_argument("--deep", action="store_true", help="also load each mesh, count triangles")
    sub.add_argument("--json", action="store_true", help="print the results as JSON")
    sub.set_defaults(handler=run_verify)

    sub = add("list", "count the objects per category and pack")
    sub.add_argument("--json", action="store_true", help="print counts and objects as JSON")
    sub.set_defaults(handler=run_list)

    sub = add("render", "render the reference images into the cache (cached by hash)")
    sub.add_argument("--categories", default=None, help="comma-separated categories")
    sub.add_argument("--force", action="store_true", help="render again even when cached")
    sub.add_argument("--concurrency", type=int, default=1, help="objects at once in Chromium")
    sub.add_argument(
        "--contact-sheet",
        type=Path,
        default=None,
        metavar="PNG",
        help="write a contact sheet of all references (default: <cache>/contact_sheet_<name>.png)",
    )
    sub.set_defaults(handler=run_render)


def _open(args: argparse.Namespace) -> tuple[Manifest, AssetStore]:
    manifest = resolve_manifest(args.manifest)
    return manifest, AssetStore(args.cache or cache_dir())


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        transient=True,
        disable=not sys.stderr.isatty(),
    )


def _print_report(report: BatchReport, verb: str) -> int:
    for message in report.failed.values():
        print(f"  failed: {message}", file=sys.stderr)
    print(report.summary(verb))
    return EXIT_PROBLEMS if report.failed else 0


def _guard(handler):  # noqa: ANN001, ANN202 - a decorator over the handlers below
    def wrapped(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except (ManifestError, FileNotFoundError, ValueError) as err:
            print(f"code3dbench assets: {err}", file=sys.stderr)
            return EXIT_USAGE
        except (RunnerUnavailableError, RunnerFailedError, OfflineError) as err:
            print(f"code3dbench assets: {err}", file=sys.stderr)
            return EXIT_INFRASTRUCTURE

    return wrapped


@_guard
def run_import(args: argparse.Namespace) -> int:
    """Handle ``assets import DIR``."""
    manifest, store = _open(args)
    with _progress() as progress:
        task = progress.add_task("import", total=len(manifest.objects))
        report = import_folder(args.folder, manifest, store, lambda _: progress.advance(task))
    return _print_report(report, "imported")


@_guard
def run_fetch(args: argparse.Namespace) -> int:
    """Handle ``assets fetch``."""
    manifest, store = _open(args)
    shipped = [r for r in manifest.objects if shipped_glb(manifest, r) is not None]
    if shipped:
        print(f"{len(shipped)} object(s) ship with the manifest: nothing to fetch for them")
    wanted = [r for r in manifest.objects if r not in shipped]
    with _progress() as progress:
        task = progress.add_task("fetch", total=len(wanted))
        report = fetch_assets(
            wanted,
            store,
            mirror=args.mirror,
            concurrency=args.concurrency,
            timeout=args.timeout,
            on_object=lambda _: progress.advance(task),
        )
    if report.skipped:
        print(
            f"{len(report.skipped)} object(s) need a mirror: their benchmark file was converted "
            "from upstream (e.g. " + next(iter(report.skipped.values())) + ")",
            file=sys.stderr,
        )
    code = _print_report(report, "fetched")
    return code or (EXIT_PROBLEMS if report.skipped else 0)


@_guard
def run_verify(args: argparse.Namespace) -> int:
    """Handle ``assets verify``: exit 1 when any object is not ok."""
    manifest, store = _open(args)
    with _progress() as progress:
        task = progress.add_task("verify", total=len(manifest.objects))
        results = verify_manifest(manifest, store, args.deep, lambda _: progress.advance(task))
    bad = [r for r in results if r.status != "ok"]
    counts = Counter(r.status for r in results)
    origins = Counter(r.origin for r in results if r.origin is not None)
    if args.json:
        print(
            json.dumps(
                {
                    "manifest": manifest.name,
                    "counts": counts,
                    "origins": origins,
                    "problems": [
                        {"id": r.id, "status": r.status, "message": r.message} for r in bad
                    ],
                },
                indent=2,
            )
        )
    else:
        _print_problems(bad)
        where = ", ".join(f"{n} {o}" for o, n in sorted(origins.items()))
        print(
            f"{manifest.name}: "
            + ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
            + (f" ({where})" if where else "")
        )
    return EXIT_PROBLEMS if bad else 0


def _print_problems(bad: Iterable[VerifyResult]) -> None:
    for result in bad:
        print(f"  {result.status}: {result.message}")


@_guard
def run_list(args: argparse.Namespace) -> int:
    """Handle ``assets list``: counts per category and pack, and which objects are present."""
    manifest, store = _open(args)
    shipped = {r.id for r in manifest.objects if shipped_glb(manifest, r) is not None}
    present = {
        r.id for r in manifest.objects if r.is_program or find_glb(manifest, r, store) is not None
    }
    by_category = Counter(r.category for r in manifest.objects)
    by_pack = Counter(r.pack for r in manifest.objects)
    if args.json:
        print(
            json.dumps(
                {
                    "manifest": manifest.name,
                    "objects": len(manifest.objects),
                    "present": len(present),
                    "shipped": len(shipped),
                    "categories": {c: by_category.get(c, 0) for c in CATEGORIES},
                    "packs": dict(by_pack.most_common()),
                    "items": [_item(r, r.id in present, r.id in shipped) for r in manifest.objects],
                },
                indent=2,
            )
        )
        return 0
    print(
        f"{manifest.name}: {len(manifest.objects)} objects, {len(present)} present "
        f"({len(shipped)} shipped with the manifest)"
    )
    print(f"\n{'category':<12}{'objects':>8}")
    for category in CATEGORIES:
        print(f"{category:<12}{by_category.get(category, 0):>8}")
    print(f"\n{'pack':<48}{'objects':>8}")
    for pack, count in by_pack.most_common():
        print(f"{pack:<48}{count:>8}")
    return 0


def _item(record: AssetRecord, present: bool, shipped: bool) -> dict[str, object]:
    return {
        "id": record.id,
        "category": record.category,
        "pack": record.pack,
        "triangles": record.triangles,
        "present": present,
        "shipped": shipped,
        "converted_from": record.source.converted_from if record.source else None,
    }


@_guard
def run_render(args: argparse.Namespace) -> int:
    """Handle ``assets render``: render what is not cached, then write the contact sheet."""
    manifest, store = _open(args)
    records = manifest.objects
    if args.categories:
        wanted = {c.strip() for c in args.categories.split(",") if c.strip()}
        unknown = wanted - set(CATEGORIES)
        if unknown:
            raise ValueError(f"unknown categories {sorted(unknown)}; choose from {CATEGORIES}")
        records = [r for r in records if r.category in wanted]
    done = 0

    def report_progress(event: RenderProgress) -> None:
        nonlocal done
        done += 1
        print(f"[{done:>4}] {event.id:<56} {event.status:<14} {event.seconds:6.2f} s", flush=True)

    references, report = render_references(
        manifest,
        store,
        records,
        force=args.force,
        concurrency=args.concurrency,
        on_progress=report_progress,
    )
    if references:
        sheet = args.contact_sheet or store.root / f"contact_sheet_{manifest.name}.png"
        by_id = {r.id: r for r in records}
        tiles = [
            (
                f"{object_id.split('/')[-1]}\n{by_id[object_id].category}",
                references[object_id].image,
            )
            for object_id in sorted(references, key=lambda i: (by_id[i].category, i))
        ]
        print(f"contact sheet: {contact_sheet(tiles, sheet)}")
    return _print_report(report, "rendered")

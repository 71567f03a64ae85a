"""What the multi-view strip costs per object, beside the single reference view.

Executes the built-in programs (benchmark_assets/builtin) and renders shipped reference GLBs
in one persistent browser, then reads each result's ``timings_ms``: the single view is
``render`` + ``read_pixels`` + ``encode_png`` (the 512 px reference render; for a reference GLB
``render`` covers parsing the GLB and drawing everything, so the strip's ``views`` is taken out of
it), the strip is ``views`` (all pinned views, colour and mask, drawn and read back at once) +
``encode_views``.

    python benchmarks/bench_views.py [--programs 40] [--glbs 20] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
from pathlib import Path

from machine import cpu_model

from code3dbench.assets.manifest import load_manifest
from code3dbench.sandbox.host import ExecutionJob, RenderJob, execute_on_host, render_glbs_on_host
from code3dbench.sandbox.views import pinned_views

ROOT = Path(__file__).resolve().parents[1]
PROGRAMS_DIR = ROOT / "benchmark_assets" / "builtin"
SINGLE = ("render_ms", "read_pixels_ms", "encode_png_ms")
STRIP = ("views_ms", "encode_views_ms")


def _single_view_ms(timings: dict[str, float], glb: bool) -> float:
    total = sum(timings.get(k, 0.0) for k in SINGLE)
    return total - timings["views_ms"] if glb else total


def _row(name: str, timings: list[dict[str, float]], glb: bool) -> dict[str, float | str | int]:
    single = [_single_view_ms(t, glb) for t in timings]
    strip = [sum(t[k] for k in STRIP) for t in timings]
    total = [t["total_ms"] for t in timings]
    return {
        "path": name,
        "objects": len(timings),
        "single_view_ms": statistics.median(single),
        "strip_ms": statistics.median(strip),
        "total_ms": statistics.median(total),
        "strip_share": statistics.median(s / t for s, t in zip(strip, total, strict=True)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programs", type=int, default=40)
    parser.add_argument("--glbs", type=int, default=20)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    programs = [p.read_text() for p in sorted(PROGRAMS_DIR.glob("*.js"))][: args.programs]
    manifest = load_manifest(ROOT / "benchmark_assets" / "manifest.json")
    glbs = [g for r in manifest.objects if (g := manifest.shipped_glb_path(r)) and g.is_file()]
    glbs = glbs[: args.glbs]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        executed = execute_on_host(
            [ExecutionJob(p, root / f"p{i}") for i, p in enumerate(programs)]
        )
        rendered = render_glbs_on_host([RenderJob(g, root / f"g{i}") for i, g in enumerate(glbs)])
    ok_programs = [r.timings_ms for r in executed if r.status.value == "ok"]
    ok_glbs = [r.timings_ms for r in rendered if r.status == "ok"]
    rows = [
        _row("program (execute + export + render)", ok_programs, glb=False),
        _row("reference GLB (render only)", ok_glbs, glb=True),
    ]
    views = pinned_views()
    print(
        f"{os.cpu_count()} cores, {cpu_model()}, {platform.system()} {platform.release()}; "
        f"{len(views.views)} views of {views.size} px ({views.version})\n"
    )
    print("| path | objects | single view (ms) | all views (ms) | total (ms) | views share |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['path']} | {r['objects']} | {r['single_view_ms']:.0f} | {r['strip_ms']:.0f} | "
            f"{r['total_ms']:.0f} | {100 * r['strip_share']:.0f}% |"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()

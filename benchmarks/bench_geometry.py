"""Benchmark of the geometry metrics (code3dbench.scorers.geometry), in one run.

Sections, each printed as a Markdown table:

1. time and peak memory per pair at 10,000 and 100,000 samples (CPU backend, and
   PyTorch3D when importable), meshes in memory, plus the aligned diagnostic;
2. GLB load time (real assets when --assets exists, else the script's own objects);
3. a 2-million-triangle mesh: load, normalize + sample, score;
4. the sampling floor: identical meshes with independent samples;
5. the noise at 10,000 samples: spread of each metric over seeds for fixed pairs;
6. centring vs putting objects on the ground (the normalization ablation).

Time is the median wall time of `score_meshes` over all repeats of all pairs after
one warm-up call. Memory is the tracemalloc peak during one call (NumPy and Python
allocations; the KD-tree's C++ nodes are not traced), measured in a separate call
so tracing does not slow the timed ones; the process's max RSS is printed at the end.

Usage:
    .venv/bin/python benchmarks/bench_geometry.py [--assets DIR] [--repeats N] [--json OUT]
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import resource
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import trimesh
from machine import cpu_model

from code3dbench.scorers.geometry import (
    DEFAULT_N_SAMPLES,
    SurfaceSamples,
    TriangleMesh,
    load_mesh,
    normalize_mesh,
    pytorch3d_available,
    sample_pair,
    sample_surface,
    score_meshes,
    score_samples,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ASSETS = REPO_ROOT.parent / "shared" / "assets" / "glb"
SAMPLE_COUNTS = (10_000, 100_000)
TARGET_MS_AT_10K = 50.0


# ---------------------------------------------------------------- test objects


def _to_mesh(parts: list[trimesh.Trimesh], name: str) -> TriangleMesh:
    merged = trimesh.util.concatenate(parts)
    return TriangleMesh(merged.vertices, merged.faces, name=name)


def _moved(mesh: trimesh.Trimesh, offset: tuple[float, float, float]) -> trimesh.Trimesh:
    mesh.apply_translation(offset)
    return mesh


def make_objects() -> dict[str, TriangleMesh]:
    """Low-poly objects of about 500 to 3,000 triangles, built from primitives."""
    legs = [
        _moved(trimesh.creation.cylinder(radius=0.04, height=0.7, sections=32), (x, 0.35, z))
        for x in (-0.5, 0.5)
        for z in (-0.3, 0.3)
    ]
    table = [_moved(trimesh.creation.box(extents=(1.2, 0.06, 0.8)), (0, 0.73, 0))] + legs
    chair = [
        _moved(trimesh.creation.box(extents=(0.5, 0.05, 0.5)), (0, 0.45, 0)),
        _moved(trimesh.creation.box(extents=(0.5, 0.5, 0.05)), (0, 0.7, -0.23)),
    ] + [
        _moved(trimesh.creation.cylinder(radius=0.025, height=0.45, sections=48), (x, 0.22, z))
        for x in (-0.22, 0.22)
        for z in (-0.22, 0.22)
    ]
    lamp = [
        _moved(trimesh.creation.cylinder(radius=0.2, height=0.04, sections=64), (0, 0.02, 0)),
        _moved(trimesh.creation.cylinder(radius=0.02, height=0.8, sections=32), (0, 0.42, 0)),
        _moved(trimesh.creation.cone(radius=0.3, height=0.3, sections=64), (0, 0.75, 0)),
        _moved(trimesh.creation.icosphere(subdivisions=3, radius=0.06), (0, 0.82, 0)),
    ]
    mug = [
        trimesh.creation.annulus(r_min=0.3, r_max=0.34, height=0.8, sections=64),
        _moved(trimesh.creation.cylinder(radius=0.34, height=0.04, sections=64), (0, 0, -0.38)),
        _moved(
            trimesh.creation.torus(0.2, 0.04, major_sections=48, minor_sections=16), (0.4, 0, 0)
        ),
    ]
    rocket = [
        trimesh.creation.capsule(height=1.2, radius=0.25, count=[32, 32]),
        _moved(trimesh.creation.box(extents=(0.9, 0.03, 0.3)), (0, 0, -0.5)),
    ]
    return {
        name: _to_mesh(parts, name)
        for name, parts in {
            "table": table,
            "chair": chair,
            "lamp": lamp,
            "mug": mug,
            "rocket": rocket,
        }.items()
    }


def make_grid(n_triangles: int) -> TriangleMesh:
    """A wavy square sheet of about `n_triangles` triangles (2 per grid cell)."""
    side = int(np.sqrt(n_triangles / 2)) + 1
    xs = np.linspace(0.0, 1.0, side)
    x, z = np.meshgrid(xs, xs, indexing="ij")
    y = 0.05 * np.sin(6 * np.pi * x) * np.cos(6 * np.pi * z)
    vertices = np.stack([x.ravel(), y.ravel(), z.ravel()], axis=1)
    index = np.arange(side * side).reshape(side, side)
    a, b = index[:-1, :-1].ravel(), index[1:, :-1].ravel()
    c, d = index[1:, 1:].ravel(), index[:-1, 1:].ravel()
    faces = np.concatenate([np.stack([a, b, c], 1), np.stack([a, c, d], 1)])
    return TriangleMesh(vertices, faces, name=f"grid_{len(faces)}")


def find_assets(folder: Path | None, count: int) -> list[Path]:
    """Up to `count` GLBs spread evenly over `folder` (sorted, so the choice is stable)."""
    if folder is None or not folder.is_dir():
        return []
    files = sorted(folder.rglob("*.glb"))
    if len(files) <= count:
        return files
    return [files[i] for i in np.linspace(0, len(files) - 1, count).astype(int)]


# ---------------------------------------------------------------- measuring


def median_ms(call: Callable[[], object], repeats: int) -> tuple[float, float]:
    """(median wall time, median process CPU time) of `call` in ms, after one warm-up call.

    CPU time adds up all threads of this process; it is less disturbed than wall time
    by other programs competing for the cores.
    """
    call()
    wall, cpu = [], []
    for _ in range(repeats):
        wall_start, cpu_start = time.perf_counter(), time.process_time()
        call()
        wall.append((time.perf_counter() - wall_start) * 1000.0)
        cpu.append((time.process_time() - cpu_start) * 1000.0)
    return statistics.median(wall), statistics.median(cpu)


def peak_mib(call: Callable[[], object]) -> float:
    """tracemalloc peak of one call, in MiB."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    call()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def machine() -> dict[str, Any]:
    """CPU model and core count of this machine."""
    return {"cpu": cpu_model(), "cores": os.cpu_count(), "python": platform.python_version()}


def table(headers: list[str], rows: list[list[Any]]) -> str:
    """A Markdown table."""

    def cell(value: Any) -> str:
        return f"{value:.3g}" if isinstance(value, float) else str(value)

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


# ---------------------------------------------------------------- sections


def bench_pairs(
    objects: dict[str, TriangleMesh], repeats: int, backends: list[str]
) -> list[dict[str, Any]]:
    """Time and memory of score_meshes per pair, meshes in memory."""
    names = list(objects)
    pairs = [(objects[a], objects[b]) for a, b in zip(names, names[1:] + names[:1], strict=True)]
    rows = []
    settings = [
        (backend, n_samples, aligned)
        for backend in backends
        for n_samples in SAMPLE_COUNTS
        for aligned in (False, True)
        if not (aligned and n_samples != DEFAULT_N_SAMPLES)
    ]
    for backend, n_samples, aligned in settings:
        score = functools.partial(
            score_meshes, n_samples=n_samples, backend=backend, aligned=aligned
        )
        timings = [
            median_ms(functools.partial(score, pred, gt, seed=seed), repeats)
            for seed, (pred, gt) in enumerate(pairs)
        ]
        memory = peak_mib(functools.partial(score, *pairs[0]))
        rows.append(
            {
                "backend": backend,
                "n_samples": n_samples,
                "aligned": aligned,
                "median_ms": statistics.median(wall for wall, _ in timings),
                "max_pair_median_ms": max(wall for wall, _ in timings),
                "median_cpu_ms": statistics.median(cpu for _, cpu in timings),
                "peak_mib": memory,
            }
        )
    return rows


def bench_loading(assets: list[Path], objects: dict[str, TriangleMesh]) -> dict[str, Any]:
    """Median GLB load time, and load + score per pair from files."""
    with tempfile.TemporaryDirectory() as folder:
        files = list(assets)
        if not files:
            for name, mesh in objects.items():
                path = Path(folder) / f"{name}.glb"
                trimesh.Trimesh(mesh.vertices, mesh.faces, process=False).export(path)
                files.append(path)
        load_times = []
        faces = []
        for path in files:
            load_times.append(median_ms(lambda p=path: load_mesh(p), 3)[0])
            faces.append(load_mesh(path).n_faces)
        pair_times = [
            median_ms(lambda p=pred, g=gt: score_meshes(p, g), 3)[0]
            for pred, gt in zip(files, files[1:], strict=False)
        ]
    return {
        "files": len(files),
        "median_faces": int(statistics.median(faces)),
        "max_faces": int(max(faces)),
        "median_load_ms": statistics.median(load_times),
        "max_load_ms": max(load_times),
        "median_load_and_score_ms": statistics.median(pair_times) if pair_times else None,
    }


def bench_large(n_triangles: int, small: TriangleMesh) -> dict[str, Any]:
    """A very large mesh: GLB load, normalize + sample 10,000 points, score vs a small mesh."""
    grid = make_grid(n_triangles)
    rng = np.random.default_rng(0)
    normalize_ms, _ = median_ms(lambda: normalize_mesh(grid), 2)
    sample_ms, _ = median_ms(
        lambda: sample_surface(normalize_mesh(grid), DEFAULT_N_SAMPLES, rng), 2
    )
    score_ms, _ = median_ms(lambda: score_meshes(grid, small), 2)
    memory = peak_mib(lambda: score_meshes(grid, small))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.glb"
        trimesh.Trimesh(grid.vertices, grid.faces, process=False).export(path)
        size_mib = path.stat().st_size / 2**20
        load_ms, _ = median_ms(lambda: load_mesh(path), 1)
        load_memory = peak_mib(lambda: load_mesh(path))
    return {
        "faces": grid.n_faces,
        "glb_mib": size_mib,
        "load_ms": load_ms,
        "load_peak_mib": load_memory,
        "normalize_ms": normalize_ms,
        "normalize_and_sample_ms": sample_ms,
        "score_vs_small_ms": score_ms,
        "score_peak_mib": memory,
    }


def surface_area(mesh: TriangleMesh) -> float:
    """Surface area of the normalized mesh."""
    normalized = normalize_mesh(mesh)
    corners = normalized.vertices[normalized.faces]
    cross = np.cross(corners[:, 1] - corners[:, 0], corners[:, 2] - corners[:, 0])
    return float(np.linalg.norm(cross, axis=1).sum() / 2)


def bench_floor(meshes: list[TriangleMesh]) -> list[dict[str, Any]]:
    """Identical meshes, independent samples: the floor each metric cannot go below/above."""
    rows = []
    for mesh in meshes:
        scores = score_meshes(mesh, mesh)
        area = surface_area(mesh)
        rows.append(
            {
                "mesh": mesh.name,
                "area": area,
                "cd": scores.cd,
                "cd_predicted": 2 * area / (np.pi * DEFAULT_N_SAMPLES) * 1000,
                "f1": scores.f1,
                "f2": scores.f2,
                "f5": scores.f5,
                "nc": scores.nc,
            }
        )
    return rows


def summarize_floor(rows: list[dict[str, Any]]) -> dict[str, list[float]]:
    """5th, 50th and 95th percentile of each floor metric."""
    return {
        key: [float(np.percentile([row[key] for row in rows], q)) for q in (5, 50, 95)]
        for key in ("cd", "f1", "f2", "f5", "nc")
    }


def bench_noise(pairs: list[tuple[TriangleMesh, TriangleMesh]], seeds: int) -> list[dict[str, Any]]:
    """Standard deviation of each metric over `seeds` seeds, at 10,000 samples."""
    rows = []
    for pred, gt in pairs:
        runs = [score_meshes(pred, gt, seed=seed) for seed in range(seeds)]
        row: dict[str, Any] = {"pair": f"{Path(pred.name).stem} vs {Path(gt.name).stem}"}
        for key in ("cd", "f1", "f2", "f5", "nc"):
            values = np.array([getattr(run, key) for run in runs])
            row[f"{key}_mean"] = float(values.mean())
            row[f"{key}_std"] = float(values.std(ddof=1))
        rows.append(row)
    return rows


def grounded_cd(pred: TriangleMesh, gt: TriangleMesh) -> tuple[float, float]:
    """(CD centred, CD with both meshes standing on y = 0) on the same samples."""
    pred_samples, gt_samples = sample_pair(pred, gt)
    centred = score_samples(pred_samples, gt_samples)

    def lift(mesh: TriangleMesh, samples: SurfaceSamples) -> SurfaceSamples:
        lowest = normalize_mesh(mesh).vertices[:, 1].min()
        return SurfaceSamples(samples.points + [0.0, -lowest, 0.0], samples.normals)

    grounded = score_samples(lift(pred, pred_samples), lift(gt, gt_samples))
    return centred.cd, grounded.cd


def stretched(mesh: TriangleMesh, factors: np.ndarray) -> TriangleMesh:
    """`mesh` scaled by `factors` per axis: the right shape with wrong proportions."""
    return TriangleMesh(mesh.vertices * factors, mesh.faces, name=mesh.name)


def bench_ground(meshes: list[TriangleMesh]) -> dict[str, Any]:
    """Median ratio CD(grounded) / CD(centred) for three kinds of imperfect prediction.

    - height 0.85: the prediction is the ground truth with its height (y) scaled by 0.85;
    - random proportions: each axis scaled by 1 + U(-0.2, 0.2);
    - neighbours: two different assets that follow each other in the folder listing.
    """
    rng = np.random.default_rng(0)
    height = [grounded_cd(stretched(mesh, np.array([1.0, 0.85, 1.0])), mesh) for mesh in meshes]
    proportions = [
        grounded_cd(stretched(mesh, 1.0 + rng.uniform(-0.2, 0.2, size=3)), mesh) for mesh in meshes
    ]
    neighbours = [grounded_cd(a, b) for a, b in zip(meshes, meshes[1:], strict=False)]

    def ratio(values: list[tuple[float, float]]) -> float:
        return float(statistics.median(grounded / centred for centred, grounded in values))

    return {
        "pairs": len(meshes),
        "height_0.85_ratio": ratio(height),
        "height_0.85_share_above_1.5": float(np.mean([g / c > 1.5 for c, g in height])),
        "random_proportions_ratio": ratio(proportions),
        "neighbour_assets_ratio": ratio(neighbours),
    }


def bench_backends_agree(objects: dict[str, TriangleMesh]) -> dict[str, float]:
    """Largest difference between CPU and PyTorch3D metrics on the same points."""
    names = list(objects)
    worst: dict[str, float] = {}
    for a, b in zip(names, names[1:], strict=False):
        pred, gt = sample_pair(objects[a], objects[b])
        cpu = score_samples(pred, gt, backend="cpu")
        torch3d = score_samples(pred, gt, backend="pytorch3d")
        for key in ("cd", "f1", "f2", "f5", "nc"):
            gap = abs(getattr(cpu, key) - getattr(torch3d, key))
            worst[key] = max(worst.get(key, 0.0), gap)
    return worst


# ---------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--assets",
        type=Path,
        default=DEFAULT_ASSETS if DEFAULT_ASSETS.is_dir() else None,
        help=f"folder of real GLBs (default {DEFAULT_ASSETS} when it exists)",
    )
    parser.add_argument("--repeats", type=int, default=5, help="timed calls per pair")
    parser.add_argument("--floor-assets", type=int, default=100, help="real GLBs in the floor")
    parser.add_argument("--noise-seeds", type=int, default=30, help="seeds per noise pair")
    parser.add_argument("--large", type=int, default=2_000_000, help="triangles of the big mesh")
    parser.add_argument("--json", type=Path, help="also write all results to this JSON file")
    args = parser.parse_args()

    info = machine()
    objects = make_objects()
    backends = ["cpu"] + (["pytorch3d"] if pytorch3d_available() else [])
    print(f"# Geometry benchmark\n\n{info['cores']} cores, {info['cpu']}, Python {info['python']}")
    print("objects: " + ", ".join(f"{n} ({m.n_faces} tris)" for n, m in objects.items()))

    timing = bench_pairs(objects, args.repeats, backends)
    print("\n## Time and memory per pair (meshes in memory)\n")
    print(
        table(
            ["backend", "samples", "aligned", "median ms", "slowest pair ms", "CPU ms", "peak MiB"],
            [
                [
                    r["backend"],
                    r["n_samples"],
                    r["aligned"],
                    r["median_ms"],
                    r["max_pair_median_ms"],
                    r["median_cpu_ms"],
                    r["peak_mib"],
                ]
                for r in timing
            ],
        )
    )
    main_row = next(r for r in timing if r["n_samples"] == 10_000 and not r["aligned"])
    verdict = "meets" if main_row["median_ms"] < TARGET_MS_AT_10K else "MISSES"
    print(f"\n10,000 samples: {main_row['median_ms']:.1f} ms, {verdict} the 50 ms target")

    assets = find_assets(args.assets, 20)
    loading = bench_loading(assets, objects)
    print("\n## Loading GLBs\n")
    print(table(list(loading), [list(loading.values())]))

    large = bench_large(args.large, objects["table"])
    print(f"\n## {large['faces']:,}-triangle mesh\n")
    print(table(list(large), [list(large.values())]))

    floor_meshes = [load_mesh(p) for p in find_assets(args.assets, args.floor_assets)]
    floor_meshes += list(objects.values())
    floor = bench_floor(floor_meshes)
    floor_summary = summarize_floor(floor)
    ratios = [r["cd"] / r["cd_predicted"] for r in floor]
    print(f"\n## Sampling floor: identical meshes, independent samples ({len(floor)} meshes)\n")
    print(
        table(
            ["metric", "5th pct", "median", "95th pct"],
            [[key, *values] for key, values in floor_summary.items()],
        )
    )
    print(
        f"\nCD / (2 A / (pi N)) x 10^3: median {statistics.median(ratios):.3f}, "
        f"5th pct {np.percentile(ratios, 5):.3f}, 95th pct {np.percentile(ratios, 95):.3f}\n"
    )
    print(
        table(
            ["synthetic object", "area", "cd", "f1", "nc"],
            [[r["mesh"], r["area"], r["cd"], r["f1"], r["nc"]] for r in floor[-len(objects) :]],
        )
    )

    box = _to_mesh([trimesh.creation.box()], "cube")
    short_box = _to_mesh([trimesh.creation.box(extents=(1.0, 1.0, 0.6))], "short_cube")
    noise_pairs = [(box, box), (short_box, box), (objects["table"], objects["chair"])]
    if len(floor_meshes) > len(objects) + 1:
        noise_pairs.append((floor_meshes[0], floor_meshes[1]))
    noise = bench_noise(noise_pairs, args.noise_seeds)
    print(f"\n## Noise at 10,000 samples: std over {args.noise_seeds} seeds\n")
    print(
        table(
            ["pair", "cd mean", "cd std", "f1 std", "f2 std", "f5 std", "nc std"],
            [
                [
                    r["pair"],
                    r["cd_mean"],
                    r["cd_std"],
                    r["f1_std"],
                    r["f2_std"],
                    r["f5_std"],
                    r["nc_std"],
                ]
                for r in noise
            ],
        )
    )

    ground = bench_ground(floor_meshes[: min(len(floor_meshes), 40)])
    print("\n## Centred vs grounded normalization (CD grounded / CD centred)\n")
    print(table(list(ground), [list(ground.values())]))

    agreement = bench_backends_agree(objects) if "pytorch3d" in backends else None
    if agreement is not None:
        print("\n## CPU vs PyTorch3D on the same points (largest absolute difference)\n")
        print(table(list(agreement), [list(agreement.values())]))
    else:
        print("\nPyTorch3D is not importable here: its rows are absent.")

    max_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nprocess max RSS: {max_rss_mib:.0f} MiB")
    if args.json:
        results = {
            "machine": info,
            "timing": timing,
            "loading": loading,
            "large": large,
            "floor": floor,
            "floor_summary": floor_summary,
            "noise": noise,
            "ground": ground,
            "backend_agreement": agreement,
            "max_rss_mib": max_rss_mib,
        }
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()

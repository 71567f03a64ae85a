"""Write the committed manifests and the licence evidence of the shipped objects.

    python scripts/build_manifests.py benchmark --sources ../shared/assets/sources.json
    python scripts/build_manifests.py builtin

``benchmark`` turns the asset mirror's sources.json into benchmark_assets/manifest.json and
benchmark_assets/LICENSES.md (the licence evidence of every pack and source repository). The
GLB files themselves are committed once, as benchmark_assets/glb/<id>.glb; the tests check each
against the manifest's sha256.
``builtin`` runs every program of benchmark_assets/builtin/ (names `<category>_<object>.js`) in
the executor and records its hash and triangle count in benchmark_assets/builtin/manifest.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from code3dbench.assets.manifest import (
    CATEGORIES,
    AssetRecord,
    manifest_from_sources,
    parse_manifest,
)
from code3dbench.assets.store import sha256_bytes
from code3dbench.sandbox.host import ExecutionJob, execute_on_host
from code3dbench.sandbox.result import ExecutionStatus

BENCHMARK_DESCRIPTION = (
    "Code3DBench shared split: CC0 low-poly GLB objects from Kenney, Quaternius and KayKit "
    "packs, pinned to upstream commits. `sha256` is the benchmark file; for converted objects "
    "(source.converted_from) the upstream file differs and is verified by source.sha256."
)
BUILTIN_DESCRIPTION = (
    "Built-in mini set: Three.js programs written for this project in the scaffold contract; "
    "the ground truth is what the executor makes of them. Works offline."
)


def licence_evidence(records: list[dict]) -> str:
    """LICENSES.md: for each pack and source repository, its licence, objects and evidence."""
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for record in records:
        groups[(record["pack"], record["source_repo"])].append(record)
    licences = ", ".join(sorted({r["license"] for r in records}))
    lines = [
        "# Licences of the shipped benchmark objects",
        "",
        f"All {len(records)} objects in `glb/` are {licences}"
        " (public domain dedication; attribution not required). Below, for each pack and the",
        "repository its files were read from: creator, objects, the commit read, and the evidence",
        "of the licence. Written by `scripts/build_manifests.py benchmark` from the asset set's",
        "`sources.json`; per-object provenance (upstream path, commit, hash, conversion) is in",
        "`manifest.json`.",
        "",
    ]
    for (pack, repo), members in sorted(groups.items()):
        commits = sorted({r["source_commit"] for r in members})
        lines += [
            f"## {pack} ({repo.removeprefix('https://github.com/')})",
            "",
            f"- creator: {members[0]['creator']}",
            f"- licence: {', '.join(sorted({r['license'] for r in members}))}",
            f"- objects: {len(members)}",
            f"- repository: {repo} at {', '.join(commits)}",
        ]
        for evidence in sorted({r["license_evidence"] for r in members}):
            lines.append(f"- evidence: {evidence}")
        lines.append("")
    return "\n".join(lines)


def build_benchmark(sources: Path, out: Path) -> int:
    """Write the benchmark manifest and LICENSES.md from a mirror's sources.json."""
    records = json.loads(sources.read_text())
    manifest = manifest_from_sources(records, "code3dbench-shared", BENCHMARK_DESCRIPTION)
    out.write_text(manifest.to_json())
    (out.parent / "LICENSES.md").write_text(licence_evidence(records))
    print(f"{out}: {len(manifest.objects)} objects; {out.parent / 'LICENSES.md'}")
    return 0


def build_builtin(folder: Path) -> int:
    """Run the built-in programs and write their manifest."""
    programs = sorted(folder.glob("*.js"))
    with tempfile.TemporaryDirectory() as tmp:
        jobs = [ExecutionJob(p.read_text(), Path(tmp) / p.stem) for p in programs]
        results = execute_on_host(jobs, concurrency=2)
    records = []
    for path, result in zip(programs, results, strict=True):
        category = path.stem.split("_")[0]
        if category not in CATEGORIES:
            print(f"{path.name}: unknown category {category!r}", file=sys.stderr)
            return 1
        if result.status is not ExecutionStatus.OK:
            print(f"{path.name}: {result.summary()}", file=sys.stderr)
            return 1
        records.append(
            AssetRecord(
                id=path.stem,
                category=category,
                pack="code3dbench built-in",
                creator="code3dbench contributors",
                license="MIT",
                program=path.name,
                sha256=sha256_bytes(path.read_bytes()),
                triangles=result.triangles,
            ).model_dump()
        )
    manifest = parse_manifest(
        {"name": "code3dbench-builtin", "description": BUILTIN_DESCRIPTION, "objects": records}
    )
    (folder / "manifest.json").write_text(manifest.to_json())
    print(f"{folder / 'manifest.json'}: {len(records)} objects")
    return 0


def main() -> int:
    """Parse the arguments and write one manifest."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("which", choices=["benchmark", "builtin"])
    parser.add_argument("--sources", type=Path, default=Path("../shared/assets/sources.json"))
    args = parser.parse_args()
    assets = Path(__file__).resolve().parents[1] / "benchmark_assets"
    if args.which == "benchmark":
        return build_benchmark(args.sources, assets / "manifest.json")
    return build_builtin(assets / "builtin")


if __name__ == "__main__":
    sys.exit(main())

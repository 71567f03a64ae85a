"""``assets import``: copy verified GLBs from a local folder (a mirror) into the cache."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from code3dbench.assets.manifest import AssetRecord, Manifest
from code3dbench.assets.store import AssetError, AssetStore

logger = logging.getLogger(__name__)

SOURCES_FILE = "sources.json"


@dataclass
class BatchReport:
    """What a batch command did, object by object."""

    done: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)

    def fail(self, object_id: str, message: str) -> None:
        """Record a failed object and warn about it (the batch goes on)."""
        self.failed[object_id] = message
        logger.warning(message)

    def summary(self, verb: str) -> str:
        """One line: counts of each outcome."""
        parts = [f"{len(self.done)} {verb}", f"{len(self.already)} already present"]
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped")
        if self.failed:
            parts.append(f"{len(self.failed)} failed")
        return ", ".join(parts)


def folder_index(folder: Path) -> dict[str, Path]:
    """Map object ids to GLB paths in a mirror folder.

    Uses ``sources.json`` when present (records with an ``id``, files at ``glb/<id>.glb``), else
    every ``*.glb`` below the folder, named by its path without the suffix (``glb/`` dropped).
    """
    index: dict[str, Path] = {}
    sources = folder / SOURCES_FILE
    if sources.is_file():
        try:
            records = json.loads(sources.read_text(encoding="utf-8"))
        except json.JSONDecodeError as err:
            raise ValueError(f"{sources}: not valid JSON ({err})") from err
        if not isinstance(records, list):
            raise ValueError(f"{sources}: expected a JSON list of records")
        for position, record in enumerate(records):
            object_id = record.get("id") if isinstance(record, dict) else None
            if not isinstance(object_id, str):
                logger.warning("%s: record #%d has no id; skipped", sources, position)
                continue
            index[object_id] = folder / "glb" / f"{object_id}.glb"
        return index
    for path in sorted(folder.rglob("*.glb")):
        relative = path.relative_to(folder).with_suffix("").as_posix()
        index[relative.removeprefix("glb/")] = path
    return index


def import_folder(
    folder: Path,
    manifest: Manifest,
    store: AssetStore,
    on_object: Callable[[str], None] | None = None,
) -> BatchReport:
    """Import every manifest object found in ``folder``, checking each file's sha256.

    A missing, mismatched or corrupt file is reported and skipped; the rest are imported.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: no such folder")
    index = folder_index(folder)
    report = BatchReport()
    for record in manifest.objects:
        if record.is_program:
            continue
        _import_one(record, index.get(record.id), store, report)
        if on_object:
            on_object(record.id)
    unknown = sorted(set(index) - {r.id for r in manifest.objects})
    for object_id in unknown:
        report.skipped[object_id] = f"{object_id}: not in manifest {manifest.name!r}"
    if unknown:
        logger.warning(
            "%d file(s) in %s are not in manifest %r (e.g. %s); not imported",
            len(unknown),
            folder,
            manifest.name,
            unknown[0],
        )
    return report


def _import_one(
    record: AssetRecord, path: Path | None, store: AssetStore, report: BatchReport
) -> None:
    if store.has_verified_glb(record):
        report.already.append(record.id)
        return
    if path is None or not path.is_file():
        where = path if path is not None else "the folder"
        report.fail(record.id, f"{record.id}: missing from {where}")
        return
    try:
        store.add_glb(record, path.read_bytes())
    except AssetError as err:
        report.fail(record.id, f"{err} (file {path})")
        return
    report.done.append(record.id)

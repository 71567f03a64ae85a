"""``assets verify``: check every object of a manifest where it is, and say what is wrong.

A GLB object is checked in the file shipped beside its manifest (``glb/<id>.glb``) when there is
one, else in the asset cache; a built-in object in its program file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from code3dbench.assets.locate import find_glb, glb_origin
from code3dbench.assets.manifest import AssetRecord, Manifest
from code3dbench.assets.store import (
    AssetError,
    AssetStore,
    CorruptAssetError,
    HashMismatchError,
    check_glb_bytes,
    sha256_bytes,
)
from code3dbench.scorers.geometry import GeometryError, load_mesh_bytes

VerifyStatus = Literal["ok", "missing", "hash_mismatch", "corrupt", "triangle_mismatch"]


@dataclass(frozen=True)
class VerifyResult:
    """The state of one object: ``origin`` is "shipped", "cache" or "program" (None: missing)."""

    id: str
    status: VerifyStatus
    message: str = ""
    origin: str | None = None


def verify_record(
    record: AssetRecord, manifest: Manifest, store: AssetStore, deep: bool = False
) -> VerifyResult:
    """Check one object: file present, sha256, GLB container, and (deep) its triangle count."""
    if record.is_program:
        path = manifest.program_path(record)
        if not path.is_file():
            return VerifyResult(record.id, "missing", f"{record.id}: program {path} not found")
        origin = "program"
        actual = sha256_bytes(path.read_bytes())
        if actual != record.sha256:
            return VerifyResult(
                record.id,
                "hash_mismatch",
                f"{record.id}: program {path.name} changed since the manifest was written "
                f"(sha256 {actual[:12]}..., manifest {record.sha256[:12]}...)",
                origin,
            )
        return VerifyResult(record.id, "ok", origin=origin)
    path = find_glb(manifest, record, store)
    if path is None:
        return VerifyResult(
            record.id,
            "missing",
            f"{record.id}: neither shipped with the manifest nor in the cache "
            f"({store.glb_path(record)})",
        )
    origin = glb_origin(manifest, path)
    data = path.read_bytes()
    try:
        check_glb_bytes(data, record)
    except HashMismatchError as err:
        return VerifyResult(record.id, "hash_mismatch", f"{err} ({origin} file {path})", origin)
    except CorruptAssetError as err:
        return VerifyResult(record.id, "corrupt", f"{err} ({origin} file {path})", origin)
    if deep:
        try:
            triangles = len(load_mesh_bytes(data, name=record.id).faces)
        except GeometryError as err:
            return VerifyResult(
                record.id, "corrupt", f"{record.id}: cannot load the mesh: {err}", origin
            )
        if triangles != record.triangles:
            return VerifyResult(
                record.id,
                "triangle_mismatch",
                f"{record.id}: {triangles} triangles, the manifest says {record.triangles}",
                origin,
            )
    return VerifyResult(record.id, "ok", origin=origin)


def verify_manifest(
    manifest: Manifest,
    store: AssetStore,
    deep: bool = False,
    on_result: Callable[[VerifyResult], None] | None = None,
) -> list[VerifyResult]:
    """Verify every object of a manifest; never stops at a bad one."""
    results = []
    for record in manifest.objects:
        try:
            result = verify_record(record, manifest, store, deep)
        except (AssetError, OSError) as err:
            result = VerifyResult(record.id, "corrupt", f"{record.id}: {err}")
        results.append(result)
        if on_result:
            on_result(result)
    return results

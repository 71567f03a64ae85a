"""``assets verify``: check every object of a manifest against the cache, and say what is wrong."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

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
    """The state of one object in the cache."""

    id: str
    status: VerifyStatus
    message: str = ""


def verify_record(
    record: AssetRecord, manifest: Manifest, store: AssetStore, deep: bool = False
) -> VerifyResult:
    """Check one object: file present, sha256, GLB container, and (deep) its triangle count."""
    if record.is_program:
        path = manifest.program_path(record)
        if not path.is_file():
            return VerifyResult(record.id, "missing", f"{record.id}: program {path} not found")
        actual = sha256_bytes(path.read_bytes())
        if actual != record.sha256:
            return VerifyResult(
                record.id,
                "hash_mismatch",
                f"{record.id}: program {path.name} changed since the manifest was written "
                f"(sha256 {actual[:12]}..., manifest {record.sha256[:12]}...)",
            )
        return VerifyResult(record.id, "ok")
    path = store.glb_path(record)
    if not path.is_file():
        return VerifyResult(record.id, "missing", f"{record.id}: not in the cache ({path})")
    data = path.read_bytes()
    try:
        check_glb_bytes(data, record)
    except HashMismatchError as err:
        return VerifyResult(record.id, "hash_mismatch", str(err))
    except CorruptAssetError as err:
        return VerifyResult(record.id, "corrupt", str(err))
    if deep:
        try:
            triangles = len(load_mesh_bytes(data, name=record.id).faces)
        except GeometryError as err:
            return VerifyResult(record.id, "corrupt", f"{record.id}: cannot load the mesh: {err}")
        if triangles != record.triangles:
            return VerifyResult(
                record.id,
                "triangle_mismatch",
                f"{record.id}: {triangles} triangles, the manifest says {record.triangles}",
            )
    return VerifyResult(record.id, "ok")


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

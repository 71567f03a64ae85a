"""Where an object's GLB is: shipped beside its manifest, else in the asset cache.

The benchmark ships its 848 GLBs in ``benchmark_assets/glb/<id>.glb``, so they are read in
place; the cache holds only objects that were fetched or imported (other manifests, or other
copies). A shipped file always wins: a damaged shipped file is reported, never replaced in
silence by a cached copy.
"""

from __future__ import annotations

from pathlib import Path

from code3dbench.assets.manifest import AssetRecord, Manifest
from code3dbench.assets.store import AssetStore, MissingAssetError


def shipped_glb(manifest: Manifest, record: AssetRecord) -> Path | None:
    """The object's GLB shipped beside its manifest, if that file exists."""
    path = manifest.shipped_glb_path(record)
    return path if path is not None and path.is_file() else None


def find_glb(manifest: Manifest, record: AssetRecord, store: AssetStore) -> Path | None:
    """The GLB file of an object if there is one (no hashing: a quick look on disk)."""
    shipped = shipped_glb(manifest, record)
    if shipped is not None:
        return shipped
    cached = store.glb_path(record)  # written only after its sha256 was checked
    return cached if cached.is_file() else None


def glb_origin(manifest: Manifest, path: Path) -> str:
    """'shipped' when a GLB path is one shipped with the manifest, else 'cache'."""
    if manifest.path is not None and path.is_relative_to(manifest.path.parent):
        return "shipped"
    return "cache"


def verified_glb(manifest: Manifest, record: AssetRecord, store: AssetStore) -> Path:
    """The GLB file of an object, its sha256 checked (once per file, see `AssetStore.check_once`).

    Raises:
        MissingAssetError: no file: neither shipped nor in the cache.
        HashMismatchError: the file is not the benchmark's file of this object.
        CorruptAssetError: the container is broken.
        OSError: the file cannot be read.
    """
    path = find_glb(manifest, record, store)
    if path is None:
        raise MissingAssetError(
            f"{record.id}: its GLB is neither shipped with the manifest nor in the asset cache "
            f"({store.root}); run `code3dbench assets fetch` or `code3dbench assets import DIR`"
        )
    store.check_once(path, record)
    return path

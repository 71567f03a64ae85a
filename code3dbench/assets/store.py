"""The asset cache: verified GLB files by content hash, and rendered references.

Layout under the cache folder (``code3dbench.assets.locations.cache_dir``)::

    objects/<sha256[:2]>/<sha256>.glb          ground-truth GLBs (imported or fetched)
    verified/<sha256>.json                     a GLB file found good: its path, size, mtime
    references/<renderer>/<sha256>/            reference render of a GLB: render.png, result.json
    builtin/<renderer>/<sha256>/               a built-in program's run: object.glb, render.png, ...

``<renderer>`` is :func:`code3dbench.sandbox.runner_files.renderer_version`, so a change to the
renderer or to three.js never serves a stale image.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import tempfile
from pathlib import Path

from code3dbench.assets.manifest import AssetRecord

GLB_MAGIC = b"glTF"
JSON_CHUNK = 0x4E4F534A


class AssetError(ValueError):
    """An object's file is unusable; the message names the object."""


class MissingAssetError(AssetError):
    """The object's file is not where it should be."""


class HashMismatchError(AssetError):
    """The file's sha256 differs from the manifest's."""


class CorruptAssetError(AssetError):
    """The file is not a readable binary glTF."""


def sha256_bytes(data: bytes) -> str:
    """Hex sha256 of bytes."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_glb_structure(data: bytes, object_id: str) -> None:
    """Check the binary glTF container (header, lengths, JSON chunk) without a full parse.

    Raises:
        CorruptAssetError: naming the object and what is wrong.
    """
    if len(data) < 20:
        raise CorruptAssetError(f"{object_id}: not a GLB file ({len(data)} bytes)")
    magic, version, length = struct.unpack_from("<4sII", data, 0)
    if magic != GLB_MAGIC:
        raise CorruptAssetError(f"{object_id}: not a GLB file (no glTF header)")
    if version != 2:
        raise CorruptAssetError(f"{object_id}: glTF container version {version}, expected 2")
    if length != len(data):
        raise CorruptAssetError(
            f"{object_id}: truncated or padded GLB (header says {length} bytes, file has "
            f"{len(data)})"
        )
    chunk_length, chunk_type = struct.unpack_from("<II", data, 12)
    if chunk_type != JSON_CHUNK or 20 + chunk_length > len(data):
        raise CorruptAssetError(f"{object_id}: the GLB has no valid JSON chunk")
    try:
        document = json.loads(data[20 : 20 + chunk_length].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise CorruptAssetError(f"{object_id}: the GLB's JSON chunk is not valid JSON") from err
    if not isinstance(document, dict) or not document.get("meshes"):
        raise CorruptAssetError(f"{object_id}: the GLB holds no meshes")


def check_glb_bytes(data: bytes, record: AssetRecord) -> None:
    """Check a GLB against its manifest record: sha256 first, then the container.

    Raises:
        HashMismatchError: the bytes are not the benchmark's file.
        CorruptAssetError: the container is broken (only possible with a wrong manifest hash).
    """
    actual = sha256_bytes(data)
    if actual != record.sha256:
        raise HashMismatchError(
            f"{record.id}: sha256 mismatch (expected {record.sha256[:12]}..., got "
            f"{actual[:12]}...); the file is not the benchmark's version of this object"
        )
    check_glb_structure(data, record.id)


class AssetStore:
    """The cache folder and the paths of everything kept in it."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def glb_path(self, record: AssetRecord) -> Path:
        """Where an object's verified GLB is kept."""
        return self.root / "objects" / record.sha256[:2] / f"{record.sha256}.glb"

    def has_glb(self, record: AssetRecord) -> bool:
        """True when the GLB is present with the expected size (``verify`` checks the hash)."""
        path = self.glb_path(record)
        if not path.is_file():
            return False
        return record.bytes is None or path.stat().st_size == record.bytes

    def has_verified_glb(self, record: AssetRecord) -> bool:
        """True when the GLB is present and its sha256 is the manifest's."""
        return self.has_glb(record) and sha256_file(self.glb_path(record)) == record.sha256

    def add_glb(self, record: AssetRecord, data: bytes) -> Path:
        """Check a GLB's bytes against its record and store them atomically."""
        check_glb_bytes(data, record)
        path = self.glb_path(record)
        write_atomic(path, data)
        return path

    def check_once(self, path: Path, record: AssetRecord) -> None:
        """Check a GLB file against its record, once: a good file is remembered until it changes.

        The file's path, size and modification time are kept under ``verified/`` in the cache;
        while they are unchanged the file is not read again. An unwritable cache only means the
        check is repeated next time.

        Raises:
            HashMismatchError: the file is not the benchmark's file of this object.
            CorruptAssetError: the container is broken (only possible with a wrong manifest hash).
            OSError: the file cannot be read.
        """
        stat = path.stat()
        seen = {"path": str(path.resolve()), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
        stamp = self.root / "verified" / f"{record.sha256}.json"
        try:
            if json.loads(stamp.read_text(encoding="utf-8")) == seen:
                return
        except (OSError, ValueError):
            pass
        check_glb_bytes(path.read_bytes(), record)
        try:
            write_atomic(stamp, json.dumps(seen).encode())
        except OSError:
            pass

    def reference_dir(self, sha256: str, renderer: str) -> Path:
        """Folder of the reference render of a GLB with this hash."""
        return self.root / "references" / renderer / sha256

    def builtin_dir(self, sha256: str, renderer: str) -> Path:
        """Folder of the run of a built-in program with this hash."""
        return self.root / "builtin" / renderer / sha256


def write_atomic(path: Path, data: bytes) -> None:
    """Write bytes through a temporary file in the same folder, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

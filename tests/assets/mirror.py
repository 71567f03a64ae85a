"""A small asset mirror made by the tests: real GLBs (trimesh primitives) plus sources.json."""

from __future__ import annotations

import hashlib
import json
import struct
from pathlib import Path

import numpy as np
import trimesh
from PIL import Image

COMMIT = "0123456789abcdef0123456789abcdef01234567"


def textured_box() -> trimesh.Trimesh:
    """A box whose texture is a red/blue checker image (colour comes only from the texture)."""
    box = trimesh.creation.box(extents=(1.0, 0.6, 0.8))
    box.unmerge_vertices()
    checker = np.zeros((64, 64, 3), dtype=np.uint8)
    checker[:, :] = (200, 30, 30)
    checker[::16, :] = (30, 30, 200)
    uv = np.column_stack([box.vertices[:, 0] + 0.5, box.vertices[:, 2] + 0.5])
    material = trimesh.visual.material.SimpleMaterial(image=Image.fromarray(checker))
    box.visual = trimesh.visual.TextureVisuals(uv=uv, material=material)
    return box


MESHES = {
    "testpack/crate": lambda: trimesh.creation.box(extents=(1.0, 1.0, 1.0)),
    "testpack/barrel": lambda: trimesh.creation.cylinder(radius=0.4, height=1.0, sections=12),
    "testpack/rock": lambda: trimesh.creation.icosphere(subdivisions=1, radius=0.5),
    "otherpack/chest": textured_box,
}
CATEGORY = {"crate": "container", "barrel": "container", "rock": "nature", "chest": "container"}


def broken_glb() -> bytes:
    """A well-formed container whose mesh points at an accessor that does not exist."""
    document = {
        "asset": {"version": "2.0"},
        "scenes": [{"nodes": [0]}],
        "nodes": [{"mesh": 0}],
        "meshes": [{"primitives": [{"attributes": {"POSITION": 7}}]}],
    }
    text = json.dumps(document).encode()
    text += b" " * (-len(text) % 4)
    header = b"glTF" + struct.pack("<II", 2, 20 + len(text))
    return header + struct.pack("<II", len(text), 0x4E4F534A) + text


def glb_bytes(mesh: trimesh.Trimesh) -> bytes:
    return trimesh.Scene(mesh).export(file_type="glb")


def make_mirror(folder: Path, ids: list[str] | None = None) -> list[dict]:
    """Write glb/<id>.glb files and sources.json in the shared mirror's format."""
    records = []
    for object_id in ids or list(MESHES):
        data = glb_bytes(MESHES[object_id]())
        path = folder / "glb" / f"{object_id}.glb"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        pack, name = object_id.split("/")
        sha = hashlib.sha256(data).hexdigest()
        records.append(
            {
                "id": object_id,
                "category": CATEGORY[name],
                "pack": pack,
                "creator": "code3dbench tests",
                "license": "CC0-1.0",
                "source_repo": "https://github.com/example/assets",
                "source_commit": COMMIT,
                "source_path": f"{object_id}.glb",
                "converted_from": None,
                "sha256": sha,
                "source_sha256": sha,
                "bytes": len(data),
                "triangles": len(MESHES[object_id]().faces),
            }
        )
    (folder / "sources.json").write_text(json.dumps(records, indent=1))
    return records

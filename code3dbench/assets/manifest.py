"""The benchmark manifest: which objects the benchmark holds and how to get each one.

A manifest is a JSON file (schema in ``docs/assets.md``)::

    {"schema_version": 1, "name": "...", "description": "...", "objects": [record, ...]}

Each record names an object by ``id`` and ``category`` and says where its ground truth comes
from: a GLB file (``url`` to download, ``sha256`` of the benchmark's file) or, for the
built-in set, a Three.js ``program`` (a path relative to the manifest) run by the executor.
A manifest may ship its GLB files beside it, as ``glb/<id>.glb`` (the benchmark's manifest
does); objects not shipped are fetched or imported into the asset cache.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

SCHEMA_VERSION = 1
CATEGORIES: tuple[str, ...] = (
    "character",
    "container",
    "food",
    "furniture",
    "nature",
    "prop",
    "tool",
    "vehicle",
)
Category = Literal[
    "character", "container", "food", "furniture", "nature", "prop", "tool", "vehicle"
]
SHA256_PATTERN = r"^[0-9a-f]{64}$"
ID_PATTERN = r"^[a-z0-9][a-z0-9_\-]*(/[a-z0-9][a-z0-9_\-]*)*$"
RAW_GITHUB = "https://raw.githubusercontent.com"
SHIPPED_GLB_DIR = "glb"
"""Folder beside a manifest that may hold its objects' GLBs as ``<id>.glb``."""


class ManifestError(ValueError):
    """A manifest file is missing, malformed or inconsistent."""


class AssetSource(BaseModel):
    """Where a downloaded object came from upstream, and what was done to it."""

    model_config = ConfigDict(extra="forbid")

    repo: str
    commit: str = Field(pattern=r"^[0-9a-f]{40}$")
    path: str
    sha256: str = Field(pattern=SHA256_PATTERN, description="hash of the upstream file")
    converted_from: str | None = Field(
        default=None,
        description="null when the benchmark file is the upstream file byte for byte",
    )


class AssetRecord(BaseModel):
    """One benchmark object."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=ID_PATTERN)
    category: Category
    pack: str = Field(min_length=1)
    creator: str = Field(min_length=1)
    license: str = Field(min_length=1)
    url: str | None = Field(default=None, pattern=r"^https?://")
    program: str | None = None
    sha256: str = Field(pattern=SHA256_PATTERN, description="hash of the GLB or the program")
    bytes: int | None = Field(default=None, gt=0)
    triangles: int = Field(gt=0)
    source: AssetSource | None = None

    @model_validator(mode="after")
    def _one_origin(self) -> AssetRecord:
        if (self.url is None) == (self.program is None):
            raise ValueError("an object has either a url (a GLB) or a program, not both")
        return self

    @property
    def is_program(self) -> bool:
        """True for built-in objects, whose ground truth is made by running a program."""
        return self.program is not None

    @property
    def direct_download(self) -> bool:
        """True when ``url`` serves the benchmark's file itself (its bytes match ``sha256``)."""
        return self.url is not None and (self.source is None or self.source.converted_from is None)


class Manifest(BaseModel):
    """A set of benchmark objects; ``path`` is where it was read from (programs are beside it)."""

    model_config = ConfigDict(extra="forbid")

    schema_version: Literal[1] = SCHEMA_VERSION
    name: str = Field(min_length=1)
    description: str = ""
    objects: list[AssetRecord] = Field(min_length=1)
    path: Path | None = Field(default=None, exclude=True)

    @model_validator(mode="after")
    def _unique_ids(self) -> Manifest:
        seen: set[str] = set()
        for record in self.objects:
            if record.id in seen:
                raise ValueError(f"object id {record.id!r} appears more than once")
            seen.add(record.id)
        return self

    def get(self, object_id: str) -> AssetRecord:
        """The record of an object id; KeyError naming the id when absent."""
        for record in self.objects:
            if record.id == object_id:
                return record
        raise KeyError(f"no object {object_id!r} in manifest {self.name!r}")

    def program_path(self, record: AssetRecord) -> Path:
        """Absolute path of a built-in object's program."""
        if record.program is None or self.path is None:
            raise ValueError(f"{record.id}: not a program object of a manifest read from disk")
        return self.path.parent / record.program

    def shipped_glb_path(self, record: AssetRecord) -> Path | None:
        """Where a GLB shipped beside the manifest is (``glb/<id>.glb``; it may be absent).

        None for program objects and for manifests not read from disk.
        """
        if record.is_program or self.path is None:
            return None
        return self.path.parent / SHIPPED_GLB_DIR / f"{record.id}.glb"

    def to_json(self) -> str:
        """The manifest as committed: indented JSON, records in order."""
        data = self.model_dump(mode="json", exclude_none=True)
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def _describe(error: ValidationError, data: Any) -> str:
    """Turn pydantic errors into lines that name the object they concern."""
    lines = []
    for item in error.errors()[:10]:
        where = item["loc"]
        name = ".".join(str(part) for part in where)
        if len(where) >= 2 and where[0] == "objects" and isinstance(where[1], int):
            try:
                name = f"object {data['objects'][where[1]].get('id', where[1])!r}: " + ".".join(
                    str(part) for part in where[2:]
                )
            except (KeyError, IndexError, TypeError, AttributeError):
                pass
        lines.append(f"  {name}: {item['msg']}")
    more = len(error.errors()) - 10
    if more > 0:
        lines.append(f"  ... and {more} more")
    return "\n".join(lines)


def parse_manifest(data: Any, path: Path | None = None) -> Manifest:
    """Validate manifest data (already parsed from JSON); ManifestError names what is wrong."""
    where = str(path) if path else "manifest"
    if not isinstance(data, dict):
        kind = type(data).__name__
        raise ManifestError(f"{where}: expected a JSON object with 'objects', got {kind}")
    if not data.get("objects"):
        raise ManifestError(f"{where}: the manifest lists no objects")
    try:
        manifest = Manifest.model_validate(data)
    except ValidationError as err:
        raise ManifestError(f"{where}: invalid manifest:\n{_describe(err, data)}") from err
    manifest.path = path.resolve() if path else None
    return manifest


def load_manifest(path: Path | str) -> Manifest:
    """Read and validate a manifest file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise ManifestError(f"{path}: manifest not found") from err
    if not text.strip():
        raise ManifestError(f"{path}: the manifest file is empty")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise ManifestError(f"{path}: not valid JSON ({err})") from err
    return parse_manifest(data, path)


def raw_url(repo: str, commit: str, path: str) -> str:
    """The pinned raw-file URL of a GitHub repository file at one commit."""
    owner_name = re.sub(r"^https://github\.com/", "", repo).strip("/")
    return f"{RAW_GITHUB}/{owner_name}/{commit}/{path}"


def record_from_source(source: dict[str, Any]) -> AssetRecord:
    """A manifest record from one entry of the shared mirror's ``sources.json``."""
    return AssetRecord(
        id=source["id"],
        category=source["category"],
        pack=source["pack"],
        creator=source["creator"],
        license=source["license"],
        url=raw_url(source["source_repo"], source["source_commit"], source["source_path"]),
        sha256=source["sha256"],
        bytes=source["bytes"],
        triangles=source["triangles"],
        source=AssetSource(
            repo=source["source_repo"],
            commit=source["source_commit"],
            path=source["source_path"],
            sha256=source.get("source_sha256") or source["sha256"],
            converted_from=source.get("converted_from"),
        ),
    )


def manifest_from_sources(
    sources: list[dict[str, Any]], name: str, description: str = ""
) -> Manifest:
    """Build a manifest from ``sources.json`` records; ManifestError names a bad record."""
    records = []
    for index, source in enumerate(sources):
        label = source.get("id", f"#{index}") if isinstance(source, dict) else f"#{index}"
        try:
            records.append(record_from_source(source))
        except (KeyError, TypeError) as err:
            raise ManifestError(f"sources.json object {label!r}: missing field {err}") from err
        except ValidationError as err:
            raise ManifestError(
                f"sources.json object {label!r}: {err.errors()[0]['loc']}: {err.errors()[0]['msg']}"
            ) from err
    return parse_manifest(
        {"name": name, "description": description, "objects": [r.model_dump() for r in records]}
    )

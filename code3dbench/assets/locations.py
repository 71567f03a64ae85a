"""Where things are: the committed manifests and the asset cache."""

from __future__ import annotations

import os
from pathlib import Path

import code3dbench
from code3dbench.assets.manifest import Manifest, ManifestError, load_manifest

CACHE_ENV = "CODE3DBENCH_CACHE"
MANIFEST_FILE = "manifest.json"


def benchmark_assets_dir() -> Path:
    """The ``benchmark_assets`` folder: inside the installed package (a wheel) or the checkout."""
    package_dir = Path(code3dbench.__file__).resolve().parent
    for candidate in (package_dir / "benchmark_assets", package_dir.parent / "benchmark_assets"):
        if (candidate / MANIFEST_FILE).is_file():
            return candidate
    raise FileNotFoundError(
        f"benchmark_assets/{MANIFEST_FILE} is not installed beside the code3dbench package "
        f"({package_dir}); reinstall the package"
    )


def benchmark_manifest_path() -> Path:
    """The real benchmark's manifest (metadata of the downloadable GLB objects)."""
    return benchmark_assets_dir() / MANIFEST_FILE


def builtin_manifest_path() -> Path:
    """The built-in mini set's manifest (its programs are beside it)."""
    return benchmark_assets_dir() / "builtin" / MANIFEST_FILE


def cache_dir() -> Path:
    """The asset cache: $CODE3DBENCH_CACHE, else the user's cache folder."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "code3dbench"


def resolve_manifest(dataset: str | Path | None) -> Manifest:
    """The manifest a ``dataset`` argument names.

    ``None``, ``"benchmark"`` or ``"default"``: the real benchmark; ``"builtin"``: the built-in
    mini set; anything else: a path to a manifest file.

    Raises:
        ManifestError: the file is missing or invalid.
    """
    if dataset is None or str(dataset) in ("benchmark", "default"):
        return load_manifest(benchmark_manifest_path())
    if str(dataset) == "builtin":
        return load_manifest(builtin_manifest_path())
    path = Path(dataset).expanduser()
    if not path.exists() and path.suffix != ".json":
        raise ManifestError(
            f"unknown dataset {str(dataset)!r}: use 'benchmark' (default), 'builtin', or a path "
            "to a manifest .json file"
        )
    return load_manifest(path)

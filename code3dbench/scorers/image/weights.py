"""Find the weight files of LPIPS and CLIP on this machine, and say where a missing one goes.

Each file is looked for in order: the setting (API field or CLI flag), its
environment variable, then the places the upstream libraries cache it. A setting
or variable that names a missing file is reported as such (no silent fallback).
Looking is cheap and offline: files are neither read nor hashed here (see `pinned`
for the sha256 check and `download` for fetching a missing file).

A missing AlexNet backbone or CLIP file has a `DownloadTarget`: the cache path the
libraries themselves use (torch hub's checkpoints folder; the Hugging Face cache,
in huggingface_hub's own layout), so a download serves torchvision and open_clip too.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from code3dbench.scorers.image.constants import (
    ALEXNET_FILENAME,
    ALEXNET_WEIGHTS_ENV,
    CLIP_HF_BIN_FILENAME,
    CLIP_HF_FILENAME,
    CLIP_HF_REPO,
    CLIP_HF_REVISION,
    CLIP_OPENAI_FILENAME,
    CLIP_WEIGHTS_ENV,
    LPIPS_NET,
    LPIPS_VERSION,
    LPIPS_WEIGHTS_ENV,
)
from code3dbench.scorers.image.pinned import (
    ALEXNET,
    CLIP_BIN,
    CLIP_OPENAI,
    CLIP_SAFETENSORS,
    LPIPS_LINEAR,
    PinnedFile,
)

FETCH_COMMAND = "code3dbench weights fetch"
"""The command that downloads the missing weight files ahead of a run."""


@dataclass(frozen=True)
class DownloadTarget:
    """Where a downloadable weights file is stored.

    Attributes:
        pinned: The file (URL, sha256, size).
        path: Where the libraries, and the lookup here, find it.
        blob: Where its bytes are written: `path`, except in the Hugging Face cache
            (blobs/<sha256>, with `path` a link to it in snapshots/<revision>/).
        lock: The lock file that serialises downloads of it between processes.
        ref: In the Hugging Face cache, refs/main, written with the revision when absent
            (so open_clip finds the snapshot offline too); None elsewhere.
    """

    pinned: PinnedFile
    path: Path
    blob: Path
    lock: Path
    ref: Path | None = None


@dataclass(frozen=True)
class WeightsFile:
    """One weights file a metric needs: the file found, or why none was.

    Attributes:
        role: What the file is ("AlexNet backbone", ...).
        path: The file to load, None when not found.
        source: Where `path` came from ("CODE3DBENCH_CLIP_WEIGHTS", "torch hub cache", ...).
        problem: Why no usable file was found, with the fix; None when found.
        explicit: Whether a setting or environment variable named the file (then it is
            used as given, and never replaced by a cache or a download).
        accepted: The pinned release files this role accepts, by sha256.
        candidates: The cache places looked at, in order, as (source, path).
        target: Where a missing file is downloaded to; None when it is not downloadable.
        fix: What to do when no usable file is found.
    """

    role: str
    path: Path | None
    source: str | None
    problem: str | None
    explicit: bool = False
    accepted: tuple[PinnedFile, ...] = ()
    candidates: tuple[tuple[str, Path], ...] = ()
    target: DownloadTarget | None = None
    fix: str = ""

    @property
    def found(self) -> bool:
        """Whether a file was found."""
        return self.path is not None

    @property
    def downloadable(self) -> bool:
        """Whether a missing file would be downloaded (not named explicitly, has a target)."""
        return self.path is None and not self.explicit and self.target is not None

    def to_dict(self) -> dict[str, str | None]:
        """JSON-ready dictionary: role, path, source, problem."""
        return {
            "role": self.role,
            "path": None if self.path is None else str(self.path),
            "source": self.source,
            "problem": self.problem,
        }


def _cache_home() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or "~/.cache").expanduser()


def torch_hub_dir() -> Path:
    """The torch hub folder, as `torch.hub.get_dir()` computes it, without importing torch."""
    torch_home = os.environ.get("TORCH_HOME")
    base = Path(torch_home).expanduser() if torch_home else _cache_home() / "torch"
    return base / "hub"


def hf_hub_cache() -> Path:
    """huggingface_hub's cache folder ($HF_HUB_CACHE, $HF_HOME/hub, ~/.cache/huggingface/hub)."""
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"]).expanduser()
    hf_home = os.environ.get("HF_HOME")
    return (Path(hf_home).expanduser() if hf_home else _cache_home() / "huggingface") / "hub"


def package_dir(package: str) -> Path | None:
    """Folder of an installed top-level package, found without importing it."""
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def alexnet_target() -> DownloadTarget:
    """The AlexNet backbone in torch hub's checkpoints folder, where torchvision looks."""
    path = torch_hub_dir() / "checkpoints" / ALEXNET_FILENAME
    return DownloadTarget(ALEXNET, path, path, path.with_name(path.name + ".lock"))


def _clip_repo_dir() -> Path:
    return hf_hub_cache() / ("models--" + CLIP_HF_REPO.replace("/", "--"))


def clip_target() -> DownloadTarget:
    """open_clip_model.safetensors at the pinned revision, in huggingface_hub's cache layout."""
    repo = _clip_repo_dir()
    sha256 = CLIP_SAFETENSORS.sha256
    return DownloadTarget(
        CLIP_SAFETENSORS,
        path=repo / "snapshots" / CLIP_HF_REVISION / CLIP_HF_FILENAME,
        blob=repo / "blobs" / sha256,
        lock=hf_hub_cache() / ".locks" / repo.name / f"{sha256}.lock",
        ref=repo / "refs" / "main",
    )


def _locate(
    role: str,
    explicit: Path | None,
    setting: str,
    env: str,
    defaults: Sequence[tuple[str, Path]],
    accepted: tuple[PinnedFile, ...],
    target: DownloadTarget | None,
    fix: str,
) -> WeightsFile:
    """The explicit file, else the environment variable's, else the first default that exists."""
    if explicit is not None:
        named: tuple[str, Path] | None = (setting, Path(explicit).expanduser())
    elif os.environ.get(env):
        named = (env, Path(os.environ[env]).expanduser())
    else:
        named = None
    common = {"role": role, "accepted": accepted, "target": target, "fix": fix}
    if named is not None:
        source, path = named
        if path.is_file():
            return WeightsFile(path=path, source=source, problem=None, explicit=True, **common)
        return WeightsFile(
            path=None,
            source=source,
            problem=f"{role}: {path} (from {source}) is not a file; fix or unset {env}",
            explicit=True,
            **common,
        )
    candidates = tuple(defaults)
    for source, path in candidates:
        if path.is_file():
            return WeightsFile(
                path=path, source=source, problem=None, candidates=candidates, **common
            )
    looked = ", ".join(str(path) for _, path in candidates) or "nowhere else"
    return WeightsFile(
        path=None,
        source=None,
        problem=f"{role} not found ({env} is unset; looked at {looked}); {fix}",
        candidates=candidates,
        **common,
    )


def _fetch_fix(target: DownloadTarget, env: str) -> str:
    return (
        f"run `{FETCH_COMMAND}` on a machine with network access (it downloads "
        f"{target.pinned.name}, {target.pinned.describe_size()}), or set {env}"
    )


def locate_lpips_linear(explicit: Path | None = None) -> WeightsFile:
    """The LPIPS linear layers: setting, $CODE3DBENCH_LPIPS_WEIGHTS, else lpips' bundled copy."""
    defaults = []
    lpips_dir = package_dir("lpips")
    if lpips_dir is not None:
        bundled = lpips_dir / "weights" / f"v{LPIPS_VERSION}" / f"{LPIPS_NET}.pth"
        defaults.append(("bundled with lpips", bundled))
    return _locate(
        "LPIPS linear layers",
        explicit,
        "lpips_weights (--lpips-weights)",
        LPIPS_WEIGHTS_ENV,
        defaults,
        (LPIPS_LINEAR,),
        None,
        f'reinstall lpips (pip install --force-reinstall "lpips>=0.1.4"), or set '
        f"{LPIPS_WEIGHTS_ENV} to its weights/v{LPIPS_VERSION}/{LPIPS_NET}.pth",
    )


def locate_alexnet(explicit: Path | None = None) -> WeightsFile:
    """The AlexNet backbone: setting, $CODE3DBENCH_ALEXNET_WEIGHTS, else the torch hub cache."""
    target = alexnet_target()
    return _locate(
        "AlexNet backbone",
        explicit,
        "alexnet_weights (--alexnet-weights)",
        ALEXNET_WEIGHTS_ENV,
        [("torch hub cache", target.path)],
        (ALEXNET,),
        target,
        _fetch_fix(target, ALEXNET_WEIGHTS_ENV),
    )


def _hf_snapshots(target: DownloadTarget) -> list[tuple[str, Path]]:
    """open_clip-format files of the OpenAI ViT-B-32 in the Hugging Face cache, pinned first."""
    found = [("Hugging Face cache", target.path)]
    snapshots = target.path.parent.parent
    if snapshots.is_dir():
        found += [
            ("Hugging Face cache", snapshot / name)
            for snapshot in sorted(snapshots.iterdir())
            for name in (CLIP_HF_FILENAME, CLIP_HF_BIN_FILENAME)
            if snapshot / name != target.path
        ]
    return found


def locate_clip(explicit: Path | None = None) -> WeightsFile:
    """The CLIP ViT-B-32 OpenAI checkpoint: setting, $CODE3DBENCH_CLIP_WEIGHTS, else caches.

    The caches are, in order: the Hugging Face cache of the repository open_clip downloads
    from (the pinned revision first, then any other snapshot), then open_clip's download
    folder for OpenAI's own file (~/.cache/clip/ViT-B-32.pt).
    """
    target = clip_target()
    defaults = _hf_snapshots(target)
    defaults.append(("open_clip cache", Path("~/.cache/clip").expanduser() / CLIP_OPENAI_FILENAME))
    return _locate(
        "CLIP ViT-B-32 OpenAI weights",
        explicit,
        "clip_weights (--clip-weights)",
        CLIP_WEIGHTS_ENV,
        defaults,
        (CLIP_SAFETENSORS, CLIP_BIN, CLIP_OPENAI),
        target,
        _fetch_fix(target, CLIP_WEIGHTS_ENV),
    )

"""Find the weight files of LPIPS and CLIP on this machine, without any network access.

Each file is looked for in order: the setting (API field or CLI flag), its
environment variable, then the places the upstream libraries cache it. A setting
or variable that names a missing file is reported as such (no silent fallback).
Offline, open_clip would retry its hub download for about 30 s and torchvision
would try to fetch AlexNet, so availability is decided here, from files alone.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from code3dbench.scorers.image.constants import (
    ALEXNET_FILENAME,
    ALEXNET_URL,
    ALEXNET_WEIGHTS_ENV,
    CLIP_HF_REPO,
    CLIP_OPENAI_FILENAME,
    CLIP_OPENAI_URL,
    CLIP_WEIGHTS_ENV,
    LPIPS_LINEAR_URL,
    LPIPS_NET,
    LPIPS_VERSION,
    LPIPS_WEIGHTS_ENV,
)

_CLIP_HF_FILENAMES = ("open_clip_model.safetensors", "open_clip_pytorch_model.bin")


@dataclass(frozen=True)
class WeightsFile:
    """One weights file a metric needs: the file found, or why none was.

    Attributes:
        role: What the file is ("AlexNet backbone", ...).
        path: The file to load, None when not found.
        source: Where `path` came from ("CODE3DBENCH_CLIP_WEIGHTS", "torch hub cache", ...).
        problem: Why no usable file was found, with the fix; None when found.
    """

    role: str
    path: Path | None
    source: str | None
    problem: str | None

    @property
    def found(self) -> bool:
        """Whether a file was found."""
        return self.path is not None

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


def _locate(
    role: str,
    explicit: Path | None,
    setting: str,
    env: str,
    defaults: Sequence[tuple[str, Path]],
    fix: str,
) -> WeightsFile:
    """The explicit file, else the environment variable's, else the first default that exists."""
    if explicit is not None:
        named: tuple[str, Path] | None = (setting, Path(explicit).expanduser())
    elif os.environ.get(env):
        named = (env, Path(os.environ[env]).expanduser())
    else:
        named = None
    if named is not None:
        source, path = named
        if path.is_file():
            return WeightsFile(role=role, path=path, source=source, problem=None)
        return WeightsFile(
            role=role,
            path=None,
            source=source,
            problem=f"{role}: {path} (from {source}) is not a file; {fix}",
        )
    for source, path in defaults:
        if path.is_file():
            return WeightsFile(role=role, path=path, source=source, problem=None)
    looked = ", ".join(str(path) for _, path in defaults) or "nowhere else"
    return WeightsFile(
        role=role,
        path=None,
        source=None,
        problem=f"{role} not found ({env} is unset; looked at {looked}); {fix}",
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
        f"download {LPIPS_LINEAR_URL} and set {LPIPS_WEIGHTS_ENV} to it",
    )


def locate_alexnet(explicit: Path | None = None) -> WeightsFile:
    """The AlexNet backbone: setting, $CODE3DBENCH_ALEXNET_WEIGHTS, else the torch hub cache."""
    cached = torch_hub_dir() / "checkpoints" / ALEXNET_FILENAME
    return _locate(
        "AlexNet backbone",
        explicit,
        "alexnet_weights (--alexnet-weights)",
        ALEXNET_WEIGHTS_ENV,
        [("torch hub cache", cached)],
        f"download {ALEXNET_URL} and set {ALEXNET_WEIGHTS_ENV} to it (or put it at {cached})",
    )


def _hf_snapshots() -> list[tuple[str, Path]]:
    """open_clip-format files of the OpenAI ViT-B-32 in the Hugging Face cache."""
    repo = hf_hub_cache() / ("models--" + CLIP_HF_REPO.replace("/", "--")) / "snapshots"
    if not repo.is_dir():
        return [("Hugging Face cache", repo / "<revision>" / _CLIP_HF_FILENAMES[0])]
    return [
        ("Hugging Face cache", snapshot / name)
        for snapshot in sorted(repo.iterdir())
        for name in _CLIP_HF_FILENAMES
    ]


def locate_clip(explicit: Path | None = None) -> WeightsFile:
    """The CLIP ViT-B-32 OpenAI checkpoint: setting, $CODE3DBENCH_CLIP_WEIGHTS, else caches.

    The caches are open_clip's download folder for OpenAI's file (~/.cache/clip/ViT-B-32.pt)
    and the Hugging Face cache of the repository open_clip prefers.
    """
    defaults = [("open_clip cache", Path("~/.cache/clip").expanduser() / CLIP_OPENAI_FILENAME)]
    defaults += _hf_snapshots()
    return _locate(
        "CLIP ViT-B-32 OpenAI weights",
        explicit,
        "clip_weights (--clip-weights)",
        CLIP_WEIGHTS_ENV,
        defaults,
        f"download {CLIP_OPENAI_URL} (or open_clip_model.safetensors from the Hugging Face "
        f"repository {CLIP_HF_REPO}) and set {CLIP_WEIGHTS_ENV} to it",
    )

"""The weight files LPIPS and CLIP accept, pinned by sha256 and size, and the check against them.

Every file found in a cache or downloaded must match one of these before it is loaded.
Hashing a 600 MB file takes about a second, so each digest is remembered for the
process, keyed by path, size and modification time.
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from code3dbench.scorers.image.constants import (
    ALEXNET_BYTES,
    ALEXNET_FILENAME,
    ALEXNET_SHA256,
    ALEXNET_URL,
    CLIP_HF_BIN_FILENAME,
    CLIP_HF_BIN_SHA256,
    CLIP_HF_BYTES,
    CLIP_HF_FILENAME,
    CLIP_HF_REPO,
    CLIP_HF_REVISION,
    CLIP_HF_SHA256,
    CLIP_OPENAI_BYTES,
    CLIP_OPENAI_FILENAME,
    CLIP_OPENAI_SHA256,
    HF_ENDPOINT_DEFAULT,
    LPIPS_LINEAR_BYTES,
    LPIPS_LINEAR_SHA256,
    LPIPS_NET,
)

_HASH_BLOCK = 1 << 20


@dataclass(frozen=True)
class PinnedFile:
    """One release file of the weights, as published.

    Attributes:
        name: Its file name.
        sha256: Lowercase hex digest of its bytes.
        size: Its size in bytes, None where only the digest is pinned.
        url: Where code3dbench downloads it from, None when it is not downloaded.
        hub_path: For a Hugging Face file, its path below the Hub endpoint
            ("<repo>/resolve/<revision>/<file>"): the URL then follows $HF_ENDPOINT.
    """

    name: str
    sha256: str
    size: int | None
    url: str | None = None
    hub_path: str | None = None

    def upstream_url(self) -> str | None:
        """The download address: the Hub path below $HF_ENDPOINT, else `url`."""
        if self.hub_path is not None:
            endpoint = os.environ.get("HF_ENDPOINT") or HF_ENDPOINT_DEFAULT
            return f"{endpoint.rstrip('/')}/{self.hub_path}"
        return self.url

    def describe_size(self) -> str:
        """The size for messages, e.g. "233 MiB"."""
        if self.size is None:
            return "size not pinned"
        if self.size < 1 << 20:
            return f"{self.size / 1024:.0f} KiB"
        return f"{self.size / (1 << 20):.0f} MiB"


ALEXNET = PinnedFile(ALEXNET_FILENAME, ALEXNET_SHA256, ALEXNET_BYTES, url=ALEXNET_URL)
"""torchvision's ImageNet AlexNet, the LPIPS backbone."""

LPIPS_LINEAR = PinnedFile(f"{LPIPS_NET}.pth", LPIPS_LINEAR_SHA256, LPIPS_LINEAR_BYTES)
"""lpips' v0.1 linear layers, bundled in the lpips wheel (not downloaded)."""

CLIP_SAFETENSORS = PinnedFile(
    CLIP_HF_FILENAME,
    CLIP_HF_SHA256,
    CLIP_HF_BYTES,
    hub_path=f"{CLIP_HF_REPO}/resolve/{CLIP_HF_REVISION}/{CLIP_HF_FILENAME}",
)
"""open_clip's copy of OpenAI's ViT-B/32 on the Hugging Face Hub: the file that is downloaded."""

CLIP_BIN = PinnedFile(CLIP_HF_BIN_FILENAME, CLIP_HF_BIN_SHA256, None)
"""The same weights as a pickled state dict in the same repository (accepted when present)."""

CLIP_OPENAI = PinnedFile(CLIP_OPENAI_FILENAME, CLIP_OPENAI_SHA256, CLIP_OPENAI_BYTES)
"""OpenAI's own TorchScript release (accepted when present; its CDN is no longer relied on)."""

_digests: dict[tuple[str, int, int], str] = {}
_digests_lock = threading.Lock()


def file_sha256(path: Path) -> str:
    """The sha256 of a file, computed once per process for each (path, size, mtime).

    Raises:
        OSError: The file cannot be read.
    """
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    with _digests_lock:
        known = _digests.get(key)
    if known is not None:
        return known
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(_HASH_BLOCK), b""):
            digest.update(block)
    value = digest.hexdigest()
    with _digests_lock:
        _digests[key] = value
    return value


def remember_sha256(path: Path, digest: str) -> None:
    """Record the digest of a file just written (so it is not hashed again in this process)."""
    stat = path.stat()
    with _digests_lock:
        _digests[(str(path.resolve()), stat.st_size, stat.st_mtime_ns)] = digest


def match_pinned(path: Path, accepted: tuple[PinnedFile, ...]) -> tuple[PinnedFile | None, str]:
    """Which of `accepted` the file at `path` is, by sha256.

    Returns:
        The matching pinned file (None when none matches) and the file's sha256.

    Raises:
        OSError: The file cannot be read.
    """
    digest = file_sha256(path)
    return next((pinned for pinned in accepted if pinned.sha256 == digest), None), digest

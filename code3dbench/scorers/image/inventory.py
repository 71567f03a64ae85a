"""Which weight files are here, where they came from, and whether they verify.

For `code3dbench doctor` and `code3dbench weights verify`: each file is looked up as
the scorer would (setting, environment variable, caches) and hashed against the
pinned release files. Nothing is downloaded or loaded; hashing the ~830 MB of real
weights takes a second or two.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from code3dbench.scorers.image.config import ImageMetricsConfig
from code3dbench.scorers.image.download import offline_reason
from code3dbench.scorers.image.pinned import match_pinned
from code3dbench.scorers.image.weights import (
    WeightsFile,
    locate_alexnet,
    locate_clip,
    locate_lpips_linear,
)


@dataclass(frozen=True)
class WeightsStatus:
    """One weights file as found on this machine.

    Attributes:
        role: What the file is ("AlexNet backbone", ...).
        path: The file that would be used, None when none is usable.
        source: Where `path` came from ("torch hub cache", "CODE3DBENCH_CLIP_WEIGHTS", ...).
        size: Its size in bytes.
        sha256: Its digest.
        release: The pinned release file it matches ("open_clip_model.safetensors", ...),
            None when it matches none.
        note: What else to know: why nothing is usable, what is downloaded on first use,
            which cached files were skipped.
    """

    role: str
    path: Path | None
    source: str | None
    size: int | None
    sha256: str | None
    release: str | None
    note: str

    @property
    def verified(self) -> bool:
        """Whether the file matches a pinned release file."""
        return self.release is not None

    @property
    def state(self) -> str:
        """One word: "verified", "unpinned" (an explicit file used as given), or "missing"."""
        if self.verified:
            return "verified"
        return "unpinned" if self.path is not None else "missing"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary of the attributes, plus `state` and `verified`."""
        return {
            "role": self.role,
            "state": self.state,
            "verified": self.verified,
            "path": None if self.path is None else str(self.path),
            "source": self.source,
            "size": self.size,
            "sha256": self.sha256,
            "release": self.release,
            "note": self.note,
        }


def _status(file: WeightsFile, offline: str | None) -> WeightsStatus:
    if file.explicit:
        if file.path is None:
            return WeightsStatus(file.role, None, file.source, None, None, None, file.problem or "")
        matched, digest = match_pinned(file.path, file.accepted)
        note = "named explicitly, used as given"
        if matched is None:
            note += "; not a pinned release file: numbers may differ from the benchmark's"
        size = file.path.stat().st_size
        release = matched.name if matched else None
        return WeightsStatus(file.role, file.path, file.source, size, digest, release, note)
    skipped = []
    for source, path in file.candidates:
        if not path.is_file():
            continue
        matched, digest = match_pinned(path, file.accepted)
        if matched is not None:
            note = "; ".join(skipped)
            size = path.stat().st_size
            return WeightsStatus(file.role, path, source, size, digest, matched.name, note)
        skipped.append(f"skipped {path} ({source}): sha256 {digest} is not a pinned release file")
    if file.target is not None:
        pinned = file.target.pinned
        action = (
            f"not downloaded ({offline}): run `code3dbench weights fetch` with network access"
            if offline
            else "downloaded on first use (or by `code3dbench weights fetch`)"
        )
        skipped.append(
            f"{pinned.name} ({pinned.describe_size()}) goes to {file.target.path}; {action}"
        )
    else:
        skipped.append(file.problem or file.fix)
    return WeightsStatus(file.role, None, None, None, None, None, "; ".join(skipped))


def weights_inventory(config: ImageMetricsConfig | None = None) -> list[WeightsStatus]:
    """The LPIPS linear layers, the AlexNet backbone and the CLIP file, as found here.

    Args:
        config: Explicit files and the offline switch; None: environment and caches.

    Returns:
        One status per file, in that order.

    Raises:
        OSError: A file exists but cannot be read.
    """
    config = config or ImageMetricsConfig()
    offline = offline_reason(config)
    files = (
        locate_lpips_linear(config.lpips_weights),
        locate_alexnet(config.alexnet_weights),
        locate_clip(config.clip_weights),
    )
    return [_status(file, offline) for file in files]


def format_inventory(statuses: list[WeightsStatus]) -> list[str]:
    """One line per file: role, state, then the path (source, size) or what to do."""
    lines = []
    for status in statuses:
        if status.path is not None:
            detail = f"{status.path} ({status.source}, {status.size:,} bytes, sha256 "
            detail += f"{status.sha256[:12] if status.sha256 else '?'}...)"
            detail += f"; {status.note}" if status.note else ""
        else:
            detail = status.note
        lines.append(f"  {status.role:<29} {status.state:<9} {detail}")
    return lines

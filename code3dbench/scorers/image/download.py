"""Get a weights file onto disk, verified: a good copy in the caches, else a download.

`ensure_weights` is what the scorer calls before building LPIPS or CLIP: an explicit
file is used as given; otherwise the first cached copy whose sha256 matches a pinned
release file is used, and when there is none the file is downloaded once per process
(a thread lock per file, and a file lock between processes) into the cache the
libraries use, through `code3dbench.downloads.resume_download`:

- bytes go to `<blob>.part`; a later attempt resumes it with an HTTP Range request;
- connect and read timeouts are bounded (30 s by default); a refused connection is
  reported at once, and a host found unreachable is not tried again in this process;
- the size and the sha256 are checked before the file is moved into place (atomically);
  a file that fails is deleted, reported, and never loaded;
- nothing is downloaded when offline ($CODE3DBENCH_OFFLINE, $HF_HUB_OFFLINE or the
  `offline` setting).

torch.hub's downloader has no timeout and no resume, and huggingface_hub reads its
timeouts once at import and retries on its own, so neither is used; the files land in
their caches exactly as those libraries lay them out (torch hub's checkpoints folder;
huggingface_hub's blobs/ + snapshots/ + refs/), so torchvision and open_clip find them too.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import urllib.error
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from code3dbench.downloads import host_of, is_unreachable, resume_download
from code3dbench.scorers.image.config import ImageMetricsConfig
from code3dbench.scorers.image.constants import (
    DEFAULT_DOWNLOAD_TIMEOUT_S,
    DOWNLOAD_TIMEOUT_ENV,
    HF_OFFLINE_ENV,
    OFFLINE_ENV,
    WEIGHTS_MIRROR_ENV,
)
from code3dbench.scorers.image.errors import WeightsError, WeightsHashError, WeightsOfflineError
from code3dbench.scorers.image.pinned import (
    PinnedFile,
    file_sha256,
    match_pinned,
    remember_sha256,
)
from code3dbench.scorers.image.weights import FETCH_COMMAND, DownloadTarget, WeightsFile

logger = logging.getLogger(__name__)

USER_AGENT = "code3dbench-weights/1"
_TRUE = {"1", "true", "yes", "on"}

_unreachable: dict[str, str] = {}
_unreachable_lock = threading.Lock()
_path_locks: dict[Path, threading.Lock] = {}
_path_locks_guard = threading.Lock()


@dataclass(frozen=True)
class DownloadSettings:
    """Whether and from where weights are downloaded.

    Attributes:
        offline_reason: Why nothing is downloaded ("HF_HUB_OFFLINE=1", ...); None: allowed.
        mirror: Base URL serving the files by name, None for the upstream hosts.
        timeout_s: Seconds allowed to connect and for each read.
    """

    offline_reason: str | None
    mirror: str | None
    timeout_s: float

    def url(self, pinned: PinnedFile) -> str:
        """Where `pinned` is downloaded from: <mirror>/<name>, else its upstream URL.

        Raises:
            WeightsError: The file has no download address (it is not downloadable).
        """
        if self.mirror:
            return f"{self.mirror.rstrip('/')}/{pinned.name}"
        url = pinned.upstream_url()
        if url is None:
            raise WeightsError(f"{pinned.name} has no download address")
        return url


def offline_reason(config: ImageMetricsConfig | None = None) -> str | None:
    """Why weights must not be downloaded now, or None when they may be.

    Offline when `config.offline` is set, or $CODE3DBENCH_OFFLINE or $HF_HUB_OFFLINE is
    1, true, yes or on (as huggingface_hub reads its variable).
    """
    if config is not None and config.offline:
        return "offline=True"
    for name in (OFFLINE_ENV, HF_OFFLINE_ENV):
        value = os.environ.get(name, "")
        if value.strip().lower() in _TRUE:
            return f"{name}={value}"
    return None


def download_settings(config: ImageMetricsConfig | None = None) -> DownloadSettings:
    """The download settings of `config`, completed from the environment.

    Raises:
        ValueError: The timeout is not a positive number of seconds.
    """
    config = config or ImageMetricsConfig()
    timeout = config.download_timeout_s
    if timeout is None:
        raw = os.environ.get(DOWNLOAD_TIMEOUT_ENV, "").strip()
        try:
            timeout = float(raw) if raw else DEFAULT_DOWNLOAD_TIMEOUT_S
        except ValueError:
            raise ValueError(f"{DOWNLOAD_TIMEOUT_ENV}={raw!r} is not a number of seconds") from None
    if not timeout > 0:
        raise ValueError(f"the weights download timeout must be positive, got {timeout}")
    mirror = config.weights_mirror or os.environ.get(WEIGHTS_MIRROR_ENV) or None
    return DownloadSettings(offline_reason(config), mirror, timeout)


def forget_unreachable_hosts() -> None:
    """Try hosts found unreachable again (for tests, and after the network came back)."""
    with _unreachable_lock:
        _unreachable.clear()


def _path_lock(path: Path) -> threading.Lock:
    with _path_locks_guard:
        return _path_locks.setdefault(path, threading.Lock())


def _remove(target: DownloadTarget) -> None:
    """Delete the file at a download target (the snapshot link and its blob)."""
    for path in (target.path, target.blob):
        if path.is_symlink() or path.exists():
            path.unlink()


def _verified(target: DownloadTarget) -> bool:
    """Whether the target holds the pinned file; a wrong file there is deleted."""
    if not target.path.is_file():
        return False
    digest = file_sha256(target.path)
    if digest == target.pinned.sha256:
        return True
    logger.warning(
        "%s: sha256 mismatch (expected %s, got %s); deleted, it is downloaded again",
        target.path,
        target.pinned.sha256,
        digest,
    )
    _remove(target)
    return False


def _link(target: DownloadTarget) -> None:
    """Point the snapshot path at the blob, as huggingface_hub does, and write refs/main."""
    path = target.path
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_symlink() or path.exists():
        path.unlink()
    try:
        path.symlink_to(os.path.relpath(target.blob, path.parent))
    except OSError:  # no symlinks here (Windows without developer mode): the file itself
        os.replace(target.blob, path)
    if target.ref is not None and not target.ref.exists():
        target.ref.parent.mkdir(parents=True, exist_ok=True)
        target.ref.write_text(path.parent.name)


def _unreachable_message(pinned: PinnedFile, host: str, reason: str) -> str:
    return (
        f"{pinned.name}: cannot reach {host} ({reason}); run `{FETCH_COMMAND}` on a machine "
        "with network access"
    )


def _announcing(
    update: Callable[[int], object], target: DownloadTarget, url: str, have: int
) -> Callable[[int], None]:
    """`update`, after one warning that the download has started (when bytes arrive)."""
    started = False

    def progress(count: int) -> None:
        nonlocal started
        if not started:
            started = True
            logger.warning(
                "downloading %s (%s) from %s to %s%s; `%s` does this ahead of a run",
                target.pinned.name,
                target.pinned.describe_size(),
                url,
                target.path,
                f", resuming at {have:,} bytes" if have else "",
                FETCH_COMMAND,
            )
        update(count)

    return progress


def _transfer(target: DownloadTarget, url: str, timeout_s: float) -> None:
    """Download (or resume) the target's part file, check it and move it into place."""
    pinned = target.pinned
    host = host_of(url)
    part = target.blob.with_name(target.blob.name + ".part")
    part.parent.mkdir(parents=True, exist_ok=True)
    have = part.stat().st_size if part.exists() else 0
    if pinned.size is not None and have > pinned.size:
        part.unlink()
        have = 0
    announced = pinned.size
    if pinned.size is None or have < pinned.size:
        from tqdm import tqdm  # comes with the image extra, as filelock does

        start = time.monotonic()
        try:
            with tqdm(
                total=pinned.size,
                initial=have,
                unit="B",
                unit_scale=True,
                unit_divisor=1024,
                desc=pinned.name,
                disable=None,  # a bar on a terminal, nothing in logs
            ) as bar:
                announced = resume_download(
                    url,
                    part,
                    timeout=timeout_s,
                    user_agent=USER_AGENT,
                    progress=_announcing(bar.update, target, url, have),
                )
        except urllib.error.HTTPError as err:
            raise WeightsError(
                f"{pinned.name}: {url} answered HTTP {err.code} {err.reason}; check "
                f"{WEIGHTS_MIRROR_ENV} and HF_ENDPOINT, or put the file in place yourself "
                "(see docs/image_metrics.md)"
            ) from err
        except OSError as err:
            if not is_unreachable(err):
                raise WeightsError(f"{pinned.name}: cannot write {part}: {err}") from err
            waited = time.monotonic() - start
            reason = f"{getattr(err, 'reason', err)}; gave up after {waited:.1f} s"
            with _unreachable_lock:
                _unreachable[host] = reason
            kept = part.stat().st_size if part.exists() else 0
            raise WeightsOfflineError(
                _unreachable_message(pinned, host, reason)
                + (f"; {kept:,} bytes are kept in {part} and resumed next time" if kept else "")
            ) from err
    size = part.stat().st_size
    if pinned.size is not None and size != pinned.size:
        if size < pinned.size and announced == pinned.size:
            raise WeightsError(
                f"{pinned.name}: the connection to {host} closed after {size:,} of "
                f"{pinned.size:,} bytes; they are kept in {part}, and the next attempt resumes "
                f"(run `{FETCH_COMMAND}`)"
            )
        part.unlink()
        raise WeightsHashError(
            f"{pinned.name} from {url} is {announced or size:,} bytes, expected {pinned.size:,}; "
            "deleted, never loaded: is that the right file? (check the mirror)"
        )
    digest = file_sha256(part)
    if digest != pinned.sha256:
        part.unlink()
        raise WeightsHashError(
            f"{pinned.name} from {url}: sha256 mismatch (expected {pinned.sha256}, got "
            f"{digest}); the download was deleted and is never loaded; run `{FETCH_COMMAND}` "
            "again, or check the mirror"
        )
    os.replace(part, target.blob)
    remember_sha256(target.blob, digest)
    if target.path != target.blob:
        _link(target)
    logger.info("%s: downloaded to %s, sha256 verified", pinned.name, target.path)


def download_weights(target: DownloadTarget, settings: DownloadSettings) -> Path:
    """Put the pinned file at `target`, downloading it unless a verified copy is there.

    Safe to call from many threads and processes at once: one downloads, the others wait
    and then find the verified file.

    Args:
        target: The file and where it goes.
        settings: Offline switch, mirror and timeout.

    Returns:
        `target.path`, holding the verified file.

    Raises:
        WeightsOfflineError: Offline, or the host cannot be reached (now or earlier in
            this process).
        WeightsHashError: The download is not the pinned file (it was deleted).
        WeightsError: The server refused, the connection was cut (the part is kept for
            the next attempt), or the file cannot be written.
    """
    pinned = target.pinned
    if settings.offline_reason:
        raise WeightsOfflineError(
            f"{pinned.name} ({pinned.describe_size()}) is not at {target.path} and is not "
            f"downloaded because {settings.offline_reason} (unset it to allow downloads); run "
            f"`{FETCH_COMMAND}` on a machine with network access (same cache folders), or name "
            "the file explicitly"
        )
    url = settings.url(pinned)
    with _path_lock(target.path):
        if _verified(target):
            return target.path
        host = host_of(url)
        with _unreachable_lock:
            known = _unreachable.get(host)
        if known is not None:
            raise WeightsOfflineError(
                _unreachable_message(pinned, host, f"earlier in this process: {known}")
            )
        try:
            from filelock import FileLock
            from tqdm import tqdm  # noqa: F401 - checked here, used by _transfer
        except ImportError as err:
            raise WeightsError(
                f"{pinned.name}: downloading needs the image extra ({err}); "
                'pip install -e ".[image]"'
            ) from err
        target.lock.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(str(target.lock)):
            if not _verified(target):  # another process may have finished it meanwhile
                _transfer(target, url, settings.timeout_s)
    return target.path


def ensure_weights(file: WeightsFile, settings: DownloadSettings) -> Path:
    """The verified file to load for one role, downloading it when the caches lack it.

    An explicit file (a setting or environment variable) is returned as given, unhashed.
    Otherwise the cache places are checked in order and the first whose sha256 matches a
    pinned release file is returned; a wrong file at the download target is deleted, and
    any other wrong cached file is skipped (and reported) but left alone.

    Args:
        file: The role's lookup result (`locate_alexnet()`, ...).
        settings: Offline switch, mirror and timeout.

    Returns:
        The file to load.

    Raises:
        WeightsError: No usable file and none can be downloaded (offline, unreachable, a
            bad download, or a role that is not downloadable); the message names the file
            and the fix.
    """
    if file.explicit:
        if file.path is None:
            raise WeightsError(file.problem or f"{file.role}: the named file is missing")
        return file.path
    rejected = []
    for source, path in file.candidates:
        if file.target is not None and path == file.target.path:
            with _path_lock(path):
                if _verified(file.target):
                    return path
            continue
        if not path.is_file():
            continue
        matched, digest = match_pinned(path, file.accepted)
        if matched is not None:
            return path
        rejected.append(f"{path} ({source}) has sha256 {digest}, not a pinned release file")
    if file.target is None:
        if not rejected:
            raise WeightsError(file.problem or f"{file.role} not found; {file.fix}")
        raise WeightsHashError(f"{file.role}: {'; '.join(rejected)}; not loaded; {file.fix}")
    if rejected:
        logger.warning("%s: %s; using the pinned download instead", file.role, "; ".join(rejected))
    return download_weights(file.target, settings)

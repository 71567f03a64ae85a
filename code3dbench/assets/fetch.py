"""``assets fetch``: download GLBs by URL into the cache, sha256-verified, resumable.

Objects whose benchmark file is the upstream file byte for byte are fetched from their pinned
``url``. Converted objects (a .gltf packed into a GLB, a Draco mesh decoded, a skin baked:
``source.converted_from``) exist only in a mirror of the benchmark files: pass ``mirror``, a base
URL serving ``<mirror>/<id>.glb``, or import a local mirror folder with ``assets import``.
"""

from __future__ import annotations

import socket
import threading
import urllib.error
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from code3dbench.assets.importer import BatchReport
from code3dbench.assets.manifest import AssetRecord
from code3dbench.assets.store import AssetError, AssetStore, check_glb_bytes
from code3dbench.downloads import BLOCK as BLOCK  # re-exported: the name stays importable here
from code3dbench.downloads import resume_download

USER_AGENT = "code3dbench-assets/1"


class OfflineError(ConnectionError):
    """No connection to the download host; nothing more is attempted in this batch."""


def download_url(record: AssetRecord, mirror: str | None) -> str | None:
    """The URL an object is fetched from, or None when only a mirror has its file."""
    if mirror:
        return f"{mirror.rstrip('/')}/{record.id}.glb"
    return record.url if record.direct_download else None


def _download(url: str, part: Path, timeout: float) -> None:
    """Download to ``part``, resuming from its current size with an HTTP Range request."""
    resume_download(url, part, timeout=timeout, user_agent=USER_AGENT)


def fetch_one(record: AssetRecord, url: str, store: AssetStore, timeout: float) -> Path:
    """Download one object and store it once its sha256 matches.

    Raises:
        OfflineError: the host cannot be reached.
        AssetError: the download is not the benchmark's file (it is deleted).
        urllib.error.HTTPError: the server refused.
    """
    part = store.root / "partial" / f"{record.sha256}.part"
    part.parent.mkdir(parents=True, exist_ok=True)
    try:
        _download(url, part, timeout)
    except urllib.error.HTTPError:
        raise
    except (urllib.error.URLError, ConnectionError, TimeoutError, socket.gaierror) as err:
        host = url.split("/")[2]
        raise OfflineError(f"cannot reach {host}: {getattr(err, 'reason', err)}") from err
    data = part.read_bytes()
    try:
        check_glb_bytes(data, record)
    except AssetError:
        part.unlink(missing_ok=True)
        raise
    path = store.add_glb(record, data)
    part.unlink(missing_ok=True)
    return path


def fetch_assets(
    records: Sequence[AssetRecord],
    store: AssetStore,
    *,
    mirror: str | None = None,
    concurrency: int = 4,
    timeout: float = 60.0,
    on_object: Callable[[str], None] | None = None,
) -> BatchReport:
    """Fetch the GLBs of ``records`` that the cache lacks.

    Raises:
        OfflineError: the first download could not reach its host (the message says what to
            do instead); objects fetched before that are kept.
    """
    report = BatchReport()
    todo: list[tuple[AssetRecord, str]] = []
    for record in records:
        if record.is_program:
            continue
        if store.has_verified_glb(record):
            report.already.append(record.id)
            continue
        url = download_url(record, mirror)
        if url is None:
            converted = record.source.converted_from if record.source else "unknown"
            report.skipped[record.id] = (
                f"{record.id}: the benchmark file was converted from upstream ({converted}); "
                "fetch it from a mirror (--mirror URL) or import a local copy (assets import DIR)"
            )
            continue
        todo.append((record, url))
    offline: list[OfflineError] = []
    lock = threading.Lock()

    def work(item: tuple[AssetRecord, str]) -> None:
        record, url = item
        if offline:
            return
        try:
            fetch_one(record, url, store, timeout)
        except OfflineError as err:
            with lock:
                offline.append(err)
            return
        except (AssetError, urllib.error.URLError, OSError) as err:
            with lock:
                report.fail(record.id, f"{record.id}: download from {url} failed: {err}")
        else:
            with lock:
                report.done.append(record.id)
        if on_object:
            on_object(record.id)

    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        list(pool.map(work, todo))
    if offline:
        raise OfflineError(
            f"offline: {offline[0]}. {len(report.done)} object(s) were fetched before that. "
            "Import a local copy of the assets with `code3dbench assets import DIR`, or run on "
            "the built-in set with `-T dataset=builtin`."
        )
    return report

"""Resumable HTTP downloads with bounded timeouts: the primitive under asset and weight fetching.

`resume_download` appends to a partial file, asking the server only for the bytes it lacks
(an HTTP Range request); checking what arrived (size, sha256) and moving it into place is the
caller's job, because each caller knows what the file must be.
"""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

BLOCK = 1 << 16
"""Bytes read from the response and written to the partial file at a time."""


def resume_download(
    url: str,
    part: Path,
    *,
    timeout: float,
    user_agent: str,
    progress: Callable[[int], None] | None = None,
) -> int | None:
    """Download `url` to `part`, resuming from its current size with an HTTP Range request.

    A server that ignores the Range header (status 200) restarts the file from the start;
    one that answers 416 to a resumed request is taken to mean the file is already complete.
    A connection the server closes early is not an error here: the bytes that arrived stay
    in `part`, and the returned size tells the caller that more were announced.

    Args:
        url: What to download.
        part: The partial file; created when missing, appended to when the server resumes.
        timeout: Seconds allowed for connecting and for each read (not for the whole transfer).
        user_agent: The User-Agent header.
        progress: Called with the number of bytes of each block written.

    Returns:
        The size of the whole file as the server announced it (Content-Length, plus the
        resumed offset), None when it did not say (or answered 416).

    Raises:
        urllib.error.HTTPError: The server refused (404, 403, 500, ...).
        urllib.error.URLError: The host cannot be resolved or reached.
        TimeoutError: No answer, or no data, within `timeout` seconds.
        OSError: The partial file cannot be written.
    """
    offset = part.stat().st_size if part.exists() else 0
    request = urllib.request.Request(url, headers={"User-Agent": user_agent})
    if offset:
        request.add_header("Range", f"bytes={offset}-")
    try:
        response = urllib.request.urlopen(request, timeout=timeout)
    except urllib.error.HTTPError as err:
        if err.code == 416 and offset:  # the partial file is already complete
            return None
        raise
    with response:
        resumed = offset and response.status == 206
        length = response.headers.get("Content-Length")
        total = int(length) + (offset if resumed else 0) if length and length.isdigit() else None
        with part.open("ab" if resumed else "wb") as file:
            for block in iter(lambda: response.read(BLOCK), b""):
                file.write(block)
                if progress is not None:
                    progress(len(block))
    return total


def is_unreachable(error: BaseException) -> bool:
    """Whether a download error means the host could not be reached (not that it refused).

    True for a refused connection, an unknown host, a timeout and a cut connection; False for
    an HTTP error status, which is an answer.
    """
    if isinstance(error, urllib.error.HTTPError):
        return False
    return isinstance(
        error, (urllib.error.URLError, ConnectionError, TimeoutError, socket.gaierror)
    )


def host_of(url: str) -> str:
    """The host (and port) part of an http(s) URL, for messages."""
    return url.split("/")[2] if "://" in url else url

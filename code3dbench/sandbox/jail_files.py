"""Bring files out of a folder the jailed runner could write, without following its links.

A compromised runner may leave a symbolic link where ``result.json`` should be (pointing at a
file of the host's user, say); these readers open each path component with ``O_NOFOLLOW``
below a root the host made, accept only regular files and cap their size.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

MAX_OUTPUT_BYTES = 512 * 1024 * 1024
"""Largest output file accepted (a 2,000,000-triangle GLB is about 100 MB)."""


def read_regular_file(root: Path, relative: str, max_bytes: int = MAX_OUTPUT_BYTES) -> bytes:
    """The bytes of ``root/relative``, where no component below ``root`` may be a link.

    Raises:
        FileNotFoundError: a component is missing.
        OSError: a component is a link, the file is not a regular file, or it is too large.
    """
    parts = Path(relative).parts
    if not parts or any(part in ("..", "/") for part in parts):
        raise ValueError(f"expected a plain relative path, got {relative!r}")
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC
    fd = os.open(root, flags | os.O_DIRECTORY)
    try:
        for part in parts[:-1]:
            next_fd = os.open(part, flags | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = next_fd
        file_fd = os.open(parts[-1], flags | os.O_NONBLOCK, dir_fd=fd)
    finally:
        os.close(fd)
    with os.fdopen(file_fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise OSError(f"{root / relative} is not a regular file")
        if info.st_size > max_bytes:
            raise OSError(f"{root / relative} is larger than {max_bytes} bytes")
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise OSError(f"{root / relative} is larger than {max_bytes} bytes")
    return data


def copy_outputs(root: Path, relative_dir: str, dest: Path, names: Iterable[str]) -> None:
    """Copy the named files of ``root/relative_dir`` to ``dest``; remove those absent there."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in names:
        target = dest / name
        target.unlink(missing_ok=True)
        try:
            data = read_regular_file(root, f"{relative_dir}/{name}")
        except FileNotFoundError:
            continue
        target.write_bytes(data)

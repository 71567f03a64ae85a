"""The local runner's jail: bubblewrap around Node and Chromium, where this machine allows it.

Inside the jail the runner sees a read-only ``/usr`` (and the ``/lib*``, ``/bin`` links), a few
pieces of ``/etc``, the runner folder, its environment-map cache and Chromium; a private
``/tmp`` (also its HOME); and, writable, only the folders it is given. It has its own network
(loopback only), pid, IPC and UTS namespaces, no capabilities, a clean environment, and it dies
with the process that started it. It runs as uid 65534: started by root, bubblewrap stays root
to set up the mounts and ``setpriv`` then drops to the real uid 65534 of the host; started by
another user, a user namespace maps uid 65534 to that user. CPU, memory and process counts are
not limited (Docker's cgroups do that): only the private ``/tmp`` has a size cap.

``CODE3DBENCH_LOCAL_JAIL`` chooses: ``auto`` (the default: the jail when bubblewrap works here,
else no jail and one warning), ``bwrap`` (the jail or an error) or ``off``.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from code3dbench.sandbox.runner_files import CHROMIUM_ENV, RunnerUnavailableError, runner_dir

logger = logging.getLogger(__name__)

JAIL_ENV = "CODE3DBENCH_LOCAL_JAIL"
"""``auto`` (default), ``bwrap`` or ``off``: how the local runner is confined."""

BWRAP_ENV = "CODE3DBENCH_BWRAP"
"""The bubblewrap binary (default: ``bwrap`` on PATH)."""

RUNNER_CACHE_ENV = "CODE3DBENCH_RUNNER_CACHE"
"""The runner's environment-map cache folder (read by runner/lib/environment.mjs)."""

JAIL_MODES = ("auto", "bwrap", "off")
JAIL_UID = 65534  # "nobody" on Debian and most distributions
TMP_SIZE_BYTES = 1 << 30  # /tmp is RAM; Chromium's profile and shared memory fit in 1 GiB
PROBE_TIMEOUT_S = 20.0
ETC_PIECES = ("ld.so.cache", "fonts", "alternatives", "localtime", "chromium.d", "chromium")
"""What Node and Chromium read from /etc: the loader cache, fontconfig, Debian's Chromium
wrapper settings; not passwd, shadow, ssh or anything of the host's users."""
TOP_LINKS = ("bin", "sbin", "lib", "lib32", "lib64", "libx32")
HOW_TO_ISOLATE = (
    "install bubblewrap (apt-get install bubblewrap), allow unprivileged user namespaces "
    "(sysctl kernel.unprivileged_userns_clone=1) if you are not root, or use sandbox=docker"
)


class JailUnavailableError(RunnerUnavailableError):
    """CODE3DBENCH_LOCAL_JAIL=bwrap, but bubblewrap does not work on this machine."""


@dataclass(frozen=True)
class JailStatus:
    """Whether the jail works here, and why not."""

    works: bool
    detail: str


@dataclass(frozen=True)
class Jail:
    """Builds jailed commands for the local runner."""

    bwrap: str

    @property
    def drops_root(self) -> bool:
        """Started as root: bubblewrap mounts as root, then ``setpriv`` drops to uid 65534."""
        return os.geteuid() == 0

    def command(
        self, command: Sequence[str], writable: Sequence[Path] = (), readable: Sequence[Path] = ()
    ) -> list[str]:
        """``command`` inside the jail, with ``writable`` folders bound read-write at their paths.

        Args:
            command: The command, with absolute paths (PATH inside is /usr/bin:/bin).
            writable: Folders the command may write (already prepared with `prepare_writable`).
            readable: More folders it may read (the runner, Node and Chromium always are).
        """
        args = [self.bwrap, "--die-with-parent", "--new-session"]
        args += ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts"]
        args += ["--unshare-cgroup-try"]
        if not self.drops_root:
            args += ["--unshare-user", "--uid", str(JAIL_UID), "--gid", str(JAIL_UID)]
            args += ["--cap-drop", "ALL"]
        args += ["--ro-bind", "/usr", "/usr", "--proc", "/proc", "--dev", "/dev"]
        for name in TOP_LINKS:
            top = Path("/") / name
            if top.is_symlink():
                args += ["--symlink", os.readlink(top), str(top)]
            elif top.is_dir():
                args += ["--ro-bind", str(top), str(top)]
        args += ["--perms", "0755", "--dir", "/etc"]
        for piece in ETC_PIECES:
            args += ["--ro-bind-try", f"/etc/{piece}", f"/etc/{piece}"]
        args += ["--perms", "1777", "--size", str(TMP_SIZE_BYTES), "--tmpfs", "/tmp"]
        made = {Path("/"), Path("/tmp")}
        binds = (("--ro-bind", [*_readable_folders(), *readable]), ("--bind", writable))
        for flag, folders in binds:
            for folder in folders:
                args += _parent_dirs(folder, made) + [flag, str(folder), str(folder)]
                made.add(folder)
        args += ["--chdir", "/tmp", "--clearenv"]
        for name, value in _environment().items():
            args += ["--setenv", name, value]
        args.append("--")
        if self.drops_root:
            args += ["setpriv", f"--reuid={JAIL_UID}", f"--regid={JAIL_UID}", "--clear-groups"]
            args += ["--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"]
        return args + list(command)

    def prepare_writable(self, folder: Path) -> None:
        """Let the jail's user write ``folder`` (owned by uid 65534 when started as root)."""
        if self.drops_root:
            os.chown(folder, JAIL_UID, JAIL_UID)


def _parent_dirs(folder: Path, made: set[Path]) -> list[str]:
    """Create the parents of a bind target searchable (bwrap would make them mode 0700)."""
    args: list[str] = []
    for parent in reversed(folder.parents):
        if parent not in made:
            args += ["--perms", "0755", "--dir", str(parent)]
            made.add(parent)
    return args


def runner_cache_dir() -> Path:
    """The environment-map cache, chosen as runner/lib/environment.mjs chooses it."""
    named = os.environ.get(RUNNER_CACHE_ENV)
    if named:
        return Path(named)
    own = runner_dir() / ".cache"
    try:
        own.mkdir(parents=True, exist_ok=True)
        if os.access(own, os.W_OK):
            return own
    except OSError:
        pass
    return own if own.exists() else Path(tempfile.gettempdir()) / "code3dbench-runner-cache"


def _chromium_dir() -> Path | None:
    named = os.environ.get(CHROMIUM_ENV)
    return Path(named).resolve().parent if named else None


def _readable_folders() -> list[Path]:
    """The runner, its cache, Node and Chromium when they live outside /usr."""
    folders = [runner_dir().resolve(), runner_cache_dir().resolve()]
    node = shutil.which("node")
    if node:
        folders.append(Path(node).resolve().parents[1])
    chromium = _chromium_dir()
    if chromium:
        folders.append(chromium)
    kept: list[Path] = []
    for folder in folders:
        inside = any(folder.is_relative_to(k) for k in [Path("/usr"), *kept])
        if folder.is_dir() and not inside:
            kept.append(folder)
    return kept


def _environment() -> dict[str, str]:
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": "/tmp",
        "TMPDIR": "/tmp",
        "LANG": "C.UTF-8",
        RUNNER_CACHE_ENV: str(runner_cache_dir().resolve()),
    }
    node = shutil.which("node")
    if node and not Path(node).resolve().is_relative_to("/usr"):
        env["PATH"] = f"{Path(node).resolve().parent}:{env['PATH']}"
    if os.environ.get(CHROMIUM_ENV):
        env[CHROMIUM_ENV] = os.environ[CHROMIUM_ENV]
    return env


def jail_setting() -> str:
    """The jail settings as given ($CODE3DBENCH_LOCAL_JAIL and $CODE3DBENCH_BWRAP), unchecked."""
    return f"{os.environ.get(JAIL_ENV, '')}\0{os.environ.get(BWRAP_ENV, '')}"


def jail_mode() -> str:
    """The jail setting from $CODE3DBENCH_LOCAL_JAIL (default ``auto``).

    Raises:
        ValueError: an unknown setting.
    """
    mode = os.environ.get(JAIL_ENV, "auto").strip().lower() or "auto"
    if mode not in JAIL_MODES:
        raise ValueError(f"{JAIL_ENV} must be one of {', '.join(JAIL_MODES)}; got {mode!r}")
    return mode


def bwrap_binary() -> str | None:
    """The bubblewrap binary: $CODE3DBENCH_BWRAP, else ``bwrap`` on PATH."""
    return os.environ.get(BWRAP_ENV) or shutil.which("bwrap")


@functools.cache
def _probe(bwrap: str, uid: int) -> JailStatus:
    if uid == 0 and shutil.which("setpriv") is None:
        return JailStatus(False, "setpriv (util-linux) is missing: root cannot drop to uid 65534")
    node = shutil.which("node") or "node"
    command = Jail(bwrap).command([node, "-e", "process.stdout.write(String(process.getuid()))"])
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=PROBE_TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired) as err:
        return JailStatus(False, f"{bwrap} cannot run: {err}")
    if done.returncode != 0 or done.stdout.strip() != str(JAIL_UID):
        lines = (done.stderr or done.stdout).strip().splitlines()
        return JailStatus(False, f"{bwrap} failed: {lines[-1] if lines else done.returncode}")
    return JailStatus(True, f"{bwrap}: runner confined (no network, read-only system, uid 65534)")


def jail_status() -> JailStatus:
    """Whether the jail works on this machine (probed once per process and bwrap binary)."""
    bwrap = bwrap_binary()
    if bwrap is None:
        return JailStatus(False, "bubblewrap (bwrap) is not installed")
    return _probe(bwrap, os.geteuid())


@functools.cache
def _fill_environment_cache() -> None:
    """Bake the render page's environment map outside the jail, where the cache is writable.

    The jail sees the cache read-only (a poisoned map would change every later render); a
    jailed runner with an empty cache would compute the map at each browser start (about 2 s).
    The bake runs only the trusted render page, no program. Failures only cost that time.
    """
    cache = runner_cache_dir()
    if any(cache.glob("environment-*.json")):
        return
    command = [shutil.which("node") or "node", str(runner_dir() / "run.mjs"), "--bake-environment"]
    env = {**os.environ, RUNNER_CACHE_ENV: str(cache)}
    try:
        subprocess.run(command, capture_output=True, env=env, timeout=120, check=True)
    except (OSError, subprocess.SubprocessError) as err:
        logger.info("could not bake the runner's environment map into %s: %s", cache, err)


@functools.cache
def _warn_unjailed(reason: str) -> None:
    logger.warning(
        "The local runner runs WITHOUT a jail (%s): a program that compromised Chromium "
        "(started with --no-sandbox) could read your files, reach your network and the "
        "machine's services, as your user. To isolate it: %s. %s=off silences this.",
        reason,
        HOW_TO_ISOLATE,
        JAIL_ENV,
    )


def local_jail() -> Jail | None:
    """The jail for the local runner, or None (jail off, or unavailable under ``auto``).

    Raises:
        JailUnavailableError: ``bwrap`` was asked for and does not work here.
        ValueError: an unknown $CODE3DBENCH_LOCAL_JAIL.
    """
    mode = jail_mode()
    if mode == "off":
        return None
    status = jail_status()
    if status.works:
        bwrap = bwrap_binary()
        assert bwrap is not None
        _fill_environment_cache()
        return Jail(bwrap)
    if mode == "bwrap":
        raise JailUnavailableError(
            f"{JAIL_ENV}=bwrap, but the jail does not work here: {status.detail}. "
            f"To fix: {HOW_TO_ISOLATE}; or set {JAIL_ENV}=auto to run without it."
        )
    _warn_unjailed(status.detail)
    return None

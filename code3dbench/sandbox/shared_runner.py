"""One runner server per process for the local sandbox: one Chromium for every sample.

Samples of the ``local`` sandbox all run on this machine, so they share one runner server (per
set of execution limits) instead of each keeping its own browser while its model thinks: memory
follows ``execution_concurrency``, not ``--max-samples``. Each program still gets a fresh browser
context and page. The server starts on first use, inside the local jail when there is one,
exits by itself after ``SHARED_IDLE_EXIT_S`` idle seconds, and is stopped when the process
exits. A server that dies is started again for the next program; the programs it was running
are ``sandbox_error``. Python talks to the server's Unix socket directly (one JSON line each way,
see runner/lib/server.mjs).

Layout of the server's folder: ``in/`` (programs, written here, read-only in the jail) and
``out/`` (the socket and each run's outputs, the only place the jail may write; read back
without following links).
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import uuid
from pathlib import Path
from typing import IO, Any

import anyio
from anyio.lowlevel import RunVar
from anyio.streams.buffered import BufferedByteReceiveStream
from pydantic import ValidationError

from code3dbench.sandbox.host import GLB_FILE, RENDER_FILE, RESULT_FILE, VIEWS_FILE
from code3dbench.sandbox.jail import Jail, jail_setting, local_jail
from code3dbench.sandbox.jail_files import read_regular_file
from code3dbench.sandbox.limits import ExecutionLimits
from code3dbench.sandbox.result import ExecutionResult, ExecutionStatus
from code3dbench.sandbox.runner_files import runner_script

logger = logging.getLogger(__name__)

RUNNER_ENV = "CODE3DBENCH_RUNNER"
"""A runner ``run.mjs`` to use instead of the packaged one (as inside a sandbox image)."""

SHARED_IDLE_EXIT_S = 300
"""Idle seconds after which the server exits (and frees its browser); the next program
starts a new one (about 2 s)."""

START_WAIT_S = 60.0
MAX_ANSWER_BYTES = 1 << 20
MAX_LOG_CHARS = 1000

Outputs = tuple[ExecutionResult, bytes, bytes, bytes]
"""An ``ok`` program's result with its GLB, render and views strip."""


class SharedRunnerError(RuntimeError):
    """The shared server could not run the program (reported as ``sandbox_error``)."""


class _NoServer(Exception):
    """Nothing listens on the socket."""


class _Lost(Exception):
    """The server went away before it answered."""


_start_locks: RunVar[dict[int, anyio.Lock]] = RunVar("code3dbench_shared_runner_locks")


class SharedRunner:
    """A runner server shared by the samples of this process that use the same limits."""

    def __init__(self, limits: ExecutionLimits) -> None:
        """Nothing starts until the first program."""
        self.limits = limits
        self.starts = 0
        """How many servers this runner has started (restarts included)."""
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self._jail: Jail | None = None
        self._root: Path | None = None

    @property
    def pid(self) -> int | None:
        """The server's process id (bubblewrap's, when jailed) while it runs."""
        process = self._process
        return process.pid if process is not None and process.poll() is None else None

    def _lock(self) -> anyio.Lock:
        try:
            locks = _start_locks.get()
        except LookupError:
            locks = {}
            _start_locks.set(locks)
        return locks.setdefault(id(self), anyio.Lock())

    async def execute(self, program: str) -> ExecutionResult | Outputs:
        """Run one program; the result, with the GLB, render and views bytes when ``ok``.

        Raises:
            SharedRunnerError: the server could not start, died, or answered nonsense.
            RunnerUnavailableError: Node.js or the runner's packages are missing.
            JailUnavailableError: CODE3DBENCH_LOCAL_JAIL=bwrap and the jail does not work.
        """
        run = uuid.uuid4().hex[:16]
        for attempt in (1, 2):
            process = await self._running()
            assert self._root is not None
            root = self._root
            program_file = root / "in" / f"{run}.js"
            program_file.write_text(program)
            request = {"program": str(program_file), "out": str(root / "out" / run)}
            try:
                answer = await self._request(root / "out" / "runner.sock", request)
                break
            except _NoServer as err:
                await self._discard(process)
                if attempt == 2:
                    raise SharedRunnerError(f"the runner server does not answer: {err}") from err
            except _Lost as err:
                await self._discard(process)
                raise SharedRunnerError(
                    f"the runner server died while running the program ({err}); "
                    f"the next program starts a new one. {self._log_tail()}"
                ) from err
            except TimeoutError as err:
                await self._discard(process)
                raise SharedRunnerError(
                    f"the runner server did not answer within {self.limits.host_timeout_s():.0f} s"
                ) from err
            finally:
                program_file.unlink(missing_ok=True)
        try:
            if answer.get("event") != "result":
                raise SharedRunnerError(f"the runner server failed: {answer.get('message')}")
            return await anyio.to_thread.run_sync(_read_outputs, root, f"out/{run}")
        finally:
            shutil.rmtree(root / "out" / run, ignore_errors=True)

    async def _running(self) -> subprocess.Popen[bytes]:
        """The live server: started (and listening) when there is none."""
        async with self._lock():
            process = self._process
            if process is not None and process.poll() is None:
                return process
            command = await anyio.to_thread.run_sync(self._server_command)
            self._spawn(command)
            assert self._process is not None and self._root is not None
            await self._wait_listening(self._process, self._root / "out" / "runner.sock")
            return self._process

    def _server_command(self) -> list[str]:
        """Stop a dead or stale server, prepare the folder and the jail: the new command."""
        self._stop_process()
        if self._root is None:
            self._jail = local_jail()
            self._root = Path(tempfile.mkdtemp(prefix="code3dbench-server-"))
            (self._root / "in").mkdir()
            (self._root / "out").mkdir()
            if self._jail is not None:
                self._jail.prepare_writable(self._root / "out")
        script = Path(os.environ.get(RUNNER_ENV) or runner_script())
        socket = self._root / "out" / "runner.sock"
        command = [shutil.which("node") or "node", str(script), "--serve", str(socket)]
        command += [*self.limits.runner_args(), "--idle-exit-s", str(SHARED_IDLE_EXIT_S)]
        if self._jail is not None:
            readable = [self._root / "in"]
            if script.is_file():  # another runner named by $CODE3DBENCH_RUNNER
                readable.append(script.resolve().parent)
            command = self._jail.command(command, writable=[self._root / "out"], readable=readable)
        return command

    def _spawn(self, command: list[str]) -> None:
        """Start the server from the event loop's thread, which lives as long as the runs.

        bubblewrap's --die-with-parent follows the *thread* that started it: a server started
        from a worker thread would be killed when that thread is retired.
        """
        self._log = tempfile.TemporaryFile()
        self._process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=self._log,
            start_new_session=True,
        )
        self.starts += 1
        logger.info(
            "started the shared runner server (pid %d, %s)",
            self._process.pid,
            "jailed" if self._jail is not None else "not jailed",
        )

    async def _wait_listening(self, process: subprocess.Popen[bytes], socket: Path) -> None:
        with anyio.move_on_after(START_WAIT_S):
            while process.poll() is None:
                try:
                    stream = await anyio.connect_unix(str(socket))
                except OSError:
                    await anyio.sleep(0.05)
                    continue
                await stream.aclose()
                return
        self._stop_process()
        raise SharedRunnerError(
            f"the runner server did not start (exit {process.poll()}): {self._log_tail()}"
        )

    async def _request(self, socket: Path, request: dict[str, str]) -> dict[str, Any]:
        with anyio.fail_after(self.limits.host_timeout_s()):
            try:
                stream = await anyio.connect_unix(str(socket))
            except OSError as err:
                raise _NoServer(str(err)) from err
            async with stream:
                try:
                    await stream.send(json.dumps(request).encode() + b"\n")
                    line = await BufferedByteReceiveStream(stream).receive_until(
                        b"\n", MAX_ANSWER_BYTES
                    )
                except (anyio.EndOfStream, anyio.IncompleteRead, anyio.BrokenResourceError) as err:
                    raise _Lost(type(err).__name__) from err
                except (OSError, anyio.DelimiterNotFound) as err:
                    raise _Lost(str(err)) from err
        try:
            answer = json.loads(line)
        except ValueError as err:
            raise SharedRunnerError(f"the runner server answered nonsense: {line[:200]!r}") from err
        if not isinstance(answer, dict):
            raise SharedRunnerError(f"the runner server answered nonsense: {line[:200]!r}")
        return answer

    async def _discard(self, process: subprocess.Popen[bytes]) -> None:
        """Stop ``process`` if it is still the server (another sample may have restarted it)."""
        async with self._lock():
            if self._process is process:
                await anyio.to_thread.run_sync(self._stop_process)

    def _log_tail(self) -> str:
        if self._log is None:
            return ""
        self._log.seek(0)
        text = self._log.read().decode(errors="replace").strip()
        return text[-MAX_LOG_CHARS:]

    def _stop_process(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            # Jailed, killing bubblewrap ends its pid namespace; unjailed, SIGTERM lets
            # Playwright close Chromium (which runs in a process group of its own).
            os.killpg(process.pid, signal.SIGKILL if self._jail else signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def stop(self) -> None:
        """Stop the server and remove its folder (never raises)."""
        try:
            self._stop_process()
        except OSError as err:
            logger.debug("could not stop the shared runner server: %s", err)
        if self._root is not None:
            shutil.rmtree(self._root, ignore_errors=True)
            self._root = None


def _read_outputs(root: Path, out: str) -> ExecutionResult | Outputs:
    try:
        result = ExecutionResult.model_validate_json(
            read_regular_file(root, f"{out}/{RESULT_FILE}")
        )
    except (OSError, ValidationError) as err:
        raise SharedRunnerError(f"the runner wrote no readable {RESULT_FILE}: {err}") from err
    if result.status is not ExecutionStatus.OK:
        return result
    try:
        glb = read_regular_file(root, f"{out}/{GLB_FILE}")
        png = read_regular_file(root, f"{out}/{RENDER_FILE}")
        views = read_regular_file(root, f"{out}/{VIEWS_FILE}")
    except OSError as err:
        raise SharedRunnerError(f"the runner's outputs are unreadable: {err}") from err
    return result, glb, png, views


_runners: dict[str, SharedRunner] = {}


def shared_runner(limits: ExecutionLimits) -> SharedRunner:
    """This process's runner for ``limits`` (created on first use, started on first program).

    One per limits, runner ($CODE3DBENCH_RUNNER) and jail setting, so a changed setting takes
    effect for the next program instead of reaching a server started before.
    """
    key = "\0".join((limits.model_dump_json(), os.environ.get(RUNNER_ENV, ""), jail_setting()))
    if key not in _runners:
        _runners[key] = SharedRunner(limits)
    return _runners[key]


@atexit.register
def stop_shared_runners() -> None:
    """Stop every shared server of this process (at exit; tests call it too)."""
    for runner in list(_runners.values()):
        runner.stop()
    _runners.clear()

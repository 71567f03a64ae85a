"""What one sample pays for the Docker sandbox, phase by phase, against the local sandbox.

    python benchmarks/bench_docker.py              # 3 rounds, the built-in chair program
    python benchmarks/bench_docker.py --rounds 5

Runs the commands Inspect and code3dbench's sandbox client run for a sample, with the
package's compose file (network none, its cpus and memory limits), and times each phase:

- container start: `docker compose up --detach --wait` of the sample's project (Inspect does
  this at sample start), and its removal (`docker compose down`) at the end;
- one-shot program: a runner process that starts its own Chromium, runs one program and
  exits (what single_shot does per sample);
- server, first program: the runner server started in the background, then the first request
  (browser start included: revision's first step);
- server, later programs: the next requests on the same browser (revision's steps 2 and 3).

The local rows run the same runner commands on this machine. Each phase's median over the
rounds is printed as a Markdown table, in seconds.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable

from machine import cpu_model

from code3dbench.assets.locations import builtin_manifest_path
from code3dbench.assets.manifest import load_manifest
from code3dbench.sandbox.client import (
    SANDBOX_WORKDIR,
    runner_command,
    server_request_command,
    server_shutdown_command,
    server_start_command,
)
from code3dbench.sandbox.image import COMPOSE_FILE
from code3dbench.sandbox.limits import ExecutionLimits

PHASES = (
    "container start",
    "one-shot program",
    "server, first program",
    "server, later programs",
    "container removal",
)
LATER_PROGRAMS = 2
LIMITS = ExecutionLimits()


def timed(action: Callable[[], None]) -> float:
    """Seconds one call takes."""
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def check(done: subprocess.CompletedProcess[str]) -> None:
    """Stop with the command's output when it failed."""
    if done.returncode != 0:
        raise SystemExit(f"{done.args}: exit {done.returncode}\n{done.stdout}\n{done.stderr}")


class Docker:
    """One sample's container, driven through `docker compose` as Inspect drives it."""

    def __init__(self, project: str) -> None:
        self.base = ["docker", "compose", "-p", project, "-f", str(COMPOSE_FILE)]

    def run(self, command: list[str], stdin: str | None = None) -> None:
        """Run a command in the container as its user, from its home folder."""
        exec_ = [*self.base, "exec", "-T", "--workdir", "/home/node", "default", *command]
        check(subprocess.run(exec_, input=stdin, capture_output=True, text=True))

    def start(self) -> None:
        """Create and start the sample's container."""
        up = [*self.base, "up", "--detach", "--wait"]
        check(subprocess.run(up, capture_output=True, text=True))

    def remove(self) -> None:
        """Remove the container and its network."""
        check(subprocess.run([*self.base, "down", "--volumes"], capture_output=True, text=True))


class Local:
    """The same runner commands on this machine, in a temporary folder."""

    def __init__(self, folder: str) -> None:
        self.folder = folder

    def run(self, command: list[str], stdin: str | None = None) -> None:
        """Run a command in the folder."""
        done = subprocess.run(command, cwd=self.folder, input=stdin, capture_output=True, text=True)
        check(done)


def write_program(target: Docker | Local, run_dir: str, program: str) -> None:
    """Put program.js in a run folder, as the client's write_file does."""
    path = shlex.quote(f"{run_dir}/program.js")
    target.run(["sh", "-c", f"mkdir -p {shlex.quote(run_dir)} && cat > {path}"], program)


def one_round(target: Docker | Local, program: str) -> dict[str, float]:
    """The program phases of one sample (container start and removal are timed outside)."""
    times: dict[str, float] = {}
    run_dir = f"{SANDBOX_WORKDIR}/one-shot"
    write_program(target, run_dir, program)
    times["one-shot program"] = timed(lambda: target.run(runner_command(run_dir, LIMITS)))
    target.run(server_start_command(LIMITS))
    later = []
    for index in range(1 + LATER_PROGRAMS):
        run_dir = f"{SANDBOX_WORKDIR}/server-{index}"
        write_program(target, run_dir, program)
        request = server_request_command(run_dir, wait_ms=60_000)
        seconds = timed(lambda request=request: target.run(request))
        if index == 0:
            times["server, first program"] = seconds
        else:
            later.append(seconds)
    times["server, later programs"] = statistics.mean(later)
    target.run(server_shutdown_command())
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    builtin = load_manifest(builtin_manifest_path())
    program = builtin.program_path(builtin.get("furniture_chair")).read_text()
    rows: dict[str, dict[str, list[float]]] = {
        "docker": {phase: [] for phase in PHASES},
        "local": {phase: [] for phase in PHASES},
    }
    for round_index in range(args.rounds):
        docker = Docker(f"c3d-bench-{os.getpid()}-{round_index}")
        rows["docker"]["container start"].append(timed(docker.start))
        try:
            for phase, seconds in one_round(docker, program).items():
                rows["docker"][phase].append(seconds)
        finally:
            rows["docker"]["container removal"].append(timed(docker.remove))
        with tempfile.TemporaryDirectory() as folder:
            for phase, seconds in one_round(Local(folder), program).items():
                rows["local"][phase].append(seconds)
    print(
        f"Machine: {cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"median of {args.rounds} rounds, seconds; compose limits from {COMPOSE_FILE.name}\n"
    )
    print("| sandbox | " + " | ".join(PHASES) + " |")
    print("|---|" + "---:|" * len(PHASES))
    for name, phases in rows.items():
        cells = [f"{statistics.median(v):.2f}" if v else "-" for v in phases.values()]
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()

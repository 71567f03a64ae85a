"""End-to-end throughput of the evaluation, with a breakdown per stage.

    python benchmarks/bench_e2e.py                          # single_shot and revision, 1/2/4
    python benchmarks/bench_e2e.py --per-category 1 --max-samples 1 2
    python benchmarks/bench_e2e.py --sandbox docker --cpus 1 2 --max-samples 1 2 4

Runs `code3dbench/single_shot` and `code3dbench/revision` (3 steps) on the built-in set with the
offline box model and the local sandbox (or the Docker sandbox, with the compose file's
`cpus` limit per container or others given by --cpus), at several `max_samples`
(= `max_sandboxes`; and at 1 without `max_sandboxes`, since Inspect then skips the random
0-1 s delay it adds before each sample to interleave tasks when `max_sandboxes` is set), and
reports samples per minute, how busy the CPU was, and where the time goes. Stages inside a
sample, from its events, store and artifacts (shares of the summed sample time):

- model: model calls (working time of the model events).
- slot wait: time the sample waited for a concurrency slot (Inspect's waiting time: here the
  execution slots, one program per core by default, and Inspect's subprocess slots, whose
  waits fall inside sandbox calls and are not counted again under runner+I/O).
- program: the program in the browser (page, compile, run, buildObject, extraction,
  validation; the runner's own timings in each step's result.json).
- export+render: the trusted render page (scene, GLB export, render, pixels, PNG).
- runner+I/O: the rest of the sandbox calls (runner process and browser start or server
  connection, writing the program, reading the results back).
- scoring: the scorer span (geometry and image metrics).
- other: the rest of the sample (extraction, artifacts, feedback images, Inspect's own work).

The built-in references are rendered into the cache before the first run (a warm cache), so
the runs measure the evaluation, not the one-off reference rendering.

Outside samples (shares of the wall time): setup (task creation, dataset, first sample
start), gaps between samples, and the finish (results, metrics, log writing). The overhead
column is everything that is neither execution (slot wait, program, export+render,
runner+I/O) nor model wait, as a share of the wall time: in-sample overhead scaled to the
time samples were running, plus the time outside samples.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import yaml
from inspect_ai import eval as inspect_eval
from inspect_ai.log import EvalLog, EvalSample, read_eval_log
from machine import cpu_model

from code3dbench.assets.locations import cache_dir, resolve_manifest
from code3dbench.assets.references import render_references
from code3dbench.assets.store import AssetStore
from code3dbench.sandbox.image import COMPOSE_FILE
from code3dbench.tasks.tasks import revision, single_shot

MODEL = "code3dbench/box"
PROGRAM_PHASES = ("acquire_page", "compile", "run", "build", "extract", "validate")
RENDER_PHASES = ("build_scene", "export", "render", "read_pixels", "encode_png")
SAMPLE_STAGES = (
    "model", "slot wait", "program", "export+render", "runner+I/O", "scoring", "other",
)  # fmt: skip
EXECUTION_STAGES = ("slot wait", "program", "export+render", "runner+I/O")


def cpu_times() -> tuple[float, float]:
    """(busy, total) jiffies of all CPUs since boot, from /proc/stat."""
    fields = [float(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields) - idle, sum(fields)


@dataclass
class Stages:
    """Seconds per stage, summed over samples."""

    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(SAMPLE_STAGES, 0.0))
    sample_total: float = 0.0

    def add(self, sample: EvalSample) -> None:
        """Add one sample's events, waiting time and runner timings."""
        sandbox = scoring = model = 0.0
        begins = {}
        for event in sample.events:
            if event.event == "model" and event.working_time:
                model += event.working_time
            elif event.event == "sandbox" and event.completed:
                sandbox += (event.completed - event.timestamp).total_seconds()
            elif event.event == "span_begin" and event.type == "scorers":
                begins[event.id] = event.timestamp
            elif event.event == "span_end" and event.id in begins:
                scoring += (event.timestamp - begins.pop(event.id)).total_seconds()
        program = render = 0.0
        for step in sample.store.get("CodeSteps:steps", []):
            if step.get("artifacts"):
                timings = json.loads(
                    (Path(step["artifacts"]["folder"]) / "result.json").read_text()
                )["timings_ms"]
                program += sum(timings.get(f"{p}_ms", 0.0) for p in PROGRAM_PHASES) / 1000
                render += sum(timings.get(f"{p}_ms", 0.0) for p in RENDER_PHASES) / 1000
        total = sample.total_time or 0.0
        waiting = max(0.0, total - (sample.working_time or total))
        known = {
            "model": model,
            "slot wait": waiting,
            "program": program,
            "export+render": render,
            "runner+I/O": max(0.0, sandbox - program - render),
            "scoring": scoring,
        }
        # Inspect also counts waits for a subprocess slot inside sandbox calls (sample init
        # probes, runner processes) as waiting time: count those seconds once, as slot wait.
        overlap = max(0.0, sum(known.values()) - total)
        known["runner+I/O"] -= min(overlap, known["runner+I/O"])
        known["other"] = max(0.0, total - sum(known.values()))
        for stage, seconds in known.items():
            self.seconds[stage] += seconds
        self.sample_total += total

    def shares(self) -> dict[str, float]:
        """Each stage as a share of the summed sample time."""
        total = self.sample_total or 1.0
        return {stage: seconds / total for stage, seconds in self.seconds.items()}


@dataclass
class Outside:
    """Wall time outside every sample: before the first, between samples, after the last."""

    setup: float
    gaps: float
    finish: float
    running: float

    @classmethod
    def of(cls, log: EvalLog, started: float, wall: float) -> Outside:
        """Split the wall time of a run around its samples' intervals (epoch seconds)."""
        intervals = sorted((_epoch(s.started_at), _epoch(s.completed_at)) for s in log.samples)
        running = gaps = 0.0
        end = intervals[0][0]
        for begin, finish in intervals:
            if begin > end:
                gaps += begin - end
            running += max(0.0, finish - max(begin, end))
            end = max(end, finish)
        return cls(
            setup=intervals[0][0] - started,
            gaps=gaps,
            finish=started + wall - end,
            running=running,
        )


def _epoch(timestamp: str | None) -> float:
    assert timestamp, "a sample without start/end times"
    return datetime.fromisoformat(timestamp).timestamp()


def docker_with_cpus(cpus: float | None, folder: str) -> tuple[str, str]:
    """The Docker sandbox spec, with another `cpus` limit per container when given (the image
    is used as built: the compose copy has no build section)."""
    if cpus is None:
        return ("docker", str(COMPOSE_FILE))
    compose = yaml.safe_load(COMPOSE_FILE.read_text())
    service = compose["services"]["default"]
    service.pop("build")
    service["cpus"] = cpus
    path = Path(folder) / "compose.yaml"
    path.write_text(yaml.safe_dump(compose))
    return ("docker", str(path))


def run(
    task_name: str,
    per_category: int,
    max_samples: int,
    max_sandboxes: int | None,
    sandbox: str,
    cpus: float | None,
) -> str:
    """One evaluation, as a row of the table."""
    make = single_shot if task_name == "single_shot" else revision
    task = make(dataset="builtin", per_category=per_category, seed=0, sandbox=sandbox)
    with tempfile.TemporaryDirectory() as logs:
        spec = docker_with_cpus(cpus, logs) if sandbox == "docker" else "local"
        busy0, total0 = cpu_times()
        started_epoch, started = time.time(), time.perf_counter()
        [log] = inspect_eval(
            task,
            model=MODEL,
            max_samples=max_samples,
            max_sandboxes=max_sandboxes,
            sandbox=spec,
            log_dir=logs,
            display="none",
        )
        wall = time.perf_counter() - started
        busy1, total1 = cpu_times()
        log = read_eval_log(log.location)
        if log.status != "success":
            raise SystemExit(f"{task_name}: {log.status}: {log.error}")
        stages = Stages()
        for sample in log.samples:
            stages.add(sample)
    outside = Outside.of(log, started_epoch, wall)
    shares = stages.shares()
    in_sample_overhead = sum(
        v for k, v in shares.items() if k not in EXECUTION_STAGES and k != "model"
    )
    outside_share = (outside.setup + outside.gaps + outside.finish) / wall
    overhead = in_sample_overhead * outside.running / wall + outside_share
    cpu = (busy1 - busy0) / max(1.0, total1 - total0)
    cells = [
        task_name,
        sandbox if sandbox == "local" else f"docker, {cpus or 'compose'} CPU",
        str(max_samples),
        "-" if max_sandboxes is None else str(max_sandboxes),
        str(len(log.samples)),
        f"{wall:.1f}",
        f"{60 * len(log.samples) / wall:.1f}",
        f"{cpu:.0%}",
        *(f"{shares[stage]:.1%}" for stage in SAMPLE_STAGES),
        f"{outside.setup / wall:.1%} / {outside.gaps / wall:.1%} / {outside.finish / wall:.1%}",
        f"**{overhead:.1%}**",
    ]
    return "| " + " | ".join(cells) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-category", type=int, default=1)
    parser.add_argument("--max-samples", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--tasks", nargs="+", default=["single_shot", "revision"])
    parser.add_argument("--sandbox", nargs="+", choices=["local", "docker"], default=["local"])
    parser.add_argument(
        "--cpus",
        type=float,
        nargs="*",
        default=[],
        help="Docker only: `cpus` limits per container to try (default: the compose file's)",
    )
    parser.add_argument(
        "--unlimited-sandboxes-at",
        type=int,
        nargs="*",
        default=[1],
        help="also run these max_samples without max_sandboxes (Inspect then skips its random "
        "0-1 s start delay per sample)",
    )
    args = parser.parse_args()
    # References are rendered as samples start; render them first so that every run measures
    # the evaluation itself, as it does on a warm cache.
    render_references(resolve_manifest("builtin"), AssetStore(cache_dir()), concurrency=2)
    print(
        f"Machine: {cpu_model()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; model {MODEL}, built-in set, {args.per_category} per "
        f"category, sandbox {' and '.join(args.sandbox)}\n"
    )
    header = [
        "task", "sandbox", "max_samples", "max_sandboxes", "samples", "wall (s)", "samples/min",
        "CPU busy",
        *SAMPLE_STAGES, "setup / gaps / finish", "overhead",
    ]  # fmt: skip
    print("| " + " | ".join(header) + " |")
    print("|---|" + "---:|" * (len(header) - 1))
    sandboxes = [(name, None) for name in args.sandbox if name == "local" or not args.cpus]
    if "docker" in args.sandbox:
        sandboxes += [("docker", cpus) for cpus in args.cpus]
    for task_name in args.tasks:
        runs = [(n, n) for n in args.max_samples]
        runs += [(n, None) for n in args.unlimited_sandboxes_at]
        for sandbox, cpus in sandboxes:
            for max_samples, max_sandboxes in runs:
                row = run(task_name, args.per_category, max_samples, max_sandboxes, sandbox, cpus)
                print(row, flush=True)


if __name__ == "__main__":
    main()

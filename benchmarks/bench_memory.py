"""Peak memory of the runner processes in a revision eval with a slow model, local sandbox.

Each run is a child process: `revision` on the built-in set (2 objects per category, 16
samples) at `--max-samples 16`, with an offline model that answers the box program after
sleeping `--delay` seconds (a model that thinks). A poller sums, every 0.25 s, the memory of
every Node and Chromium process below the child: RSS (shared pages counted once per process,
an over-estimate) and PSS (shared pages split between processes, `/proc/PID/smaps_rollup`).

    python benchmarks/bench_memory.py [--delay 5] [--before /path/to/old/checkout]

`--before` names a copy of older code (e.g. `git archive 13af857 | tar -x -C /tmp/before`, then
link this checkout's `runner/node_modules` and `runner/.cache` into it), run the same way with
its own `code3dbench` package first on PYTHONPATH.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def child(delay: float, max_samples: int, concurrency: int | None) -> None:
    """The eval itself (run in a child process)."""
    import anyio
    from inspect_ai import eval as inspect_eval
    from inspect_ai.model import ModelAPI, ModelOutput, get_model, modelapi

    from code3dbench.baselines.box import box_reply
    from code3dbench.tasks.tasks import revision

    @modelapi(name="slowbox")
    class SlowBox(ModelAPI):
        """The box baseline, after `delay` seconds of thought."""

        async def generate(self, input, tools, tool_choice, config):  # noqa: ANN001, ANN201
            await anyio.sleep(delay)
            return ModelOutput.from_content(model=self.model_name, content=box_reply())

        def max_connections(self) -> int:
            return 64

    model = get_model("slowbox/box")
    with tempfile.TemporaryDirectory() as logs:
        [log] = inspect_eval(
            revision(
                dataset="builtin",
                per_category=2,
                sandbox="local",
                execution_concurrency=concurrency,
            ),
            model=model,
            max_samples=max_samples,
            log_dir=logs,
            display="none",
        )
        steps = [s.store["CodeSteps:steps"] for s in log.samples or []]
    statuses = [step["status"] for sample in steps for step in sample]
    print(json.dumps({"status": log.status, "samples": len(steps), "steps": statuses}))


def _tree() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            tree.setdefault(parent, []).append(int(entry.name))
    return tree


def _runner_processes(root: int, detached: bytes | None) -> list[int]:
    """Node and Chromium below ``root``, and below any runner server whose command line holds
    ``detached`` (the older code starts per-sample servers with setsid: they leave the tree)."""
    tree, found, todo = _tree(), [], [root]
    if detached:
        for entry in Path("/proc").iterdir():
            try:
                command = (entry / "cmdline").read_bytes() if entry.name.isdigit() else b""
            except OSError:
                continue
            if detached in command and b"--serve" in command:
                found.append(int(entry.name))
                todo.append(int(entry.name))
    while todo:
        for pid in tree.get(todo.pop(), []):
            todo.append(pid)
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            name = Path(command.split(b"\0")[0].split(b" ")[0].decode(errors="replace")).name
            if name in ("node", "chromium", "chrome", "chrome_crashpad_handler", "bwrap"):
                found.append(pid)
    return found


def _memory_kib(pid: int) -> tuple[int, int]:
    rss = pss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


def _browsers(pids: list[int]) -> int:
    count = 0
    for pid in pids:
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        name = Path(command.split(b"\0")[0].split(b" ")[0].decode(errors="replace")).name
        count += name in ("chromium", "chrome") and b"--type=" not in command
    return count


def measure(
    label: str, env: dict[str, str], args: argparse.Namespace, detached: bytes | None = None
) -> dict:
    """Run one child eval and poll its runner processes' memory."""
    command = [sys.executable, __file__, "--child", "--delay", str(args.delay)]
    command += ["--max-samples", str(args.max_samples)]
    if args.execution_concurrency:
        command += ["--execution-concurrency", str(args.execution_concurrency)]
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    peak_rss = peak_pss = peak_browsers = 0
    while process.poll() is None:
        pids = _runner_processes(process.pid, detached)
        totals = [_memory_kib(pid) for pid in pids]
        peak_rss = max(peak_rss, sum(r for r, _ in totals))
        peak_pss = max(peak_pss, sum(p for _, p in totals))
        peak_browsers = max(peak_browsers, _browsers(pids))
        time.sleep(0.25)
    out = process.stdout.read() if process.stdout else ""
    outcome = json.loads(out.strip().splitlines()[-1]) if out.strip() else {}
    steps = outcome.get("steps", [])
    return {
        "label": label,
        "wall_s": round(time.perf_counter() - started, 1),
        "peak_rss_mib": round(peak_rss / 1024),
        "peak_pss_mib": round(peak_pss / 1024),
        "peak_browsers": peak_browsers,
        "status": outcome.get("status"),
        "steps_ok": f"{steps.count('ok')}/{len(steps)}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay", type=float, default=5.0, help="seconds per model reply")
    parser.add_argument("--max-samples", type=int, default=16)
    parser.add_argument("--execution-concurrency", type=int, default=None)
    parser.add_argument("--before", type=Path, default=None, help="checkout of older code")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    if args.child:
        child(args.delay, args.max_samples, args.execution_concurrency)
        return
    runs = []
    if args.before:
        env = {**os.environ, "PYTHONPATH": str(args.before)}
        label = f"before ({args.before.name}: a server per sample)"
        runs.append(measure(label, env, args, detached=str(args.before).encode()))
    for label, jail in (("shared server, jailed", "bwrap"), ("shared server, no jail", "off")):
        runs.append(measure(label, {**os.environ, "CODE3DBENCH_LOCAL_JAIL": jail}, args))
    print(f"revision, 16 built-in samples, --max-samples {args.max_samples}, delay {args.delay} s")
    print("\n| run | wall (s) | peak RSS (MiB) | peak PSS (MiB) | browsers at once | steps ok |")
    print("|---|---:|---:|---:|---:|---:|")
    for run in runs:
        print(
            f"| {run['label']} | {run['wall_s']} | {run['peak_rss_mib']} | {run['peak_pss_mib']} "
            f"| {run['peak_browsers']} | {run['steps_ok']} |"
        )
    if args.json:
        args.json.write_text(json.dumps(runs, indent=2))


if __name__ == "__main__":
    main()

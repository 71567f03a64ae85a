"""Read Code3DBench samples out of Inspect ``.eval`` / ``.json`` logs.

Every number of a report is computed from the per-sample score values the scorer
``code3dbench/geometry_and_image`` wrote, never from ``log.results``: that keeps the numbers
exact and makes medians and the penalized variant possible. What cannot be used is not
dropped silently: a log of another task, an unreadable log, a sample that errored or has no
score, a sample seen twice, and a sample hit by a sandbox fault each leave a `SkipNote`.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from inspect_ai.log import (
    EvalLog,
    EvalSample,
    list_eval_logs,
    read_eval_log,
    read_eval_log_samples,
)

from code3dbench.solvers.extract import extract_program

AGENT = "code3dbench/agent"
REFERENCE_TASKS = ("code3dbench/image_to_3d",)
"""Tasks whose runs are references (an image-to-3D model, no program): shown apart."""

TASKS = ("code3dbench/single_shot", "code3dbench/revision", AGENT, *REFERENCE_TASKS)
"""Registry names of the tasks a report reads."""

SCORER = "geometry_and_image"
"""Name of the scorer whose values a report reads."""

STORE_KEY = "CodeSteps:steps"
"""Sample store key of the per-step records (code3dbench.solvers.steps.CodeSteps)."""

LOG_SUFFIXES = (".eval", ".json")


class ReportInputError(ValueError):
    """A path given to the report does not exist or holds no log."""


Settings = tuple[tuple[str, str], ...]
"""Generation settings and model arguments as sorted (name, value) pairs."""

NOT_SETTINGS = {
    "max_retries",
    "timeout",
    "attempt_timeout",
    "stream_idle_timeout",
    "max_connections",
    "adaptive_connections",
    "cache",
    "batch",
    "extra_headers",
}
"""Generate-config fields about transport, not about what the model is asked to do."""


def format_settings(settings: Settings) -> str:
    """``name=value, ...`` (``provider defaults`` when empty)."""
    return ", ".join(f"{k}={v}" for k, v in settings) or "provider defaults"


@dataclass(frozen=True)
class RunKey:
    """What one column of results is: a model with its settings on a task, budget and dataset.

    Attributes:
        model: The Inspect model name, e.g. ``openai/gpt-5.4``.
        task: The task's registry name (``code3dbench/single_shot``, ``.../revision`` or
            ``.../agent``).
        max_steps: The step budget N (1 for single-shot; for the agent its run budget + 1,
            the runs and the submission).
        dataset: The dataset name from the log (e.g. ``code3dbench-builtin``).
        solver: A solver given on the command line (e.g. ``code3dbench/oracle``), else None.
        settings: Every effective generation setting and model argument (``-M``) of the run.
        changed: The settings that differ from the defaults the task set (shown in labels).
    """

    model: str
    task: str
    max_steps: int
    dataset: str
    solver: str | None = None
    settings: Settings = ()
    changed: Settings = ()

    @property
    def order(self) -> tuple[str, str, str, str, int, str]:
        """Sort key: model, solver, settings, task, N, dataset."""
        return (
            self.model,
            self.solver or "",
            format_settings(self.changed),
            self.task,
            self.max_steps,
            self.dataset,
        )

    @property
    def reference(self) -> bool:
        """True for an image-to-3D reference run (no program; shown apart from code models)."""
        return self.task in REFERENCE_TASKS

    @property
    def label(self) -> str:
        """A short name for tables: model, [solver], {settings that differ from defaults}."""
        label = f"{self.model} [{self.solver}]" if self.solver else self.model
        return f"{label} {{{format_settings(self.changed)}}}" if self.changed else label

    @property
    def agent(self) -> bool:
        """True for the agent setting."""
        return self.task == AGENT

    @property
    def task_label(self) -> str:
        """``single_shot``, ``revision (N=3)`` or ``agent (runs<=5)``."""
        name = self.task.removeprefix("code3dbench/")
        if self.agent:
            return f"{name} (runs<={self.max_steps - 1})"
        return f"{name} (N={self.max_steps})" if name == "revision" else name

    @property
    def id(self) -> str:
        """A stable identifier: model, solver, task, N, dataset and settings joined by '|'."""
        parts = [self.model, self.solver or "", self.task, str(self.max_steps), self.dataset]
        return "|".join(parts + ([format_settings(self.settings)] if self.settings else []))


@dataclass
class StepView:
    """One step of one sample, as the report shows it.

    Attributes:
        step: 1-based step number.
        status: Execution status (``ok``, ``syntax_error``, ...).
        metrics: ``exec``, ``cd``, ``f1`` ... ``clip`` from the score metadata (NaN: missing).
        error: The trimmed error message, if any.
        folder: The step's artifacts folder on the host (may no longer exist).
        render_sha256: sha256 of the render recorded at run time.
        triangles: Triangles of the object (0 when none).
        program: The program from the reply when the artifacts hold no program.js.
        truncated: The reply was cut at the token limit.
        refused: The model refused.
        kind: ``reply``, or the agent's ``run`` or ``submit``.
    """

    step: int
    status: str
    metrics: dict[str, float]
    error: str | None = None
    folder: Path | None = None
    render_sha256: str | None = None
    triangles: int = 0
    program: str | None = None
    truncated: bool = False
    refused: bool = False
    kind: str = "reply"

    @property
    def executed(self) -> bool:
        """True when the program ran and produced an object."""
        return self.status == "ok"

    @property
    def title(self) -> str:
        """``Step k``, or for the agent ``Run k`` and ``Submission (step k)``."""
        if self.kind == "submit":
            return f"Submission (step {self.step})"
        return f"{'Run' if self.kind == 'run' else 'Step'} {self.step}"


@dataclass
class SampleResult:
    """One scored sample (one epoch) of one run.

    Attributes:
        key: The run it belongs to.
        log: Path of the log it came from.
        sample_id: The sample (object) id.
        epoch: 1-based epoch.
        category: The object's category.
        values: The score value (``single_cd``, ``exec_step_1``, ``sandbox_error`` ...).
        steps: Every step with its status and metrics.
        best_step: The executable step with the lowest CD (1-based), or None.
        reference_image: Host path of the reference PNG, from the sample metadata.
        ground_truth: Host path of the ground-truth GLB (the gallery's 3D viewer).
        reference_views: Host path of the reference views strip (``views.png``).
        final_step: The step ``final`` scores (1-based), or None.
        limit: The Inspect limit that ended the sample (``message``, ``token`` ...), or None.
    """

    key: RunKey
    log: str
    sample_id: str
    epoch: int
    category: str
    values: dict[str, float]
    steps: list[StepView]
    best_step: int | None
    reference_image: str | None
    ground_truth: str | None = None
    reference_views: str | None = None
    final_step: int | None = None
    limit: str | None = None

    @property
    def sandbox_error(self) -> bool:
        """True when any step hit an infrastructure fault (the sample is reported apart)."""
        value = self.values.get("sandbox_error", 0.0)
        return bool(value) and not math.isnan(value)

    def value(self, name: str) -> float:
        """One score value as a float (NaN when absent)."""
        value = self.values.get(name)
        return float("nan") if value is None else float(value)


@dataclass(frozen=True)
class SkipNote:
    """Something the report did not use, and why.

    Attributes:
        kind: ``log`` (a whole log), ``error`` (a sample that errored), ``no_score``,
            ``duplicate`` or ``sandbox_error`` (reported apart, counted per run).
        path: The log.
        reason: A sentence saying what and why.
        sample_id: The sample, for sample-level notes.
        epoch: The epoch, for sample-level notes.
        run: The run's id (`RunKey.id`), for sample-level notes.
    """

    kind: str
    path: str
    reason: str
    sample_id: str | None = None
    epoch: int | None = None
    run: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary (None fields left out)."""
        return {k: v for k, v in self.__dict__.items() if v is not None}

    def describe(self) -> str:
        """One line for stderr."""
        where = f"{self.sample_id} (epoch {self.epoch}) in " if self.sample_id else ""
        return f"skipped {where}{self.path}: {self.reason}"


@dataclass
class LogInput:
    """One log file the report read.

    Attributes:
        path: The log file.
        status: The log's status (``success``, ``cancelled``, ``error``, ``started``).
        task: The task's registry name (or name).
        model: The model.
        run: The run's id, None for a log that was skipped.
        samples_expected: Samples x epochs the log was run with.
        samples_present: Samples (with epochs) actually in the log.
        used: Samples that entered the aggregates.
        note: What was special about it (partial, skipped ...), else None.
    """

    path: str
    status: str
    task: str | None
    model: str | None
    run: str | None = None
    samples_expected: int | None = None
    samples_present: int = 0
    used: int = 0
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary."""
        return dict(self.__dict__)


@dataclass
class ErroredSample:
    """A sample without a score (it errored, or the run stopped before scoring it)."""

    key: RunKey
    log: str
    sample_id: str
    epoch: int
    category: str | None
    error: str
    reference_image: str | None


@dataclass
class ReportedCosts:
    """The costs a provider reported per step (OpenRouter's ``usage.cost``), over a run.

    Attributes:
        total: Sum of the reported costs (USD).
        steps_with: Steps with a reported cost.
        steps_without: Steps without one.
    """

    total: float = 0.0
    steps_with: int = 0
    steps_without: int = 0

    def add(self, records: list[dict[str, Any]]) -> None:
        """Count the step records of one sample."""
        for record in records:
            cost = record.get("provider_cost")
            if isinstance(cost, int | float):
                self.total += float(cost)
                self.steps_with += 1
            else:
                self.steps_without += 1

    @property
    def complete(self) -> bool:
        """True when every step had a reported cost."""
        return self.steps_with > 0 and self.steps_without == 0


@dataclass
class LoadedLogs:
    """Everything read from the inputs.

    Attributes:
        samples: The usable samples (sandbox faults included, flagged; duplicates removed).
        errored: Samples without a score.
        inputs: One entry per log file read.
        skipped: What was not used, and why.
        usage: Token usage per run id, summed over its logs (model name -> usage dict).
        keys: Run id -> the run.
        prices: Run id -> the task's price note (``prices`` in its metadata), when recorded.
        reported_costs: Run id -> what the provider reported as the cost of each step.
    """

    samples: list[SampleResult] = field(default_factory=list)
    errored: list[ErroredSample] = field(default_factory=list)
    inputs: list[LogInput] = field(default_factory=list)
    skipped: list[SkipNote] = field(default_factory=list)
    usage: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    keys: dict[str, RunKey] = field(default_factory=dict)
    prices: dict[str, dict[str, Any]] = field(default_factory=dict)
    reported_costs: dict[str, ReportedCosts] = field(default_factory=dict)


def find_logs(paths: Sequence[str | Path]) -> list[Path]:
    """The log files named by ``paths``: files as given, folders searched recursively.

    Raises:
        ReportInputError: a path does not exist.
    """
    found: list[Path] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if not path.exists():
            raise ReportInputError(f"{path}: no such file or folder; give .eval logs or a log dir")
        if path.is_dir():
            infos = list_eval_logs(str(path.resolve()), recursive=True, descending=False)
            found.extend(sorted(Path(info.name.removeprefix("file://")) for info in infos))
        else:
            found.append(path.resolve())
    unique: list[Path] = []
    for path in found:
        if path not in unique:
            unique.append(path)
    return unique


def _max_steps(header: EvalLog) -> int:
    if header.eval.task_registry_name == "code3dbench/single_shot":
        return 1
    for source in (header.eval.task_args or {}, header.eval.metadata or {}):
        value = source.get("max_steps")
        if isinstance(value, int | float) and not isinstance(value, bool):
            return int(value)
    return 3


def is_code3dbench_log(header: EvalLog) -> bool:
    """True for logs of the Code3DBench tasks (or of any task scored by geometry_and_image)."""
    if header.eval.task_registry_name in TASKS:
        return True
    scorers = header.eval.scorers or []
    return any(s.name in (SCORER, f"code3dbench/{SCORER}") for s in scorers)


def _setting_value(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)


def run_settings(header: EvalLog) -> tuple[Settings, Settings]:
    """The run's effective settings, and those that differ from the task's defaults.

    Effective: the generate config the plan ran with (the task's defaults merged with the
    command line's flags) and the model arguments (``-M``, shown as ``M.name``).
    """
    config = header.plan.config.model_dump(exclude_none=True) if header.plan else {}
    values = {k: _setting_value(v) for k, v in config.items() if k not in NOT_SETTINGS}
    arguments = (header.eval.model_args or {}).items()
    values |= {f"M.{k}": _setting_value(v) for k, v in arguments if v is not None}
    input_views = (header.eval.task_args or {}).get("input_views", 1)
    if input_views != 1:  # the multi-view input ablation: a run of its own
        values["input_views"] = _setting_value(input_views)
    defaults = (header.eval.metadata or {}).get("generation_defaults") or {}
    changed = {k: v for k, v in values.items() if k not in defaults or defaults[k] != config[k]}
    changed |= {k: "provider default" for k in defaults if k not in config}
    return tuple(sorted(values.items())), tuple(sorted(changed.items()))


def run_key(header: EvalLog) -> RunKey:
    """The run a log's samples belong to (a reference run: its ``reference_model``)."""
    settings, changed = run_settings(header)
    reference_model = (header.eval.metadata or {}).get("reference_model")
    return RunKey(
        model=reference_model or header.eval.model,
        task=header.eval.task_registry_name or header.eval.task,
        max_steps=_max_steps(header),
        dataset=header.eval.dataset.name or "unnamed",
        solver=header.eval.solver,
        settings=settings,
        changed=changed,
    )


def _text(sample: EvalSample, text: str) -> str:
    if text.startswith("attachment://"):
        return (sample.attachments or {}).get(text.removeprefix("attachment://"), text)
    return text


def _replies(sample: EvalSample) -> list[str]:
    return [_text(sample, m.text) for m in sample.messages if m.role == "assistant"]


def _float(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")


def _steps(sample: EvalSample, score_steps: list[dict[str, Any]]) -> list[StepView]:
    records = {r.get("step"): r for r in (sample.store or {}).get(STORE_KEY, []) or []}
    replies = _replies(sample)
    steps = []
    for index, scored in enumerate(score_steps):
        number = int(scored.get("step", index + 1))
        record = records.get(number, {})
        artifacts = record.get("artifacts") or {}
        folder = Path(artifacts["folder"]) if artifacts.get("folder") else None
        kind = str(scored.get("kind", record.get("kind", "reply")))
        program = None
        missing = folder is None or not (folder / "program.js").is_file()
        if missing and kind == "reply" and number <= len(replies):  # agents pass code in calls
            program = extract_program(replies[number - 1])
        metrics = {k: _float(v) for k, v in scored.items() if k not in ("step", "status", "kind")}
        steps.append(
            StepView(
                step=number,
                status=str(scored.get("status", record.get("status", "unknown"))),
                metrics=metrics,
                error=record.get("error"),
                folder=folder,
                render_sha256=artifacts.get("render_sha256"),
                triangles=int(record.get("triangles") or 0),
                program=program,
                truncated=bool(record.get("truncated")),
                refused=bool(record.get("refused")),
                kind=kind,
            )
        )
    return steps


def _samples(path: Path, header: EvalLog) -> Iterator[EvalSample]:
    if path.suffix == ".json" or header.eval.dataset.sample_ids is None:
        yield from read_eval_log(str(path)).samples or []
    else:
        yield from read_eval_log_samples(
            str(path), all_samples_required=False, exclude_fields={"events"}
        )


def _usage(header: EvalLog) -> dict[str, dict[str, Any]]:
    usage = header.stats.model_usage if header.stats else {}
    return {model: u.model_dump() for model, u in (usage or {}).items()}


def _merge_usage(into: dict[str, dict[str, Any]], extra: dict[str, dict[str, Any]]) -> None:
    for model, usage in extra.items():
        total = into.setdefault(model, {})
        for name, value in usage.items():
            if name == "total_cost":
                # A cost the provider did not report stays unknown for the whole sum.
                known = total.get("total_cost_known", True) and value is not None
                total["total_cost_known"] = known
                total["total_cost"] = (total.get("total_cost") or 0.0) + (value or 0.0)
            elif isinstance(value, int | float):
                total[name] = (total.get(name) or 0) + value
            else:
                total.setdefault(name, value)


def load_logs(paths: Sequence[str | Path]) -> LoadedLogs:
    """Read every log under ``paths`` into samples, errored samples and notes.

    A sample id and epoch seen in more than one log of the same run is taken from the log
    that finished last (e.g. after ``inspect eval-retry``) and noted as a duplicate.

    Raises:
        ReportInputError: a path does not exist.
    """
    loaded = LoadedLogs()
    headers: list[tuple[Path, EvalLog]] = []
    for path in find_logs(paths):
        try:
            header = read_eval_log(str(path), header_only=True)
        except Exception as err:  # noqa: BLE001 - any unreadable file is reported, not fatal
            loaded.inputs.append(LogInput(str(path), "unreadable", None, None, note=str(err)))
            loaded.skipped.append(SkipNote("log", str(path), f"cannot read the log: {err}"))
            continue
        headers.append((path, header))

    # The newest log wins a duplicate: read them newest first.
    def finished(item: tuple[Path, EvalLog]) -> str:
        stats = item[1].stats
        return (stats.completed_at or stats.started_at or "") if stats else ""

    seen: dict[tuple[str, str, int], str] = {}
    order = sorted(headers, key=finished, reverse=True)
    entries: dict[Path, LogInput] = {}
    for path, header in order:
        entries[path] = _read_log(path, header, loaded, seen)
    loaded.inputs.extend(entries[path] for path, _ in headers)
    return loaded


def _read_log(
    path: Path, header: EvalLog, loaded: LoadedLogs, seen: dict[tuple[str, str, int], str]
) -> LogInput:
    task = header.eval.task_registry_name or header.eval.task
    entry = LogInput(str(path), header.status, task, header.eval.model)
    if not is_code3dbench_log(header):
        entry.note = f"not a Code3DBench log (task {task}); skipped"
        loaded.skipped.append(SkipNote("log", str(path), entry.note))
        return entry
    key = run_key(header)
    entry.run = key.id
    loaded.keys[key.id] = key
    prices = (header.eval.metadata or {}).get("prices")
    if isinstance(prices, dict):
        loaded.prices.setdefault(key.id, prices)
    ids = header.eval.dataset.sample_ids
    epochs = header.eval.config.epochs or 1
    entry.samples_expected = len(ids) * epochs if ids is not None else None
    _merge_usage(loaded.usage.setdefault(key.id, {}), _usage(header))
    try:
        for sample in _samples(path, header):
            entry.samples_present += 1
            if _take_sample(path, key, sample, loaded, seen):
                entry.used += 1
    except Exception as err:  # noqa: BLE001 - a damaged log keeps what was read
        entry.note = f"reading stopped after {entry.samples_present} samples: {err}"
        loaded.skipped.append(SkipNote("log", str(path), entry.note))
    notes = [entry.note] if entry.note else []
    if header.status != "success":
        notes.append(
            f"log status {header.status}: {entry.samples_present} of "
            f"{entry.samples_expected if entry.samples_expected is not None else '?'} samples "
            "present; the report covers those present"
        )
    if header.invalidated:
        notes.append("the log is marked invalidated")
    entry.note = "; ".join(notes) or None
    return entry


def _take_sample(
    path: Path,
    key: RunKey,
    sample: EvalSample,
    loaded: LoadedLogs,
    seen: dict[tuple[str, str, int], str],
) -> bool:
    sample_id, epoch = str(sample.id), int(sample.epoch)
    metadata = sample.metadata or {}
    identity = (key.id, sample_id, epoch)
    if identity in seen:
        loaded.skipped.append(
            SkipNote(
                "duplicate",
                str(path),
                f"also in {seen[identity]}, which is used (the log that finished last wins)",
                sample_id,
                epoch,
                key.id,
            )
        )
        return False
    records = list((sample.store or {}).get(STORE_KEY) or [])
    loaded.reported_costs.setdefault(key.id, ReportedCosts()).add(records)
    score = (sample.scores or {}).get(SCORER) or (sample.scores or {}).get(f"code3dbench/{SCORER}")
    if score is None or not isinstance(score.value, dict):
        seen[identity] = str(path)
        reason = (
            f"the sample errored: {_first_line(sample.error.message)}"
            if sample.error
            else f"no {SCORER} score (the run stopped before scoring it)"
        )
        loaded.errored.append(
            ErroredSample(
                key,
                str(path),
                sample_id,
                epoch,
                metadata.get("category"),
                reason,
                metadata.get("reference_image"),
            )
        )
        kind = "error" if sample.error else "no_score"
        loaded.skipped.append(SkipNote(kind, str(path), reason, sample_id, epoch, key.id))
        return False
    seen[identity] = str(path)
    score_metadata = score.metadata or {}
    result = SampleResult(
        key=key,
        log=str(path),
        sample_id=sample_id,
        epoch=epoch,
        category=str(metadata.get("category") or score_metadata.get("category") or "unknown"),
        values={k: _float(v) for k, v in score.value.items()},
        steps=_steps(sample, list(score_metadata.get("steps") or [])),
        best_step=score_metadata.get("best_step"),
        reference_image=metadata.get("reference_image"),
        ground_truth=metadata.get("ground_truth"),
        reference_views=metadata.get("reference_views"),
        final_step=score_metadata.get("final_step"),
        limit=sample.limit.type if sample.limit else None,
    )
    loaded.samples.append(result)
    if result.sandbox_error:
        loaded.skipped.append(
            SkipNote(
                "sandbox_error",
                str(path),
                "a step hit a sandbox (infrastructure) fault: reported apart, not as the "
                "model's failure",
                sample_id,
                epoch,
                key.id,
            )
        )
        return False
    return True


def _first_line(text: str | None) -> str:
    """A sample error in one line: for a model call error, the provider's error, not the request.

    Inspect's ``ModelGenerateError`` message is the whole request (images included) followed
    by the underlying exception; only that exception says what went wrong.
    """
    text = (text or "").strip()
    if text.startswith("ModelGenerateError(") and "Request:" in text[:60]:
        tail = re.split(r"(?:\\n|\n){2}", text)[-1].replace("\\'", "'")
        text = tail.removesuffix("')")  # the end of the wrapping repr
    line = text.splitlines()[0] if text else "unknown error"
    return line if len(line) <= 300 else line[:297] + "..."


def runs(samples: Iterable[SampleResult]) -> dict[str, list[SampleResult]]:
    """Samples grouped by run id, in a stable order (model, task, N, dataset)."""
    grouped: dict[str, list[SampleResult]] = {}
    for sample in sorted(samples, key=lambda s: (s.key.order, s.sample_id, s.epoch)):
        grouped.setdefault(sample.key.id, []).append(sample)
    return grouped

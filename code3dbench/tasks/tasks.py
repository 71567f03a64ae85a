"""The Inspect tasks: `code3dbench/single_shot`, `code3dbench/revision`, `code3dbench/agent`."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from inspect_ai import Task, task
from inspect_ai.dataset import MemoryDataset
from inspect_ai.solver import Solver, TaskState

from code3dbench.assets.locations import cache_dir, resolve_manifest
from code3dbench.assets.preparer import ReferencePreparer
from code3dbench.assets.store import AssetStore
from code3dbench.costs.prices import apply_default_prices
from code3dbench.prompts import agent_instructions, scaffold_contract
from code3dbench.sandbox.client import stop_runner_server
from code3dbench.sandbox.limits import ExecutionLimits
from code3dbench.sandbox.runner_files import renderer_version, three_version
from code3dbench.sandbox.selection import resolve_sandbox
from code3dbench.scorers.inspect_scorer import geometry_and_image
from code3dbench.solvers.agent import agent_message_limit, code_agent
from code3dbench.solvers.input_views import check_input_views
from code3dbench.solvers.program_steps import generate_and_execute, revise
from code3dbench.solvers.reference import attach_reference
from code3dbench.tasks.dataset import build_dataset
from code3dbench.tasks.defaults import FAIL_ON_ERROR, generation_defaults

TASK_VERSION = 1


def _text_or_file(value: str | None) -> str | None:
    """A prompt given inline or as the path of a text file."""
    if value is None:
        return None
    path = Path(value).expanduser()
    if path.suffix in (".txt", ".md") or path.is_file():
        return path.read_text(encoding="utf-8").strip()
    return value


def task_samples(
    dataset: str | None,
    categories: str | list[str] | None,
    per_category: int | None,
    shuffle: bool,
    seed: int,
    system_prompt: str | None,
    instruction: str | None,
    input_views: int = 1,
) -> tuple[MemoryDataset, Solver]:
    """A run's samples, and the setup step that puts each one's reference views into its prompt."""
    manifest = resolve_manifest(dataset)
    store = AssetStore(cache_dir())
    samples = build_dataset(
        manifest,
        store,
        categories,
        per_category,
        shuffle,
        seed,
        system_prompt=system_prompt,
        instruction=instruction,
    )
    preparer = ReferencePreparer(manifest, store)
    return samples, attach_reference(preparer, check_input_views(input_views))


async def _stop_runner_server(state: TaskState) -> None:
    """Task cleanup: stop the sample's runner server if the solver failed before stopping it."""
    await stop_runner_server()


@dataclass(frozen=True)
class TaskOptions:
    """The parameters every task shares: dataset, sandbox, limits, prompts and scoring.

    Each ``@task`` lists them in its own signature (Inspect reads task parameters from it) and
    hands them over with `from_arguments`; `tests/tasks` checks that the three signatures agree.
    """

    dataset: str | None
    categories: str | list[str] | None
    per_category: int | None
    shuffle: bool
    seed: int
    sandbox: str
    timeout_s: float
    max_triangles: int
    memory_mb: int
    system_prompt: str | None
    instruction: str | None
    images: bool
    image_batch_size: int | None
    artifacts_dir: str | None
    execution_concurrency: int | None
    input_views: int

    @classmethod
    def from_arguments(cls, arguments: dict[str, Any]) -> TaskOptions:
        """The shared parameters out of a task function's arguments (its ``locals()``)."""
        return cls(**{f.name: arguments[f.name] for f in fields(cls)})

    @property
    def limits(self) -> ExecutionLimits:
        """The execution limits of every program."""
        return ExecutionLimits(
            timeout_s=self.timeout_s, max_triangles=self.max_triangles, memory_mb=self.memory_mb
        )


@dataclass(frozen=True)
class Setting:
    """What differs between the tasks: the solver, the step budget and how to answer.

    Attributes:
        solver: The task's solver.
        max_steps: Programs a sample executes at most (keys ``exec_step_1..max_steps``).
        agent: The agent setting (its scorer adds ``runs`` and ``submitted``).
        reply: How to answer, the last paragraph of the scaffold contract (None: one fenced
            program).
        message_limit: The task's default message limit (None: Inspect's).
        metadata: Extra task metadata naming the setting's budget.
    """

    solver: Solver
    max_steps: int
    agent: bool = False
    reply: str | None = None
    message_limit: int | None = None
    metadata: dict[str, Any] = field(default_factory=dict)


def _task(setting: Setting, options: TaskOptions) -> Task:
    limits = options.limits
    samples, setup = task_samples(
        options.dataset,
        options.categories,
        options.per_category,
        options.shuffle,
        options.seed,
        _text_or_file(options.system_prompt) or scaffold_contract(limits, setting.reply),
        _text_or_file(options.instruction),
        options.input_views,
    )
    return Task(
        dataset=samples,
        setup=setup,
        solver=setting.solver,
        scorer=geometry_and_image(
            setting.max_steps, options.images, options.image_batch_size, setting.agent
        ),
        sandbox=resolve_sandbox(options.sandbox),
        cleanup=_stop_runner_server if setting.max_steps > 1 else None,
        version=TASK_VERSION,
        config=generation_defaults(),
        fail_on_error=FAIL_ON_ERROR,
        message_limit=setting.message_limit,
        metadata={
            "renderer": renderer_version(),
            "three": three_version(),
            "max_steps": setting.max_steps,
            **setting.metadata,
            "input_views": options.input_views,
            "limits": limits.model_dump(),
            "generation_defaults": generation_defaults().model_dump(exclude_none=True),
            "prices": apply_default_prices(),
        },
    )


@task
def single_shot(
    dataset: str | None = None,
    categories: str | list[str] | None = None,
    per_category: int | None = None,
    shuffle: bool = False,
    seed: int = 0,
    sandbox: str = "auto",
    timeout_s: float = 10.0,
    max_triangles: int = 2_000_000,
    memory_mb: int = 1024,
    system_prompt: str | None = None,
    instruction: str | None = None,
    images: bool = True,
    image_batch_size: int | None = None,
    artifacts_dir: str | None = None,
    execution_concurrency: int | None = None,
    input_views: int = 1,
) -> Task:
    """One image -> one Three.js program, executed and scored.

    Args:
        dataset: 'benchmark' (default: the 848 real objects, shipped with the package),
            'builtin' (40 objects written as programs), or the path of a manifest.
        categories: Only these categories (comma-separated or a list).
        per_category: A stratified draw of N objects per category (seeded).
        shuffle: Shuffle the samples (seeded).
        seed: Seed of the draw and the shuffle.
        sandbox: 'auto' (Docker when a daemon answers, else local with a warning), 'docker',
            'local' or 'k8s' (inspect-k8s-sandbox; docs/scale_out.md).
        timeout_s: Wall time per program.
        max_triangles: Most triangles per object.
        memory_mb: Heap of the page a program runs in.
        system_prompt: System message text or a .txt file (default: prompts/contract.txt).
        instruction: Text beside the image, or a .txt file (default: prompts/single_shot.txt).
        images: Compute image metrics (SSIM, MSE; LPIPS and CLIP when weights are present).
        image_batch_size: Renders of concurrent samples per LPIPS/CLIP pass (default: 32 when
            those run on a CUDA GPU, else one at a time).
        artifacts_dir: Host folder for each step's program, GLB and render (default: beside
            the log, `<log>.artifacts/`).
        execution_concurrency: Programs executing at once (default: CPU cores).
        input_views: Views the model sees (1-7): the reference image, then front, right,
            back, left, top, low. 1 (default) is the benchmark as published.
    """
    options = TaskOptions.from_arguments(locals())
    solver = generate_and_execute(options.limits, artifacts_dir, execution_concurrency)
    return _task(Setting(solver, max_steps=1), options)


@task
def revision(
    max_steps: int = 3,
    dataset: str | None = None,
    categories: str | list[str] | None = None,
    per_category: int | None = None,
    shuffle: bool = False,
    seed: int = 0,
    sandbox: str = "auto",
    timeout_s: float = 10.0,
    max_triangles: int = 2_000_000,
    memory_mb: int = 1024,
    system_prompt: str | None = None,
    instruction: str | None = None,
    images: bool = True,
    image_batch_size: int | None = None,
    artifacts_dir: str | None = None,
    execution_concurrency: int | None = None,
    input_views: int = 1,
) -> Task:
    """A fixed budget of ``max_steps`` full-program revisions with execution feedback.

    Args:
        max_steps: Steps in total, the first generation included (default 3).
        dataset: 'benchmark' (default), 'builtin', or the path of a manifest.
        categories: Only these categories (comma-separated or a list).
        per_category: A stratified draw of N objects per category (seeded).
        shuffle: Shuffle the samples (seeded).
        seed: Seed of the draw and the shuffle.
        sandbox: 'auto', 'docker', 'local' or 'k8s'.
        timeout_s: Wall time per program.
        max_triangles: Most triangles per object.
        memory_mb: Heap of the page a program runs in.
        system_prompt: System message text or a .txt file (default: prompts/contract.txt).
        instruction: Text beside the image, or a .txt file (default: prompts/single_shot.txt).
        images: Compute image metrics.
        image_batch_size: Renders of concurrent samples per LPIPS/CLIP pass (default: 32 when
            those run on a CUDA GPU, else one at a time).
        artifacts_dir: Host folder for each step's files (default: beside the log).
        execution_concurrency: Programs executing at once (default: CPU cores).
        input_views: Views the model sees (1-7): the reference image, then front, right,
            back, left, top, low. 1 (default) is the benchmark as published.
    """
    options = TaskOptions.from_arguments(locals())
    solver = revise(max_steps, options.limits, artifacts_dir, execution_concurrency)
    return _task(Setting(solver, max_steps=max_steps), options)


@task
def agent(
    max_runs: int = 5,
    dataset: str | None = None,
    categories: str | list[str] | None = None,
    per_category: int | None = None,
    shuffle: bool = False,
    seed: int = 0,
    sandbox: str = "auto",
    timeout_s: float = 10.0,
    max_triangles: int = 2_000_000,
    memory_mb: int = 1024,
    system_prompt: str | None = None,
    instruction: str | None = None,
    images: bool = True,
    image_batch_size: int | None = None,
    artifacts_dir: str | None = None,
    execution_concurrency: int | None = None,
    input_views: int = 1,
) -> Task:
    """An agent: it runs its programs with ``run_program(code)`` and ends with ``submit(code)``.

    Scored like the other tasks (``final`` = the submitted program, or the last executable run
    of an agent that never submitted; ``best`` = the best program it ran), plus ``runs`` and
    ``submitted``. The message limit defaults to ``2 + 4 * (max_runs + 1)``; ``--message-limit``
    and ``--token-limit`` end the loop earlier.

    Args:
        max_runs: Most programs the agent may run before it submits (default 5); a run past
            it is refused.
        dataset: 'benchmark' (default), 'builtin', or the path of a manifest.
        categories: Only these categories (comma-separated or a list).
        per_category: A stratified draw of N objects per category (seeded).
        shuffle: Shuffle the samples (seeded).
        seed: Seed of the draw and the shuffle.
        sandbox: 'auto', 'docker', 'local' or 'k8s'.
        timeout_s: Wall time per program.
        max_triangles: Most triangles per object.
        memory_mb: Heap of the page a program runs in.
        system_prompt: System message text or a .txt file (default: prompts/contract.txt
            with prompts/agent.txt).
        instruction: Text beside the image, or a .txt file (default: prompts/single_shot.txt).
        images: Compute image metrics.
        image_batch_size: Renders of concurrent samples per LPIPS/CLIP pass (default: 32 when
            those run on a CUDA GPU, else one at a time).
        artifacts_dir: Host folder for each program's files (default: beside the log).
        execution_concurrency: Programs executing at once (default: CPU cores).
        input_views: Views the model sees (1-7): the reference image, then front, right,
            back, left, top, low. 1 (default) is the benchmark as published.
    """
    options = TaskOptions.from_arguments(locals())
    setting = Setting(
        code_agent(max_runs, options.limits, artifacts_dir, execution_concurrency),
        max_steps=max_runs + 1,
        agent=True,
        reply=agent_instructions(max_runs),
        message_limit=agent_message_limit(max_runs),
        metadata={"max_runs": max_runs},
    )
    return _task(setting, options)

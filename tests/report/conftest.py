"""Real logs for the report tests, made once per session with in-process `inspect_ai.eval`.

The dataset is four objects of the built-in set (a manifest of those four, so only four
references are rendered). Folder ``main/`` holds:

- ``single``: code3dbench/single_shot, mockllm scripted per image, 2 epochs: furniture_chair
  gets its own program (ok both epochs), food_carrot a box at its first call and a broken
  program at its second (one epoch ok, one syntax_error), furniture_table no code;
- ``sandbox``: the same task and model, furniture_bed, with the runner missing: a sandbox
  fault (same run as ``single``, to be reported apart);
- ``revision``: code3dbench/revision, max_steps=2: furniture_chair broken then its own program
  (recovers at step 2), food_carrot its own program then no code, furniture_table a model
  error (an errored sample, with fail_on_error=False);
- ``box``: code3dbench/box on furniture_chair (an offline model);
- ``other``: a task that is not Code3DBench (must be skipped).

Folder ``agent/`` holds ``agent``: code3dbench/agent, max_runs=2: furniture_chair runs a broken
program, then its own, then submits it; food_carrot runs its own program, then only talks until
the message limit ends it (not submitted).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from inspect_ai import Task
from inspect_ai import eval as inspect_eval
from inspect_ai.dataset import Sample
from inspect_ai.log import EvalLog, read_eval_log
from inspect_ai.model import get_model
from inspect_ai.scorer import match
from inspect_ai.solver import generate

from code3dbench.assets.locations import builtin_manifest_path
from code3dbench.assets.manifest import load_manifest
from code3dbench.tasks.tasks import agent, revision, single_shot
from tests.conftest import require_runner
from tests.scripted import Script, tool_call

BUILTIN = load_manifest(builtin_manifest_path())
OBJECTS = ("food_carrot", "furniture_bed", "furniture_chair", "furniture_table")
DATASET_NAME = "code3dbench-builtin-report-tests"
BROKEN = "function buildObject( {"
BOX = (
    "function buildObject() {\n"
    "  return new THREE.Mesh(new THREE.BoxGeometry(1, 1, 1), new THREE.MeshStandardMaterial());\n"
    "}"
)


def own_program(sample_id: str) -> str:
    return BUILTIN.program_path(BUILTIN.get(sample_id)).read_text()


def _eval(task: Task, log_dir: Path, **kwargs) -> EvalLog:
    [log] = inspect_eval(task, log_dir=str(log_dir), display="none", **kwargs)
    return read_eval_log(log.location)


@dataclass
class ReportLogs:
    """The logs made for the report tests."""

    root: Path
    single: EvalLog
    sandbox: EvalLog
    revision: EvalLog
    box: EvalLog
    other: EvalLog
    agent: EvalLog

    @property
    def main(self) -> Path:
        return self.root / "main"

    @property
    def agents(self) -> Path:
        return self.root / "agent"


def subset_manifest(folder: Path) -> str:
    """A manifest of `OBJECTS`, with their programs beside it."""
    folder.mkdir(parents=True)
    data = json.loads(builtin_manifest_path().read_text())
    data["name"] = DATASET_NAME
    data["objects"] = [o for o in data["objects"] if o["id"] in OBJECTS]
    for record in data["objects"]:
        shutil.copyfile(
            builtin_manifest_path().parent / record["program"], folder / record["program"]
        )
    (folder / "manifest.json").write_text(json.dumps(data, indent=1))
    return str(folder / "manifest.json")


@pytest.fixture(scope="session")
def report_logs(builtin_references, tmp_path_factory: pytest.TempPathFactory) -> ReportLogs:
    require_runner()
    root = tmp_path_factory.mktemp("report-logs")
    main = root / "main"
    dataset = subset_manifest(root / "dataset")
    chair, carrot, table = "furniture_chair", "food_carrot", "furniture_table"

    task = single_shot(dataset=dataset, sandbox="local")
    script = Script(
        task, {chair: [own_program(chair)] * 2, carrot: [BOX, BROKEN], table: [None] * 2}
    )
    single = _eval(
        task,
        main,
        model=get_model("mockllm/model", custom_outputs=script),
        sample_id=[chair, carrot, table],
        epochs=2,
    )
    assert single.status == "success", single.error

    task = single_shot(dataset=dataset, sandbox="local")
    script = Script(task, {"furniture_bed": [own_program("furniture_bed")]})
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CODE3DBENCH_RUNNER", str(root / "missing-runner.mjs"))
        sandbox = _eval(
            task,
            main,
            model=get_model("mockllm/model", custom_outputs=script),
            sample_id=["furniture_bed"],
        )
    assert sandbox.status == "success", sandbox.error

    task = revision(max_steps=2, dataset=dataset, sandbox="local")
    script = Script(
        task,
        {
            chair: [BROKEN, own_program(chair)],
            carrot: [own_program(carrot), None],
            table: [RuntimeError("the model service is down")],
        },
    )
    revised = _eval(
        task,
        main,
        model=get_model("mockllm/model", custom_outputs=script),
        sample_id=[chair, carrot, table],
        fail_on_error=False,
    )
    assert revised.status == "success", revised.error

    task = single_shot(dataset=dataset, sandbox="local")
    box = _eval(task, main, model="code3dbench/box", sample_id=[chair])
    assert box.status == "success", box.error

    other_task = Task(
        dataset=[Sample(input="Say hi", target="hi")], solver=generate(), scorer=match()
    )
    other = _eval(other_task, main, model="mockllm/model")

    task = agent(max_runs=2, dataset=dataset, sandbox="local")
    script = Script(
        task,
        {
            chair: [
                tool_call("run_program", BROKEN),
                tool_call("run_program", own_program(chair)),
                tool_call("submit", own_program(chair)),
            ],
            carrot: [tool_call("run_program", own_program(carrot))] + [None] * 20,
        },
    )
    agents = _eval(
        task,
        root / "agent",
        model=get_model("mockllm/model", custom_outputs=script),
        sample_id=[chair, carrot],
    )
    assert agents.status == "success", agents.error
    return ReportLogs(root, single, sandbox, revised, box, other, agents)


@pytest.fixture(scope="session")
def baseline_logs(builtin_references, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two offline baselines, single-shot on the subset: silhouette on all four objects, box
    on three (furniture_bed left out, so one sample is unpaired). Returns their log folder."""
    require_runner()
    root = tmp_path_factory.mktemp("baseline-logs")
    dataset = subset_manifest(root / "dataset")
    logs = root / "logs"
    silhouette = _eval(
        single_shot(dataset=dataset, sandbox="local"), logs, model="code3dbench/silhouette"
    )
    assert silhouette.status == "success", silhouette.error
    box = _eval(
        single_shot(dataset=dataset, sandbox="local"),
        logs,
        model="code3dbench/box",
        sample_id=["food_carrot", "furniture_chair", "furniture_table"],
    )
    assert box.status == "success", box.error
    return logs

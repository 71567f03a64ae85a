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
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from inspect_ai import Task
from inspect_ai import eval as inspect_eval
from inspect_ai.dataset import Sample
from inspect_ai.log import EvalLog, read_eval_log
from inspect_ai.model import ContentImage, ModelOutput, ModelUsage, get_model
from inspect_ai.scorer import match
from inspect_ai.solver import generate

from code3dbench.assets.locations import builtin_manifest_path
from code3dbench.assets.manifest import load_manifest
from code3dbench.tasks.tasks import revision, single_shot
from tests.conftest import require_runner

BUILTIN = load_manifest(builtin_manifest_path())
OBJECTS = ("food_carrot", "furniture_bed", "furniture_chair", "furniture_table")
DATASET_NAME = "code3dbench-builtin-report-tests"
BROKEN = "function buildObject( {"
BOX = (
    "function buildObject() {\n"
    "  return new THREE.Mesh(new THREE.BoxGeometry(1, 1, 1), new THREE.MeshStandardMaterial());\n"
    "}"
)
USAGE = ModelUsage(input_tokens=10, output_tokens=5, total_tokens=15)


def own_program(sample_id: str) -> str:
    return BUILTIN.program_path(BUILTIN.get(sample_id)).read_text()


def reply(program: str | None) -> str:
    return "I cannot draw that." if program is None else f"Here it is:\n```javascript\n{program}\n```"


def _image_bytes(image: str) -> bytes:
    if image.startswith("data:"):
        return base64.b64decode(image.split(",", 1)[1])
    return Path(image).read_bytes()


class Script:
    """mockllm outputs chosen by the sample's reference image and the call count.

    ``plan[sample_id]`` is a list of replies (program text, None for no code, or an
    Exception to raise); the n-th call for that image gets the n-th entry.
    """

    def __init__(self, task: Task, plan: dict[str, list]) -> None:
        self.plan = plan
        self.calls: dict[str, int] = {}
        self.by_image = {}
        for sample in task.dataset:
            data = Path(sample.metadata["reference_image"]).read_bytes()
            self.by_image[hashlib.sha256(data).hexdigest()] = str(sample.id)

    def sample_of(self, messages) -> str:
        for message in messages:
            if message.role == "user" and not isinstance(message.content, str):
                for content in message.content:
                    if isinstance(content, ContentImage):
                        digest = hashlib.sha256(_image_bytes(content.image)).hexdigest()
                        if digest in self.by_image:
                            return self.by_image[digest]
        raise AssertionError("no reference image in the model input")

    def __call__(self, input, tools, tool_choice, config) -> ModelOutput:
        sample_id = self.sample_of(input)
        call = self.calls.get(sample_id, 0)
        self.calls[sample_id] = call + 1
        entry = self.plan[sample_id][call]
        if isinstance(entry, Exception):
            raise entry
        output = ModelOutput.from_content(model="mockllm/model", content=reply(entry))
        output.usage = USAGE
        return output


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

    @property
    def main(self) -> Path:
        return self.root / "main"


def subset_manifest(folder: Path) -> str:
    """A manifest of `OBJECTS`, with their programs beside it."""
    folder.mkdir(parents=True)
    data = json.loads(builtin_manifest_path().read_text())
    data["name"] = DATASET_NAME
    data["objects"] = [o for o in data["objects"] if o["id"] in OBJECTS]
    for record in data["objects"]:
        shutil.copyfile(builtin_manifest_path().parent / record["program"], folder / record["program"])
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
    script = Script(task, {chair: [own_program(chair)] * 2, carrot: [BOX, BROKEN], table: [None] * 2})
    single = _eval(task, main, model=get_model("mockllm/model", custom_outputs=script),
                   sample_id=[chair, carrot, table], epochs=2)
    assert single.status == "success", single.error

    task = single_shot(dataset=dataset, sandbox="local")
    script = Script(task, {"furniture_bed": [own_program("furniture_bed")]})
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CODE3DBENCH_RUNNER", str(root / "missing-runner.mjs"))
        sandbox = _eval(task, main, model=get_model("mockllm/model", custom_outputs=script),
                        sample_id=["furniture_bed"])
    assert sandbox.status == "success", sandbox.error

    task = revision(max_steps=2, dataset=dataset, sandbox="local")
    script = Script(task, {
        chair: [BROKEN, own_program(chair)],
        carrot: [own_program(carrot), None],
        table: [RuntimeError("the model service is down")],
    })
    revised = _eval(task, main, model=get_model("mockllm/model", custom_outputs=script),
                    sample_id=[chair, carrot, table], fail_on_error=False)
    assert revised.status == "success", revised.error

    task = single_shot(dataset=dataset, sandbox="local")
    box = _eval(task, main, model="code3dbench/box", sample_id=[chair])
    assert box.status == "success", box.error

    other_task = Task(dataset=[Sample(input="Say hi", target="hi")], solver=generate(), scorer=match())
    other = _eval(other_task, main, model="mockllm/model")
    return ReportLogs(root, single, sandbox, revised, box, other)


@pytest.fixture(scope="session")
def baseline_logs(builtin_references, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two offline baselines, single-shot on the subset: silhouette on all four objects, box
    on three (furniture_bed left out, so one sample is unpaired). Returns their log folder."""
    require_runner()
    root = tmp_path_factory.mktemp("baseline-logs")
    dataset = subset_manifest(root / "dataset")
    logs = root / "logs"
    silhouette = _eval(single_shot(dataset=dataset, sandbox="local"), logs,
                       model="code3dbench/silhouette")
    assert silhouette.status == "success", silhouette.error
    box = _eval(single_shot(dataset=dataset, sandbox="local"), logs, model="code3dbench/box",
                sample_id=["food_carrot", "furniture_chair", "furniture_table"])
    assert box.status == "success", box.error
    return logs

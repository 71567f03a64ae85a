"""code3dbench/agent with mockllm scripted tool calls, one shared run of four samples, and the CLI.

The module's run (max_runs=2; timeout 4 s: a program takes about 1 s, more on a busy machine;
one sample at a time): furniture_chair runs a broken program, then its own, then submits it;
food_carrot spends its budget, is refused a third run, then submits; furniture_table runs its
own program and a broken one, then only talks, and stops at the message limit without
submitting; furniture_bed calls run_program with a wrong argument name and with arguments that
are not JSON, runs a program that never ends, then its own, then submits.
"""

from __future__ import annotations

import inspect as pyinspect
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from inspect_ai import eval as inspect_eval
from inspect_ai import score as inspect_score
from inspect_ai.log import EvalLog, EvalSample, read_eval_log
from inspect_ai.model import (
    ChatCompletionChoice,
    ChatMessageAssistant,
    ChatMessageTool,
    ContentImage,
    ModelOutput,
    get_model,
)
from inspect_ai.tool import ToolCall

from code3dbench.assets.locations import builtin_manifest_path
from code3dbench.assets.manifest import load_manifest
from code3dbench.scorers.inspect_scorer import geometry_and_image
from code3dbench.solvers.agent import agent_message_limit
from code3dbench.tasks.tasks import TaskOptions, agent, revision, single_shot
from tests.scripted import Script
from tests.scripted import tool_call as call

pytestmark = [pytest.mark.chromium, pytest.mark.slow]
BUILTIN = load_manifest(builtin_manifest_path())
BROKEN = "function buildObject( {"
HOSTILE = "function buildObject() { while (true) {} }"
CHAIR, CARROT, TABLE, BED = "furniture_chair", "food_carrot", "furniture_table", "furniture_bed"
SCORER = "geometry_and_image"


def own(sample_id: str) -> str:
    return BUILTIN.program_path(BUILTIN.get(sample_id)).read_text()


def unparsable_call() -> ModelOutput:
    """A run_program call whose arguments were not JSON (as a provider reports them)."""
    broken = ToolCall(
        id="call_unparsable",
        function="run_program",
        arguments={},
        parse_error="Expecting value: line 1 column 1 (char 0)",
    )
    message = ChatMessageAssistant(content="", tool_calls=[broken], model="mockllm/model")
    choice = ChatCompletionChoice(message=message, stop_reason="tool_calls")
    return ModelOutput(model="mockllm/model", choices=[choice])


PLAN = {
    CHAIR: [
        call("run_program", BROKEN),
        call("run_program", own(CHAIR)),
        call("submit", own(CHAIR)),
    ],
    CARROT: [call("run_program", "```javascript\n" + BROKEN + "\n```")] * 2
    + [call("run_program", own(CARROT)), call("submit", own(CARROT))],
    TABLE: [call("run_program", own(TABLE)), call("run_program", BROKEN)] + [None] * 20,
    BED: [
        call("run_program", program=own(BED)),
        unparsable_call(),
        call("run_program", HOSTILE),
        call("run_program", own(BED)),
        call("submit", own(BED)),
    ],
}


@pytest.fixture(scope="module")
def agent_log(builtin_references, tmp_path_factory) -> EvalLog:
    task = agent(max_runs=2, dataset="builtin", sandbox="local", timeout_s=4.0)
    script = Script(task, PLAN)
    [log] = inspect_eval(
        task,
        model=get_model("mockllm/model", custom_outputs=script),
        sample_id=list(PLAN),
        max_samples=1,  # one at a time: the endless program must not starve another's run
        log_dir=str(tmp_path_factory.mktemp("agent") / "logs"),
        display="none",
    )
    assert log.status == "success", log.error
    return read_eval_log(log.location, resolve_attachments=True)


def sample(log: EvalLog, sample_id: str) -> EvalSample:
    [found] = [s for s in log.samples if s.id == sample_id]
    return found


def steps(found: EvalSample) -> list[tuple[str, str]]:
    return [(r["kind"], r["status"]) for r in found.store["CodeSteps:steps"]]


def tool_results(found: EvalSample) -> list[ChatMessageTool]:
    return [m for m in found.messages if isinstance(m, ChatMessageTool)]


def test_run_error_run_ok_submit(agent_log) -> None:
    found = sample(agent_log, CHAIR)
    assert steps(found) == [("run", "syntax_error"), ("run", "ok"), ("submit", "ok")]
    value = found.scores[SCORER].value
    assert value["runs"] == 2.0 and value["submitted"] == 1.0
    assert (value["exec_step_1"], value["exec_step_2"], value["exec_step_3"]) == (0.0, 1.0, 1.0)
    assert value["single_exec"] == 0.0 and value["final_exec"] == 1.0 and value["final_f5"] == 1.0
    assert value["best_cd"] < 0.5 and value["sandbox_error"] == 0.0
    assert found.scores[SCORER].metadata["final_step"] == 3
    broken, ok, submitted = tool_results(found)
    # Every tool result says the status; an executed run also shows its render.
    assert (
        "syntax_error" in broken.text
        and "SyntaxError" in broken.text
        and "Runs left: 1" in broken.text
    )
    assert not any(isinstance(c, ContentImage) for c in broken.content)
    assert f"{BUILTIN.get(CHAIR).triangles} triangles" in ok.text and "No runs left" in ok.text
    [image] = [c for c in ok.content if isinstance(c, ContentImage)]
    assert image.image.startswith("data:image/png;base64,")
    assert submitted.function == "submit" and "Submitted" in submitted.text
    assert found.limit is None
    # Each program's files are kept beside the log, as for revision.
    folders = [Path(r["artifacts"]["folder"]) for r in found.store["CodeSteps:steps"]]
    assert [f.name for f in folders] == ["step_1", "step_2", "step_3"]
    submitted_program = (folders[2] / "program.js").read_text()
    assert (folders[2] / "object.glb").is_file() and submitted_program.strip() == own(CHAIR).strip()


def test_a_run_past_the_budget_is_refused(agent_log) -> None:
    found = sample(agent_log, CARROT)
    assert steps(found) == [("run", "syntax_error"), ("run", "syntax_error"), ("submit", "ok")]
    refused = tool_results(found)[2]
    assert refused.error is not None and "run budget spent (2 of 2 runs)" in refused.error.message
    value = found.scores[SCORER].value
    assert value["runs"] == 2.0 and value["submitted"] == 1.0 and value["final_exec"] == 1.0
    assert (value["exec_step_1"], value["exec_step_2"], value["exec_step_3"]) == (0.0, 0.0, 1.0)
    assert value["best_exec"] == 1.0


def test_no_submission_is_scored_on_the_last_executable_run(agent_log) -> None:
    found = sample(agent_log, TABLE)
    assert steps(found) == [("run", "ok"), ("run", "syntax_error")]
    assert found.limit is not None and found.limit.type == "message"
    assert found.limit.limit == agent_message_limit(2) == 14
    # Replies without a tool call were answered with the reminder.
    reminders = [m for m in found.messages if m.role == "user" and "run_program(code)" in m.text]
    assert len(reminders) >= 2
    value = found.scores[SCORER].value
    assert value["submitted"] == 0.0 and value["runs"] == 2.0
    assert value["final_exec"] == 1.0 and value["final_f5"] == 1.0  # run 1, not the broken run 2
    assert found.scores[SCORER].metadata["final_step"] == 1
    assert "not submitted" in found.scores[SCORER].explanation


def test_malformed_calls_and_a_hostile_program(agent_log) -> None:
    found = sample(agent_log, BED)
    wrong_name, unparsable, hostile, ok, submitted = tool_results(found)
    assert wrong_name.error is not None and unparsable.error is not None
    assert "code" in wrong_name.error.message and "Expecting value" in unparsable.error.message
    # Malformed calls run nothing and spend no run; the endless program times out, and the
    # sandbox still runs the next program.
    assert steps(found) == [("run", "timeout"), ("run", "ok"), ("submit", "ok")]
    assert "timeout" in hostile.text and hostile.error is None
    assert "triangles" in ok.text and "Submitted" in submitted.text
    value = found.scores[SCORER].value
    assert value["runs"] == 2.0 and value["final_exec"] == 1.0 and value["exec_step_1"] == 0.0


def test_rescoring_the_log_without_a_sandbox(agent_log) -> None:
    # The log names its scorer with the agent's options, as `inspect score LOG` reads them.
    [recorded] = agent_log.eval.scorers
    assert recorded.options["agent"] is True and recorded.options["max_steps"] == 3
    scorer = geometry_and_image(**recorded.options)
    rescored = inspect_score(agent_log, scorer, action="overwrite", display="none")
    for found in agent_log.samples:
        again = sample(rescored, found.id).scores[SCORER]
        assert again.value == pytest.approx(found.scores[SCORER].value, nan_ok=True)
        assert set(again.value) >= {"runs", "submitted", "exec_step_3"}


def test_the_three_tasks_share_their_parameters() -> None:
    shared = {name for name in TaskOptions.__dataclass_fields__}
    signatures = [pyinspect.signature(t).parameters for t in (single_shot, revision, agent)]
    for parameters in signatures:
        assert shared <= set(parameters)
        assert set(parameters) - shared <= {"max_steps", "max_runs"}
    for name in shared:
        assert len({str(p[name]) for p in signatures}) == 1, name


def test_inspect_eval_cli_with_the_silhouette_agent(builtin_references, tmp_path: Path) -> None:
    command = [
        sys.executable, "-m", "inspect_ai", "eval", "code3dbench/agent",
        "--model", "code3dbench/silhouette", "-T", "dataset=builtin", "-T", "sandbox=local",
        "-T", "max_runs=3", "--sample-id", "vehicle_car", "--log-dir", str(tmp_path / "logs"),
        "--display", "plain",
    ]  # fmt: skip
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=300, env=os.environ.copy()
    )
    assert done.returncode == 0, done.stderr[-2000:]
    [log_file] = (tmp_path / "logs").glob("*.eval")
    log = read_eval_log(str(log_file))
    assert log.status == "success" and log.eval.task_registry_name == "code3dbench/agent"
    assert log.eval.metadata["max_runs"] == 3 and log.eval.metadata["max_steps"] == 4
    [found] = log.samples
    assert steps(found) == [("run", "ok"), ("submit", "ok")]
    value = found.scores[SCORER].value
    assert value["runs"] == 1.0 and value["submitted"] == 1.0 and 0.0 < value["final_f5"] < 0.9
    assert math.isnan(value["exec_step_3"]) and math.isnan(value["exec_step_4"])
    assert any(isinstance(c, ContentImage) for c in tool_results(found)[0].content)

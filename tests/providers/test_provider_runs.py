"""Full runs through Inspect's real providers and the official SDKs, against the local fakes.

One single_shot and one revision eval (4 steps) run the four providers' tasks at once (one
sample at a time each, so every provider's script is consumed in order). The revision
samples, in the interleaved order of the built-in set:

1. a 429 or 500 (retried), a reply cut at the token limit, a refusal in the provider's own
   form, a reasoning-only reply, then a whole HTML page with a bare three import;
2. an HTTP 400: only this sample fails, the run goes on.

One agent eval (max_runs=2) calls run_program, then submit, through each provider: the render
in the tool result must reach the model in the next request, in the tool result where the API
takes images there, else in a user message after it.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from inspect_ai import eval as inspect_eval
from inspect_ai.log import EvalLog, EvalSample, read_eval_log, write_eval_log
from inspect_ai.model import ChatMessageTool, ContentImage, ModelCost, compute_model_cost

from code3dbench.assets.locations import resolve_manifest
from code3dbench.costs.prices import load_price_table
from code3dbench.report.build import write_report
from code3dbench.solvers.feedback import REFUSED_NOTE, TRUNCATED_NOTE
from code3dbench.solvers.replies import REASONING_ONLY_PLACEHOLDER
from code3dbench.tasks.dataset import select_records
from code3dbench.tasks.defaults import MAX_TOKENS
from tests.providers.conftest import MODELS, PROGRAM
from tests.providers.fakes import FakeProviders, Reply, _reasoning_rule_broken

pytestmark = [pytest.mark.chromium, pytest.mark.slow]

TRUNCATED = (
    "Here is the program:\n```javascript\nfunction buildObject() {\n"
    "  const group = new THREE.Group();\n  group.add(new THREE.Mesh(new THREE.BoxGeometry(1,"
)
HTML_PAGE = f"""Open this page:
```html
<!DOCTYPE html>
<html>
<head>
<script type="importmap">{{ "imports": {{ "three": "https://unpkg.com/three/build/three.module.js" }} }}</script>
</head>
<body>
<script type="module">
import * as THREE from 'three';
{PROGRAM}
const scene = new THREE.Scene();
scene.add(buildObject());
</script>
</body>
</html>
```"""
RETRIED = {"responses": 429, "chat": 500, "messages": 500, "gemini": 429}

FIRST, ERRORED = (r.id for r in select_records(resolve_manifest("builtin"))[:2])


def revision_script(api: str) -> list[Reply]:
    return [
        Reply(status=RETRIED[api]),
        Reply(text=TRUNCATED, finish="max_tokens"),
        Reply(finish="refusal"),
        Reply(text=None, reasoning=True),
        Reply(text=HTML_PAGE, reasoning=True),
        Reply(status=400),
    ]


def run(task: str, log_dir: Path, limit: int, **task_args: Any) -> dict[str, EvalLog]:
    logs = inspect_eval(
        task,
        model=list(MODELS),
        task_args={"dataset": "builtin", "sandbox": "local", **task_args},
        limit=limit,
        max_samples=1,
        max_tasks=len(MODELS),
        log_dir=str(log_dir),
        display="none",
    )
    return {log.eval.model: read_eval_log(log.location) for log in logs}


@pytest.fixture(scope="module")
def runs(fake: FakeProviders, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    log_dir = tmp_path_factory.mktemp("provider-logs")
    single = run("code3dbench/single_shot", log_dir, limit=1)
    fake.requests.clear()
    fake.script = {api: revision_script(api) for api in MODELS.values()}
    revision = run("code3dbench/revision", log_dir, limit=2, max_steps=4)
    start = len(fake.requests)  # the revision tests read the requests before this point
    calls = [
        Reply(tool=("run_program", {"code": PROGRAM})),
        Reply(tool=("submit", {"code": PROGRAM})),
    ]
    fake.script = {api: list(calls) for api in MODELS.values()}
    agent = run("code3dbench/agent", log_dir, limit=1, max_runs=2)
    return {
        "dir": log_dir,
        "single": single,
        "revision": revision,
        "agent": agent,
        "agent_requests": fake.requests[start:],
    }


def by_id(log: EvalLog) -> dict[str, EvalSample]:
    return {str(s.id): s for s in log.samples or []}


def steps(sample: EvalSample) -> list[dict[str, Any]]:
    return sample.store["CodeSteps:steps"]


def feedback(sample: EvalSample) -> list[str]:
    """The text of the revision feedback messages (user messages after the first)."""
    users = [m for m in sample.messages if m.role == "user"][1:]
    return [m.text for m in users]


def max_tokens_sent(api: str, body: dict[str, Any]) -> int | None:
    if api == "responses":
        return body.get("max_output_tokens")
    if api == "chat":
        return body.get("max_completion_tokens") or body.get("max_tokens")
    if api == "messages":
        return body.get("max_tokens")
    return (body.get("generationConfig") or {}).get("maxOutputTokens")


@pytest.mark.parametrize("model", list(MODELS))
def test_single_shot_runs_through_each_provider(runs, model: str) -> None:
    log = runs["single"][model]
    assert log.status == "success", log.error
    [sample] = log.samples
    assert [s["status"] for s in steps(sample)] == ["ok"]
    assert sample.scores["geometry_and_image"].value["single_exec"] == 1.0
    assert log.plan.config.max_tokens == MAX_TOKENS
    assert log.eval.metadata["generation_defaults"] == {"max_tokens": MAX_TOKENS}


@pytest.mark.parametrize("model", list(MODELS))
def test_revision_run_survives_errors_and_tells_the_model(runs, fake, model: str) -> None:
    api = MODELS[model]
    log = runs["revision"][model]
    assert log.status == "success", log.error
    samples = by_id(log)

    # The 429/500 was retried, and every request asked for the task's max_tokens.
    requests = [r for r in fake.of(api) if isinstance(r.body.get("input", []), list)]
    assert requests[0].reply.status == RETRIED[api]
    assert all(max_tokens_sent(api, r.body) == MAX_TOKENS for r in requests)

    # Sample 1: cut at the limit, refused (the provider's form), reasoning only, then an HTML
    # page with a bare three import, which runs.
    first = steps(samples[FIRST])
    assert [s["status"] for s in first] == ["syntax_error", "no_code", "no_code", "ok"]
    assert [s["truncated"] for s in first] == [True, False, False, False]
    assert [s["refused"] for s in first] == [False, True, False, False]
    told = feedback(samples[FIRST])
    assert TRUNCATED_NOTE in told[0] and REFUSED_NOTE not in told[0]
    assert REFUSED_NOTE in told[1] and TRUNCATED_NOTE not in told[1]
    assert TRUNCATED_NOTE not in told[2] and REFUSED_NOTE not in told[2]
    assert samples[FIRST].scores["geometry_and_image"].value["final_exec"] == 1.0

    # Sample 2: the HTTP 400 failed this sample only.
    errored = samples[ERRORED]
    assert errored.error is not None and "400" in errored.error.message
    assert errored.scores is None or "geometry_and_image" not in errored.scores


def test_a_reasoning_only_reply_is_followed_by_a_valid_request(runs, fake) -> None:
    requests = [r for r in fake.of("responses") if isinstance(r.body.get("input"), list)]
    assert all(_reasoning_rule_broken(r.body["input"]) is None for r in requests)
    assert [r.reply.status for r in requests].count(400) == 1  # the scripted one only
    # The request after the reasoning-only reply carries the placeholder, no reasoning item.
    after = next(r for r in requests if REASONING_ONLY_PLACEHOLDER in str(r.body["input"]))
    assert not any(item.get("type") == "reasoning" for item in after.body["input"])
    # The transcript keeps the reasoning the model gave.
    sample = by_id(runs["revision"]["openai/gpt-5.4"])[FIRST]
    outputs = [e.output for e in sample.events if e.event == "model"]
    assert [[c.type for c in o.message.content] for o in outputs][2] == ["reasoning"]


def test_costs_come_from_the_price_table_or_the_provider(runs) -> None:
    table = load_price_table()
    for model, log in runs["revision"].items():
        [usage] = log.stats.model_usage.values()
        assert usage.input_tokens_cache_read and usage.input_tokens_cache_read > 0
        name = model.removeprefix("openrouter/")
        expected = compute_model_cost(table.models[name], usage)
        assert usage.total_cost == pytest.approx(expected)
        assert log.eval.metadata["prices"]["table"].endswith(table.checked)
    assert isinstance(table.models["openai/gpt-5.4"], ModelCost)


def test_report_shows_settings_errors_replies_and_costs(runs, tmp_path: Path) -> None:
    written = write_report(
        [runs["dir"]], tmp_path / "report", compare_published=True, plots=False, gallery=False
    )
    document = written.summary.main_json()
    revision_runs = {r["model"]: r for r in document["runs"] if r["task"] == "code3dbench/revision"}
    assert set(revision_runs) == set(MODELS)
    for model, run in revision_runs.items():
        assert run["generation"] == {"max_tokens": str(MAX_TOKENS)}
        assert run["samples"]["errors"] == 1
        [errored] = run["errored"]
        assert errored["sample_id"] == ERRORED
        # The provider's error, not Inspect's dump of the request before it.
        assert "400" in errored["error"] and "Request:" not in errored["error"]
        replies = run["replies"]
        assert (replies["steps"], replies["truncated"], replies["refused"]) == (4, 1, 1)
        cost = run["tokens"]["cost"]
        if model.startswith("openrouter/"):
            assert cost["usd"] == pytest.approx(4 * 0.0125)
            assert "reported by the provider" in cost["source"]
        else:
            log = runs["revision"][model]
            [usage] = log.stats.model_usage.values()
            assert cost["usd"] == pytest.approx(usage.total_cost)
            assert "code3dbench prices checked" in cost["source"]
        tokens = run["tokens"]
        assert (
            tokens["input_tokens_all"] == tokens["input_tokens"] + tokens["input_tokens_cache_read"]
        )
    markdown = (tmp_path / "report" / "report.md").read_text()
    assert (
        "| openai/gpt-5.4 | revision (N=4) | code3dbench-builtin | max_tokens=32000 |" in markdown
    )
    assert "| 4 | 25.0% (1) | 25.0% (1) |" in markdown  # cut at the limit, refused: 1 of 4 steps
    assert f"`{ERRORED}` (epoch 1)" in markdown
    # The paper gives no settings: the comparison says so.
    [match] = [
        m
        for m in document["published_comparison"]["matched"]
        if m["model"] == "anthropic/claude-sonnet-4-6"
    ]
    assert any(
        "does not state the generation settings" in c and "max_tokens=32000" in c
        for c in match["caveats"]
    )


def test_runs_with_other_settings_are_other_rows(runs, tmp_path: Path) -> None:
    log = runs["single"]["openai/gpt-5.4"]
    write_eval_log(log, str(tmp_path / "logs" / "default.eval"))
    changed = log.model_copy(deep=True)
    changed.plan.config.reasoning_effort = "high"
    changed.plan.config.temperature = 0.0
    write_eval_log(changed, str(tmp_path / "logs" / "high.eval"))
    written = write_report([tmp_path / "logs"], tmp_path / "out", plots=False, gallery=False)
    document = written.summary.main_json()
    labels = sorted(r["label"] for r in document["runs"])
    assert labels == ["openai/gpt-5.4", "openai/gpt-5.4 {reasoning_effort=high, temperature=0.0}"]
    assert all(r["samples"]["used"] == 1 for r in document["runs"])  # no duplicate merging
    assert not [n for n in document["skipped"] if n["kind"] == "duplicate"]
    assert len(document["paper_table"]) == 2


def test_a_run_that_errors_broadly_still_stops(fake, tmp_path: Path) -> None:
    failing = FakeProviders(default=Reply(status=400)).start()
    try:
        [log] = inspect_eval(
            "code3dbench/single_shot",
            model="openai/gpt-5.4",
            model_base_url=f"{failing.url}/v1",  # a new model instance, not the module's
            task_args={"dataset": "builtin", "sandbox": "local"},
            limit=12,
            log_dir=str(tmp_path),
            display="none",
        )
    finally:
        failing.stop()
    assert log.status == "error"
    assert log.eval.config.fail_on_error == 10
    done = read_eval_log(log.location)
    errored = [s for s in done.samples or [] if s.error is not None]
    assert len(errored) >= 10


def _image_in_tool_output(body: dict[str, Any], data: str) -> bool:
    """Responses: the image is an input_image of the function_call_output."""
    outputs = [i for i in body["input"] if i.get("type") == "function_call_output"]
    return any(
        data in json.dumps(part)
        for o in outputs
        for part in o["output"]
        if isinstance(part, dict) and part.get("type") == "input_image"
    )


def _image_after_tool_message(body: dict[str, Any], data: str) -> bool:
    """Chat Completions: the tool message has text only; a user message after it the image."""
    messages = body["messages"]
    [index] = [i for i, m in enumerate(messages) if m["role"] == "tool"]
    following = messages[index + 1]
    return (
        data not in json.dumps(messages[index])
        and following["role"] == "user"
        and any(
            part.get("type") == "image_url" and data in part["image_url"]["url"]
            for part in following["content"]
        )
    )


def _image_in_tool_result(body: dict[str, Any], data: str) -> bool:
    """Anthropic: the image is a block of the tool_result."""
    results = [
        b
        for m in body["messages"]
        if isinstance(m["content"], list)
        for b in m["content"]
        if b.get("type") == "tool_result"
    ]
    return any(
        block.get("type") == "image" and block["source"]["data"] == data
        for result in results
        for block in result["content"]
    )


def _image_beside_function_response(body: dict[str, Any], data: str) -> bool:
    """Gemini: the image is an inline part beside the functionResponse (the SDK writes its
    bytes in URL-safe base64)."""
    png = base64.b64decode(data)
    for content in body["contents"]:
        parts = content.get("parts", [])
        if any("functionResponse" in part for part in parts):
            inline = [part["inlineData"]["data"] for part in parts if "inlineData" in part]
            return any(base64.urlsafe_b64decode(b64) == png for b64 in inline)
    return False


IMAGE_PLACES = {
    "responses": _image_in_tool_output,
    "chat": _image_after_tool_message,
    "messages": _image_in_tool_result,
    "gemini": _image_beside_function_response,
}


@pytest.mark.parametrize("model", list(MODELS))
def test_the_agent_sees_its_render_through_each_provider(runs, model: str) -> None:
    api = MODELS[model]
    log = read_eval_log(runs["agent"][model].location, resolve_attachments=True)
    assert log.status == "success", log.error
    [sample] = log.samples
    assert [(s["kind"], s["status"]) for s in steps(sample)] == [("run", "ok"), ("submit", "ok")]
    assert sample.scores["geometry_and_image"].value["submitted"] == 1.0
    [result] = [
        m for m in sample.messages if isinstance(m, ChatMessageTool) and m.function == "run_program"
    ]
    [image] = [c for c in result.content if isinstance(c, ContentImage)]
    data = image.image.split(",", 1)[1]
    requests = [
        r
        for r in runs["agent_requests"]
        if r.api == api and isinstance(r.body.get("input", []), list)
    ]
    assert len(requests) == 2  # the run, then the submission after its result
    assert data not in json.dumps(requests[0].body)
    assert IMAGE_PLACES[api](requests[1].body, data)

"""The Inspect tasks end to end with mockllm: statuses, step records, scores, logs, re-scoring."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from inspect_ai import eval as inspect_eval
from inspect_ai import score as inspect_score
from inspect_ai.log import EvalLog, read_eval_log
from inspect_ai.model import ContentImage, ModelOutput, ModelUsage, get_model

from code3dbench.assets.locations import builtin_manifest_path
from code3dbench.assets.manifest import load_manifest
from code3dbench.sandbox.shared_runner import stop_shared_runners
from code3dbench.scorers.inspect_scorer import geometry_and_image
from code3dbench.tasks.tasks import revision, single_shot

pytestmark = [pytest.mark.chromium, pytest.mark.slow]
BUILTIN = load_manifest(builtin_manifest_path())
CHAIR = BUILTIN.program_path(BUILTIN.get("furniture_chair")).read_text()
BROKEN = "function buildObject( {"
BOX = (
    "function buildObject() {\n"
    "  return new THREE.Mesh(new THREE.BoxGeometry(1, 1, 1), new THREE.MeshStandardMaterial());\n}\n"
)
HOSTILE = "function buildObject() { while (true) {} }"


def reply(program: str | None) -> str:
    return (
        "I cannot draw that." if program is None else f"Here it is:\n```javascript\n{program}\n```"
    )


def scripted(*programs: str | None):
    """A mockllm output function: the k-th assistant turn of each sample gets programs[k]."""

    def output(input, tools, tool_choice, config) -> ModelOutput:
        step = sum(1 for message in input if message.role == "assistant")
        result = ModelOutput.from_content(model="mockllm/model", content=reply(programs[step]))
        result.usage = ModelUsage(input_tokens=1, output_tokens=1, total_tokens=2)
        return result

    return output


def run(task, outputs, tmp_path: Path, sample_id: str = "furniture_chair") -> EvalLog:
    [log] = inspect_eval(
        task,
        model=get_model("mockllm/model", custom_outputs=outputs),
        sample_id=sample_id,
        log_dir=str(tmp_path / "logs"),
        display="none",
    )
    assert log.status == "success", log.error
    return read_eval_log(log.location, resolve_attachments=True)


def values(log: EvalLog) -> dict[str, float]:
    [sample] = log.samples
    return sample.scores["geometry_and_image"].value


def steps(log: EvalLog) -> list[dict]:
    [sample] = log.samples
    return sample.store["CodeSteps:steps"]


def test_the_objects_own_program_scores_perfectly(builtin_references, tmp_path: Path) -> None:
    log = run(single_shot(dataset="builtin", sandbox="local"), scripted(CHAIR), tmp_path)
    value = values(log)
    assert value["single_exec"] == 1.0 and value["exec_step_1"] == 1.0
    # Same mesh, sampled independently: CD at the sampling floor (docs/geometry.md), F@5 1.
    assert value["single_cd"] < 0.5 and value["single_f5"] == 1.0 and value["single_nc"] > 0.8
    assert value["single_ssim"] == pytest.approx(1.0) and value["single_mse"] == 0.0
    single = {k.removeprefix("single_"): v for k, v in value.items() if k.startswith("single_")}
    final = {k.removeprefix("final_"): v for k, v in value.items() if k.startswith("final_")}
    assert final == pytest.approx(single, nan_ok=True)
    [record] = steps(log)
    assert (
        record["status"] == "ok" and record["triangles"] == BUILTIN.get("furniture_chair").triangles
    )
    folder = Path(record["artifacts"]["folder"])
    assert folder.is_relative_to(Path(log.location).parent)
    assert {p.name for p in folder.iterdir()} >= {
        "program.js",
        "object.glb",
        "render.png",
        "result.json",
    }
    # The run exported exactly the ground truth: the pipeline is lossless.
    truth = builtin_references["furniture_chair"]
    assert (folder / "object.glb").read_bytes() == truth.mesh.read_bytes()
    assert (folder / "render.png").read_bytes() == truth.image.read_bytes()
    assert (folder / "views.png").read_bytes() == truth.views.read_bytes()
    assert value["single_mv_iou"] == 1.0 and value["single_mv_ssim"] == pytest.approx(1.0)
    assert value["single_mv_mse"] == 0.0
    [scored] = log.samples[0].scores["geometry_and_image"].metadata["steps"]
    assert scored["mv_iou_top"] == 1.0 and scored["mv_iou_low"] == 1.0
    # The reference image reaches the model (added by the setup step), the render the transcript.
    [sample] = log.samples
    prompt = sample.messages[1]
    assert prompt.role == "user" and isinstance(prompt.content[-1], ContentImage)
    assert prompt.content[-1].image.startswith("data:image/png;base64,")
    assert sample.metadata["category"] == "furniture"
    info = [e for e in sample.events if e.event == "info"]
    assert len(info) == 1 and "Step 1" in info[0].data and "data:image/png;base64," in info[0].data


def test_recovery_at_step_two_and_best_of_two_executable_steps(
    builtin_references, tmp_path: Path
) -> None:
    log = run(
        revision(max_steps=3, dataset="builtin", sandbox="local"),
        scripted(BROKEN, CHAIR, BOX),
        tmp_path,
    )
    value = values(log)
    assert [s["status"] for s in steps(log)] == ["syntax_error", "ok", "ok"]
    assert (value["exec_step_1"], value["exec_step_2"], value["exec_step_3"]) == (0.0, 1.0, 1.0)
    assert (
        value["single_exec"] == 0.0 and math.isnan(value["single_cd"]) and value["single_f5"] == 0.0
    )
    # Best@<=3 is the chair of step 2 (lowest CD), not the box that came last.
    assert value["final_exec"] == 1.0 and value["final_cd"] > 5.0 and value["final_f5"] < 0.9
    assert value["best_exec"] == 1.0 and value["best_cd"] < 0.5 and value["best_f5"] == 1.0
    # Multi-view: a failure has no silhouette (0), the chair matches, the box does not.
    assert value["single_mv_iou"] == 0.0 and math.isnan(value["single_mv_ssim"])
    assert value["best_mv_iou"] == 1.0 and value["final_mv_iou"] < 0.6
    assert value["sandbox_error"] == 0.0
    [sample] = log.samples
    assert sample.scores["geometry_and_image"].metadata["best_step"] == 2
    # Feedback after steps 1 and 2: the error, then the side-by-side render.
    feedback = [m for m in sample.messages if m.role == "user"][1:]
    assert len(feedback) == 2
    assert "syntax error" in feedback[0].text and "SyntaxError" in feedback[0].text
    assert "triangles" in feedback[1].text
    assert any(isinstance(c, ContentImage) for c in feedback[1].content)
    # The aggregated metrics follow the rules: CD over executable samples, with its count.
    metrics = {s.name: s.metrics for s in log.results.scores}
    assert {m.name: m.value for m in metrics["best_cd"].values()}["code3dbench/count"] == 1.0
    assert math.isnan(metrics["single_cd"]["mean"].value)
    assert metrics["single_f5"]["mean"].value == 0.0


def test_no_code_and_hostile_programs(builtin_references, tmp_path: Path) -> None:
    task = revision(max_steps=2, dataset="builtin", sandbox="local", timeout_s=1.0)
    log = run(task, scripted(None, HOSTILE), tmp_path)
    records = steps(log)
    assert [s["status"] for s in records] == ["no_code", "timeout"]
    assert "no program" in records[0]["error"]
    value = values(log)
    assert value["best_exec"] == 0.0 and value["best_f1"] == 0.0 and math.isnan(value["best_cd"])


def test_sandbox_fault_is_not_the_models_failure(
    builtin_references, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("CODE3DBENCH_RUNNER", str(tmp_path / "missing-runner.mjs"))
    log = run(single_shot(dataset="builtin", sandbox="local"), scripted(CHAIR), tmp_path)
    [record] = steps(log)
    assert record["status"] == "sandbox_error"
    value = values(log)
    assert value["sandbox_error"] == 1.0
    assert math.isnan(value["single_exec"]) and math.isnan(value["single_f5"])


def test_rescoring_a_log_without_a_sandbox(builtin_references, tmp_path: Path) -> None:
    log = run(
        revision(max_steps=2, dataset="builtin", sandbox="local"), scripted(BROKEN, CHAIR), tmp_path
    )
    rescored = inspect_score(
        log, geometry_and_image(max_steps=2), action="overwrite", display="none"
    )
    assert values(rescored) == pytest.approx(values(log), nan_ok=True)
    # A changed artifact is noticed, not trusted.
    record = steps(log)[1]
    (Path(record["artifacts"]["folder"]) / "object.glb").write_bytes(b"glTF tampered")
    tampered = inspect_score(
        log, geometry_and_image(max_steps=2), action="overwrite", display="none"
    )
    assert math.isnan(values(tampered)["final_cd"])
    assert "changed since the run" in tampered.samples[0].scores["geometry_and_image"].explanation


def test_image_metrics_of_concurrent_samples_scored_in_batches(
    builtin_references, tmp_path: Path, monkeypatch
) -> None:
    from code3dbench.scorers.image.batching import ImageBatcher

    [log] = inspect_eval(
        single_shot(dataset="builtin", categories="food,furniture", sandbox="local"),
        model="code3dbench/box",
        limit=4,
        max_samples=4,
        log_dir=str(tmp_path / "logs"),
        display="none",
    )
    batchers: list[ImageBatcher] = []
    original_init = ImageBatcher.__init__

    def keep(self, *args, **kwargs) -> None:
        original_init(self, *args, **kwargs)
        batchers.append(self)

    monkeypatch.setattr(ImageBatcher, "__init__", keep)
    batched = inspect_score(
        log, geometry_and_image(max_steps=1, image_batch_size=4), action="overwrite", display="none"
    )
    [batcher] = batchers
    assert sum(batcher.batch_sizes) == 4 and max(batcher.batch_sizes) > 1
    by_id = {s.id: s.scores["geometry_and_image"].value for s in log.samples}
    assert len(by_id) == 4
    for sample in batched.samples:  # the same numbers as when each sample was scored alone
        value = sample.scores["geometry_and_image"].value
        assert value == pytest.approx(by_id[sample.id], nan_ok=True)
        assert 0.0 < value["single_ssim"] < 1.0 and value["single_mse"] > 0.0


def test_inspect_eval_cli_on_the_builtin_set(builtin_references, tmp_path: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "inspect_ai",
        "eval",
        "code3dbench/single_shot",
        "--model",
        "code3dbench/box",
        "-T",
        "dataset=builtin",
        "-T",
        "per_category=1",
        "-T",
        "sandbox=local",
        "--limit",
        "2",
        "--log-dir",
        str(tmp_path / "logs"),
        "--display",
        "plain",
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=300, env=os.environ.copy()
    )
    assert done.returncode == 0, done.stderr[-2000:]
    [log_file] = (tmp_path / "logs").glob("*.eval")
    log = read_eval_log(str(log_file))
    assert log.status == "success" and len(log.samples) == 2
    assert log.eval.task_registry_name == "code3dbench/single_shot"
    for sample in log.samples:
        value = sample.scores["geometry_and_image"].value
        assert value["single_exec"] == 1.0 and 0.0 <= value["single_f5"] < 0.9


def test_eval_set_with_epochs_keeps_each_epochs_artifacts(
    builtin_references, tmp_path: Path
) -> None:
    from inspect_ai import eval_set

    task = single_shot(dataset="builtin", categories="food", sandbox="local")
    done, logs = eval_set(
        [task],
        log_dir=str(tmp_path / "set"),
        model="code3dbench/box",
        epochs=2,
        limit=1,
        display="none",
    )
    assert done
    log = read_eval_log(logs[0].location)
    assert len(log.samples) == 2 and {s.epoch for s in log.samples} == {1, 2}
    folders = {
        Path(s.store["CodeSteps:steps"][0]["artifacts"]["folder"]).parent.name for s in log.samples
    }
    assert folders == {"epoch_1", "epoch_2"}
    [reduced] = [s for s in log.results.scores if s.name == "single_exec"]
    assert reduced.metrics["mean"].value == 1.0


def test_eval_set_over_two_models_resumes_and_retries_errored_samples(
    builtin_references, tmp_path: Path
) -> None:
    """docs/scale_out.md's eval-set: several models, one log each, resumed when run again;
    a sample whose model call fails is retried (--retry-on-error) and keeps its artifacts."""
    from inspect_ai import eval_set

    calls = {"n": 0}

    def flaky(input, tools, tool_choice, config) -> ModelOutput:
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("simulated provider outage")
        return scripted(CHAIR)(input, tools, tool_choice, config)

    task = single_shot(dataset="builtin", categories="furniture", sandbox="local")
    models = [get_model("mockllm/model", custom_outputs=flaky), get_model("code3dbench/box")]
    log_dir = str(tmp_path / "set")
    settings = dict(
        log_dir=log_dir,
        sample_id="furniture_chair",
        retry_attempts=2,
        retry_wait=0.1,
        retry_on_error=1,
        display="none",
    )
    done, logs = eval_set([task], model=models, **settings)

    assert done and len(logs) == 2 and all(log.status == "success" for log in logs)
    by_model = {log.eval.model: read_eval_log(log.location) for log in logs}
    assert set(by_model) == {"mockllm/model", "code3dbench/box"}
    [retried] = by_model["mockllm/model"].samples
    assert calls["n"] == 2 and len(retried.error_retries or []) == 1
    assert retried.scores["geometry_and_image"].value["single_f5"] == 1.0
    [record] = retried.store["CodeSteps:steps"]
    assert (Path(record["artifacts"]["folder"]) / "object.glb").is_file()
    files = sorted(p.name for p in (tmp_path / "set").glob("*.eval"))

    again, relogs = eval_set([task], model=models, **settings)  # finished: nothing runs again

    assert again and calls["n"] == 2
    assert sorted(p.name for p in (tmp_path / "set").glob("*.eval")) == files
    assert {Path(log.location).name for log in relogs} == set(files)


def _parent(pid: str) -> str | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[1]  # the field after the state


def _runner_servers() -> set[str]:
    """Runner servers started by this test process (other checkouts' runs are not ours)."""
    done = subprocess.run(["pgrep", "-f", "run.mjs --serve"], capture_output=True, text=True)
    ours = set()
    for pid in done.stdout.split():
        ancestor: str | None = pid
        while ancestor not in (None, "0", "1"):
            if ancestor == str(os.getpid()):
                ours.add(pid)
                break
            ancestor = _parent(ancestor)
    return ours


def test_a_sample_that_fails_midway_leaves_no_runner_server(
    builtin_references, tmp_path: Path
) -> None:
    calls = {"n": 0}

    def fails_at_step_two(input, tools, tool_choice, config) -> ModelOutput:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("simulated provider outage at step 2")
        return scripted(CHAIR, CHAIR, CHAIR)(input, tools, tool_choice, config)

    before = _runner_servers()
    [log] = inspect_eval(
        revision(max_steps=3, dataset="builtin", sandbox="local"),
        model=get_model("mockllm/model", custom_outputs=fails_at_step_two),
        sample_id="furniture_chair",
        log_dir=str(tmp_path / "logs"),
        display="none",
    )

    [sample] = read_eval_log(log.location).samples
    assert sample.error is not None and "step 2" in sample.error.message
    assert len(sample.store["CodeSteps:steps"]) == 1  # step 1 ran on the server
    stop_shared_runners()  # the local sandbox's server outlives samples by design
    assert _runner_servers() <= before

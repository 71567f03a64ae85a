"""The image-to-3D reference (TRELLIS.2 on fal) end to end against a local fake of fal's queue."""

from __future__ import annotations

import hashlib
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from inspect_ai import eval as inspect_eval
from inspect_ai.log import read_eval_log

from code3dbench.report import write_report
from code3dbench.tasks.image_to_3d import image_to_3d
from tests.conftest import require_runner, skip_or_fail_in_ci
from tests.reference3d.fake_fal import FakeFal, Job
from tests.report.conftest import subset_manifest

pytestmark = [pytest.mark.chromium, pytest.mark.slow]

SCORER = "geometry_and_image"


@pytest.fixture
def fal_key(monkeypatch: pytest.MonkeyPatch) -> str:
    try:
        import fal_client  # noqa: F401
    except ImportError:
        skip_or_fail_in_ci("fal-client missing: pip install -e '.[providers]'")
    monkeypatch.setenv("FAL_KEY", "test-fal-key")
    return "test-fal-key"


def test_without_a_key_the_task_stops_with_a_clear_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FAL_KEY", raising=False)
    with pytest.raises(RuntimeError, match=r"FAL_KEY is not set: .*export FAL_KEY="):
        image_to_3d(dataset="builtin")


def test_without_a_key_inspect_eval_prints_the_message_without_a_traceback(
    tmp_path: Path,
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "FAL_KEY"}
    command = [sys.executable, "-m", "inspect_ai", "eval", "code3dbench/image_to_3d"]
    command += ["--model", "none", "-T", "dataset=builtin", "--log-dir", str(tmp_path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 1
    output = " ".join((done.stdout + done.stderr).split())
    assert "FAL_KEY is not set" in output and "export FAL_KEY=" in output
    assert "Traceback" not in output


def test_trellis_reference_end_to_end(builtin_references, fal_key: str, tmp_path: Path) -> None:
    require_runner()
    dataset = subset_manifest(tmp_path / "dataset")
    task = image_to_3d(dataset=dataset, poll_s=0.01, retry_pause_s=0.01, attempts=2)
    by_id = {str(s.id): s.metadata for s in task.dataset}

    def digest(sample_id: str) -> str:
        return hashlib.sha256(Path(by_id[sample_id]["reference_image"]).read_bytes()).hexdigest()

    def truth(sample_id: str) -> bytes:
        return Path(by_id[sample_id]["ground_truth"]).read_bytes()

    fake = FakeFal(fal_key, default=Job(error="no script")).start()
    fake.script = {
        digest("furniture_chair"): [Job(mesh=truth("furniture_chair"), polls=3)],
        digest("food_carrot"): [Job(error="CUDA out of memory"), Job(mesh=truth("food_carrot"))],
        digest("furniture_table"): [Job(mesh=b"glTF but not really a mesh")],
        digest("furniture_bed"): [Job(error="worker crashed")],
    }
    try:
        task = image_to_3d(
            dataset=dataset, fal_base_url=fake.url, poll_s=0.01, retry_pause_s=0.01, attempts=2
        )
        [log] = inspect_eval(task, model="none", log_dir=str(tmp_path / "logs"), display="none")
    finally:
        fake.stop()
    assert log.status == "success", log.error
    log = read_eval_log(log.location)
    samples = {str(s.id): s for s in log.samples}
    assert all(
        s["path"] == "/fal-ai/trellis-2" and s["fields"] == ["image_url"] for s in fake.submissions
    )

    # The queue answered after three polls; the mesh is the ground truth: CD at the floor.
    chair = samples["furniture_chair"].scores[SCORER].value
    assert math.isnan(chair["single_exec"]) and math.isnan(chair["exec_step_1"])  # not applicable
    assert chair["single_f5"] > 0.99 and chair["single_cd"] < 1.0 and chair["single_ssim"] > 0.9
    assert chair["sandbox_error"] == 0.0
    [chair_request] = [
        s["request_id"] for s in fake.submissions if s["image_sha256"] == digest("furniture_chair")
    ]
    assert fake.status_polls[chair_request] >= 5  # 3 queued, 1 in progress, then completed
    [record] = samples["furniture_chair"].store["CodeSteps:steps"]
    assert record["source"] == "mesh" and record["status"] == "ok"
    assert Path(record["artifacts"]["folder"], "render.png").is_file()

    # A failed job is retried: the second attempt brought the mesh.
    carrot = samples["food_carrot"].scores[SCORER].value
    assert carrot["single_f5"] > 0.99 and math.isnan(carrot["single_exec"])
    assert sum(s["image_sha256"] == digest("food_carrot") for s in fake.submissions) == 2

    # A malformed mesh is the reference model's failure: F = 0, no CD, execution still n/a.
    table = samples["furniture_table"].scores[SCORER].value
    assert (
        table["single_f5"] == 0.0
        and math.isnan(table["single_cd"])
        and math.isnan(table["single_exec"])
    )
    assert samples["furniture_table"].scores[SCORER].answer == "invalid_output"

    # Every attempt failed: the sample errors, naming each attempt's failure.
    bed = samples["furniture_bed"]
    assert bed.error is not None and "no mesh after 2 attempt(s)" in bed.error.message
    assert "worker crashed" in bed.error.message

    # The report: a reference row apart from the code models, execution n/a.
    out = tmp_path / "report"
    write_report([log.location], out, plots=False, gallery=False)
    document = json.loads((out / "main_report.json").read_text())
    [run] = document["runs"]
    assert run["model"] == "fal/fal-ai/trellis-2" and run["reference"] is True
    single = run["settings"]["single"]
    assert single["exec_rate"]["mean"] is None and single["n"] == 3
    assert single["metrics"]["f5"]["mean"] == pytest.approx(
        (chair["single_f5"] + carrot["single_f5"] + 0.0) / 3
    )
    assert single["penalized"]["cd"]["mean"] == pytest.approx(
        (chair["single_cd"] + carrot["single_cd"] + 1000.0) / 3
    )
    assert document["paper_table"] == []
    markdown = (out / "report.md").read_text()
    section = markdown.split("## Image-to-3D reference")[1].split("\n## ")[0]
    [row] = [line for line in section.splitlines() if line.startswith("| fal/fal-ai/trellis-2 |")]
    assert row.endswith("| n/a |") and "| 3 | 2/3 |" in row  # execution n/a; 2 meshes scored
    main = markdown.split("## Main results")[1].split("\n## ")[0]
    assert "trellis" not in main and "No code-model samples" in main
    assert "furniture_bed" in markdown and "worker crashed" in markdown

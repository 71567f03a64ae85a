"""Offline baselines: the oracle reproduces the ground truth, and oracle >> silhouette > box."""

from __future__ import annotations

import base64
import math
from pathlib import Path

import numpy as np
import pytest
from inspect_ai import eval as inspect_eval
from inspect_ai.log import EvalLog
from inspect_ai.model import ChatMessageUser, ContentImage, ContentText
from PIL import Image

from code3dbench.baselines.oracle import oracle, oracle_program
from code3dbench.baselines.providers import reference_image
from code3dbench.baselines.silhouette import NoObjectInImageError, silhouette_parts
from code3dbench.sandbox.host import ExecutionJob, execute_on_host
from code3dbench.sandbox.result import ExecutionStatus
from code3dbench.scorers.geometry import score_meshes
from code3dbench.tasks.tasks import single_shot
from tests.assets.mirror import make_mirror
from tests.conftest import require_runner


def _mean(log: EvalLog, key: str) -> float:
    [score] = [s for s in log.results.scores if s.name == key]
    return score.metrics["mean"].value


@pytest.fixture(scope="module")
def baseline_logs(builtin_references, tmp_path_factory) -> dict[str, EvalLog]:
    folder = tmp_path_factory.mktemp("baselines")
    runs = {
        "oracle": {"solver": oracle(), "model": "mockllm/model"},
        "silhouette": {"model": "code3dbench/silhouette"},
        "box": {"model": "code3dbench/box"},
    }
    logs = {}
    for name, options in runs.items():
        task = single_shot(dataset="builtin", per_category=1, seed=5, sandbox="local")
        [log] = inspect_eval(task, log_dir=str(folder / name), display="none", **options)
        assert log.status == "success", log.error
        logs[name] = log
    return logs


@pytest.mark.chromium
@pytest.mark.slow
def test_oracle_reproduces_every_object(baseline_logs) -> None:
    log = baseline_logs["oracle"]
    assert _mean(log, "single_exec") == 1.0
    assert _mean(log, "single_f5") == 1.0
    assert _mean(log, "single_cd") < 0.5  # the sampling floor of identical meshes
    assert _mean(log, "single_ssim") > 0.99


@pytest.mark.chromium
@pytest.mark.slow
def test_ordering_oracle_silhouette_box(baseline_logs) -> None:
    f5 = {name: _mean(log, "single_f5") for name, log in baseline_logs.items()}
    cd = {name: _mean(log, "single_cd") for name, log in baseline_logs.items()}
    assert f5["oracle"] > f5["silhouette"] + 0.3
    assert f5["silhouette"] > f5["box"] + 0.1
    assert cd["oracle"] < cd["silhouette"] < cd["box"]
    assert all(_mean(log, "single_exec") == 1.0 for log in baseline_logs.values())


@pytest.mark.chromium
@pytest.mark.slow
def test_multiview_ordering_and_the_silhouettes_gap(baseline_logs) -> None:
    def means(key: str) -> dict[str, float]:
        return {name: _mean(log, f"single_{key}") for name, log in baseline_logs.items()}

    iou, mv_ssim, ssim = means("mv_iou"), means("mv_ssim"), means("ssim")
    assert iou["oracle"] > 0.99
    assert iou["oracle"] > iou["silhouette"] + 0.3 and iou["silhouette"] > iou["box"]
    assert mv_ssim["oracle"] > mv_ssim["silhouette"] > mv_ssim["box"]
    # Seen from every side, the extruded outline falls further behind the oracle than it does
    # from the camera it was traced from.
    assert mv_ssim["oracle"] - mv_ssim["silhouette"] > ssim["oracle"] - ssim["silhouette"] + 0.02


@pytest.mark.chromium
def test_oracle_rebuilds_an_imported_textured_glb(tmp_path: Path) -> None:
    require_runner()
    make_mirror(tmp_path, ["testpack/barrel", "otherpack/chest"])
    for object_id in ("testpack/barrel", "otherpack/chest"):
        glb = tmp_path / "glb" / f"{object_id}.glb"
        out = tmp_path / "run" / object_id
        [result] = execute_on_host([ExecutionJob(oracle_program(glb, object_id), out)])
        assert result.status is ExecutionStatus.OK, result.error
        scores = score_meshes(out / "object.glb", glb)
        assert scores.f5 == 1.0 and scores.cd < 0.5
    # The chest's red checker texture became vertex colours.
    image = np.asarray(Image.open(out / "render.png").convert("RGB"), dtype=int)
    foreground = np.abs(image - 0xF2).sum(axis=2) > 24
    red, green, _ = (image[foreground][:, c].mean() for c in range(3))
    assert red > green + 40


def _png_uri(array: np.ndarray) -> str:
    import io

    buffer = io.BytesIO()
    Image.fromarray(array.astype(np.uint8)).save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def test_silhouette_traces_parts_and_colours() -> None:
    image = np.full((200, 200, 3), 0xF2, dtype=np.uint8)
    image[50:150, 20:60] = (200, 30, 30)  # a tall red bar
    image[120:150, 100:180] = (30, 30, 200)  # a flat blue block
    parts, depth = silhouette_parts(image.astype(float))
    assert len(parts) == 2
    tall, flat = parts
    xs, ys = np.array(tall["outline"]).T
    assert math.isclose(ys.max() - ys.min(), 100 / 160, abs_tol=0.02)  # longest side 160 px
    assert tall["color"][0] > 0.5 and tall["color"][2] < 0.05
    assert flat["color"][2] > 0.5
    assert 0 < depth < 1


def test_silhouette_of_an_empty_image() -> None:
    with pytest.raises(NoObjectInImageError):
        silhouette_parts(np.full((64, 64, 3), 0xF2, dtype=float))


def test_the_reference_is_the_first_image() -> None:
    first, second = _png_uri(np.zeros((4, 4, 3))), _png_uri(np.ones((4, 4, 3)))
    messages = [
        ChatMessageUser(content=[ContentText(text="look"), ContentImage(image=first)]),
        ChatMessageUser(content=[ContentText(text="feedback"), ContentImage(image=second)]),
    ]
    assert reference_image(messages) == first
    with pytest.raises(ValueError, match="needs an image"):
        reference_image([ChatMessageUser(content="no image")])

"""`code3dbench score-images` and `code3dbench doctor` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from code3dbench.cli import main
from code3dbench.doctor import (
    DoctorReport,
    EnvironmentCheck,
    check_chromium,
    check_docker_image,
    diagnose,
    format_report,
)
from tests.scorers.test_image_fixtures import isolate_weights, render_like

pytestmark = pytest.mark.usefixtures("fresh_image_models")
ENVIRONMENT_FACTS = (
    "chromium",
    "node_runner",
    "docker",
    "docker_image",
    "local_jail",
    "torch_device",
)


@pytest.fixture
def renders(tmp_path: Path) -> tuple[Path, Path]:
    pred, ref = tmp_path / "render.png", tmp_path / "reference.png"
    render_like(blur=2.0).save(pred)
    render_like().save(ref)
    return pred, ref


def test_score_images_prints_json_with_none_for_unavailable_metrics(
    renders, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    isolate_weights(tmp_path, monkeypatch)

    status = main(["score-images", str(renders[0]), str(renders[1]), "--json"])

    result = json.loads(capsys.readouterr().out)
    assert status == 0
    assert 0.0 < result["ssim"] < 1.0 and result["mse"] > 0.0
    assert result["lpips"] is None and result["clip"] is None
    assert result["conventions"]["random_init"] is False


def test_score_images_text_and_metric_subset(renders, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["score-images", str(renders[1]), str(renders[1]), "--metrics", "ssim,mse"])

    assert status == 0
    assert capsys.readouterr().out.strip() == "SSIM 1.0000  MSE 0.000000  LPIPS n/a  CLIP n/a"


def test_score_images_usage_errors_exit_2(
    renders, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["score-images", str(renders[0]), str(tmp_path / "nope.png")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["score-images", str(renders[0]), str(renders[1]), "--metrics", "psnr"]) == 2
    assert "--metrics" in capsys.readouterr().err


def test_doctor_json_lists_every_metric_and_environment_fact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    isolate_weights(tmp_path, monkeypatch)

    status = main(["doctor", "--json", "--clip-weights", str(tmp_path / "ViT-B-32.pt")])

    report = json.loads(capsys.readouterr().out)
    assert status == 0
    assert list(report["metrics"]) == ["ssim", "mse", "lpips", "clip"]
    assert report["metrics"]["ssim"]["available"] is True
    assert report["metrics"]["lpips"]["available"] is False
    clip = report["metrics"]["clip"]
    assert clip["available"] is False
    if "not installed" not in clip["reason"]:
        assert "(from clip_weights (--clip-weights)) is not a file" in clip["reason"]
    assert set(report["environment"]) == set(ENVIRONMENT_FACTS)
    for fact in report["environment"].values():
        assert isinstance(fact["available"], bool) and fact["detail"]


def test_doctor_text_has_one_line_per_item_and_exits_0(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["doctor"]) == 0

    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "image metrics:" and "environment:" in lines
    for name in ("ssim", "mse", "lpips", "clip", *ENVIRONMENT_FACTS):
        assert any(line.split()[0] == name for line in lines[1:] if line.startswith("  "))


def test_doctor_checks_no_image_without_a_daemon() -> None:
    check = check_docker_image(EnvironmentCheck("docker", False, "no Docker daemon answers"))

    assert (check.available, check.printed_state) == (False, "missing")
    assert check.detail == "not checked: no Docker daemon answers"


def test_doctor_reports_a_bad_chromium_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CODE3DBENCH_CHROMIUM", "/nonexistent/chromium")

    check = check_chromium()

    assert check.available is False
    assert "CODE3DBENCH_CHROMIUM=/nonexistent/chromium is not an executable file" in check.detail


def test_doctor_report_has_one_line_per_check_plus_headings() -> None:
    report = diagnose()

    assert isinstance(report, DoctorReport)
    lines = len(report.metrics) + len(report.weights) + len(report.environment) + 3  # + headings
    assert format_report(report).count("\n") == lines - 1
    assert [item.role for item in report.weights] == [
        "LPIPS linear layers",
        "AlexNet backbone",
        "CLIP ViT-B-32 OpenAI weights",
    ]

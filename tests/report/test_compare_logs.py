"""Paired comparisons from real logs: two offline baselines through `code3dbench report`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from inspect_ai.log import read_eval_log

from code3dbench.cli import main
from code3dbench.report.bootstrap import bootstrap_mean

pytestmark = [pytest.mark.chromium, pytest.mark.slow]


def single_values(folder: Path, model: str, key: str) -> dict[str, float]:
    [path] = [
        p
        for p in folder.glob("*.eval")
        if read_eval_log(str(p), header_only=True).eval.model == model
    ]
    return {
        str(s.id): s.scores["geometry_and_image"].value[key]
        for s in read_eval_log(str(path)).samples
    }


def test_report_says_which_baseline_is_better_with_intervals(
    baseline_logs: Path, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "report"
    assert main(["report", str(baseline_logs), "--out", str(out), "--no-gallery"]) == 0
    printed = capsys.readouterr().out
    assert (
        "B code3dbench/silhouette vs A code3dbench/box (single_shot, single, 3 paired, 0 only A, 1 only B)"
        in printed
    )

    document = json.loads((out / "comparisons.json").read_text())
    assert document["method"]["resamples"] == 10_000 and document["method"]["seed"] == 0
    [comparison] = [c for c in document["comparisons"] if c["kind"] == "models"]
    assert (
        comparison["a"]["model"] == "code3dbench/box"
        and comparison["b"]["model"] == "code3dbench/silhouette"
    )
    assert comparison["paired"] == 3
    assert comparison["only_b"] == [{"sample_id": "furniture_bed", "reason": "not run by A"}]

    # The intervals are the bootstrap of the per-sample differences read straight from the logs.
    for key, better in (("f5", "b"), ("cd", "b"), ("f1", "b")):
        box = single_values(baseline_logs, "code3dbench/box", f"single_{key}")
        silhouette = single_values(baseline_logs, "code3dbench/silhouette", f"single_{key}")
        expected = bootstrap_mean([silhouette[i] - box[i] for i in sorted(box)])
        result = comparison["keys"][key]
        assert (result["difference"], result["ci_low"], result["ci_high"]) == pytest.approx(
            (expected.mean, expected.low, expected.high), rel=1e-12
        )
        assert result["better"] == better and result["b_wins"] == 3
    assert comparison["keys"]["exec"]["better"] is None  # both always execute: ties
    assert comparison["keys"]["exec"]["ties"] == 3

    markdown = (out / "report.md").read_text()
    assert "## Paired comparisons" in markdown and "### Models" in markdown
    [row] = [
        line
        for line in markdown.splitlines()
        if line.startswith("| code3dbench/box | code3dbench/silhouette |")
    ]
    assert row.count("B**") >= 5  # CD, CD pen., F@1, F@2, F@5 favour B in bold
    assert "furniture_bed` (not run by A)" in markdown
    assert (out / "plots" / "comparisons.png").stat().st_size > 0


def test_baseline_option(baseline_logs: Path, tmp_path: Path, capsys) -> None:
    assert (
        main(
            [
                "report",
                str(baseline_logs),
                "--out",
                str(tmp_path / "r"),
                "--no-gallery",
                "--no-plots",
                "--baseline",
                "code3dbench/silhouette",
            ]
        )
        == 0
    )
    assert "B code3dbench/box vs A code3dbench/silhouette" in capsys.readouterr().out
    document = json.loads((tmp_path / "r" / "comparisons.json").read_text())
    [comparison] = [c for c in document["comparisons"] if c["kind"] == "models"]
    assert (
        comparison["keys"]["f5"]["better"] == "a"
        and document["baseline"] == "code3dbench/silhouette"
    )
    assert (
        main(
            [
                "report",
                str(baseline_logs),
                "--out",
                str(tmp_path / "x"),
                "--baseline",
                "openai/nope",
            ]
        )
        == 2
    )
    assert "--baseline openai/nope: no run of that model" in capsys.readouterr().err

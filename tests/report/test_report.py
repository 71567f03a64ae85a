"""`code3dbench report` on real logs: exact aggregates, recovery, partial logs, skipping."""

from __future__ import annotations

import json
import math
import statistics
from pathlib import Path

import pytest
from inspect_ai.log import EvalLog, write_eval_log

from code3dbench.cli import main
from code3dbench.report import write_report

pytestmark = [pytest.mark.chromium, pytest.mark.slow]

SCORER = "geometry_and_image"


def values(log: EvalLog) -> dict[tuple[str, int], dict[str, float]]:
    return {(str(s.id), s.epoch): s.scores[SCORER].value for s in log.samples if s.scores}


def run_of(document: dict, model: str, task: str) -> dict:
    [run] = [r for r in document["runs"] if r["model"] == model and r["task"] == task]
    return run


def approx(value):
    return pytest.approx(value, rel=1e-12, abs=1e-12)


@pytest.fixture(scope="module")
def main_report(report_logs, tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("report-main")
    written = write_report([report_logs.main], out, compare_published=True)
    assert {
        "main_report.json",
        "category_scores.json",
        "executability_recovery.json",
        "report.md",
        "gallery/index.html",
    } <= set(written.files)
    return out, json.loads((out / "main_report.json").read_text())


def test_single_shot_aggregates_match_hand_computed_values(report_logs, main_report) -> None:
    _, document = main_report
    v = values(report_logs.single)
    chair1, chair2 = v[("furniture_chair", 1)], v[("furniture_chair", 2)]
    carrots = [v[("food_carrot", 1)], v[("food_carrot", 2)]]
    [carrot_ok] = [c for c in carrots if c["single_exec"] == 1.0]
    [carrot_broken] = [c for c in carrots if c["single_exec"] == 0.0]
    assert carrot_broken["single_f5"] == 0.0 and math.isnan(carrot_broken["single_cd"])
    assert all(v[("furniture_table", e)]["single_exec"] == 0.0 for e in (1, 2))

    run = run_of(document, "mockllm/model", "code3dbench/single_shot")
    # 6 sample-epochs used; furniture_bed (sandbox fault) is counted apart.
    assert run["samples"] == {
        "used": 6,
        "unique_samples": 3,
        "epochs": [1, 2],
        "sandbox_error": 1,
        "errors": 0,
    }
    single = run["settings"]["single"]
    assert single["n"] == 6 and single["executable"] == 3
    assert single["exec_rate"]["mean"] == 0.5

    # CD: over the three executable sample-epochs.
    cds = [chair1["single_cd"], chair2["single_cd"], carrot_ok["single_cd"]]
    cd = single["metrics"]["cd"]
    assert cd["count"] == 3
    assert cd["mean"] == approx(sum(cds) / 3)
    assert cd["median"] == approx(sorted(cds)[1])
    # stderr across samples: chair's two epochs averaged first; table has no CD.
    chair_mean = (chair1["single_cd"] + chair2["single_cd"]) / 2
    assert cd["stderr"] == approx(
        statistics.stdev([chair_mean, carrot_ok["single_cd"]]) / math.sqrt(2)
    )
    # stderr across epochs: the per-epoch means.
    epoch_means = []
    for epoch in (1, 2):
        present = [
            v[(s, epoch)]["single_cd"]
            for s in ("furniture_chair", "food_carrot", "furniture_table")
            if not math.isnan(v[(s, epoch)]["single_cd"])
        ]
        epoch_means.append(sum(present) / len(present))
    assert cd["epoch_means"] == approx(epoch_means)
    assert cd["stderr_epochs"] == approx(statistics.stdev(epoch_means) / math.sqrt(2))

    # F@5: over all six, failures as 0.
    f5 = [chair1["single_f5"], chair2["single_f5"], carrot_ok["single_f5"], 0.0, 0.0, 0.0]
    assert single["metrics"]["f5"]["mean"] == approx(sum(f5) / 6)
    assert single["metrics"]["f5"]["count"] == 6
    assert single["metrics"]["nc"]["mean"] == approx(
        (chair1["single_nc"] + chair2["single_nc"] + carrot_ok["single_nc"]) / 6
    )
    # Penalized: the three failures count as CD = 1000.
    penalized = single["penalized"]["cd"]
    assert penalized["mean"] == approx((sum(cds) + 3 * 1000.0) / 6) and penalized["count"] == 6
    assert penalized["median"] == approx((sorted(cds)[2] + 1000.0) / 2)
    # SSIM over executable samples; LPIPS/CLIP unavailable here -> null with count 0.
    assert single["metrics"]["ssim"]["count"] == 3
    assert single["metrics"]["lpips"] == {**single["metrics"]["lpips"], "mean": None, "count": 0}

    # Sandbox faults and skipped logs are said.
    kinds = {(n["kind"], n.get("sample_id")) for n in document["skipped"]}
    assert ("sandbox_error", "furniture_bed") in kinds
    assert document["skipped_counts"]["log"] == 1
    [other] = [
        i
        for i in document["inputs"]
        if i["task"] != "code3dbench/single_shot" and i["task"] != "code3dbench/revision"
    ]
    assert other["run"] is None and "not a Code3DBench log" in other["note"]


def test_revision_settings_errors_and_recovery(report_logs, main_report) -> None:
    out, document = main_report
    v = values(report_logs.revision)
    chair, carrot = v[("furniture_chair", 1)], v[("food_carrot", 1)]
    run = run_of(document, "mockllm/model", "code3dbench/revision")
    assert run["max_steps"] == 2
    assert run["samples"]["used"] == 2 and run["samples"]["errors"] == 1
    final, best = run["settings"]["final"], run["settings"]["best"]
    assert final["label"] == "final@2" and best["label"] == "best@<=2"
    assert final["exec_rate"]["mean"] == 0.5 and best["exec_rate"]["mean"] == 1.0
    assert final["metrics"]["cd"]["mean"] == approx(chair["final_cd"])
    assert final["metrics"]["f5"]["mean"] == approx(chair["final_f5"] / 2)
    assert best["metrics"]["cd"]["mean"] == approx((chair["best_cd"] + carrot["best_cd"]) / 2)
    assert run["settings"]["single"]["metrics"]["cd"]["mean"] == approx(carrot["single_cd"])
    errored = [n for n in document["skipped"] if n["kind"] == "error"]
    assert [n["sample_id"] for n in errored] == ["furniture_table"]
    assert "the model service is down" in errored[0]["reason"]

    recovery = json.loads((out / "executability_recovery.json").read_text())
    [rec] = [r for r in recovery["runs"] if r["task"] == "code3dbench/revision"]
    assert rec["n"] == 2
    assert rec["first_executable_at"] == {"1": 1, "2": 1} and rec["never_executable"] == 0
    assert rec["cumulative_rate"] == {"1": 0.5, "2": 1.0}
    assert rec["exec_rate_by_step"] == {"1": 0.5, "2": 0.5}
    assert rec["status_counts_by_step"] == {
        "1": {"ok": 1, "syntax_error": 1},
        "2": {"no_code": 1, "ok": 1},
    }

    # The paper layout: single from the single_shot run, final/best from revision.
    [row] = [r for r in document["paper_table"] if r["model"] == "mockllm/model"]
    single_run = run_of(document, "mockllm/model", "code3dbench/single_shot")
    assert row["max_steps"] == 2
    assert row["single"]["cd"] == single_run["settings"]["single"]["metrics"]["cd"]["mean"]
    assert row["best"]["f5"] == best["metrics"]["f5"]["mean"]
    markdown = (out / "report.md").read_text()
    assert (
        "| Model | Single CD | Single F@5 | Final@2 CD | Final@2 F@5 | Best@<=2 CD | Best@<=2 F@5 |"
        in markdown
    )
    assert f"| mockllm/model | {row['single']['cd']:.1f} | {row['single']['f5']:.4f} |" in markdown


def test_categories_tokens_and_plots(report_logs, main_report) -> None:
    out, document = main_report
    categories = json.loads((out / "category_scores.json").read_text())
    run = run_of(categories, "mockllm/model", "code3dbench/single_shot")
    assert set(run["categories"]) == {"food", "furniture"}
    furniture = run["categories"]["furniture"]
    assert furniture["samples"]["used"] == 4 and furniture["samples"]["sandbox_error"] == 1
    v = values(report_logs.single)
    assert furniture["settings"]["single"]["exec_rate"]["mean"] == 0.5
    assert furniture["settings"]["single"]["metrics"]["cd"]["mean"] == approx(
        (v[("furniture_chair", 1)]["single_cd"] + v[("furniture_chair", 2)]["single_cd"]) / 2
    )
    assert run["categories"]["food"]["settings"]["single"]["executable"] == 1

    # Tokens: each log's model usage summed per run, single_shot and revision apart
    # (10 in, 5 out per reply).
    usage = run_of(document, "mockllm/model", "code3dbench/single_shot")["tokens"]
    expected = sum(
        log.stats.model_usage["mockllm/model"].input_tokens
        for log in (report_logs.single, report_logs.sandbox)
    )
    assert usage["input_tokens"] == usage["input_tokens_all"] == expected == 10 * (6 + 1)
    assert usage["samples"] == 7 and usage["tokens_per_sample"] == 15
    revised = run_of(document, "mockllm/model", "code3dbench/revision")["tokens"]
    assert revised["input_tokens"] == 10 * 4 and revised["samples"] == 3
    assert usage["total_cost"] is None and usage["cost"]["usd"] is None
    assert "--model-cost-config" in usage["cost"]["source"]
    markdown = (out / "report.md").read_text()
    assert "| mockllm/model | single_shot | 7 | 70 | 0 | 35 | 0 | 105 | 15 | n/a |" in markdown
    assert "| mockllm/model | revision (N=2) | 3 | 40 |" in markdown
    # The box run is its own model.
    box = run_of(document, "code3dbench/box", "code3dbench/single_shot")
    assert box["settings"]["single"]["exec_rate"]["mean"] == 1.0
    for name in ("category_scores.png", "recovery.png", "cd_distribution.png"):
        data = (out / "plots" / name).read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) > 5_000


def test_partial_log_with_a_sample_without_score(report_logs, tmp_path: Path) -> None:
    log = report_logs.single.model_copy(deep=True)
    log.status = "cancelled"
    log.results = None
    log.samples = [s for s in log.samples if s.id != "furniture_table"]
    [unscored] = [s for s in log.samples if s.id == "food_carrot" and s.epoch == 2]
    unscored.scores = None
    write_eval_log(log, str(tmp_path / "logs" / "partial.eval"))
    write_eval_log(report_logs.other, str(tmp_path / "logs" / "other.eval"))
    written = write_report([tmp_path / "logs"], tmp_path / "out", plots=False, gallery=False)
    document = json.loads((tmp_path / "out" / "main_report.json").read_text())
    [run] = document["runs"]
    assert run["samples"]["used"] == 3 and run["samples"]["errors"] == 1
    v = values(report_logs.single)
    carrot1 = v[("food_carrot", 1)]
    assert run["settings"]["single"]["exec_rate"]["mean"] == approx(
        (2 + carrot1["single_exec"]) / 3
    )
    [entry] = [i for i in document["inputs"] if i["run"]]
    assert entry["status"] == "cancelled" and entry["samples_expected"] == 6
    assert entry["samples_present"] == 4 and entry["used"] == 3
    assert "log status cancelled: 4 of 6 samples present" in entry["note"]
    kinds = [n["kind"] for n in document["skipped"]]
    assert kinds.count("no_score") == 1 and kinds.count("log") == 1
    assert any("not a Code3DBench log" in line for line in written.notes)


def test_duplicates_are_taken_once(report_logs, tmp_path: Path) -> None:
    write_eval_log(report_logs.box, str(tmp_path / "a.eval"))
    write_eval_log(report_logs.box, str(tmp_path / "b.eval"))
    write_report([tmp_path], tmp_path / "out", plots=False, gallery=False)
    document = json.loads((tmp_path / "out" / "main_report.json").read_text())
    [run] = document["runs"]
    assert run["samples"]["used"] == 1
    assert [n["kind"] for n in document["skipped"]] == ["duplicate"]


def test_compare_published_maps_provider_names(report_logs, tmp_path: Path) -> None:
    log = report_logs.box.model_copy(deep=True)
    log.eval.model = "openrouter/openai/gpt-5.4"
    write_eval_log(log, str(tmp_path / "gpt.eval"))
    write_report(
        [tmp_path / "gpt.eval"],
        tmp_path / "out",
        compare_published=True,
        plots=False,
        gallery=False,
    )
    document = json.loads((tmp_path / "out" / "main_report.json").read_text())
    comparison = document["published_comparison"]
    [match] = comparison["matched"]
    assert match["published_name"] == "GPT-5.4"
    assert match["published"]["single"] == {"cd": 17.9, "f5": 0.6175}
    assert match["published"]["best"] == {"cd": 9.8, "f5": 0.6882}
    measured = values(report_logs.box)[("furniture_chair", 1)]["single_cd"]
    assert match["measured"]["single"]["cd"] == approx(measured)
    assert match["difference"]["single"]["cd"] == approx(measured - 17.9)
    assert match["measured"]["final"] is None
    assert any("code3dbench-builtin-report-tests" in c for c in match["caveats"])
    markdown = (tmp_path / "out" / "report.md").read_text()
    assert "| GPT-5.4 | published | 17.9 | 0.6175 | 13.6 | 0.6369 | 9.8 | 0.6882 |" in markdown


def test_cli(report_logs, tmp_path: Path, capsys) -> None:
    status = main(
        [
            "report",
            str(report_logs.main),
            "--out",
            str(tmp_path / "out"),
            "--no-plots",
            "--no-gallery",
        ]
    )
    captured = capsys.readouterr()
    assert status == 0
    assert "not a Code3DBench log" in captured.err
    assert "furniture_bed (epoch 1)" in captured.err and "sandbox" in captured.err
    assert "furniture_table (epoch 1)" in captured.err and "errored" in captured.err
    assert "wrote main_report.json" in captured.out
    assert main(["report", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o2")]) == 2
    other = tmp_path / "other.eval"
    write_eval_log(report_logs.other, str(other))
    assert main(["report", str(other), "--out", str(tmp_path / "o3")]) == 2
    assert "no Code3DBench log" in capsys.readouterr().err


def test_the_agent_reports_as_a_third_setting(report_logs, tmp_path: Path) -> None:
    written = write_report([report_logs.main, report_logs.agents], tmp_path, plots=False)
    document = json.loads((tmp_path / "main_report.json").read_text())
    v = values(report_logs.agent)
    chair, carrot = v[("furniture_chair", 1)], v[("food_carrot", 1)]
    assert (chair["submitted"], chair["runs"], carrot["submitted"], carrot["runs"]) == (1, 2, 0, 1)
    run = run_of(document, "mockllm/model", "code3dbench/agent")
    assert run["max_steps"] == 3 and run["samples"]["used"] == 2
    final, best, first = (run["settings"][s] for s in ("final", "best", "single"))
    assert (first["label"], final["label"], best["label"]) == ("first", "final", "best")
    # Carrot never submitted: its final is its executable run 1.
    assert final["exec_rate"]["mean"] == 1.0 and first["exec_rate"]["mean"] == 0.5
    assert final["metrics"]["cd"]["mean"] == approx((chair["final_cd"] + carrot["final_cd"]) / 2)
    assert run["agent"] == {
        "n": 2,
        "max_runs": 2,
        "runs_mean": 1.5,
        "submitted": 1,
        "budget_spent": 1,
        "ended_by_limit": {"message": 1},
        "submitted_share": 0.5,
    }
    tokens = run["tokens"]
    assert tokens["samples"] == 2 and tokens["tokens_per_sample"] > 15 * 3  # several turns each

    recovery = json.loads((tmp_path / "executability_recovery.json").read_text())
    [rec] = [r for r in recovery["runs"] if r["task"] == "code3dbench/agent"]
    assert rec["first_executable_at"] == {"1": 1, "2": 1, "3": 0}
    assert rec["cumulative_rate"] == {"1": 0.5, "2": 1.0, "3": 1.0}

    # One main table: single_shot, revision and the agent side by side for the model.
    [row] = [r for r in document["paper_table"] if r["model"] == "mockllm/model"]
    assert row["max_steps"] == 2 and row["max_runs"] == 2
    assert row["agent_final"]["f5"] == final["metrics"]["f5"]["mean"]
    assert row["agent_best"]["cd"] == best["metrics"]["cd"]["mean"]
    markdown = (tmp_path / "report.md").read_text()
    assert (
        "| Model | Single CD | Single F@5 | Final@2 CD | Final@2 F@5 | Best@<=2 CD | "
        "Best@<=2 F@5 | Agent2 final CD | Agent2 final F@5 | Agent2 best CD | "
        "Agent2 best F@5 |"
    ) in markdown
    assert "## Agent runs" in markdown
    assert "| mockllm/model | agent (runs<=2) | 2 | 1.50 | 50.0% (1) | 1 | message 1 |" in markdown
    assert "Cost/sample (USD)" in markdown and "| mockllm/model | agent (runs<=2) | 2 |" in markdown

    # The gallery shows each run and the submission.
    page = (tmp_path / "gallery" / "index.html").read_text()
    assert "<b>Run 1</b>" in page and "<b>Submission (step 3)</b>" in page
    assert "2 run(s), submitted" in page
    assert "1 run(s), not submitted (final: step 1), ended by the message limit" in page
    assert "gallery/index.html" in written.files

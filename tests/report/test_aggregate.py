"""Aggregation rules and model-name matching on hand-made samples (no browser, no logs)."""

from __future__ import annotations

import math

import pytest

from code3dbench.report.aggregate import (
    CD_CAP_REPORTED,
    recovery,
    summarise_group,
)
from code3dbench.report.logs import RunKey, SampleResult, StepView
from code3dbench.report.published import load_published, normalise_model_name

NAN = float("nan")
KEY = RunKey("openai/gpt-5.4", "code3dbench/revision", 3, "code3dbench-shared")


def sample(
    sample_id: str,
    epoch: int,
    execs: list[float],
    cds: list[float],
    f5s: list[float],
    sandbox_error: bool = False,
) -> SampleResult:
    """A revision sample: single = step 1, final = last, best = executable step with lowest CD."""
    executable = [i for i, e in enumerate(execs) if e == 1.0]
    best = min(executable, key=lambda i: cds[i]) if executable else None
    values: dict[str, float] = {}
    for setting, index in (("single", 0), ("final", len(execs) - 1), ("best", best)):
        if index is None:
            values.update({f"{setting}_exec": 0.0, f"{setting}_cd": NAN, f"{setting}_f5": 0.0})
        else:
            values.update(
                {
                    f"{setting}_exec": execs[index],
                    f"{setting}_cd": cds[index],
                    f"{setting}_f5": f5s[index],
                }
            )
    values.update({f"exec_step_{k + 1}": e for k, e in enumerate(execs)})
    values["sandbox_error"] = 1.0 if sandbox_error else 0.0
    steps = [
        StepView(k + 1, "ok" if e == 1.0 else "runtime_error", {"exec": e})
        for k, e in enumerate(execs)
    ]
    return SampleResult(
        KEY,
        "log.eval",
        sample_id,
        epoch,
        "tool",
        values,
        steps,
        best + 1 if best is not None else None,
        None,
    )


SAMPLES = [
    sample("a", 1, [1.0, 1.0, 1.0], [10.0, 6.0, 8.0], [0.5, 0.7, 0.6]),
    sample("b", 1, [0.0, 1.0, 0.0], [NAN, 20.0, NAN], [0.0, 0.4, 0.0]),
    sample("c", 1, [0.0, 0.0, 0.0], [NAN, NAN, NAN], [0.0, 0.0, 0.0]),
    sample("d", 1, [0.0, 0.0, 1.0], [NAN, NAN, 30.0], [0.0, 0.0, 0.2]),
    sample("e", 1, [NAN, NAN, NAN], [NAN, NAN, NAN], [NAN, NAN, NAN], sandbox_error=True),
]


def test_settings_follow_the_rules() -> None:
    counts, settings = summarise_group(SAMPLES, 3, errors=2)
    assert (counts.used, counts.sandbox_error, counts.errors) == (4, 1, 2)
    single, final, best = settings["single"], settings["final"], settings["best"]
    assert (single.label, final.label, best.label) == ("single", "final@3", "best@<=3")
    # Execution rate over the 4 samples that count.
    assert (
        single.exec_rate.mean == 0.25
        and final.exec_rate.mean == 0.5
        and best.exec_rate.mean == 0.75
    )
    # CD over executable samples, with the count; F@5 over all, failures as 0.
    assert single.metrics["cd"].mean == 10.0 and single.metrics["cd"].count == 1
    assert final.metrics["cd"].mean == 19.0 and final.metrics["cd"].count == 2
    assert best.metrics["cd"].mean == pytest.approx((6 + 20 + 30) / 3)
    assert best.metrics["cd"].median == 20.0
    assert best.metrics["f5"].mean == pytest.approx((0.7 + 0.4 + 0.0 + 0.2) / 4)
    assert best.metrics["f5"].count == 4
    # Penalized: failures are CD = 1000.
    assert CD_CAP_REPORTED == 1000.0
    assert best.penalized["cd"].mean == pytest.approx((6 + 20 + 1000 + 30) / 4)
    assert best.penalized["cd"].median == pytest.approx((20 + 30) / 2)
    assert single.penalized["cd"].mean == pytest.approx((10 + 3000) / 4)
    # Standard error across samples (one epoch): stdev / sqrt(n).
    values = [0.7, 0.4, 0.0, 0.2]
    mean = sum(values) / 4
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / 3)
    assert best.metrics["f5"].stderr == pytest.approx(sd / 2)
    assert best.metrics["f5"].stderr_epochs is None and best.metrics["f5"].epoch_means is None


def test_epochs_give_per_epoch_means_and_their_stderr() -> None:
    samples = [
        sample("a", 1, [1.0], [10.0], [0.5]),
        sample("a", 2, [1.0], [20.0], [0.7]),
        sample("b", 1, [1.0], [30.0], [0.1]),
        sample("b", 2, [0.0], [NAN], [0.0]),
    ]
    _, settings = summarise_group(samples, 1)
    cd = settings["single"].metrics["cd"]
    assert cd.mean == 20.0 and cd.count == 3
    assert cd.epoch_means == [20.0, 20.0] and cd.stderr_epochs == 0.0
    # Across samples: a's epochs averaged (15), b's only CD (30).
    assert cd.stderr == pytest.approx(
        math.sqrt(((15 - 22.5) ** 2 + (30 - 22.5) ** 2) / 1) / math.sqrt(2)
    )
    f5 = settings["single"].metrics["f5"]
    assert f5.epoch_means == pytest.approx([0.3, 0.35])
    assert f5.stderr_epochs == pytest.approx(math.sqrt(2 * 0.025**2) / math.sqrt(2))


def test_recovery_counts_first_executable_steps() -> None:
    used = [s for s in SAMPLES if not s.sandbox_error]
    rec = recovery(used, 3)
    assert rec.first_executable_at == {1: 1, 2: 1, 3: 1} and rec.never_executable == 1
    assert rec.cumulative_rate == {1: 0.25, 2: 0.5, 3: 0.75}
    assert rec.exec_rate_by_step == {1: 0.25, 2: 0.5, 3: 0.5}
    assert rec.status_counts_by_step[1] == {"ok": 1, "runtime_error": 3}


def test_an_empty_group_has_no_numbers() -> None:
    counts, settings = summarise_group([], 3)
    assert counts.used == 0
    assert settings["best"].metrics["cd"].mean is None and settings["best"].exec_rate.count == 0
    assert recovery([], 3).cumulative_rate == {1: None, 2: None, 3: None}


@pytest.mark.parametrize(
    ("model", "published"),
    [
        ("openai/gpt-5.4", "GPT-5.4"),
        ("openrouter/openai/gpt-5.4", "GPT-5.4"),
        ("openai/gpt-5.4-2026-03-05", "GPT-5.4"),
        ("openai/gpt-5.4-mini", "GPT-5.4 mini"),
        ("anthropic/claude-sonnet-4-6", "Claude Sonnet 4.6"),
        ("openrouter/anthropic/claude-sonnet-4.6", "Claude Sonnet 4.6"),
        ("google/gemini-3-flash-preview", "Gemini 3 Flash"),
        ("google/gemini-3.1-pro-preview", "Gemini 3.1 Pro"),
        ("GEMINI 3.1 PRO", "Gemini 3.1 Pro"),
        ("google/gemini-3.1-flash", None),
        ("openai/gpt-5", None),
        ("mockllm/model", None),
    ],
)
def test_model_names_match_the_published_table(model: str, published: str | None) -> None:
    row = load_published().find(model)
    assert (row.name if row else None) == published


def test_published_table_and_aliases() -> None:
    table = load_published()
    assert table.max_steps == 3 and len(table.models) == 5
    rows = {m.name: m.scores for m in table.models}
    assert rows["Gemini 3.1 Pro"]["best"] == {"cd": 8.6, "f5": 0.7435}
    assert rows["GPT-5.4 mini"]["final"] == {"cd": 20.9, "f5": 0.5975}
    assert rows["Claude Sonnet 4.6"]["single"] == {"cd": 18.6, "f5": 0.6048}
    assert rows["Gemini 3 Flash"]["final"] == {"cd": 15.2, "f5": 0.6541}
    found = table.find("azure/my-deployment", {"azure/my-deployment": "gpt-5.4"})
    assert found is not None and found.name == "GPT-5.4"
    assert normalise_model_name("openai/GPT_5.4:latest") == "gpt-5-4"

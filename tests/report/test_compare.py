"""Paired comparisons on hand-made samples: the bootstrap, pairing, missing samples, epochs."""

from __future__ import annotations

import numpy as np
import pytest

from code3dbench.report.bootstrap import bootstrap_mean
from code3dbench.report.compare import compare_runs, model_pairs
from code3dbench.report.logs import ErroredSample, ReportInputError, RunKey, SampleResult

NAN = float("nan")
DATASET = "code3dbench-shared"
A = RunKey("openai/gpt-5.4", "code3dbench/single_shot", 1, DATASET)
B = RunKey("google/gemini-3.1-pro", "code3dbench/single_shot", 1, DATASET)
C = RunKey("anthropic/claude-sonnet-4-6", "code3dbench/single_shot", 1, DATASET)
REVISION = RunKey("openai/gpt-5.4", "code3dbench/revision", 3, DATASET)
AGENT = RunKey("openai/gpt-5.4", "code3dbench/agent", 3, DATASET)


def sample(
    key: RunKey,
    sample_id: str,
    cd: float,
    f5: float,
    epoch: int = 1,
    category: str = "tool",
    sandbox_error: bool = False,
    **settings: tuple[float, float],
) -> SampleResult:
    """A sample whose single setting has CD ``cd`` (NaN: not executed) and F@5 ``f5``;
    ``settings`` adds others as name=(cd, f5)."""
    values = {"sandbox_error": 1.0 if sandbox_error else 0.0}
    for setting, (c, f) in {"single": (cd, f5), **settings}.items():
        executed = 0.0 if np.isnan(c) else 1.0
        values |= {
            f"{setting}_exec": executed,
            f"{setting}_cd": c,
            f"{setting}_f5": f,
            f"{setting}_f1": f / 2,
            f"{setting}_f2": f / 2,
            f"{setting}_nc": 0.5,
        }
    return SampleResult(key, "log.eval", sample_id, epoch, category, values, [], None, None)


def errored(key: RunKey, sample_id: str) -> ErroredSample:
    return ErroredSample(
        key, "log.eval", sample_id, 1, "tool", "the sample errored: HTTP 400", None
    )


# --- the bootstrap -------------------------------------------------------------------------


def test_bootstrap_equals_a_plain_resampling_loop() -> None:
    differences = [0.5, -1.0, 2.0, 0.25, 1.5, -0.75, 3.0]
    interval = bootstrap_mean(differences, resamples=2_500, seed=7, confidence=0.9)
    rng = np.random.default_rng(7)
    values = np.array(differences)
    means = [values[rng.integers(0, len(values), size=len(values))].mean() for _ in range(2_500)]
    low, high = np.quantile(means, [0.05, 0.95])
    assert interval is not None and interval.n == 7
    assert interval.mean == pytest.approx(sum(differences) / 7, abs=1e-15)
    assert (interval.low, interval.high) == pytest.approx((low, high), abs=1e-12)


def test_bootstrap_default_is_reproducible_to_the_digit() -> None:
    """Pinned: the documented defaults (10,000 resamples, seed 0, 95%) on a fixed set."""
    interval = bootstrap_mean([0.3, -1.2, 2.5, 0.7, 4.1, -0.4])
    assert interval is not None and interval.n == 6
    assert (interval.mean, interval.low, interval.high) == pytest.approx(
        (1.0, -0.31666666666666665, 2.5166666666666666), abs=1e-12
    )
    assert not interval.excludes_zero
    assert bootstrap_mean([0.3, -1.2, 2.5, 0.7, 4.1, -0.4]) == interval


def test_bootstrap_edge_cases() -> None:
    assert bootstrap_mean([]) is None
    same = bootstrap_mean([0.25, 0.25, 0.25])
    assert same is not None and (same.low, same.mean, same.high) == (0.25, 0.25, 0.25)
    assert not same.excludes_zero or same.low > 0
    one = bootstrap_mean([-2.0])
    assert one is not None and (one.low, one.high) == (-2.0, -2.0) and one.excludes_zero
    with pytest.raises(ValueError, match="finite"):
        bootstrap_mean([1.0, NAN])


# --- pairing -------------------------------------------------------------------------------


def test_models_paired_on_common_samples_and_the_rest_named() -> None:
    a = [sample(A, f"s{i}", cd=10.0 + i, f5=0.5) for i in range(6)]
    a.append(sample(A, "only_in_a", cd=1.0, f5=0.9))
    a.append(sample(A, "fault_in_a", cd=1.0, f5=0.9, sandbox_error=True))
    b = [sample(B, f"s{i}", cd=8.0 + i, f5=0.6) for i in range(6)]
    b += [sample(B, "fault_in_a", cd=2.0, f5=0.8), sample(B, "errored_in_a", cd=2.0, f5=0.8)]
    result = compare_runs([A, B], a + b, [errored(A, "errored_in_a")])
    [models] = result.of_kind("models")
    assert models.a.key == A and models.b.key == B
    assert models.paired == [f"s{i}" for i in range(6)]
    assert models.only_a == {"only_in_a": "not run by B"}
    assert models.only_b == {
        "errored_in_a": "errored (the sample errored: HTTP 400)",
        "fault_in_a": "a sandbox fault",
    }
    f5, cd = models.keys["f5"], models.keys["cd"]
    # Every paired sample differs by exactly +0.1 F@5 and -2 CD: a zero-width interval.
    assert (f5.interval.low, f5.interval.high, f5.interval.n) == pytest.approx((0.1, 0.1, 6))
    assert f5.better == "b" and (f5.a_wins, f5.b_wins, f5.ties) == (0, 6, 0)
    assert (cd.interval.mean, cd.better, cd.b_wins) == (-2.0, "b", 6)
    assert (f5.mean_a, f5.mean_b) == pytest.approx((0.5, 0.6))
    document = models.to_dict()
    assert document["paired"] == 6 and document["keys"]["f5"]["b_win_share"] == 1.0
    assert [o["sample_id"] for o in document["only_b"]] == ["errored_in_a", "fault_in_a"]


def test_cd_pairs_only_samples_both_executed_and_penalized_pairs_all() -> None:
    a = [
        sample(A, "x", cd=NAN, f5=0.0),
        sample(A, "y", cd=20.0, f5=0.4),
        sample(A, "z", cd=30.0, f5=0.3),
    ]
    b = [
        sample(B, "x", cd=10.0, f5=0.5),
        sample(B, "y", cd=25.0, f5=0.3),
        sample(B, "z", cd=NAN, f5=0.0),
    ]
    [c] = compare_runs([A, B], a + b, []).of_kind("models")
    assert c.keys["cd"].interval.n == 1 and c.keys["cd"].interval.mean == 5.0
    assert c.keys["cd"].better is None  # one pair: no verdict
    penalized = c.keys["cd_penalized"].interval
    # x: 1000 -> 10 (-990); y: 20 -> 25 (+5); z: 30 -> 1000 (+970)
    assert penalized.n == 3 and penalized.mean == pytest.approx((-990 + 5 + 970) / 3)
    assert c.keys["exec"].interval.mean == pytest.approx(0.0)
    assert (c.keys["f5"].a_wins, c.keys["f5"].b_wins) == (2, 1)


def test_one_pair_gives_a_point_interval_and_no_verdict() -> None:
    """One pair: the interval is that difference (zero width by construction): no side named."""
    [c] = compare_runs(
        [A, B], [sample(A, "x", 20.0, 0.4)] + [sample(B, "x", 25.0, 0.3)], []
    ).of_kind("models")
    assert (c.keys["cd"].interval.low, c.keys["cd"].interval.high) == (5.0, 5.0)
    assert c.keys["cd"].better is None and c.keys["f5"].better is None
    two = [
        sample(A, "x", 20.0, 0.4),
        sample(A, "y", 20.0, 0.4),
        sample(B, "x", 25.0, 0.3),
        sample(B, "y", 26.0, 0.3),
    ]
    [c] = compare_runs([A, B], two, []).of_kind("models")
    assert c.keys["cd"].better == "a" and c.keys["f5"].better == "a"


def test_epochs_are_averaged_per_sample_and_reported_per_epoch() -> None:
    a = [
        sample(A, "x", 10.0, 0.2, epoch=1),
        sample(A, "x", 10.0, 0.4, epoch=2),
        sample(A, "y", 10.0, 0.5, epoch=1),
        sample(A, "y", 10.0, 0.5, epoch=2),
    ]
    b = [
        sample(B, "x", 10.0, 0.5, epoch=1),
        sample(B, "x", 10.0, 0.5, epoch=2),
        sample(B, "y", 10.0, 0.6, epoch=1),
    ]
    [c] = compare_runs([A, B], a + b, []).of_kind("models")
    f5 = c.keys["f5"]
    # x: 0.3 -> 0.5 (+0.2), y: 0.5 -> 0.6 (+0.1); per epoch: 1 (+0.3, +0.1), 2 (+0.1)
    assert f5.interval.n == 2 and f5.interval.mean == pytest.approx(0.15)
    assert f5.epochs == pytest.approx({1: 0.2, 2: 0.1})
    assert c.keys["cd"].epochs == {1: 0.0, 2: 0.0} and c.keys["cd"].ties == 2


def test_per_category() -> None:
    a = [
        sample(A, "t1", 10.0, 0.5, category="tool"),
        sample(A, "v1", 10.0, 0.5, category="vehicle"),
    ]
    b = [
        sample(B, "t1", 10.0, 0.7, category="tool"),
        sample(B, "v1", 10.0, 0.4, category="vehicle"),
    ]
    [c] = compare_runs([A, B], a + b, []).of_kind("models")
    assert sorted(c.categories) == ["tool", "vehicle"]
    assert c.categories["tool"]["f5"].interval.mean == pytest.approx(0.2)
    assert c.categories["vehicle"]["f5"].interval.mean == pytest.approx(-0.1)


def test_baseline_orders_pairs_and_must_exist() -> None:
    assert model_pairs([A, B, C], None) == [(A, B), (A, C), (B, C)]
    assert model_pairs([A, B, C], "google/gemini-3.1-pro") == [(B, A), (B, C)]
    assert model_pairs([A, REVISION], None) == []  # other task: not paired as models
    with pytest.raises(ReportInputError, match="--baseline nope: no run of that model"):
        model_pairs([A, B], "nope")


def test_settings_of_one_model_including_a_new_task() -> None:
    settings = {"final": (8.0, 0.6), "best": (6.0, 0.7)}
    samples = [
        s
        for i in ("x", "y")
        for s in (
            sample(A, i, 12.0, 0.5),
            sample(REVISION, i, 12.0, 0.5, **settings),
            sample(AGENT, i, 11.0, 0.55, final=(7.0, 0.65), best=(5.0, 0.75)),
        )
    ]
    result = compare_runs([AGENT, REVISION, A], samples, [])
    pairs = {
        (c.a.key.task_label, c.a.setting, c.b.key.task_label, c.b.setting)
        for c in result.of_kind("settings")
    }
    agent, revision = AGENT.task_label, REVISION.task_label  # agent (runs<=2), revision (N=3)
    single_shot = [
        ("single_shot", "single", t, s)
        for t in (agent, revision)
        for s in ("single", "final", "best")
    ]
    within = [
        (t, a, t, b)
        for t in (agent, revision)
        for a, b in (("single", "final"), ("single", "best"), ("final", "best"))
    ]
    across = [(agent, s, revision, s) for s in ("single", "final", "best")]
    assert pairs == set(single_shot + within + across)
    [best] = [
        c
        for c in result.of_kind("settings")
        if (c.a.key, c.a.setting, c.b.key, c.b.setting) == (REVISION, "single", REVISION, "best")
    ]
    assert best.keys["cd"].interval.mean == -6.0 and best.keys["cd"].better == "b"
    assert result.of_kind("models") == []

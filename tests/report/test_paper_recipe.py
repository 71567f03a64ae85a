"""The paper recipe: its models and settings, the exact eval-set commands, the dry run's estimate."""

from __future__ import annotations

from pathlib import Path

import pytest
from inspect_ai.log import read_eval_log

from code3dbench.cli import main
from code3dbench.costs.prices import load_price_table
from code3dbench.recipes.recipe import load_recipe
from code3dbench.report.published import load_published

OPENAI_SET = (
    "inspect eval-set code3dbench/single_shot code3dbench/revision --model "
    "openrouter/openai/gpt-5.4,openrouter/openai/gpt-5.4-mini --log-dir logs/paper/openai "
    "-T dataset=benchmark --retry-attempts 3 --max-samples 8 --max-tokens 32000 "
    "--reasoning-effort medium"
)


def test_the_recipe_is_the_papers_five_models_with_prices() -> None:
    recipe = load_recipe()
    published, prices = load_published(), load_price_table().models
    assert sorted(m.published for m in recipe.models) == sorted(m.name for m in published.models)
    for model in recipe.models:
        for route in ("openrouter", "direct"):
            assert published.find(recipe.model_id(model, route)).name == model.published
        assert model.direct in prices
        assert recipe.families[model.family].settings["max-tokens"] == 32000
    assert [(t.name, t.steps) for t in recipe.tasks] == [
        ("code3dbench/single_shot", 1),
        ("code3dbench/revision", 3),
    ]


def test_dry_run_prints_the_full_plan(capsys) -> None:
    assert main(["paper", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert (
        "recipe code3dbench-paper, route openrouter: 2 tasks (code3dbench/single_shot N=1, "
        "code3dbench/revision N=3) x 5 models, 848 samples per task; keys: OPENROUTER_API_KEY"
    ) in out
    assert OPENAI_SET + "\n" in out
    assert "--model openrouter/anthropic/claude-sonnet-4.6 --log-dir logs/paper/anthropic" in out
    assert "--temperature 1.0" in out and "--reasoning-effort high" in out
    assert "code3dbench report logs/paper --out reports/paper --compare-published" in out
    assert "| total |  |  | 16,960 | n/a | n/a | n/a |  |" in out  # 5 x 848 x (1 + 3) calls
    assert "no pilot: pass --pilot" in out

    assert (
        main(
            [
                "paper",
                "--dry-run",
                "--route",
                "direct",
                "--per-category",
                "1",
                "--limit",
                "5",
                "--log-dir",
                "runs",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert (
        "x 5 models, 5 samples per task; keys: ANTHROPIC_API_KEY, GOOGLE_API_KEY, OPENAI_API_KEY"
        in out
    )
    assert (
        "--model anthropic/claude-sonnet-4-6 --log-dir runs/anthropic -T dataset=benchmark "
        "-T per_category=1 --retry-attempts 3 --max-samples 8 --limit 5"
    ) in out


def test_run_without_keys_stops_before_running(monkeypatch, capsys) -> None:
    monkeypatch.delenv("OPENROUTER_API_KEY", raising=False)
    assert main(["paper", "--log-dir", "nowhere"]) == 2
    assert "set OPENROUTER_API_KEY (route openrouter)" in capsys.readouterr().err
    assert not Path("nowhere").exists()


def _usage(paths: list[Path]) -> tuple[int, int, int]:
    """Input (all of it), output tokens and samples, summed straight from the logs."""
    tokens_in = tokens_out = samples = 0
    for path in paths:
        log = read_eval_log(str(path))
        samples += len(log.samples)
        for usage in log.stats.model_usage.values():
            tokens_in += (
                usage.input_tokens
                + (usage.input_tokens_cache_read or 0)
                + (usage.input_tokens_cache_write or 0)
            )
            tokens_out += usage.output_tokens
    return tokens_in, tokens_out, samples


@pytest.mark.chromium
@pytest.mark.slow
def test_dry_run_estimates_tokens_and_cost_from_a_pilot(report_logs, capsys) -> None:
    assert main(["paper", "--dry-run", "--pilot", str(report_logs.main)]) == 0
    out = capsys.readouterr().out
    price = load_price_table().models["openai/gpt-5.4"]
    for task, logs, steps, recipe_steps in (
        ("code3dbench/single_shot", [report_logs.single, report_logs.sandbox], 1, 1),
        ("code3dbench/revision", [report_logs.revision], 2, 3),
    ):
        tokens_in, tokens_out, samples = _usage([Path(log.location) for log in logs])
        calls = 848 * recipe_steps
        est_in, est_out = (
            tokens_in / (samples * steps) * calls,
            tokens_out / (samples * steps) * calls,
        )
        usd = (est_in * price.input + est_out * price.output) / 1e6
        row = (
            f"| openrouter/openai/gpt-5.4 | {task} | 848 | {calls:,} | {est_in:,.0f} | "
            f"{est_out:,.0f} | {usd:,.2f} | pilot mean of mockllm/model |"
        )
        assert row in out, out
    assert "no pilot" not in out

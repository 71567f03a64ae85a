"""`code3dbench paper` end to end: a recipe's eval set run as the printed `inspect eval-set`
command through Inspect's OpenRouter provider (the local fake), then the report beside the
published table. One model keeps it short; the shipped recipe's commands are checked by
tests/report/test_paper_recipe.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from code3dbench.cli import main
from code3dbench.recipes.recipe import load_recipe

pytestmark = [pytest.mark.chromium, pytest.mark.slow]


def test_paper_runs_in_one_command(fake, tmp_path: Path, capsys) -> None:
    recipe = load_recipe().model_dump()
    recipe["models"] = [m for m in recipe["models"] if m["published"] == "GPT-5.4"]
    recipe["task_args"] |= {"dataset": "builtin", "sandbox": "local", "images": False}
    (tmp_path / "recipe.yaml").write_text(yaml.safe_dump(recipe))
    logs, out = tmp_path / "logs", tmp_path / "report"
    status = main(
        [
            "paper",
            "--recipe",
            str(tmp_path / "recipe.yaml"),
            "--limit",
            "1",
            "--log-dir",
            str(logs),
            "--out",
            str(out),
        ]
    )
    assert status == 0, capsys.readouterr().err
    printed = capsys.readouterr().out
    assert "--model openrouter/openai/gpt-5.4 --log-dir" in printed

    chat = fake.of("chat")
    assert len(chat) == 1 + 3  # one sample: single_shot's call and revision's three
    for request in chat:
        assert request.body["model"] == "openai/gpt-5.4"
        assert request.body.get("max_tokens", request.body.get("max_completion_tokens")) == 32000
        assert "medium" in json.dumps({k: v for k, v in request.body.items() if "reason" in k})
    assert [p.name for p in logs.iterdir() if p.is_dir()] == ["openai"]

    document = json.loads((out / "main_report.json").read_text())
    assert sorted(r["task"] for r in document["runs"]) == [
        "code3dbench/revision",
        "code3dbench/single_shot",
    ]
    [match] = document["published_comparison"]["matched"]
    assert match["published_name"] == "GPT-5.4" and match["max_steps"] == 3
    comparisons = json.loads((out / "comparisons.json").read_text())["comparisons"]
    assert [c["kind"] for c in comparisons] == [
        "settings"
    ] * 6  # single_shot vs 3, within revision 3
    assert "| GPT-5.4 | published | 17.9 | 0.6175 |" in (out / "report.md").read_text()
    assert "wrote main_report.json" in printed and str(out) in printed

"""Reply classification, the reasoning-only fix, the price table and published settings."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from inspect_ai.model import (
    ChatMessageAssistant,
    ContentReasoning,
    ContentText,
    ModelCost,
    ModelOutput,
    StopReason,
    get_model_info,
    set_model_cost,
)
from inspect_ai.model._model_info import clear_model_info_cache

from code3dbench.costs.prices import apply_default_prices, load_price_table
from code3dbench.report.published import load_published
from code3dbench.solvers.replies import (
    REASONING_ONLY_PLACEHOLDER,
    is_refusal,
    without_orphan_reasoning,
)


def output(content: list, stop_reason: StopReason = "stop") -> ModelOutput:
    return ModelOutput.from_message(ChatMessageAssistant(content=content), stop_reason=stop_reason)


def test_refusals_in_every_form() -> None:
    assert is_refusal(output([ContentText(text="No.", refusal=True)]))  # OpenAI refusal part
    assert is_refusal(output([], stop_reason="content_filter"))  # Anthropic, Gemini, Chat
    assert not is_refusal(output([ContentText(text="```js\n```")]))
    assert not is_refusal(output([ContentText(text="cut")], stop_reason="max_tokens"))


def test_reasoning_only_replies_become_a_placeholder() -> None:
    reasoning = ContentReasoning(reasoning="c2VjcmV0", signature="rs_1", redacted=True)
    only = ChatMessageAssistant(content=[reasoning])
    fixed = without_orphan_reasoning(only)
    assert [c.type for c in fixed.content] == ["text"]
    assert fixed.text == REASONING_ONLY_PLACEHOLDER
    both = ChatMessageAssistant(content=[reasoning, ContentText(text="```js\n```")])
    assert without_orphan_reasoning(both) is both
    assert without_orphan_reasoning(ChatMessageAssistant(content="text")).content == "text"


@pytest.fixture
def clean_prices() -> Iterator[None]:
    clear_model_info_cache()
    yield
    clear_model_info_cache()


def test_the_price_table_prices_the_papers_models(clean_prices) -> None:
    table = load_price_table()
    assert table.checked and set(table.sources) == {"openai", "anthropic", "google"}
    note = apply_default_prices()
    assert note["table"] == f"code3dbench prices checked {table.checked}"
    for name in ("openai/gpt-5.4", "anthropic/claude-sonnet-4-6", "google/gemini-3.1-pro-preview"):
        assert name in note["applied"]
        assert get_model_info(name).cost == table.models[name]


def test_a_model_cost_config_price_wins(clean_prices) -> None:
    own = ModelCost(input=1.0, output=2.0, input_cache_write=1.0, input_cache_read=0.5)
    set_model_cost("openai/gpt-5.4", own)  # what --model-cost-config does before the task
    note = apply_default_prices()
    assert "openai/gpt-5.4" in note["preset"] and "openai/gpt-5.4" not in note["applied"]
    assert get_model_info("openai/gpt-5.4").cost == own


def test_published_settings_unknown_or_different() -> None:
    [gpt] = [m for m in load_published().models if m.name == "GPT-5.4"]
    assert gpt.generation is None
    [unknown] = gpt.setting_caveats({"max_tokens": "32000"})
    assert "does not state" in unknown and "max_tokens=32000" in unknown
    stated = type(gpt)(gpt.name, gpt.aliases, gpt.scores, {"max_tokens": 16000, "temperature": 0})
    caveats = stated.setting_caveats({"max_tokens": "32000"})
    assert caveats == [
        "the paper used max_tokens=16000, this run max_tokens=32000",
        "the paper used temperature=0, this run temperature=provider default",
    ]
    assert stated.setting_caveats({"max_tokens": "16000", "temperature": "0"}) == []

"""What a model reply was, beyond its text: cut at the token limit, refused, its reported cost.

Also keeps the conversation valid for the next revision request: a reply made of reasoning
only (no text, no tool call) is replayed by Inspect's OpenAI Responses provider as a lone
reasoning item followed by our feedback message, which the Responses API refuses (a
reasoning item must be followed by the item it produced). `without_orphan_reasoning` turns
such a reply into a plain text placeholder in the conversation; the transcript's model event
keeps the reasoning.
"""

from __future__ import annotations

from dataclasses import dataclass

from inspect_ai.event import ModelEvent
from inspect_ai.log import transcript
from inspect_ai.model import ChatMessageAssistant, ContentReasoning, ContentText, ModelOutput

TRUNCATED_STOP_REASONS = ("max_tokens", "model_length")
"""Stop reasons of a reply cut short by the output (or context) token limit."""

REASONING_ONLY_PLACEHOLDER = "(This reply held reasoning only: no text, no program.)"


@dataclass(frozen=True)
class ReplyFacts:
    """How a reply ended.

    Attributes:
        stop_reason: Inspect's stop reason (``stop``, ``max_tokens``, ``content_filter`` ...).
        truncated: Cut at the token limit.
        refused: A refusal: stop reason ``content_filter`` (Anthropic's ``refusal``, Gemini's
            ``SAFETY``) or a refusal content part (OpenAI).
        provider_cost: The cost the provider reported for the request (OpenRouter's
            ``usage.cost``, USD), None when it reported none.
    """

    stop_reason: str
    truncated: bool
    refused: bool
    provider_cost: float | None


def is_refusal(output: ModelOutput) -> bool:
    """True when the reply refused, in any provider's form."""
    if output.stop_reason == "content_filter":
        return True
    for choice in output.choices[:1]:
        details = choice.stop_details
        if details is not None and details.type in ("refusal", "content_filter"):
            return True
        content = choice.message.content
        if not isinstance(content, str):
            if any(isinstance(c, ContentText) and c.refusal for c in content):
                return True
    return False


def last_reported_cost() -> float | None:
    """``usage.cost`` of the sample's latest model call response (OpenRouter reports it)."""
    events = transcript().history.events_since_last(ModelEvent)
    event = events[0] if events else None
    if not isinstance(event, ModelEvent) or event.call is None or not event.call.response:
        return None
    usage = event.call.response.get("usage")
    cost = usage.get("cost") if isinstance(usage, dict) else None
    return float(cost) if isinstance(cost, int | float) and not isinstance(cost, bool) else None


def reply_facts(output: ModelOutput) -> ReplyFacts:
    """Classify the reply just generated (call right after ``generate``)."""
    return ReplyFacts(
        stop_reason=output.stop_reason,
        truncated=output.stop_reason in TRUNCATED_STOP_REASONS,
        refused=is_refusal(output),
        provider_cost=last_reported_cost(),
    )


def without_orphan_reasoning(message: ChatMessageAssistant) -> ChatMessageAssistant:
    """The message, with a reasoning-only content replaced by a text placeholder.

    Messages with any text, refusal or tool call are returned unchanged.
    """
    if isinstance(message.content, str) or message.tool_calls:
        return message
    if not message.content or not all(isinstance(c, ContentReasoning) for c in message.content):
        return message
    return message.model_copy(update={"content": [ContentText(text=REASONING_ONLY_PLACEHOLDER)]})

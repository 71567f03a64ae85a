"""The run settings the tasks set by default (each is overridable from the command line).

- ``MAX_TOKENS`` (``--max-tokens``): the output token budget of one reply. A full program is
  2,000-8,000 tokens, and the providers count reasoning against the same budget (OpenAI's
  ``max_output_tokens``, Gemini's ``maxOutputTokens``; Claude's thinking budget must stay
  below it), so 32,000 leaves room for medium-effort reasoning and the program. It is within
  every paper model's output limit (GPT-5.4 128K, Claude Sonnet 4.6 64K, Gemini 3.x 65K).
  Without it Anthropic gets Inspect's small default and the others none, so runs differ
  by provider.
- Reasoning is left at each provider's default (GPT-5.4 and Gemini reason by default, Claude
  runs without extended thinking): the paper states no reasoning settings, and one effort
  level means different things to different providers. Set ``--reasoning-effort`` or
  ``--reasoning-tokens`` to pin it; every effective setting is recorded in the log and a run
  with other settings is its own row in the report.
- ``FAIL_ON_ERROR`` (``--fail-on-error``): the run stops at the 10th sample that errors (an
  error Inspect's retries could not clear, e.g. a provider's HTTP 400). Isolated errors
  fail only their sample, which the report counts and names; a broken key, model name or
  quota errors every sample and stops the run after ten, before it spends much.
"""

from __future__ import annotations

from inspect_ai.model import GenerateConfig

MAX_TOKENS = 32_000
FAIL_ON_ERROR = 10.0
"""Inspect reads a value of 1 or more as a count of errored samples (below 1: a proportion)."""


def generation_defaults() -> GenerateConfig:
    """The generation settings a task sets (the CLI's flags override them)."""
    return GenerateConfig(max_tokens=MAX_TOKENS)

"""The paper's main table as reference data, and how measured models are matched to it.

The numbers ship in ``data/published.json`` (CD x 10^3 / F@5 for single, final@3 and
best@<=3). A measured model matches a published one when their normalised names are equal:
the provider prefixes are dropped (everything up to the last ``/``), the name is lower-cased,
runs of spaces, dots, underscores and colons become ``-``, and trailing release tags
(``-preview``, ``-latest``, ``-exp``, ``-experimental``, dates such as ``-2026-03-05``,
``-20260305`` or ``-06-05``) are removed. So ``openai/gpt-5.4`` and
``openrouter/openai/gpt-5.4`` match "GPT-5.4", ``google/gemini-3.1-pro-preview`` matches
"Gemini 3.1 Pro", ``anthropic/claude-sonnet-4-6`` matches "Claude Sonnet 4.6", and
``openai/gpt-5.4-mini`` matches "GPT-5.4 mini" only. Anything else can be mapped by hand
(``--published-alias MODEL=NAME``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

_SEPARATORS = re.compile(r"[\s._:]+")
_RELEASE_TAG = re.compile(r"-(?:preview|latest|exp|experimental|\d{4}-?\d{2}-?\d{2}|\d{2}-\d{2})$")
PUBLISHED_SETTINGS = ("single", "final", "best")


def normalise_model_name(name: str) -> str:
    """The name used to match models (see the module docstring)."""
    base = name.strip().rstrip("/").rsplit("/", 1)[-1].lower()
    base = _SEPARATORS.sub("-", base).strip("-")
    while True:
        stripped = _RELEASE_TAG.sub("", base)
        if stripped == base:
            return base
        base = stripped


@dataclass(frozen=True)
class PublishedModel:
    """One row of the paper's main table.

    Attributes:
        name: The model as the paper names it.
        aliases: Other names that match it.
        scores: Setting (``single``, ``final``, ``best``) -> {"cd": CD x 10^3, "f5": F@5}.
        generation: The generation settings the paper used (``max_tokens``,
            ``reasoning_effort`` ...), None where the paper does not state them.
    """

    name: str
    aliases: tuple[str, ...]
    scores: Mapping[str, Mapping[str, float]]
    generation: Mapping[str, Any] | None = None

    def setting_caveats(self, measured: Mapping[str, str]) -> list[str]:
        """Sentences on how the measured run's settings compare with the paper's.

        Args:
            measured: The run's effective settings (name -> value; absent: provider default).
        """
        shown = ", ".join(f"{k}={v}" for k, v in sorted(measured.items())) or "provider defaults"
        if self.generation is None:
            return [
                f"the paper does not state the generation settings of {self.name}; "
                f"measured with {shown}"
            ]
        caveats = []
        for name, value in sorted(self.generation.items()):
            mine = measured.get(name, "provider default")
            if str(mine) != str(value):
                caveats.append(f"the paper used {name}={value}, this run {name}={mine}")
        return caveats

    def matches(self, model: str) -> bool:
        """True when ``model`` (an Inspect model name) is this model."""
        wanted = normalise_model_name(model)
        names = (self.name, *self.aliases)
        return any(normalise_model_name(n) == wanted for n in names)


@dataclass(frozen=True)
class PublishedTable:
    """The paper's main table.

    Attributes:
        source: Where the numbers come from.
        max_steps: The step budget behind final and best (3).
        dataset: The dataset name of the benchmark the numbers are for.
        models: The rows.
    """

    source: str
    max_steps: int
    dataset: str
    models: tuple[PublishedModel, ...]

    def find(self, model: str, aliases: Mapping[str, str] | None = None) -> PublishedModel | None:
        """The published row for an Inspect model name, or None.

        Args:
            model: The measured model, e.g. ``openai/gpt-5.4``.
            aliases: Hand-made mapping of model names to published names (checked first).
        """
        wanted = (aliases or {}).get(model)
        if wanted is not None:
            return next((m for m in self.models if m.matches(wanted)), None)
        return next((m for m in self.models if m.matches(model)), None)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary."""
        return {
            "source": self.source,
            "max_steps": self.max_steps,
            "dataset": self.dataset,
            "models": [
                {
                    "name": m.name,
                    **{s: dict(m.scores[s]) for s in PUBLISHED_SETTINGS},
                    "settings": dict(m.generation) if m.generation is not None else None,
                }
                for m in self.models
            ],
        }


def load_published() -> PublishedTable:
    """Read the shipped reference table (``code3dbench/report/data/published.json``)."""
    text = resources.files("code3dbench.report").joinpath("data/published.json").read_text()
    data = json.loads(text)
    return PublishedTable(
        source=data["source"],
        max_steps=int(data["max_steps"]),
        dataset=data["dataset"],
        models=tuple(
            PublishedModel(
                name=row["name"],
                aliases=tuple(row.get("aliases", [])),
                scores={s: dict(row[s]) for s in PUBLISHED_SETTINGS},
                generation=row.get("settings"),
            )
            for row in data["models"]
        ),
    )

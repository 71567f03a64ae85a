"""Offline model providers: answer like a model, with a reply holding a fenced program.

Registered as one Inspect model API named ``code3dbench`` serving the models ``box`` (a unit
box: the floor) and ``silhouette`` (the reference image's silhouette extruded toward the camera),
so ``--model code3dbench/box`` runs with no API key and takes the same path as an LLM:
extraction, execution in the sandbox, scoring.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from inspect_ai.model import (
    ChatMessage,
    ContentImage,
    GenerateConfig,
    ModelAPI,
    ModelOutput,
    ModelUsage,
    modelapi,
)
from inspect_ai.tool import ToolChoice, ToolInfo

from code3dbench.baselines.box import box_reply
from code3dbench.baselines.silhouette import silhouette_reply


def reference_image(messages: list[ChatMessage]) -> str:
    """The first image of the conversation: the reference (later ones are feedback)."""
    for message in messages:
        if isinstance(message.content, list):
            for content in message.content:
                if isinstance(content, ContentImage):
                    return content.image
    raise ValueError("the silhouette model needs an image in the input, and there is none")


MODELS: dict[str, Callable[[list[ChatMessage]], str]] = {
    "box": lambda _messages: box_reply(),
    "silhouette": lambda messages: silhouette_reply(reference_image(messages)),
}


@modelapi(name="code3dbench")
class OfflineBaselineAPI(ModelAPI):
    """The offline baselines as an Inspect model API (``code3dbench/<model>``)."""

    def __init__(
        self,
        model_name: str,
        base_url: str | None = None,
        api_key: str | None = None,
        config: GenerateConfig = GenerateConfig(),  # noqa: B008 - Inspect's signature
        **model_args: Any,
    ) -> None:
        super().__init__(model_name=model_name, base_url=base_url, api_key=api_key, config=config)
        if model_name not in MODELS:
            raise ValueError(
                f"unknown offline model code3dbench/{model_name}; "
                f"available: {', '.join('code3dbench/' + m for m in MODELS)}"
            )
        self.reply = MODELS[model_name]

    async def generate(
        self,
        input: list[ChatMessage],
        tools: list[ToolInfo],
        tool_choice: ToolChoice,
        config: GenerateConfig,
    ) -> ModelOutput:
        """Reply with a fenced program (no network, no tokens counted)."""
        output = ModelOutput.from_content(model=self.model_name, content=self.reply(input))
        output.usage = ModelUsage(input_tokens=0, output_tokens=0, total_tokens=0)
        return output

    def max_connections(self) -> int:
        """Replies are instant; the sandbox sets the pace."""
        return 32

"""Offline model providers: answer like a model, with a reply holding a fenced program.

Registered as one Inspect model API named ``code3dbench`` serving the models ``box`` (a unit
box: the floor) and ``silhouette`` (the reference image's silhouette extruded toward the camera),
so ``--model code3dbench/box`` runs with no API key and takes the same path as an LLM:
extraction, execution in the sandbox, scoring.

Given the agent's tools (``code3dbench/agent``) they act as agents: call ``run_program`` with
their program once, read its result, then ``submit`` the same program.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from inspect_ai.model import (
    ChatMessage,
    ChatMessageTool,
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
from code3dbench.solvers.agent_tools import RUN_TOOL, SUBMIT_TOOL
from code3dbench.solvers.extract import extract_program


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


def agent_turn(model: str, messages: list[ChatMessage], program: str) -> ModelOutput:
    """The baseline's turn as an agent: run its program first, submit it once it has a result."""
    ran = any(isinstance(m, ChatMessageTool) and m.function == RUN_TOOL for m in messages)
    tool, text = (SUBMIT_TOOL, "Submitting it.") if ran else (RUN_TOOL, "Running my program.")
    return ModelOutput.for_tool_call(model, tool, {"code": program}, content=text)


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
        """Reply with a fenced program, or as an agent call its tools (no network, no tokens)."""
        reply = self.reply(input)
        if {RUN_TOOL, SUBMIT_TOOL} <= {t.name for t in tools}:
            output = agent_turn(self.model_name, input, extract_program(reply) or "")
        else:
            output = ModelOutput.from_content(model=self.model_name, content=reply)
        output.usage = ModelUsage(input_tokens=0, output_tokens=0, total_tokens=0)
        return output

    def max_connections(self) -> int:
        """Replies are instant; the sandbox sets the pace."""
        return 32

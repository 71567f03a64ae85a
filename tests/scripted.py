"""mockllm outputs scripted per sample: each sample is told apart by its reference image."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from inspect_ai import Task
from inspect_ai.model import ContentImage, ModelOutput, ModelUsage

USAGE = ModelUsage(input_tokens=10, output_tokens=5, total_tokens=15)
"""Usage of every scripted reply (without it mockllm would count tokens with tiktoken, which
downloads its encoding)."""


def reply(program: str | None) -> str:
    """A reply holding the program in a fenced block, or a plain answer without code."""
    return (
        "I cannot draw that." if program is None else f"Here it is:\n```javascript\n{program}\n```"
    )


def tool_call(tool: str, code: str | None = None, **arguments) -> ModelOutput:
    """A reply calling one tool with ``code`` as its argument (or with ``arguments``)."""
    return ModelOutput.for_tool_call(
        "mockllm/model", tool, arguments if code is None else {"code": code}
    )


def _image_bytes(image: str) -> bytes:
    if image.startswith("data:"):
        return base64.b64decode(image.split(",", 1)[1])
    return Path(image).read_bytes()


class Script:
    """mockllm outputs chosen by the sample's reference image and the call count.

    ``plan[sample_id]`` is a list of entries; the n-th call for that image gets the n-th: program
    text (a reply holding it), None (a reply without code), a `ModelOutput` (returned as it is,
    e.g. a tool call), or an Exception (raised).
    """

    def __init__(self, task: Task, plan: dict[str, list]) -> None:
        self.plan = plan
        self.calls: dict[str, int] = {}
        self.by_image = {}
        for sample in task.dataset:
            data = Path(sample.metadata["reference_image"]).read_bytes()
            self.by_image[hashlib.sha256(data).hexdigest()] = str(sample.id)

    def sample_of(self, messages) -> str:
        for message in messages:
            if message.role == "user" and not isinstance(message.content, str):
                for content in message.content:
                    if isinstance(content, ContentImage):
                        digest = hashlib.sha256(_image_bytes(content.image)).hexdigest()
                        if digest in self.by_image:
                            return self.by_image[digest]
        raise AssertionError("no reference image in the model input")

    def __call__(self, input, tools, tool_choice, config) -> ModelOutput:
        sample_id = self.sample_of(input)
        call = self.calls.get(sample_id, 0)
        self.calls[sample_id] = call + 1
        entry = self.plan[sample_id][call]
        if isinstance(entry, Exception):
            raise entry
        if isinstance(entry, ModelOutput):
            output = entry.model_copy(deep=True)
        else:
            output = ModelOutput.from_content(model="mockllm/model", content=reply(entry))
        output.usage = USAGE
        return output

"""Local stand-ins for the model providers' HTTP APIs (127.0.0.1 only; nothing leaves the host).

One `FakeProviders` server answers the four wire formats Inspect's providers use:

- OpenAI Responses (``POST /v1/responses``, the ``openai/`` provider),
- Chat Completions (``POST .../chat/completions``, the ``openrouter/`` provider),
- Anthropic Messages (``POST /v1/messages``, streamed as server-sent events when asked),
- Gemini ``generateContent`` (``POST /v1beta/models/<model>:generateContent``).

Each request takes the next `Reply` of its API's script (or `default` when that is empty), so
a test that runs one sample at a time per provider knows which reply each request got, even
with the four providers' tasks running at once. Every request
is logged with its parsed body. The Responses endpoint enforces the API's rule on reasoning
items: an input item of type ``reasoning`` must be followed by the item it produced (an
assistant message or a function call), else the request is refused with HTTP 400, as the
real API refuses it.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Reply:
    """What one request gets.

    Attributes:
        text: The reply text (None: no text part at all).
        finish: ``stop``, ``max_tokens`` (cut at the output limit) or ``refusal`` (the
            provider's own refusal form: a refusal content part for OpenAI, stop reason
            ``refusal`` for Anthropic, ``SAFETY`` for Gemini, ``content_filter`` for Chat
            Completions).
        reasoning: Add a reasoning item / thinking part before the text.
        status: An HTTP error status to answer with instead (429, 500, 400 ...).
        cost: ``usage.cost`` for Chat Completions (OpenRouter reports one on every reply), USD;
            None leaves it out.
        tool: A tool call instead of text: the tool's name and its arguments (the call's id
            is ``call_<name>``).
    """

    text: str | None = None
    finish: str = "stop"
    reasoning: bool = False
    status: int | None = None
    cost: float | None = 0.0125
    tool: tuple[str, dict[str, Any]] | None = None

    @property
    def call_id(self) -> str:
        """The id of the tool call (one call per tool in a conversation)."""
        return f"call_{self.tool[0]}" if self.tool else ""

    @property
    def arguments(self) -> str:
        """The tool call's arguments as JSON."""
        return json.dumps(self.tool[1]) if self.tool else "{}"


USAGE = {"input": 1000, "cached": 200, "output": 500, "reasoning": 100}
"""Tokens every successful reply reports (input includes the cached part, as OpenAI counts)."""


@dataclass
class Request:
    """One request the server received."""

    api: str
    path: str
    body: dict[str, Any]
    reply: Reply


@dataclass
class FakeProviders:
    """The server; `start` it, point the providers' base URLs at `url`, `stop` it after.

    Attributes:
        default: The reply when the API's script is empty.
        script: API (``responses``, ``chat``, ``messages``, ``gemini``) -> replies still to
            give, in order.
        requests: Every request received, in order.
    """

    default: Reply
    script: dict[str, list[Reply]] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # keep the test output quiet
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                fake._answer(self, self.path, body)

            def do_GET(self) -> None:
                self._send(404, {"error": {"message": f"no route {self.path}"}})

            def _send(self, status: int, document: dict[str, Any]) -> None:
                data = json.dumps(document).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._handler = Handler
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """Base URL, ``http://127.0.0.1:PORT``."""
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> FakeProviders:
        """Serve in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the port."""
        self._server.shutdown()
        self._server.server_close()

    def of(self, api: str) -> list[Request]:
        """The requests made to one API (``responses``, ``chat``, ``messages``, ``gemini``)."""
        return [r for r in self.requests if r.api == api]

    def _answer(self, handler: Any, path: str, body: dict[str, Any]) -> None:
        api = _api_of(path)
        if api is None:
            handler._send(404, {"error": {"message": f"no route {path}"}})
            return
        with self._lock:
            probe = api == "responses" and not isinstance(body.get("input"), list)
            # Inspect's OpenAI provider first sends a one-line probe: it takes no scripted reply.
            queue = self.script.get(api) or []
            reply = queue.pop(0) if queue and not probe else self.default
            self.requests.append(Request(api, path, body, reply))
        if api == "responses":
            problem = _reasoning_rule_broken(body.get("input") or [])
            if problem is not None:
                handler._send(400, _openai_error(problem))
                return
        if reply.status is not None:
            handler._send(reply.status, _error_document(api, reply.status))
            return
        if api == "messages" and body.get("stream"):
            _stream_anthropic(handler, reply, body)
            return
        handler._send(200, ANSWERS[api](reply, body))


def _api_of(path: str) -> str | None:
    path = path.split("?")[0]
    if path.endswith("/responses"):
        return "responses"
    if path.endswith("/chat/completions"):
        return "chat"
    if path.endswith("/messages"):
        return "messages"
    if path.endswith(":generateContent"):
        return "gemini"
    return None


def _reasoning_rule_broken(items: list[Any]) -> str | None:
    for index, item in enumerate(items):
        if not isinstance(item, dict) or item.get("type") != "reasoning":
            continue
        following = items[index + 1] if index + 1 < len(items) else None
        produced = isinstance(following, dict) and (
            following.get("type") == "function_call"
            or (following.get("type") == "message" and following.get("role") == "assistant")
        )
        if not produced:
            return (
                f"Item '{item.get('id')}' of type 'reasoning' was provided without its "
                "required following item."
            )
    return None


def _openai_error(message: str, kind: str = "invalid_request_error") -> dict[str, Any]:
    return {"error": {"message": message, "type": kind, "param": None, "code": None}}


def _error_document(api: str, status: int) -> dict[str, Any]:
    message = {429: "Rate limit reached", 500: "Internal server error"}.get(
        status, "Invalid request: the fake refused it"
    )
    if api == "messages":
        kind = {429: "rate_limit_error", 500: "api_error"}.get(status, "invalid_request_error")
        return {"type": "error", "error": {"type": kind, "message": message}}
    if api == "gemini":
        state = {429: "RESOURCE_EXHAUSTED", 500: "INTERNAL"}.get(status, "INVALID_ARGUMENT")
        return {"error": {"code": status, "message": message, "status": state}}
    return _openai_error(message)


def _responses(reply: Reply, body: dict[str, Any]) -> dict[str, Any]:
    output: list[dict[str, Any]] = []
    if reply.reasoning:
        output.append(
            {"type": "reasoning", "id": "rs_fake", "summary": [], "encrypted_content": "c2VjcmV0"}
        )
    content: list[dict[str, Any]] = []
    if reply.finish == "refusal":
        content.append({"type": "refusal", "refusal": reply.text or "I can't help with that."})
    elif reply.text is not None:
        content.append({"type": "output_text", "text": reply.text, "annotations": []})
    if content:
        output.append(
            {
                "type": "message",
                "id": "msg_fake",
                "role": "assistant",
                "status": "completed",
                "content": content,
            }
        )
    if reply.tool:
        output.append(
            {
                "type": "function_call",
                "id": f"fc_{reply.tool[0]}",
                "call_id": reply.call_id,
                "name": reply.tool[0],
                "arguments": reply.arguments,
                "status": "completed",
            }
        )
    cut = reply.finish == "max_tokens"
    return {
        "id": "resp_fake",
        "object": "response",
        "created_at": 0,
        "model": body.get("model"),
        "status": "incomplete" if cut else "completed",
        "incomplete_details": {"reason": "max_output_tokens"} if cut else None,
        "output": output,
        "parallel_tool_calls": True,
        "tool_choice": "auto",
        "tools": [],
        "usage": {
            "input_tokens": USAGE["input"],
            "input_tokens_details": {"cached_tokens": USAGE["cached"]},
            "output_tokens": USAGE["output"],
            "output_tokens_details": {"reasoning_tokens": USAGE["reasoning"]},
            "total_tokens": USAGE["input"] + USAGE["output"],
        },
    }


def _chat(reply: Reply, body: dict[str, Any]) -> dict[str, Any]:
    finish = {"max_tokens": "length", "refusal": "content_filter"}.get(reply.finish, "stop")
    message: dict[str, Any] = {"role": "assistant", "content": reply.text}
    if reply.finish == "refusal":
        message = {"role": "assistant", "content": None, "refusal": "I can't help with that."}
    if reply.tool:
        function = {"name": reply.tool[0], "arguments": reply.arguments}
        message["tool_calls"] = [{"id": reply.call_id, "type": "function", "function": function}]
        finish = "tool_calls"
    usage: dict[str, Any] = {
        "prompt_tokens": USAGE["input"],
        "completion_tokens": USAGE["output"],
        "total_tokens": USAGE["input"] + USAGE["output"],
        "prompt_tokens_details": {"cached_tokens": USAGE["cached"]},
        "completion_tokens_details": {"reasoning_tokens": USAGE["reasoning"]},
    }
    if reply.cost is not None:
        usage["cost"] = reply.cost
    return {
        "id": "gen-fake",
        "object": "chat.completion",
        "created": 0,
        "model": body.get("model"),
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": usage,
    }


def _anthropic_stop(reply: Reply) -> str:
    if reply.tool:
        return "tool_use"
    return {"max_tokens": "max_tokens", "refusal": "refusal"}.get(reply.finish, "end_turn")


def _anthropic_blocks(reply: Reply) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    if reply.reasoning:
        blocks.append({"type": "thinking", "thinking": "Let me think.", "signature": "c2ln"})
    if reply.text is not None:
        blocks.append({"type": "text", "text": reply.text})
    if reply.tool:
        blocks.append(
            {"type": "tool_use", "id": reply.call_id, "name": reply.tool[0], "input": reply.tool[1]}
        )
    return blocks


def _anthropic_usage() -> dict[str, int]:
    return {
        "input_tokens": USAGE["input"] - USAGE["cached"],
        "cache_read_input_tokens": USAGE["cached"],
        "cache_creation_input_tokens": 0,
        "output_tokens": USAGE["output"],
    }


def _messages(reply: Reply, body: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": "msg_fake",
        "type": "message",
        "role": "assistant",
        "model": body.get("model"),
        "content": _anthropic_blocks(reply),
        "stop_reason": _anthropic_stop(reply),
        "stop_sequence": None,
        "usage": _anthropic_usage(),
    }


def _stream_anthropic(handler: Any, reply: Reply, body: dict[str, Any]) -> None:
    start = {**_messages(reply, body), "content": [], "stop_reason": None}
    events: list[dict[str, Any]] = [{"type": "message_start", "message": start}]
    for index, block in enumerate(_anthropic_blocks(reply)):
        if block["type"] == "thinking":
            empty = {"type": "thinking", "thinking": "", "signature": ""}
            deltas = [
                {"type": "thinking_delta", "thinking": block["thinking"]},
                {"type": "signature_delta", "signature": block["signature"]},
            ]
        elif block["type"] == "tool_use":
            empty = {**block, "input": {}}
            deltas = [{"type": "input_json_delta", "partial_json": reply.arguments}]
        else:
            empty = {"type": "text", "text": ""}
            deltas = [{"type": "text_delta", "text": block["text"]}]
        events.append({"type": "content_block_start", "index": index, "content_block": empty})
        events += [{"type": "content_block_delta", "index": index, "delta": d} for d in deltas]
        events.append({"type": "content_block_stop", "index": index})
    events.append(
        {
            "type": "message_delta",
            "delta": {"stop_reason": _anthropic_stop(reply), "stop_sequence": None},
            "usage": {"output_tokens": USAGE["output"]},
        }
    )
    events.append({"type": "message_stop"})
    data = "".join(f"event: {e['type']}\ndata: {json.dumps(e)}\n\n" for e in events).encode()
    handler.send_response(200)
    handler.send_header("Content-Type", "text/event-stream")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


def _gemini(reply: Reply, body: dict[str, Any]) -> dict[str, Any]:
    parts: list[dict[str, Any]] = []
    if reply.reasoning:
        parts.append({"text": "Let me think.", "thought": True})
    if reply.text is not None and reply.finish != "refusal":
        parts.append({"text": reply.text})
    if reply.tool:
        parts.append({"functionCall": {"name": reply.tool[0], "args": reply.tool[1]}})
    finish = {"max_tokens": "MAX_TOKENS", "refusal": "SAFETY"}.get(reply.finish, "STOP")
    candidate: dict[str, Any] = {"finishReason": finish, "index": 0}
    if parts:
        candidate["content"] = {"role": "model", "parts": parts}
    return {
        "candidates": [candidate],
        "usageMetadata": {
            "promptTokenCount": USAGE["input"],
            "cachedContentTokenCount": USAGE["cached"],
            "candidatesTokenCount": USAGE["output"] - USAGE["reasoning"],
            "thoughtsTokenCount": USAGE["reasoning"],
            "totalTokenCount": USAGE["input"] + USAGE["output"],
        },
        "modelVersion": "fake",
    }


ANSWERS = {"responses": _responses, "chat": _chat, "messages": _messages, "gemini": _gemini}

"""A local stand-in for fal's queue API (127.0.0.1 only), as fal-client speaks it.

- ``POST /<endpoint>``: a submission (``{"image_url": "data:image/png;base64,..."}``), answered
  with the request id and its ``status_url``, ``response_url`` and ``cancel_url`` on this server;
- ``GET .../requests/<id>/status``: ``IN_QUEUE`` for the job's first ``polls`` polls, then
  ``IN_PROGRESS`` once, then ``COMPLETED`` (with ``error`` for a failed job);
- ``GET .../requests/<id>``: the result, ``{"model_glb": {"url": ".../files/<id>.glb"}}``;
- ``GET /files/<id>.glb``: the mesh (the scripted bytes).

Every request must carry ``Authorization: Key <key>`` (else 401, as fal answers). The jobs of
an image are scripted by the sha256 of the image's bytes: each submission of that image takes
the next `Job` (the last one repeats); images without a script get ``default``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Job:
    """How one submission goes: polls before it completes, a failure, or the mesh it returns."""

    mesh: bytes = b""
    polls: int = 2
    error: str | None = None


@dataclass
class FakeFal:
    """The server; `start` it, give its `url` as the task's ``fal_base_url``, `stop` it after."""

    key: str
    default: Job
    script: dict[str, list[Job]] = field(default_factory=dict)
    submissions: list[dict[str, Any]] = field(default_factory=list)
    status_polls: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._jobs: dict[str, Job] = {}
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
                if fake._authorised(self):
                    self._send(200, fake._submit(self.path, body))

            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                if path.startswith("/files/"):
                    job = fake._jobs.get(path.removeprefix("/files/").removesuffix(".glb"))
                    self._send(200, job.mesh if job else b"", "model/gltf-binary")
                elif fake._authorised(self):
                    self._send(200, fake._query(path))

            def _send(
                self, status: int, body: dict[str, Any] | bytes, kind: str = "application/json"
            ) -> None:
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> FakeFal:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _authorised(self, handler: Any) -> bool:
        if handler.headers.get("Authorization") == f"Key {self.key}":
            return True
        handler._send(401, {"detail": "No user found for Key ID and Secret"})
        return False

    def _submit(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        image = base64.b64decode(body["image_url"].split(",", 1)[1])
        digest = hashlib.sha256(image).hexdigest()
        with self._lock:
            request_id = f"req-{len(self.submissions) + 1}"
            queue = self.script.get(digest)
            job = (queue.pop(0) if len(queue) > 1 else queue[0]) if queue else self.default
            self._jobs[request_id] = job
            self.submissions.append(
                {
                    "path": path,
                    "image_sha256": digest,
                    "request_id": request_id,
                    "fields": sorted(body),
                }
            )
        base = f"{self.url}{path}/requests/{request_id}"
        return {
            "request_id": request_id,
            "response_url": base,
            "status_url": f"{base}/status",
            "cancel_url": f"{base}/cancel",
        }

    def _query(self, path: str) -> dict[str, Any]:
        parts = path.rstrip("/").split("/")
        if parts[-1] == "status":
            request_id = parts[-2]
            job = self._jobs[request_id]
            with self._lock:
                polls = self.status_polls[request_id] = self.status_polls.get(request_id, 0) + 1
            if polls <= job.polls:
                return {"status": "IN_QUEUE", "queue_position": job.polls - polls}
            if polls == job.polls + 1:
                return {"status": "IN_PROGRESS", "logs": []}
            done = {"status": "COMPLETED", "logs": [], "metrics": {"inference_time": 1.5}}
            return done | ({"error": job.error, "error_type": "runner_failed"} if job.error else {})
        request_id = parts[-1]
        return {
            "model_glb": {
                "url": f"{self.url}/files/{request_id}.glb",
                "content_type": "model/gltf-binary",
                "file_name": "mesh.glb",
            }
        }

"""An HTTP server on 127.0.0.1 that answers every request with a secret and records its path:
the containment tests assert that a program, or a jailed command, never reached it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@contextmanager
def recording_server(secret: bytes) -> Iterator[tuple[int, list[str]]]:
    """Serve ``secret`` on 127.0.0.1; yields the port and the list of request paths."""
    hits: list[str] = []

    class Recorder(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(secret)

        do_POST = do_GET

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], hits
    finally:
        server.shutdown()
        server.server_close()

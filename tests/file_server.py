"""Local HTTP servers for the download tests (127.0.0.1 only; nothing reaches the internet).

`FileServer` serves the files of a folder by name, honours Range requests, logs every
request, and can cut a response short to imitate a dropped connection. `SilentServer`
accepts connections and never answers. `closed_port` is a port nobody listens on.
"""

from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class FileServer:
    """Serves `folder` over HTTP on 127.0.0.1, with Range support and a request log.

    Attributes:
        folder: The files served, by path below the URL root.
        url: Base URL, "http://127.0.0.1:PORT".
        requests: (path, Range header or None) of every GET, in arrival order.
        cut_after: File name -> bytes after which the next response for it is cut off
            (the connection closes early, once; later requests get the whole rest).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.requests: list[tuple[str, str | None]] = []
        self.cut_after: dict[str, int] = {}
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep the test output quiet
                pass

            def do_GET(self) -> None:
                with server._lock:
                    server.requests.append((self.path, self.headers.get("Range")))
                    cut = server.cut_after.pop(self.path.lstrip("/"), None)
                path = server.folder / self.path.lstrip("/")
                if not path.is_file():
                    self.send_error(404)
                    return
                data = path.read_bytes()
                start = 0
                if self.headers.get("Range"):
                    start = int(self.headers["Range"].removeprefix("bytes=").rstrip("-"))
                    if start >= len(data):
                        self.send_error(416)
                        return
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
                else:
                    self.send_response(200)
                self.send_header("Content-Length", str(len(data) - start))
                self.end_headers()
                body = data[start:] if cut is None else data[start:cut]
                self.wfile.write(body)
                if cut is not None:
                    self.close_connection = True

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()

    def add(self, name: str, data: bytes) -> None:
        """Serve `data` as /`name`."""
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def close(self) -> None:
        """Stop serving."""
        self.httpd.shutdown()
        self.httpd.server_close()


class SilentServer:
    """Accepts TCP connections on 127.0.0.1 and never sends a byte.

    Attributes:
        url: Base URL, "http://127.0.0.1:PORT".
    """

    def __init__(self) -> None:
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(16)  # the kernel completes the handshakes; nobody reads
        self.url = f"http://127.0.0.1:{self._socket.getsockname()[1]}"

    def close(self) -> None:
        """Stop listening."""
        self._socket.close()


def closed_port() -> int:
    """A local port with nothing listening (connections to it are refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]

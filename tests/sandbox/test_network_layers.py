"""Each network defence of the execution page works alone.

``test_hostile.py`` runs programs with every defence in place, where one hides a broken other:
the dead proxy still stops a request the interception let through, and the interception stops
one the Content-Security-Policy allowed. Here ``node/network_layers.mjs`` opens a page that
asks a recording server on 127.0.0.1 for a resource by fetch, XHR and image, in a browser with
exactly one defence: request interception, the execution page's CSP, or the dead proxy of the
runner's launch flags. A control with none shows the requests do arrive.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from code3dbench.sandbox.runner_files import runner_dir
from tests.conftest import require_runner, run_node_script
from tests.recording_server import recording_server

pytestmark = pytest.mark.chromium
DRIVER = Path(__file__).parent / "node" / "network_layers.mjs"
KINDS = ("fetch", "xhr", "img")


@pytest.fixture(scope="module")
def layers() -> Iterator[tuple[dict, list[str], int]]:
    """The driver's report per scenario, the recording server's hits and its port."""
    require_runner()
    with recording_server(b"SECRET") as (port, hits):
        report = run_node_script(DRIVER, str(runner_dir()), str(port), timeout=180)
        yield report, list(hits), port


def _hits(hits: list[str], scenario: str) -> set[str]:
    return {path for path in hits if path.startswith(f"/{scenario}/")}


def test_requests_arrive_with_no_defence(layers) -> None:
    _, hits, _ = layers
    assert _hits(hits, "control") == {f"/control/{kind}" for kind in KINDS}


def test_interception_alone_refuses_and_records_every_request(layers) -> None:
    report, hits, port = layers
    assert _hits(hits, "interception") == set()
    blocked = report["interception"]["blocked"]
    assert sorted(blocked) == sorted(f"http://127.0.0.1:{port}/interception/{k}" for k in KINDS)


def test_content_security_policy_alone_refuses_every_request(layers) -> None:
    report, hits, _ = layers
    assert _hits(hits, "csp") == set()
    console = "\n".join(report["csp"]["console"])
    assert (
        "violates the following Content Security Policy directive: \"connect-src 'none'\""
        in console
    )
    assert 'violates the following Content Security Policy directive: "img-src' in console


def test_dead_proxy_alone_refuses_every_request(layers) -> None:
    report, hits, _ = layers
    assert _hits(hits, "proxy") == set()
    assert "net::ERR_PROXY_CONNECTION_FAILED" in "\n".join(report["proxy"]["console"])

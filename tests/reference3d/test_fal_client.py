"""The fal queue client against the local fake: polling, retries, timeouts, refusals."""

from __future__ import annotations

import anyio
import pytest

from code3dbench.reference3d.fal import FalError, FalSettings, generate_mesh, mesh_url
from tests.conftest import skip_or_fail_in_ci
from tests.reference3d.fake_fal import FakeFal, Job

PNG = b"\x89PNG\r\n\x1a\n not really an image"


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch):
    try:
        import fal_client  # noqa: F401
    except ImportError:
        skip_or_fail_in_ci("fal-client missing: pip install -e '.[providers]'")
    monkeypatch.setenv("FAL_KEY", "right-key")
    server = FakeFal("right-key", default=Job(mesh=b"GLB bytes", polls=2)).start()
    yield server
    server.stop()


def settings(fake: FakeFal, **changes) -> FalSettings:
    base = {"base_url": fake.url, "poll_s": 0.01, "retry_pause_s": 0.01, "attempts": 2}
    return FalSettings(**(base | changes))


def test_polls_until_completed_and_downloads_the_mesh(fake: FakeFal) -> None:
    mesh = anyio.run(generate_mesh, PNG, settings(fake, endpoint="fal-ai/other-model"))
    assert (mesh.glb, mesh.attempts, mesh.request_id) == (b"GLB bytes", 1, "req-1")
    assert mesh.url == f"{fake.url}/files/req-1.glb"
    # 2 queued, 1 in progress, 1 completed, and the one handle.get() makes before the result
    assert fake.status_polls["req-1"] == 5
    assert fake.submissions[0]["path"] == "/fal-ai/other-model"


def test_a_wrong_key_fails_every_attempt_with_fal_s_answer(fake: FakeFal, monkeypatch) -> None:
    monkeypatch.setenv("FAL_KEY", "wrong-key")
    with pytest.raises(FalError, match=r"no mesh after 2 attempt\(s\): attempt 1: .*No user found"):
        anyio.run(generate_mesh, PNG, settings(fake))


def test_an_attempt_is_bounded_by_the_timeout(fake: FakeFal) -> None:
    fake.default = Job(mesh=b"late", polls=10_000)
    with pytest.raises(
        FalError, match=r"attempt 1: no mesh within 0.3 s; attempt 2: no mesh within"
    ):
        anyio.run(generate_mesh, PNG, settings(fake, timeout_s=0.3))


def test_a_result_without_a_mesh_is_an_error() -> None:
    assert mesh_url({"model_mesh": {"url": "https://x/m.glb"}}) == "https://x/m.glb"
    with pytest.raises(FalError, match="no mesh file .*model_glb, model_mesh"):
        mesh_url({"images": [{"url": "https://x/a.png"}]})

"""An image-to-3D model on fal's queue (TRELLIS.2 by default): one image in, one GLB out.

`generate_mesh` submits the image (a data URI, so nothing is uploaded to fal's storage) with
``fal_client.AsyncClient.submit``, polls the request's status until it completes, fetches the
result, finds the mesh file in it and downloads it with `code3dbench.downloads`. The whole
attempt is bounded by ``timeout_s``; a failed attempt (an HTTP error, a job that completed
with an error, a timeout, a result without a mesh, a download that failed) is retried up to
``attempts`` times in all, with a pause that doubles. The key comes from ``FAL_KEY``.

fal-client has no base-URL option: the queue's address is the module constant
``fal_client.client.QUEUE_URL_FORMAT`` (``https://queue.fal.run/``, from the environment
variable ``FAL_QUEUE_RUN_HOST`` at import, always https). ``base_url`` replaces it for this
process, which is how tests point the client at a local fake; the status and result
addresses come from the submit reply, as fal-client reads them.
"""

from __future__ import annotations

import base64
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
from inspect_ai._util.error import PrerequisiteError

from code3dbench.downloads import resume_download

KEY_ENV = "FAL_KEY"
DEFAULT_ENDPOINT = "fal-ai/trellis-2"
MESH_FIELDS = ("model_glb", "model_mesh", "glb", "mesh")
"""Result fields that may hold the mesh file ({"url": ...}), in the order they are tried."""

USER_AGENT = "code3dbench-reference3d"


class FalKeyMissingError(PrerequisiteError, RuntimeError):
    """FAL_KEY is not set (a prerequisite: `inspect eval` prints the message, no traceback)."""

    def __str__(self) -> str:
        return str(self.message)


class FalError(RuntimeError):
    """Every attempt to get a mesh from fal failed (the message says how each ended)."""


@dataclass(frozen=True)
class FalSettings:
    """How to call the image-to-3D endpoint.

    Attributes:
        endpoint: The fal application, e.g. ``fal-ai/trellis-2``.
        base_url: The queue's base URL (None: fal's own, ``https://queue.fal.run``).
        timeout_s: Seconds one attempt may take, queueing, generation and download included.
        attempts: Attempts in all (1: no retry).
        poll_s: Seconds between status polls.
        retry_pause_s: Pause before the first retry (doubled before each next one).
        arguments: Extra input fields sent with the image (the endpoint's options).
    """

    endpoint: str = DEFAULT_ENDPOINT
    base_url: str | None = None
    timeout_s: float = 900.0
    attempts: int = 3
    poll_s: float = 2.0
    retry_pause_s: float = 5.0
    arguments: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class FalMesh:
    """What an attempt brought back: the GLB's bytes, its URL, the request and attempts used."""

    glb: bytes
    url: str
    request_id: str
    attempts: int


def fal_key() -> str:
    """The key from ``FAL_KEY``.

    Raises:
        FalKeyMissingError: it is not set.
    """
    key = os.environ.get(KEY_ENV, "").strip()
    if not key:
        raise FalKeyMissingError(
            f"{KEY_ENV} is not set: the image-to-3D reference calls fal.ai. Create a key at "
            f"https://fal.ai/dashboard/keys and `export {KEY_ENV}=...` (docs: README, "
            '"Image-to-3D scale reference")'
        )
    return key


def data_uri(png: bytes) -> str:
    """A PNG as a ``data:image/png;base64,...`` URI."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def mesh_url(result: dict[str, Any]) -> str:
    """The mesh file's URL in an endpoint's result.

    Raises:
        FalError: no field of `MESH_FIELDS` holds a file with a URL.
    """
    for name in MESH_FIELDS:
        value = result.get(name)
        if isinstance(value, dict) and isinstance(value.get("url"), str):
            return value["url"]
    raise FalError(f"the result has no mesh file (looked for {', '.join(MESH_FIELDS)})")


def _use_base_url(base_url: str | None) -> None:
    """Point fal-client's queue at ``base_url`` (None: fal's own, as fal-client computes it)."""
    import fal_client.auth
    import fal_client.client

    default = f"https://{fal_client.auth.FAL_QUEUE_RUN_HOST}/"
    fal_client.client.QUEUE_URL_FORMAT = base_url.rstrip("/") + "/" if base_url else default


def _download(url: str, timeout_s: float) -> bytes:
    with tempfile.TemporaryDirectory(prefix="code3dbench-fal-") as folder:
        part = Path(folder) / "mesh.glb.part"
        total = resume_download(url, part, timeout=timeout_s, user_agent=USER_AGENT)
        data = part.read_bytes()
        if total is not None and len(data) != total:
            raise FalError(f"the mesh download was cut: {len(data)} of {total} bytes")
        return data


async def _attempt(png: bytes, settings: FalSettings, key: str) -> tuple[str, bytes, str]:
    import fal_client

    client = fal_client.AsyncClient(key=key)
    arguments = {"image_url": data_uri(png), **dict(settings.arguments)}
    handle = await client.submit(settings.endpoint, arguments)
    while True:
        status = await handle.status()
        if isinstance(status, fal_client.Completed):
            if status.error:
                raise FalError(f"request {handle.request_id} failed: {status.error}")
            break
        await anyio.sleep(settings.poll_s)
    result = await handle.get()
    url = mesh_url(result)
    glb = await anyio.to_thread.run_sync(_download, url, min(settings.timeout_s, 120.0))
    return handle.request_id, glb, url


async def generate_mesh(png: bytes, settings: FalSettings) -> FalMesh:
    """Send ``png`` to the endpoint and return the GLB it made.

    Raises:
        FalKeyMissingError: FAL_KEY is not set.
        FalError: every attempt failed.
    """
    key = fal_key()
    _use_base_url(settings.base_url)
    failures = []
    pause = settings.retry_pause_s
    for attempt in range(1, settings.attempts + 1):
        try:
            with anyio.fail_after(settings.timeout_s):
                request_id, glb, url = await _attempt(png, settings, key)
            return FalMesh(glb, url, request_id, attempt)
        except TimeoutError:
            failures.append(f"attempt {attempt}: no mesh within {settings.timeout_s:g} s")
        except Exception as err:  # noqa: BLE001 - HTTP, job and download errors are retried
            failures.append(f"attempt {attempt}: {type(err).__name__}: {err}")
        if attempt < settings.attempts:
            await anyio.sleep(pause)
            pause *= 2
    raise FalError(
        f"{settings.endpoint}: no mesh after {settings.attempts} attempt(s): " + "; ".join(failures)
    )

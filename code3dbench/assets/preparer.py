"""Reference images prepared when their sample starts, not all before the run.

A run of ``--limit 5`` (or ``--sample-id``, or ``per_category=1``) renders only its own
references; a full run spreads the rendering over the samples instead of stalling before the
first. `ReferencePreparer` serves the samples of one task:

- a reference already in the cache is read at once (its GLB checked once per file);
- the others are rendered in shared batches: the first waiting sample leads, waits
  ``gather_s`` for company, renders every queued object in one runner process (one Chromium),
  and keeps going while more arrive; the other samples wait for their own object;
- samples that need the same object at once (epochs) share one render;
- an object that cannot be prepared fails only the samples that need it
  (`ReferenceUnavailableError`, with the reason).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import anyio

from code3dbench.assets.locate import verified_glb
from code3dbench.assets.manifest import AssetRecord, Manifest
from code3dbench.assets.references import Reference, cached_reference, render_references
from code3dbench.assets.store import AssetError, AssetStore
from code3dbench.sandbox.host import RunnerFailedError
from code3dbench.sandbox.runner_files import RunnerUnavailableError

GATHER_S = 0.2
"""How long a batch's leader waits for the other samples starting with it before rendering."""

MAX_RENDER_CONCURRENCY = 4
"""Most objects drawn at once in the one Chromium of a batch."""


class ReferenceUnavailableError(RuntimeError):
    """A sample's reference cannot be prepared; the message names the object and the cause."""


@dataclass(eq=False)
class _Request:
    record: AssetRecord
    wake: anyio.Event = field(default_factory=anyio.Event)
    reference: Reference | None = None
    error: str | None = None

    @property
    def done(self) -> bool:
        return self.reference is not None or self.error is not None

    def outcome(self) -> Reference:
        if self.reference is None:
            raise ReferenceUnavailableError(self.error)
        return self.reference


class ReferencePreparer:
    """Prepares the reference images of one manifest's samples, lazily and in batches.

    Attributes:
        manifest: The dataset's manifest.
        store: The asset cache the references are kept in.
        gather_s: Seconds a leader waits for more objects before rendering.
        batch_sizes: Objects in each batch rendered so far, in order (for logs and tests).
    """

    def __init__(self, manifest: Manifest, store: AssetStore, gather_s: float = GATHER_S) -> None:
        """Create an idle preparer for the objects of ``manifest``."""
        self.manifest = manifest
        self.store = store
        self.gather_s = gather_s
        self.batch_sizes: list[int] = []
        self._records = {record.id: record for record in manifest.objects}
        self._requests: dict[str, _Request] = {}
        self._queue: list[_Request] = []
        self._leading = False

    async def prepare(self, object_id: str) -> Reference:
        """The reference of one object: from the cache, else rendered with other waiting ones.

        Raises:
            ReferenceUnavailableError: the object is unknown, its GLB is missing or fails its
                sha256, it cannot be rendered, or the runner cannot start.
        """
        record = self._records.get(object_id)
        if record is None:
            raise ReferenceUnavailableError(f"no object {object_id!r} in {self.manifest.name}")
        cached = await anyio.to_thread.run_sync(self._ready, record)
        if cached is not None:
            return cached
        request = self._requests.get(record.id)
        if request is None:
            request = _Request(record)
            self._requests[record.id] = request
            self._queue.append(request)
        while not request.done:
            if self._leading:
                await request.wake.wait()
            else:
                await self._lead()
        return request.outcome()

    def _ready(self, record: AssetRecord) -> Reference | None:
        """Check the object's GLB (once per file) and return its cached reference, if any."""
        if not record.is_program:
            try:
                verified_glb(self.manifest, record, self.store)
            except (AssetError, OSError) as err:
                raise ReferenceUnavailableError(str(err)) from err
        return cached_reference(self.manifest, record, self.store)

    async def _lead(self) -> None:
        """Render queued objects in batches until none is left; pass the lead on if cancelled.

        A cancelled leader wakes every queued request: the first waiter to run leads, the
        others wait again (the cancelled sample's own request may have no waiter left).
        """
        self._leading = True
        try:
            if self.gather_s > 0:
                await anyio.sleep(self.gather_s)
            while self._queue:
                batch, self._queue = self._queue, []
                self.batch_sizes.append(len(batch))
                with anyio.CancelScope(shield=True):  # the others wait for this batch too
                    outcomes = await anyio.to_thread.run_sync(
                        self._render, [request.record for request in batch]
                    )
                for request in batch:
                    outcome = outcomes[request.record.id]
                    if isinstance(outcome, Reference):
                        request.reference = outcome
                    else:
                        request.error = outcome
                    self._requests.pop(request.record.id, None)
                    request.wake.set()
        finally:
            self._leading = False
            for request in self._queue:  # cancelled with objects queued: a waiter takes over
                wake, request.wake = request.wake, anyio.Event()
                wake.set()

    def _render(self, records: list[AssetRecord]) -> dict[str, Reference | str]:
        """Render a batch in one runner process: each object's reference or why it has none."""
        concurrency = max(1, min(len(records), os.cpu_count() or 1, MAX_RENDER_CONCURRENCY))
        try:
            references, report = render_references(
                self.manifest, self.store, records, concurrency=concurrency
            )
        except (RunnerUnavailableError, RunnerFailedError, OSError) as err:
            return {r.id: f"{r.id}: the reference renderer failed: {err}" for r in records}
        outcomes: dict[str, Reference | str] = dict(references)
        for record in records:
            if record.id not in outcomes:
                outcomes[record.id] = report.failed.get(
                    record.id, f"{record.id}: no reference was rendered"
                )
        return outcomes

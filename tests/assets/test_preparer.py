"""Lazy reference preparation: shared batches, one render per object, failures kept apart."""

from __future__ import annotations

import time
from pathlib import Path

import anyio
import pytest

from code3dbench.assets.locations import resolve_manifest
from code3dbench.assets.preparer import ReferencePreparer, ReferenceUnavailableError
from code3dbench.assets.references import Reference
from code3dbench.assets.store import AssetStore

BUILTIN = resolve_manifest("builtin")
IDS = [record.id for record in BUILTIN.objects]


class FakeRenderer:
    """Stands in for the runner: records each batch, takes ``seconds``, fails ``broken`` ids."""

    def __init__(self, seconds: float = 0.2, broken: frozenset[str] = frozenset()) -> None:
        self.batches: list[list[str]] = []
        self.seconds = seconds
        self.broken = broken

    def __call__(self, records) -> dict[str, Reference | str]:
        self.batches.append([r.id for r in records])
        time.sleep(self.seconds)
        return {
            r.id: f"{r.id}: cannot render"
            if r.id in self.broken
            else Reference(r.id, Path(f"/refs/{r.id}.png"), Path(f"/refs/{r.id}.glb"), "test", 1)
            for r in records
        }


@pytest.fixture
def preparer(tmp_path: Path) -> ReferencePreparer:
    """A preparer over the built-in set with an empty cache (nothing is cached yet); a long
    gather, so that the batches do not depend on how loaded the machine is."""
    return ReferencePreparer(BUILTIN, AssetStore(tmp_path / "cache"), gather_s=1.0)


def gather(preparer: ReferencePreparer, ids: list[str], delays: list[float] | None = None):
    """Prepare ``ids`` concurrently (each after its delay); each id's reference or error."""
    outcomes: list[Reference | BaseException | None] = [None] * len(ids)

    async def one(index: int) -> None:
        await anyio.sleep(delays[index] if delays else 0)
        try:
            outcomes[index] = await preparer.prepare(ids[index])
        except ReferenceUnavailableError as err:
            outcomes[index] = err

    async def main() -> None:
        async with anyio.create_task_group() as group:
            for index in range(len(ids)):
                group.start_soon(one, index)

    anyio.run(main)
    return outcomes


def test_concurrent_samples_share_one_batch_and_one_render_per_object(preparer) -> None:
    renderer = FakeRenderer()
    preparer._render = renderer
    wanted = [IDS[0], IDS[1], IDS[0], IDS[2], IDS[1]]  # epochs: the same object twice
    outcomes = gather(preparer, wanted)
    assert [o.id for o in outcomes] == wanted
    # Arrival order within a batch depends on threads: compare the objects, not their order.
    assert [sorted(b) for b in renderer.batches] == [sorted(IDS[:3])]
    assert preparer.batch_sizes == [3]


def test_samples_arriving_during_a_render_form_the_next_batch(preparer) -> None:
    renderer = FakeRenderer(seconds=1.5)
    preparer._render = renderer
    preparer.gather_s = 0.0
    outcomes = gather(preparer, IDS[:3], delays=[0, 0.5, 0.6])
    assert [o.id for o in outcomes] == IDS[:3]
    assert [sorted(b) for b in renderer.batches] == [[IDS[0]], sorted(IDS[1:3])]


def test_a_failed_reference_fails_only_its_samples(preparer) -> None:
    preparer._render = FakeRenderer(broken=frozenset({IDS[1]}))
    first, broken, again, third = gather(preparer, [IDS[0], IDS[1], IDS[1], IDS[2]])
    assert isinstance(broken, ReferenceUnavailableError) and "cannot render" in str(broken)
    assert isinstance(again, ReferenceUnavailableError)
    assert (first.id, third.id) == (IDS[0], IDS[2])
    with pytest.raises(ReferenceUnavailableError, match="no object 'nope'"):
        anyio.run(preparer.prepare, "nope")


def test_a_cancelled_leader_hands_the_lead_on(preparer) -> None:
    renderer = FakeRenderer()
    preparer._render = renderer
    preparer.gather_s = 0.3
    result: list[Reference] = []

    async def main() -> None:
        with anyio.fail_after(5):
            await run()

    async def run() -> None:
        async with anyio.create_task_group() as group:
            leader = anyio.CancelScope()

            async def lead() -> None:
                with leader:
                    await preparer.prepare(IDS[0])

            async def follow() -> None:
                await anyio.sleep(0.05)
                result.append(await preparer.prepare(IDS[1]))

            group.start_soon(lead)
            group.start_soon(follow)
            await anyio.sleep(0.1)
            leader.cancel()  # during the leader's gathering pause

    anyio.run(main)
    assert [r.id for r in result] == [IDS[1]]
    assert IDS[1] in renderer.batches[0]


def test_cached_references_are_served_without_rendering(preparer, builtin_references) -> None:
    preparer.store = AssetStore(builtin_references[IDS[0]].image.parents[3])
    preparer._render = FakeRenderer()
    [reference] = gather(preparer, [IDS[0]])
    assert reference == builtin_references[IDS[0]] and preparer.batch_sizes == []

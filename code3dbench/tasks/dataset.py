"""Inspect samples from a manifest: the instruction and the reference image, one per object.

The ground-truth mesh path goes into the sample's metadata, which stays on the host (solvers
and scorers read it; nothing of it is copied into the sandbox or shown to the model).
"""

from __future__ import annotations

import logging
import random
from collections import defaultdict
from collections.abc import Sequence

from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.model import ChatMessageSystem, ChatMessageUser, ContentImage, ContentText

from code3dbench.assets.fetch import OfflineError, fetch_assets
from code3dbench.assets.locations import cache_dir, resolve_manifest
from code3dbench.assets.manifest import CATEGORIES, AssetRecord, Manifest
from code3dbench.assets.references import Reference, render_references
from code3dbench.assets.store import AssetStore
from code3dbench.prompts import scaffold_contract, single_shot_instruction

logger = logging.getLogger(__name__)


class DatasetUnavailableError(RuntimeError):
    """The chosen dataset's objects cannot be made ready; the message says how to fix it."""


def parse_categories(categories: str | Sequence[str] | None) -> list[str] | None:
    """Categories from a list or a comma-separated string; ValueError names unknown ones."""
    if categories is None:
        return None
    wanted = categories.split(",") if isinstance(categories, str) else list(categories)
    wanted = [c.strip() for c in wanted if c.strip()]
    unknown = sorted(set(wanted) - set(CATEGORIES))
    if unknown:
        raise ValueError(f"unknown categories {unknown}; choose from {', '.join(CATEGORIES)}")
    return wanted or None


def select_records(
    manifest: Manifest,
    categories: Sequence[str] | None = None,
    per_category: int | None = None,
    shuffle: bool = False,
    seed: int = 0,
) -> list[AssetRecord]:
    """The objects of a run: filter by category, draw a stratified sample, optionally shuffle.

    ``per_category=N`` draws N objects of each category with the given seed (all of them when a
    category has fewer), so cheap runs stay balanced. Order: manifest order unless ``shuffle``.
    """
    records = [r for r in manifest.objects if categories is None or r.category in categories]
    if per_category is not None:
        if per_category < 1:
            raise ValueError(f"per_category must be at least 1, got {per_category}")
        rng = random.Random(seed)
        by_category: dict[str, list[AssetRecord]] = defaultdict(list)
        for record in records:
            by_category[record.category].append(record)
        chosen = set()
        for category in sorted(by_category):
            group = by_category[category]
            chosen.update(r.id for r in rng.sample(group, min(per_category, len(group))))
        records = [r for r in records if r.id in chosen]
    if shuffle:
        random.Random(seed).shuffle(records)
    if not records:
        raise ValueError(f"no objects of manifest {manifest.name!r} match categories {categories}")
    return records


def prepare_references(
    manifest: Manifest, records: Sequence[AssetRecord], store: AssetStore, fetch: bool = True
) -> dict[str, Reference]:
    """Make sure every selected object has its GLB and reference image in the cache.

    Missing GLBs are fetched first (``fetch=True``). Anything still missing stops the run with a
    message saying how to get the objects; it never switches to another dataset.

    Raises:
        DatasetUnavailableError: objects are missing or cannot be rendered.
    """
    missing = [r for r in records if not r.is_program and not store.has_glb(r)]
    if missing and fetch:
        logger.warning("fetching %d missing object(s) of %s", len(missing), manifest.name)
        try:
            fetch_assets(missing, store)
        except OfflineError as err:
            message = _missing_message(manifest, missing, store, str(err))
            raise DatasetUnavailableError(message) from err
        missing = [r for r in missing if not store.has_glb(r)]
    if missing:
        raise DatasetUnavailableError(_missing_message(manifest, missing, store))
    references, report = render_references(manifest, store, records)
    if report.failed:
        first = next(iter(report.failed.values()))
        raise DatasetUnavailableError(
            f"{len(report.failed)} object(s) of {manifest.name} have no reference image "
            f"(e.g. {first}); check them with `code3dbench assets verify`"
        )
    return references


def _missing_message(
    manifest: Manifest, missing: Sequence[AssetRecord], store: AssetStore, reason: str = ""
) -> str:
    example = ", ".join(r.id for r in missing[:3])
    return (
        f"{len(missing)} object(s) of dataset {manifest.name!r} are not in the asset cache "
        f"{store.root} (e.g. {example}). {reason + ' ' if reason else ''}Get them with "
        "`code3dbench assets fetch` (online), or `code3dbench assets import DIR` from a local "
        "copy (a folder of GLBs with sources.json), or run on the built-in set with "
        "`-T dataset=builtin`."
    )


def record_to_sample(
    record: AssetRecord,
    reference: Reference,
    system_prompt: str | None = None,
    instruction: str | None = None,
) -> Sample:
    """One Inspect sample: the scaffold contract (system), instruction and reference image.

    The metadata carries what the scorer needs on the host side.
    """
    return Sample(
        id=record.id,
        input=[
            ChatMessageSystem(content=system_prompt or scaffold_contract()),
            ChatMessageUser(
                content=[
                    ContentText(text=instruction or single_shot_instruction()),
                    ContentImage(image=str(reference.image), detail="auto"),
                ]
            ),
        ],
        target="",
        metadata={
            "category": record.category,
            "pack": record.pack,
            "sha256": record.sha256,
            "triangles": record.triangles,
            "renderer": reference.renderer,
            "reference_image": str(reference.image),
            "ground_truth": str(reference.mesh),
        },
    )


def code3dbench_dataset(
    dataset: str | None = None,
    categories: str | Sequence[str] | None = None,
    per_category: int | None = None,
    shuffle: bool = False,
    seed: int = 0,
    fetch: bool = True,
    system_prompt: str | None = None,
    instruction: str | None = None,
) -> MemoryDataset:
    """The samples of a run.

    Args:
        dataset: 'benchmark' (default, the real objects), 'builtin', or a manifest path.
        categories: Keep only these categories (list or comma-separated string).
        per_category: Draw this many objects per category (stratified, seeded).
        shuffle: Shuffle the samples with ``seed``.
        seed: Seed of the per-category draw and the shuffle.
        fetch: Download missing objects of the benchmark on first use.
        system_prompt: The system message (default: the scaffold contract).
        instruction: The text beside the reference image (default: prompts/single_shot.txt).

    Raises:
        ManifestError: the manifest is missing or invalid.
        DatasetUnavailableError: objects are missing; the message says how to get them.
    """
    manifest = resolve_manifest(dataset)
    records = select_records(manifest, parse_categories(categories), per_category, shuffle, seed)
    references = prepare_references(manifest, records, AssetStore(cache_dir()), fetch)
    return MemoryDataset(
        [record_to_sample(r, references[r.id], system_prompt, instruction) for r in records],
        name=manifest.name,
        location=str(manifest.path),
        shuffled=shuffle,
    )

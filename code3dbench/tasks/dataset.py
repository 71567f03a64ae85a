"""Inspect samples from a manifest: the instruction, and where the reference image will be.

The ground-truth mesh path goes into the sample's metadata, which stays on the host (solvers
and scorers read it; nothing of it is copied into the sandbox or shown to the model).
"""

from __future__ import annotations

import logging
import random
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.model import ChatMessageSystem, ChatMessageUser, ContentText

from code3dbench.assets.fetch import OfflineError, fetch_assets
from code3dbench.assets.locate import find_glb
from code3dbench.assets.locations import cache_dir, resolve_manifest
from code3dbench.assets.manifest import CATEGORIES, AssetRecord, Manifest
from code3dbench.assets.references import reference_paths
from code3dbench.assets.store import AssetStore
from code3dbench.prompts import scaffold_contract, single_shot_instruction
from code3dbench.sandbox.host import VIEWS_FILE
from code3dbench.sandbox.runner_files import renderer_version

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


def interleave_categories(records: Sequence[AssetRecord]) -> list[AssetRecord]:
    """Round-robin over the categories (in `CATEGORIES` order), keeping each one's order.

    Any prefix of the result is balanced: the first k objects hold k // 8 or one more of
    every category that still has objects, so ``--limit N`` sees every category it can.
    """
    by_category: dict[str, list[AssetRecord]] = defaultdict(list)
    for record in records:
        by_category[record.category].append(record)
    order = [c for c in CATEGORIES if c in by_category] + sorted(
        c for c in by_category if c not in CATEGORIES
    )
    queues = [by_category[c] for c in order]
    return [q[i] for i in range(max(map(len, queues), default=0)) for q in queues if i < len(q)]


def select_records(
    manifest: Manifest,
    categories: Sequence[str] | None = None,
    per_category: int | None = None,
    shuffle: bool = False,
    seed: int = 0,
) -> list[AssetRecord]:
    """The objects of a run: filter by category, draw a stratified sample, order them.

    ``per_category=N`` draws N objects of each category with the given seed (all of them when a
    category has fewer), so cheap runs stay balanced. Order: the categories interleaved
    (`interleave_categories`), each in manifest order, or shuffled with ``seed`` when
    ``shuffle``; either way any prefix (``--limit``) is balanced across categories.
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
    return interleave_categories(records)


def ensure_glbs(
    manifest: Manifest, records: Sequence[AssetRecord], store: AssetStore, fetch: bool = True
) -> None:
    """Make sure every selected GLB object has a file, shipped or in the cache (no hashing).

    Missing files are fetched first (``fetch=True``). Anything still missing stops the run with
    a message saying how to get the objects; it never switches to another dataset.

    Raises:
        DatasetUnavailableError: objects are missing.
    """
    missing = [r for r in records if not r.is_program and find_glb(manifest, r, store) is None]
    if missing and fetch:
        logger.warning("fetching %d missing object(s) of %s", len(missing), manifest.name)
        try:
            fetch_assets(missing, store)
        except OfflineError as err:
            message = _missing_message(manifest, missing, store, str(err))
            raise DatasetUnavailableError(message) from err
        missing = [r for r in missing if find_glb(manifest, r, store) is None]
    if missing:
        raise DatasetUnavailableError(_missing_message(manifest, missing, store))


def _missing_message(
    manifest: Manifest, missing: Sequence[AssetRecord], store: AssetStore, reason: str = ""
) -> str:
    example = ", ".join(r.id for r in missing[:3])
    return (
        f"{len(missing)} object(s) of dataset {manifest.name!r} are neither shipped with its "
        f"manifest nor in the asset cache {store.root} (e.g. {example}). "
        f"{reason + ' ' if reason else ''}Get them with "
        "`code3dbench assets fetch` (online), or `code3dbench assets import DIR` from a local "
        "copy (a folder of GLBs with sources.json), or run on the built-in set with "
        "`-T dataset=builtin`."
    )


def record_to_sample(
    record: AssetRecord,
    reference_image: Path,
    ground_truth: Path,
    renderer: str,
    system_prompt: str | None = None,
    instruction: str | None = None,
) -> Sample:
    """One Inspect sample: the scaffold contract (system) and the instruction.

    The reference image is added to the user message when the sample starts (the task's setup
    step, `code3dbench.solvers.reference.attach_reference`), so it is rendered only for the
    samples that run. The metadata carries what the solvers and the scorer need on the host
    side: where the reference image and the ground-truth mesh are.
    """
    return Sample(
        id=record.id,
        input=[
            ChatMessageSystem(content=system_prompt or scaffold_contract()),
            ChatMessageUser(content=[ContentText(text=instruction or single_shot_instruction())]),
        ],
        target="",
        metadata={
            "category": record.category,
            "pack": record.pack,
            "sha256": record.sha256,
            "triangles": record.triangles,
            "renderer": renderer,
            "reference_image": str(reference_image),
            "reference_views": str(reference_image.with_name(VIEWS_FILE)),
            "ground_truth": str(ground_truth),
        },
    )


def build_dataset(
    manifest: Manifest,
    store: AssetStore,
    categories: str | Sequence[str] | None = None,
    per_category: int | None = None,
    shuffle: bool = False,
    seed: int = 0,
    fetch: bool = True,
    system_prompt: str | None = None,
    instruction: str | None = None,
) -> MemoryDataset:
    """The samples of a run over ``manifest`` (see `code3dbench_dataset`); renders nothing."""
    records = select_records(manifest, parse_categories(categories), per_category, shuffle, seed)
    ensure_glbs(manifest, records, store, fetch)
    renderer = renderer_version()  # hashes the scaffold files: once, not once per sample
    samples = []
    for record in records:
        image, mesh = reference_paths(manifest, record, store, renderer)
        samples.append(record_to_sample(record, image, mesh, renderer, system_prompt, instruction))
    return MemoryDataset(samples, name=manifest.name, location=str(manifest.path), shuffled=shuffle)


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
    """The samples of a run. Reference images are prepared later, as each sample starts.

    Args:
        dataset: 'benchmark' (default, the 848 shipped objects), 'builtin', or a manifest path.
        categories: Keep only these categories (list or comma-separated string).
        per_category: Draw this many objects per category (stratified, seeded).
        shuffle: Shuffle the objects of each category with ``seed`` (categories stay
            interleaved, so any ``--limit`` prefix is balanced).
        seed: Seed of the per-category draw and the shuffle.
        fetch: Download objects that are neither shipped nor cached (other manifests).
        system_prompt: The system message (default: the scaffold contract).
        instruction: The text beside the reference image (default: prompts/single_shot.txt).

    Raises:
        ManifestError: the manifest is missing or invalid.
        DatasetUnavailableError: objects are missing; the message says how to get them.
    """
    return build_dataset(
        resolve_manifest(dataset),
        AssetStore(cache_dir()),
        categories,
        per_category,
        shuffle,
        seed,
        fetch,
        system_prompt,
        instruction,
    )

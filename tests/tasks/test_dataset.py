"""Inspect samples from the manifests: content, metadata, selection, and missing-asset errors."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from inspect_ai.model import ContentText

from code3dbench.assets.locations import resolve_manifest
from code3dbench.assets.manifest import CATEGORIES
from code3dbench.tasks.dataset import (
    DatasetUnavailableError,
    code3dbench_dataset,
    parse_categories,
    select_records,
)

BENCHMARK = resolve_manifest("benchmark")


@pytest.mark.chromium
def test_builtin_samples(builtin_references) -> None:
    dataset = code3dbench_dataset("builtin")
    assert len(dataset) == len(resolve_manifest("builtin").objects)
    sample = next(s for s in dataset if s.id == "furniture_chair")
    system, user = sample.input
    assert system.role == "system" and "buildObject()" in system.text
    # The image is added when the sample starts (the task's setup step), not here.
    [text] = user.content
    assert isinstance(text, ContentText) and "low-poly 3D object" in text.text
    # The metadata names the files the reference step makes, before they exist.
    assert Path(sample.metadata["reference_image"]) == builtin_references["furniture_chair"].image
    assert Path(sample.metadata["ground_truth"]) == builtin_references["furniture_chair"].mesh
    assert sample.metadata["category"] == "furniture"
    assert sample.metadata["pack"] == "code3dbench built-in"
    assert Path(sample.metadata["ground_truth"]).read_bytes()[:4] == b"glTF"
    assert len(sample.metadata["sha256"]) == 64


@pytest.mark.chromium
def test_per_category_draw_is_stratified_and_seeded(builtin_references) -> None:
    dataset = code3dbench_dataset("builtin", per_category=2, seed=7)
    assert Counter(s.metadata["category"] for s in dataset) == {c: 2 for c in CATEGORIES}
    same = code3dbench_dataset("builtin", per_category=2, seed=7)
    assert [s.id for s in dataset] == [s.id for s in same]
    shuffled = code3dbench_dataset("builtin", per_category=2, seed=7, shuffle=True)
    assert sorted(s.id for s in shuffled) == sorted(s.id for s in dataset)
    assert [s.id for s in shuffled] != [s.id for s in dataset]


def test_selection_on_the_benchmark_manifest() -> None:
    tools = select_records(BENCHMARK, ["tool", "vehicle"])
    assert {r.category for r in tools} == {"tool", "vehicle"} and len(tools) == 89 + 62
    drawn = select_records(BENCHMARK, None, per_category=3, seed=1)
    assert Counter(r.category for r in drawn) == {c: 3 for c in CATEGORIES}
    other_seed = select_records(BENCHMARK, None, per_category=3, seed=2)
    assert {r.id for r in drawn} != {r.id for r in other_seed}
    with pytest.raises(ValueError, match="per_category must be at least 1"):
        select_records(BENCHMARK, None, per_category=0)


def test_parse_categories() -> None:
    assert parse_categories("tool, food") == ["tool", "food"]
    assert parse_categories(None) is None
    with pytest.raises(ValueError, match=r"unknown categories \['weapons'\]"):
        parse_categories("tool,weapons")


def test_the_benchmark_builds_from_shipped_files_without_rendering(
    monkeypatch, tmp_path: Path
) -> None:
    cache = tmp_path / "empty-cache"
    monkeypatch.setenv("CODE3DBENCH_CACHE", str(cache))
    dataset = code3dbench_dataset("benchmark", fetch=False)
    assert len(dataset) == 848
    shipped = BENCHMARK.path.parent / "glb"
    for sample in dataset:
        assert Path(sample.metadata["ground_truth"]) == shipped / f"{sample.id}.glb"
        assert Path(sample.metadata["reference_image"]).is_relative_to(cache / "references")
    # Nothing was rendered, copied or hashed: the cache is still empty.
    assert not cache.exists() or not any(cache.iterdir())


def test_missing_assets_stop_with_advice(monkeypatch, tmp_path: Path) -> None:
    """A manifest whose objects are neither shipped beside it nor cached."""
    monkeypatch.setenv("CODE3DBENCH_CACHE", str(tmp_path / "empty-cache"))
    elsewhere = tmp_path / "manifest.json"
    elsewhere.write_text(BENCHMARK.path.read_text())
    with pytest.raises(DatasetUnavailableError) as info:
        code3dbench_dataset(str(elsewhere), categories="vehicle", fetch=False)
    message = str(info.value)
    assert "62 object(s) of dataset 'code3dbench-shared' are neither shipped" in message
    assert "code3dbench assets fetch" in message and "assets import DIR" in message
    assert "dataset=builtin" in message


@pytest.mark.parametrize("manifest", ["builtin", "benchmark"])
@pytest.mark.parametrize("shuffle", [False, True])
def test_every_prefix_is_balanced_across_categories(manifest: str, shuffle: bool) -> None:
    records = select_records(resolve_manifest(manifest), shuffle=shuffle, seed=3)
    sizes = Counter(r.category for r in records)
    for k in range(1, len(records) + 1):
        counts = Counter(r.category for r in records[:k])
        # Every category with objects left is within one of the others.
        open_counts = [counts[c] for c in CATEGORIES if counts[c] < sizes[c]]
        assert not open_counts or max(open_counts) - min(open_counts) <= 1, (k, counts)
    assert [r.category for r in records[:3]] == list(CATEGORIES[:3])
    assert len({r.category for r in records[:8]}) == 8


def test_shuffle_is_seeded_and_changes_the_order_within_categories() -> None:
    first = [r.id for r in select_records(BENCHMARK, shuffle=True, seed=5)]
    again = [r.id for r in select_records(BENCHMARK, shuffle=True, seed=5)]
    other = [r.id for r in select_records(BENCHMARK, shuffle=True, seed=6)]
    plain = [r.id for r in select_records(BENCHMARK)]
    assert first == again and first != other and first != plain
    assert sorted(first) == sorted(plain)

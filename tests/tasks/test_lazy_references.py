"""References are prepared as samples start: a limited run renders only its own samples, and a
reference that cannot be prepared fails only its sample, reported as an infrastructure fault."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from inspect_ai import eval as inspect_eval
from inspect_ai.log import EvalLog

from code3dbench.assets.locations import resolve_manifest
from code3dbench.assets.manifest import parse_manifest
from code3dbench.assets.store import sha256_bytes
from code3dbench.tasks.tasks import single_shot
from tests.assets.mirror import broken_glb

pytestmark = [pytest.mark.chromium, pytest.mark.slow]
BENCHMARK = resolve_manifest("benchmark")


def rendered(cache: Path) -> list[Path]:
    return sorted(cache.glob("references/*/*/render.png"))


def run(task, limit: int | None = None) -> EvalLog:
    [log] = inspect_eval(task, model="code3dbench/box", limit=limit, display="none", log_dir=None)
    assert log.status == "success", log.error
    return log


def test_a_limited_run_renders_only_its_samples(monkeypatch, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("CODE3DBENCH_CACHE", str(cache))
    monkeypatch.chdir(tmp_path)
    log = run(single_shot(sandbox="local"), limit=2)
    assert len(log.samples) == 2 and len(rendered(cache)) == 2
    for sample in log.samples:
        assert Path(sample.metadata["reference_image"]) in rendered(cache)
        assert sample.scores["geometry_and_image"].value["single_exec"] == 1.0


def test_an_unusable_reference_fails_only_its_sample(monkeypatch, tmp_path: Path) -> None:
    """One good object, one whose shipped file was altered, one three.js cannot read."""
    monkeypatch.setenv("CODE3DBENCH_CACHE", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    good, altered = BENCHMARK.objects[0], BENCHMARK.objects[1]
    broken = broken_glb()
    unreadable = good.model_copy(
        update={"id": "testpack/unreadable", "sha256": sha256_bytes(broken), "bytes": len(broken)}
    )
    folder = tmp_path / "set"
    for record, data in [
        (good, BENCHMARK.shipped_glb_path(good).read_bytes()),
        (altered, BENCHMARK.shipped_glb_path(altered).read_bytes() + b"tampered"),
        (unreadable, broken),
    ]:
        path = folder / "glb" / f"{record.id}.glb"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    manifest = parse_manifest(
        {"name": "three", "objects": [r.model_dump() for r in (good, altered, unreadable)]}
    )
    (folder / "manifest.json").write_text(manifest.to_json())
    log = run(single_shot(dataset=str(folder / "manifest.json"), sandbox="local"))
    scores = {s.id: s.scores["geometry_and_image"] for s in log.samples}
    assert scores[good.id].value["single_exec"] == 1.0
    assert scores[good.id].value["sandbox_error"] == 0.0
    for object_id, cause in [(altered.id, "sha256 mismatch"), ("testpack/unreadable", "render")]:
        score = scores[object_id]
        assert score.answer == "reference_error" and cause in score.explanation, score.explanation
        assert score.value["sandbox_error"] == 1.0 and math.isnan(score.value["single_exec"])
    # The model was never asked for the samples without a reference.
    asked = {s.id for s in log.samples if any(m.role == "assistant" for m in s.messages)}
    assert asked == {good.id}

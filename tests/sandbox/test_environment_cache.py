"""The render page's environment map is computed once and reused from a cache file.

Computing it costs about 2 s per browser; the cached texels must draw exactly the same pixels,
and a damaged or unwritable cache must only cost that time again, never a wrong render.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from code3dbench.sandbox.runner_files import runner_script
from tests.conftest import require_runner

pytestmark = pytest.mark.chromium
CACHE_ENV = "CODE3DBENCH_RUNNER_CACHE"
# A metallic, a rough and a textured-looking part: the environment map shows on all of them.
PROGRAM = """
function buildObject() {
  const group = new THREE.Group();
  const metal = new THREE.Mesh(new THREE.TorusKnotGeometry(0.5, 0.15, 64, 8),
    new THREE.MeshStandardMaterial({ color: 0xb0b8c0, metalness: 1.0, roughness: 0.2 }));
  const rough = new THREE.Mesh(new THREE.BoxGeometry(1.2, 0.2, 1.2),
    new THREE.MeshStandardMaterial({ color: 0x8a5a2b, metalness: 0.0, roughness: 0.9 }));
  rough.position.y = -0.8;
  group.add(metal, rough);
  return group;
}
"""


def _node(*args: str, cache: Path, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, CACHE_ENV: str(cache)}
    command = ["node", str(runner_script()), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=180, env=env, cwd=cwd)


def _bake(cache: Path, cwd: Path) -> dict:
    done = _node("--bake-environment", cache=cache, cwd=cwd)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _render(cache: Path, tmp_path: Path, name: str) -> tuple[bytes, bytes]:
    program = tmp_path / "program.js"
    program.write_text(PROGRAM)
    out = tmp_path / name
    done = _node("--program", str(program), "--out", str(out), cache=cache, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads((out / "result.json").read_text())["status"] == "ok"
    return (out / "render.png").read_bytes(), (out / "object.glb").read_bytes()


def test_baked_once_then_read_from_the_cache(tmp_path: Path) -> None:
    require_runner()
    cache = tmp_path / "cache"

    first = _bake(cache, tmp_path)
    second = _bake(cache, tmp_path)

    assert first["source"] == "computed" and second["source"] == "cached"
    assert first["file"] == second["file"] and Path(first["file"]).parent == cache
    data = json.loads(Path(first["file"]).read_text())
    assert data["size"] == 256 and data["levels"] == 6
    # 6 faces, mip levels 256..8 px, RGBA half floats, base64.
    texels = 6 * sum((256 >> level) ** 2 for level in range(6)) * 4 * 2
    assert len(data["texels"]) == 4 * -(-texels // 3)


def test_cached_environment_draws_the_same_pixels(tmp_path: Path) -> None:
    require_runner()
    cache = tmp_path / "cache"

    computed = _render(cache, tmp_path, "computed")  # empty cache: the page computes the map
    [cache_file] = cache.glob("environment-*.json")
    cached = _render(cache, tmp_path, "cached")
    cache_file.write_text(cache_file.read_text()[:-4000] + '"}')  # damaged: recomputed
    repaired = _render(cache, tmp_path, "repaired")

    assert cached == computed and repaired == computed
    assert _bake(cache, tmp_path)["source"] == "cached"  # the damaged file was replaced


def test_an_unwritable_cache_still_renders(tmp_path: Path) -> None:
    require_runner()
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be")

    reference = _render(tmp_path / "cache", tmp_path, "reference")
    rendered = _render(blocked, tmp_path, "unwritable")

    assert rendered == reference
    assert _bake(blocked, tmp_path)["source"] == "computed, not cached"

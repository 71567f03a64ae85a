"""The runner's Node-side validation (``runner/lib/validate.mjs``) on its own.

The execution page checks the object first, so a normal program never reaches these checks with
bad data; but the page runs the program's code, and Node's check is the one a program cannot
tamper with. ``node/validate_cases.mjs`` feeds it crafted extractions directly.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from code3dbench.sandbox.runner_files import runner_dir
from tests.conftest import require_runner, run_node_script

pytestmark = pytest.mark.chromium
DRIVER = Path(__file__).parent / "node" / "validate_cases.mjs"
LIMITS = {"maxTriangles": 100}
TRIANGLE = {"positions": [0, 0, 0, 1, 0, 0, 0, 1, 0], "indices": [0, 1, 2]}


def part(**fields) -> dict:
    return {"name": "part", **TRIANGLE, **fields}


REFUSED: dict[str, tuple[dict, str, str]] = {
    "index_past_the_vertices": (
        {"parts": [part(indices=[0, 1, 3])]},
        "invalid_geometry",
        'mesh "part": index 3 points past its 3 vertices',
    ),
    "index_past_the_vertices_in_a_later_triangle": (
        {"parts": [part(indices=[0, 1, 2, 2, 1, 4_000_000_000])]},
        "invalid_geometry",
        "index 4000000000 points past its 3 vertices",
    ),
    "nan_coordinate": (
        {"parts": [part(positions=[0, 0, 0, 1, "NaN", 0, 0, 1, 0])]},
        "invalid_geometry",
        "1 of 9 vertex coordinates are NaN or infinite",
    ),
    "infinite_coordinate": (
        {"parts": [part(positions=[0, 0, 0, 1, 0, 0, 0, "Infinity", 0])]},
        "invalid_geometry",
        "NaN or infinite",
    ),
    "truncated_buffer": (
        {"parts": [part(positions={"b64": "AAAAAAA="})]},
        "invalid_geometry",
        "positions has a truncated buffer",
    ),
    "missing_positions": (
        {"parts": [{"name": "part", "indices": TRIANGLE["indices"]}]},
        "invalid_geometry",
        "positions is missing",
    ),
    "count_not_a_multiple_of_three": (
        {"parts": [part(indices=[0, 1])]},
        "invalid_geometry",
        "not a multiple of 3",
    ),
    "normals_of_the_wrong_length": (
        {"parts": [part(normals=[0, 0, 1])]},
        "invalid_geometry",
        "normals do not match its vertices",
    ),
    "too_many_triangles": (
        {"parts": [part(indices=[0, 1, 2] * 60), part(indices=[0, 1, 2] * 41)]},
        "too_large",
        "more than 100 triangles",
    ),
    "no_triangles": ({"parts": [part(indices=[])]}, "empty_geometry", "no triangles"),
    "no_parts": ({"parts": []}, "empty_geometry", "no triangles"),
    "zero_area": (
        {"parts": [part(positions=[0, 0, 0, 1, 0, 0, 2, 0, 0])]},
        "empty_geometry",
        "all 1 triangles have zero area",
    ),
    "not_an_extraction": ({"outcome": "extracted"}, "invalid_output", "could not be read"),
}

ACCEPTED = {
    "triangle": {"parts": [part()]},
    "hostile_material_and_bad_normals": {
        "parts": [
            part(
                normals=[0, 0, 1, 0, 0, 1, 0, "NaN", 1],
                material={
                    "kind": "shader",
                    "name": "m" * 500,
                    "color": [1, "NaN", 0],
                    "opacity": 7,
                    "roughness": -3,
                    "side": 9,
                    "map": "javascript:alert(1)",
                },
            )
        ]
    },
}


@pytest.fixture(scope="module")
def validated() -> dict[str, dict]:
    require_runner()
    cases = {name: {"extraction": e, "limits": LIMITS} for name, (e, _, _) in REFUSED.items()}
    cases |= {name: {"extraction": e, "limits": LIMITS} for name, e in ACCEPTED.items()}
    return run_node_script(DRIVER, str(runner_dir()), stdin=json.dumps(cases), timeout=60)


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_bad_data_is_refused_with_its_status_and_reason(validated, name: str) -> None:
    _, status, reason = REFUSED[name]
    assert validated[name]["status"] == status
    assert reason in validated[name]["message"]


def test_a_good_triangle_passes_with_its_statistics(validated) -> None:
    result = validated["triangle"]
    assert result["status"] == "ok"
    stats = result["stats"]
    assert (stats["triangles"], stats["vertices"], stats["meshes"]) == (1, 3, 1)
    assert stats["surfaceArea"] == pytest.approx(0.5)
    assert stats["bbox"] == {"min": [0, 0, 0], "max": [1, 1, 0]}


def test_hostile_materials_are_sanitised_and_bad_normals_dropped(validated) -> None:
    result = validated["hostile_material_and_bad_normals"]
    assert result["status"] == "ok"
    assert result["normals"] == [False]
    assert any("non-finite normals dropped" in note for note in result["notes"])
    [material] = result["materials"]
    assert material["kind"] == "standard" and len(material["name"]) == 200
    assert material["color"] == [0.8, 0.8, 0.8]
    assert (material["opacity"], material["roughness"], material["side"]) == (1, 0, 0)
    assert material["map"] is None

"""Batch scoring of many pairs and the `code3dbench score-meshes` command."""

from __future__ import annotations

import argparse
import csv
import io
import json
from pathlib import Path

import pytest
import trimesh

from code3dbench.scorers.geometry import (
    MeshPair,
    PairsFileError,
    read_pairs_csv,
    score_meshes,
    score_pairs,
)
from code3dbench.scorers.geometry.cli import register


def run_cli(argv: list[str]) -> int:
    """Parse and run `score-meshes` through a parser holding only this subcommand."""
    parser = argparse.ArgumentParser(prog="code3dbench")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.handler(args)


@pytest.fixture
def mesh_folder(tmp_path: Path) -> Path:
    """A folder with box.glb, flat_box.glb, cone.glb, a corrupt.glb and pairs.csv."""
    trimesh.creation.box().export(tmp_path / "box.glb")
    trimesh.creation.box(extents=(1.0, 1.0, 0.6)).export(tmp_path / "flat_box.glb")
    trimesh.creation.cone(radius=0.5, height=1.0, sections=16).export(tmp_path / "cone.glb")
    (tmp_path / "corrupt.glb").write_bytes(b"not a glb at all")
    (tmp_path / "pairs.csv").write_text(
        "id,pred,gt\nflat,flat_box.glb,box.glb\nbroken,corrupt.glb,box.glb\ncone,cone.glb,box.glb\n"
    )
    return tmp_path


# ---------------------------------------------------------------- batch API


def test_read_pairs_resolves_paths_against_the_csv_folder(mesh_folder: Path) -> None:
    pairs = read_pairs_csv(mesh_folder / "pairs.csv")

    assert [pair.pair_id for pair in pairs] == ["flat", "broken", "cone"]
    assert pairs[0].pred == mesh_folder / "flat_box.glb"
    assert pairs[0].gt == mesh_folder / "box.glb"


def test_read_pairs_numbers_rows_without_an_id_column(tmp_path: Path) -> None:
    (tmp_path / "pairs.csv").write_text("pred,gt\na.glb,b.glb\n/abs/c.glb,d.glb\n")

    pairs = read_pairs_csv(tmp_path / "pairs.csv")

    assert [pair.pair_id for pair in pairs] == ["1", "2"]
    assert pairs[1].pred == Path("/abs/c.glb")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("id,prediction,gt\n1,a.glb,b.glb\n", "missing column"),
        ("id,pred,gt\n", "lists no pair"),
        ("id,pred,gt\nx,a.glb,b.glb\nx,c.glb,d.glb\n", "line 3: duplicate id 'x'"),
        ("id,pred,gt\nx,,b.glb\n", "line 2: empty pred or gt path"),
    ],
)
def test_bad_pairs_files_are_refused(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "pairs.csv").write_text(content)

    with pytest.raises(PairsFileError, match=message):
        read_pairs_csv(tmp_path / "pairs.csv")


def test_a_missing_pairs_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PairsFileError, match="cannot read the pairs file"):
        read_pairs_csv(tmp_path / "absent.csv")


def test_a_failing_pair_is_an_entry_not_a_crash(mesh_folder: Path) -> None:
    results = score_pairs(read_pairs_csv(mesh_folder / "pairs.csv"), n_samples=2_000)

    assert [result.pair.pair_id for result in results] == ["flat", "broken", "cone"]
    broken = results[1]
    assert broken.scores is None
    assert broken.error is not None
    assert broken.error.startswith("MeshLoadError: ")
    assert "corrupt.glb" in broken.error
    expected = score_meshes(mesh_folder / "flat_box.glb", mesh_folder / "box.glb", n_samples=2_000)
    assert results[0].scores == expected
    assert results[2].error is None


def test_a_process_pool_gives_the_same_numbers(mesh_folder: Path) -> None:
    pairs = [
        MeshPair("flat", mesh_folder / "flat_box.glb", mesh_folder / "box.glb"),
        MeshPair("cone", mesh_folder / "cone.glb", mesh_folder / "box.glb"),
    ]

    in_process = score_pairs(pairs, n_samples=2_000)
    pooled = score_pairs(pairs, n_samples=2_000, processes=2)

    assert [r.to_dict() for r in pooled] == [r.to_dict() for r in in_process]


def test_a_pool_needs_the_cpu_backend() -> None:
    with pytest.raises(ValueError, match="processes > 1 needs the cpu backend"):
        score_pairs([], backend="pytorch3d", processes=2)


# ---------------------------------------------------------------- command line


def test_json_output_is_one_object_with_the_metric_keys(
    mesh_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = run_cli(
        [
            "score-meshes",
            str(mesh_folder / "flat_box.glb"),
            str(mesh_folder / "box.glb"),
            "--samples",
            "2000",
            "--seed",
            "3",
            "--json",
        ]
    )

    result = json.loads(capsys.readouterr().out)
    assert status == 0
    assert {"cd", "f1", "f2", "f5", "nc"} <= result.keys()
    assert "cd_aligned" not in result
    assert result["conventions"]["n_samples"] == 2000
    assert result["conventions"]["seed"] == 3
    expected = score_meshes(
        mesh_folder / "flat_box.glb", mesh_folder / "box.glb", n_samples=2000, seed=3
    )
    assert result["cd"] == expected.cd


def test_aligned_flag_adds_the_diagnostic(
    mesh_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = run_cli(
        [
            "score-meshes",
            str(mesh_folder / "cone.glb"),
            str(mesh_folder / "box.glb"),
            "--samples",
            "2000",
            "--aligned",
            "--json",
        ]
    )

    result = json.loads(capsys.readouterr().out)
    assert status == 0
    assert result["cd_aligned"] <= result["cd_uncapped"]
    assert 0.0 <= result["f5_aligned"] <= 1.0


def test_text_output_is_one_line(mesh_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = run_cli(["score-meshes", str(mesh_folder / "box.glb"), str(mesh_folder / "box.glb")])

    out = capsys.readouterr().out
    assert status == 0
    assert out.count("\n") == 1
    assert out.startswith("CD x1e3 ")
    assert "F@1" in out and "NC" in out and "10000 samples, seed 0, cpu" in out


@pytest.mark.parametrize("bad_file", ["absent.glb", "corrupt.glb"])
def test_missing_or_corrupt_file_exits_2_naming_it(
    mesh_folder: Path, capsys: pytest.CaptureFixture[str], bad_file: str
) -> None:
    status = run_cli(
        ["score-meshes", str(mesh_folder / bad_file), str(mesh_folder / "box.glb"), "--json"]
    )

    captured = capsys.readouterr()
    assert status == 2
    assert captured.out == ""
    assert bad_file in captured.err


@pytest.mark.parametrize(
    "argv",
    [
        ["score-meshes", "a.glb"],
        ["score-meshes", "a.glb", "b.glb", "--pairs", "p.csv"],
        ["score-meshes", "a.glb", "b.glb", "--out", "x.csv"],
        ["score-meshes", "--pairs", "p.csv", "--out", "x.txt"],
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(argv) == 2
    assert "error:" in capsys.readouterr().err


def test_pairs_to_csv_marks_the_bad_row(
    mesh_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = mesh_folder / "results.csv"

    status = run_cli(
        [
            "score-meshes",
            "--pairs",
            str(mesh_folder / "pairs.csv"),
            "--samples",
            "2000",
            "--out",
            str(out),
        ]
    )

    rows = list(csv.DictReader(out.open()))
    assert status == 0
    assert [row["id"] for row in rows] == ["flat", "broken", "cone"]
    assert rows[0]["error"] == "" and float(rows[0]["cd"]) > 0
    assert rows[1]["cd"] == "" and "MeshLoadError" in rows[1]["error"]
    assert rows[2]["n_samples"] == "2000"
    assert "scored 2 of 3 pairs; 1 failed" in capsys.readouterr().err


def test_pairs_to_json_with_the_diagnostic(mesh_folder: Path) -> None:
    out = mesh_folder / "results.json"

    status = run_cli(
        [
            "score-meshes",
            "--pairs",
            str(mesh_folder / "pairs.csv"),
            "--samples",
            "2000",
            "--aligned",
            "--out",
            str(out),
        ]
    )

    results = json.loads(out.read_text())
    assert status == 0
    assert [result["id"] for result in results] == ["flat", "broken", "cone"]
    assert results[1]["error"].startswith("MeshLoadError")
    assert "cd_aligned" in results[0] and "cd_aligned" not in results[1]


def test_pairs_to_stdout_is_csv_unless_json(
    mesh_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pairs_file = str(mesh_folder / "pairs.csv")

    assert run_cli(["score-meshes", "--pairs", pairs_file, "--samples", "500"]) == 0
    as_csv = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert run_cli(["score-meshes", "--pairs", pairs_file, "--samples", "500", "--json"]) == 0
    as_json = json.loads(capsys.readouterr().out)

    assert [row["id"] for row in as_csv] == [row["id"] for row in as_json]


def test_no_scorable_pair_exits_1(mesh_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (mesh_folder / "bad.csv").write_text("pred,gt\ncorrupt.glb,box.glb\nabsent.glb,box.glb\n")

    status = run_cli(["score-meshes", "--pairs", str(mesh_folder / "bad.csv")])

    assert status == 1
    assert "scored 0 of 2 pairs" in capsys.readouterr().err


def test_a_bad_pairs_file_exits_2(mesh_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (mesh_folder / "bad.csv").write_text("left,right\na.glb,b.glb\n")

    assert run_cli(["score-meshes", "--pairs", str(mesh_folder / "bad.csv")]) == 2
    assert "missing column" in capsys.readouterr().err


def test_the_package_command_dispatches_score_meshes(
    mesh_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package_cli = pytest.importorskip("code3dbench.cli")

    status = package_cli.main(
        ["score-meshes", str(mesh_folder / "box.glb"), str(mesh_folder / "box.glb"), "--json"]
    )

    assert status == 0
    assert json.loads(capsys.readouterr().out)["f5"] == 1.0

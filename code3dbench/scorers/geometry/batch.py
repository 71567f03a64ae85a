"""Score many (prediction, ground truth) pairs; a failing pair is an entry, not a crash.

Used for the benchmark's own outputs and for scale references (for example an
image-to-3D system's meshes against the ground truth), read from a CSV with the
columns `id` (optional), `pred` and `gt`.
"""

from __future__ import annotations

import csv
import functools
import json
import logging
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from code3dbench.scorers.geometry.backends import CpuBackend, GeometryBackend, get_backend
from code3dbench.scorers.geometry.constants import (
    DEFAULT_CD_CAP,
    DEFAULT_N_SAMPLES,
    DEFAULT_SEED,
)
from code3dbench.scorers.geometry.errors import GeometryError
from code3dbench.scorers.geometry.mesh import TriangleMesh
from code3dbench.scorers.geometry.score import MeshInput, score_meshes
from code3dbench.scorers.geometry.scores import GeometryScores

logger = logging.getLogger(__name__)

SCORE_COLUMNS = ("cd", "f1", "f2", "f5", "nc", "cd_uncapped", "cd_capped")
ALIGNED_COLUMNS = ("cd_aligned", "f5_aligned", "rotation", "icp_iterations")
CONVENTION_COLUMNS = (
    "n_samples",
    "seed",
    "backend",
    "normalization",
    "sampling",
    "cd_cap",
    "cd_scale",
    "f_thresholds",
)


class PairsFileError(ValueError):
    """The pairs CSV itself is unusable (missing, wrong columns, empty, duplicate ids)."""


@dataclass(frozen=True)
class MeshPair:
    """One prediction to score against one ground truth.

    Attributes:
        pair_id: Name of the pair in results and error messages.
        pred: The predicted mesh or its file.
        gt: The ground-truth mesh or its file.
    """

    pair_id: str
    pred: MeshInput
    gt: MeshInput


@dataclass(frozen=True)
class PairResult:
    """The outcome of one pair: scores, or the error that prevented them.

    Attributes:
        pair: The pair.
        scores: The scores, None when the pair failed.
        error: "ErrorType: message" when the pair failed, else None.
    """

    pair: MeshPair
    scores: GeometryScores | None
    error: str | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary: id, pred, gt, the scores' keys (when scored), error."""
        result: dict[str, Any] = {
            "id": self.pair.pair_id,
            "pred": _describe(self.pair.pred),
            "gt": _describe(self.pair.gt),
        }
        if self.scores is not None:
            result.update(self.scores.to_dict())
        result["error"] = self.error
        return result

    def to_row(self) -> dict[str, str | int | float | bool | None]:
        """Flat dictionary for CSV: conventions inlined, lists and dicts as JSON text."""
        flat = self.to_dict()
        flat.update(flat.pop("conventions", {}))
        return {
            key: json.dumps(value) if isinstance(value, list | dict) else value
            for key, value in flat.items()
        }


def _describe(source: MeshInput) -> str:
    """A mesh's name or a file's path, for result rows."""
    return source.name if isinstance(source, TriangleMesh) else os.fspath(source)


def read_pairs_csv(path: str | os.PathLike[str]) -> list[MeshPair]:
    """Read pairs from a CSV with columns `pred`, `gt` and optionally `id`.

    Relative paths are taken from the CSV's folder. Without an `id` column the
    pairs are numbered from 1 in file order.

    Args:
        path: The CSV file.

    Returns:
        The pairs, in file order.

    Raises:
        PairsFileError: The file is missing or unreadable, lacks a column, has an
            empty path cell, repeats an id, or lists no pair.
    """
    csv_path = Path(path)
    try:
        with csv_path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            columns = set(reader.fieldnames or ())
            missing = {"pred", "gt"} - columns
            if missing:
                raise PairsFileError(
                    f"{csv_path}: missing column(s) {', '.join(sorted(missing))}; "
                    f"the header must name pred and gt (and optionally id), found {sorted(columns)}"
                )
            rows = list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise PairsFileError(f"{csv_path}: cannot read the pairs file ({exc})") from exc
    folder = csv_path.parent
    pairs: list[MeshPair] = []
    seen: set[str] = set()
    for number, row in enumerate(rows, start=1):
        line = number + 1  # the header is line 1
        pair_id = (row.get("id") or "").strip() or str(number)
        pred, gt = (row.get("pred") or "").strip(), (row.get("gt") or "").strip()
        if not pred or not gt:
            raise PairsFileError(f"{csv_path}, line {line}: empty pred or gt path")
        if pair_id in seen:
            raise PairsFileError(f"{csv_path}, line {line}: duplicate id {pair_id!r}")
        seen.add(pair_id)
        pairs.append(MeshPair(pair_id=pair_id, pred=folder / pred, gt=folder / gt))
    if not pairs:
        raise PairsFileError(f"{csv_path}: lists no pair; add rows under the header")
    return pairs


def _score_one(
    pair: MeshPair,
    *,
    n_samples: int,
    seed: int,
    cd_cap: float,
    backend: GeometryBackend,
    aligned: bool,
    icp: bool,
) -> PairResult:
    """Score one pair, turning a mesh error into an error entry that names the pair."""
    try:
        scores = score_meshes(
            pair.pred,
            pair.gt,
            n_samples=n_samples,
            seed=seed,
            cd_cap=cd_cap,
            backend=backend,
            aligned=aligned,
            icp=icp,
        )
    except GeometryError as exc:
        logger.warning("pair %s could not be scored: %s", pair.pair_id, exc)
        return PairResult(pair=pair, scores=None, error=f"{type(exc).__name__}: {exc}")
    return PairResult(pair=pair, scores=scores, error=None)


def score_pairs(
    pairs: Iterable[MeshPair],
    *,
    n_samples: int = DEFAULT_N_SAMPLES,
    seed: int = DEFAULT_SEED,
    cd_cap: float = DEFAULT_CD_CAP,
    backend: str = "cpu",
    aligned: bool = False,
    icp: bool = True,
    processes: int = 1,
) -> list[PairResult]:
    """Score every pair with the same conventions; failures become error entries.

    Args:
        pairs: The pairs to score.
        n_samples: Points per mesh.
        seed: Sampling seed (each pair uses the same seed).
        cd_cap: Cap on the raw Chamfer distance.
        backend: "cpu" or "pytorch3d".
        aligned: Also compute the orientation-robust diagnostic.
        icp: Refine the diagnostic with rigid ICP.
        processes: Worker processes (CPU backend only); 1 scores in this process
            with multi-threaded KD-tree queries, more use a process pool with
            single-threaded queries.

    Returns:
        One result per pair, in input order.

    Raises:
        BackendUnavailableError: The backend cannot run here (raised before any pair).
        ValueError: `processes` is below 1, or above 1 with a non-CPU backend.
    """
    if processes < 1:
        raise ValueError(f"processes must be at least 1, got {processes}")
    if processes > 1 and backend != "cpu":
        raise ValueError(f"processes > 1 needs the cpu backend, got {backend!r}")
    resolved = get_backend(backend) if processes == 1 else CpuBackend(workers=1)
    score_one = functools.partial(
        _score_one,
        n_samples=n_samples,
        seed=seed,
        cd_cap=cd_cap,
        backend=resolved,
        aligned=aligned,
        icp=icp,
    )
    pair_list = list(pairs)
    if processes == 1:
        return [score_one(pair) for pair in pair_list]
    with ProcessPoolExecutor(max_workers=processes) as pool:
        return list(pool.map(score_one, pair_list))


def result_columns(results: Sequence[PairResult]) -> list[str]:
    """CSV header: id, pred, gt, the scores, the diagnostic (if any), conventions, error."""
    with_aligned = any(r.scores is not None and r.scores.aligned is not None for r in results)
    return [
        "id",
        "pred",
        "gt",
        *SCORE_COLUMNS,
        *(ALIGNED_COLUMNS if with_aligned else ()),
        *CONVENTION_COLUMNS,
        "error",
    ]


def write_results_csv(results: Sequence[PairResult], stream: IO[str]) -> None:
    """Write one CSV row per result; a failed pair has empty score cells and an error."""
    writer = csv.DictWriter(stream, fieldnames=result_columns(results), lineterminator="\n")
    writer.writeheader()
    for result in results:
        writer.writerow(result.to_row())


def write_results_json(results: Sequence[PairResult], stream: IO[str]) -> None:
    """Write a JSON array with one object per result (see `PairResult.to_dict`)."""
    json.dump([result.to_dict() for result in results], stream, indent=2)
    stream.write("\n")

"""Typed results: the scores of one pair and the conventions that produced them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from code3dbench.scorers.geometry.constants import (
    CD_REPORT_SCALE,
    DEFAULT_CD_CAP,
    DEFAULT_N_SAMPLES,
    DEFAULT_SEED,
    F_SCORE_THRESHOLDS,
    NORMALIZATION,
    SAMPLING,
)


@dataclass(frozen=True)
class ScoringConventions:
    """Everything a geometry number depends on, written into every result.

    Attributes:
        n_samples: Points sampled on each mesh.
        seed: Seed of the sampling streams (None when the caller supplied the samples).
        f_thresholds: F-score name -> distance threshold (normalized units).
        cd_cap: Cap on the raw Chamfer distance (before scaling).
        cd_scale: Factor applied to the Chamfer distance when reported.
        normalization: Name of the per-mesh normalization.
        sampling: Name of the sampling scheme.
        backend: Backend that sampled and found neighbours ("cpu", "pytorch3d").
    """

    n_samples: int = DEFAULT_N_SAMPLES
    seed: int | None = DEFAULT_SEED
    f_thresholds: dict[str, float] = field(default_factory=lambda: dict(F_SCORE_THRESHOLDS))
    cd_cap: float = DEFAULT_CD_CAP
    cd_scale: float = CD_REPORT_SCALE
    normalization: str = NORMALIZATION
    sampling: str = SAMPLING
    backend: str = "cpu"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary."""
        return {
            "n_samples": self.n_samples,
            "seed": self.seed,
            "f_thresholds": dict(self.f_thresholds),
            "cd_cap": self.cd_cap,
            "cd_scale": self.cd_scale,
            "normalization": self.normalization,
            "sampling": self.sampling,
            "backend": self.backend,
        }


@dataclass(frozen=True)
class AlignedScores:
    """Orientation-robust diagnostic: the best of the 24 axis rotations, then rigid ICP.

    Reported beside the main scores, never instead of them. On the same samples
    `cd_aligned <= GeometryScores.cd_uncapped` always holds (the identity is one of
    the rotations and ICP only accepts improving steps).

    Attributes:
        cd_aligned: Chamfer distance x 10^3 after alignment (not capped).
        f5_aligned: F@0.05 after alignment.
        rotation: The winning axis-aligned rotation, a 3x3 matrix of 0 and +-1,
            applied to the normalized prediction (row i is output axis i).
        icp_iterations: ICP steps accepted after the rotation (0 when ICP is off).
    """

    cd_aligned: float
    f5_aligned: float
    rotation: tuple[tuple[int, int, int], ...]
    icp_iterations: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary with keys cd_aligned, f5_aligned, rotation, icp_iterations."""
        return {
            "cd_aligned": self.cd_aligned,
            "f5_aligned": self.f5_aligned,
            "rotation": [list(row) for row in self.rotation],
            "icp_iterations": self.icp_iterations,
        }


@dataclass(frozen=True)
class GeometryScores:
    """The geometry metrics of one predicted mesh against its ground truth.

    Attributes:
        cd: Chamfer distance x 10^3, capped at `conventions.cd_cap` x 10^3.
        f1: F-score at 0.01 (fraction in [0, 1]).
        f2: F-score at 0.02.
        f5: F-score at 0.05.
        nc: Normal consistency, mean |cos| both ways, in [0, 1].
        cd_uncapped: Chamfer distance x 10^3 before the cap.
        cd_capped: Whether the cap applied (`cd` < `cd_uncapped`).
        conventions: The settings behind these numbers.
        aligned: The orientation-robust diagnostic, when it was asked for.
    """

    cd: float
    f1: float
    f2: float
    f5: float
    nc: float
    cd_uncapped: float
    cd_capped: bool
    conventions: ScoringConventions
    aligned: AlignedScores | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary: cd, f1, f2, f5, nc, cd_uncapped, cd_capped, conventions.

        The diagnostic's keys (cd_aligned, f5_aligned, rotation, icp_iterations) are
        added at the top level only when `aligned` is set.
        """
        result: dict[str, Any] = {
            "cd": self.cd,
            "f1": self.f1,
            "f2": self.f2,
            "f5": self.f5,
            "nc": self.nc,
            "cd_uncapped": self.cd_uncapped,
            "cd_capped": self.cd_capped,
        }
        if self.aligned is not None:
            result.update(self.aligned.to_dict())
        result["conventions"] = self.conventions.to_dict()
        return result

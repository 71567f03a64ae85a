"""The numbers that define the benchmark's geometry metrics, in one place.

Changing any of these changes every reported number: each result records them in
its `ScoringConventions` so a number can be traced back to the settings behind it.
"""

from __future__ import annotations

from types import MappingProxyType

DEFAULT_N_SAMPLES = 10_000
"""Points sampled on each mesh (prediction and ground truth alike)."""

DEFAULT_SEED = 0
"""Seed of the sampling streams; the same seed gives bit-identical numbers."""

PRED_STREAM = 0
"""Spawn key of the prediction's random stream under the seed."""

GT_STREAM = 1
"""Spawn key of the ground truth's random stream (independent of the prediction's)."""

F_SCORE_THRESHOLDS: MappingProxyType[str, float] = MappingProxyType(
    {"f1": 0.01, "f2": 0.02, "f5": 0.05}
)
"""F-score name -> distance threshold, in units of the normalized object's longest side."""

CD_REPORT_SCALE = 1_000.0
"""Chamfer distance is reported multiplied by this factor (CD x 10^3)."""

DEFAULT_CD_CAP = 1.0
"""Per-object cap on the raw Chamfer distance (before scaling; 1.0 is 1000 reported)."""

NORMALIZATION = "bbox_centre_longest_side_1"
"""Name of the normalization: bounding-box centre to the origin, longest side scaled to 1."""

SAMPLING = "area_weighted_face_normals"
"""Name of the sampling: faces drawn by area, uniform barycentric points, face normals."""

ALIGN_SEARCH_SAMPLES = 2_000
"""Points per side (an even stride of the samples) for the 24-rotation search and ICP."""

ICP_MAX_ITERATIONS = 20
"""Most rigid ICP steps of the orientation-robust diagnostic."""

ICP_RELATIVE_TOLERANCE = 1e-4
"""ICP stops once a step lowers the Chamfer distance by less than this fraction."""

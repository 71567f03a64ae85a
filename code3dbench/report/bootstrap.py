"""The paired bootstrap: a seeded percentile interval for the mean of paired differences.

Each of `RESAMPLES` resamples draws n of the n paired differences with replacement (numpy's
PCG64 generator seeded with `SEED`, indices drawn row by row in blocks of `BLOCK` resamples,
which gives the same indices as one draw of all rows); the interval is the
``(1 - CONFIDENCE) / 2`` and ``(1 + CONFIDENCE) / 2`` quantiles of the resampled means
(numpy's default linear interpolation). The same seed for every comparison makes a report
reproducible to the last digit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

RESAMPLES = 10_000
"""Resamples per interval (the Monte Carlo error of a 95% bound is then well below its width)."""

SEED = 0
"""Seed of every interval's resampling."""

CONFIDENCE = 0.95
"""Coverage of the percentile interval."""

BLOCK = 1_000
"""Resamples drawn at once (bounds the memory of the index matrix)."""


@dataclass(frozen=True)
class Interval:
    """A mean difference and its bootstrap interval.

    Attributes:
        mean: The mean of the paired differences.
        low: The lower bound of the interval.
        high: The upper bound.
        n: The number of paired differences.
    """

    mean: float
    low: float
    high: float
    n: int

    @property
    def excludes_zero(self) -> bool:
        """True when the whole interval lies on one side of 0."""
        return self.low > 0 or self.high < 0


def bootstrap_mean(
    differences: Sequence[float],
    resamples: int = RESAMPLES,
    seed: int = SEED,
    confidence: float = CONFIDENCE,
) -> Interval | None:
    """The mean of ``differences`` with its paired-bootstrap percentile interval.

    Args:
        differences: One paired difference per unit (NaN is not allowed here: pair first).
        resamples: Number of resamples.
        seed: Seed of the generator.
        confidence: Coverage of the interval, in (0, 1).

    Returns:
        The interval, or None when there is no difference to average.

    Raises:
        ValueError: a difference is NaN or infinite, or an argument is out of range.
    """
    values = np.asarray(differences, dtype=float)
    if not np.all(np.isfinite(values)):
        raise ValueError("bootstrap_mean: differences must be finite (pair the samples first)")
    if resamples < 1 or not 0 < confidence < 1:
        raise ValueError(f"bootstrap_mean: resamples {resamples}, confidence {confidence}")
    n = len(values)
    if n == 0:
        return None
    rng = np.random.default_rng(seed)
    means = np.empty(resamples)
    for start in range(0, resamples, BLOCK):
        rows = min(BLOCK, resamples - start)
        indices = rng.integers(0, n, size=(rows, n))
        means[start : start + rows] = values[indices].mean(axis=1)
    tail = (1 - confidence) / 2
    low, high = np.quantile(means, [tail, 1 - tail])
    return Interval(math.fsum(values) / n, float(low), float(high), n)

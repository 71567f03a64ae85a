"""Colour conversion shared by the baselines: image pixels (sRGB) to three's linear colours."""

from __future__ import annotations

import numpy as np


def srgb_to_linear(values: np.ndarray) -> np.ndarray:
    """8-bit sRGB values (any shape) to linear RGB in [0, 1], three's working colour space."""
    c = np.asarray(values, dtype=float) / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)

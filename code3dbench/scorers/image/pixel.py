"""Pixel metrics: SSIM and MSE on RGB in [0, 1] (NumPy and scikit-image, no torch)."""

from __future__ import annotations

import numpy as np
from skimage.metrics import structural_similarity

from code3dbench.scorers.image.constants import DATA_RANGE, SSIM_SIGMA


def ssim(pred: np.ndarray, ref: np.ndarray) -> float:
    """Structural similarity of two (H, W, 3) RGB arrays in [0, 1], per channel then averaged.

    The settings of Wang et al. (2004): an 11 x 11 Gaussian window with sigma 1.5,
    population covariances, K1 = 0.01, K2 = 0.03, data range 1. SSIM is computed on
    R, G and B separately and the three means are averaged (scikit-image's
    `channel_axis`), so a change of colour at constant brightness lowers it.

    Returns:
        SSIM in [-1, 1]; 1 for identical images.
    """
    return float(
        structural_similarity(
            pred,
            ref,
            channel_axis=-1,
            data_range=DATA_RANGE,
            gaussian_weights=True,
            sigma=SSIM_SIGMA,
            use_sample_covariance=False,
        )
    )


def mse(pred: np.ndarray, ref: np.ndarray) -> float:
    """Mean squared difference over all pixels and channels of two RGB arrays in [0, 1].

    Returns:
        MSE in [0, 1]; 0 for identical images.
    """
    difference = pred.astype(np.float64) - ref.astype(np.float64)
    return float(np.mean(difference * difference))

"""Typed results: the image scores of one pair and the conventions that produced them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from code3dbench.scorers.image.constants import (
    BACKGROUND_RGB,
    CLIP_MODEL,
    CLIP_PRETRAINED,
    DATA_RANGE,
    LPIPS_NET,
    LPIPS_VERSION,
    MSE_DEFINITION,
    SSIM_DEFINITION,
)


@dataclass(frozen=True)
class ImageConventions:
    """Everything an image number depends on, written into every result.

    Attributes:
        ssim: Name of the SSIM definition (per RGB channel, Gaussian 11x11, sigma 1.5).
        mse: Name of the MSE definition (RGB in [0, 1], mean over pixels and channels).
        data_range: Range of pixel values for SSIM and MSE.
        background: Colour transparent pixels are composited over, "#rrggbb".
        lpips: LPIPS variant, e.g. "alex-v0.1".
        clip: CLIP model and weights, e.g. "ViT-B-32/openai".
        random_init: True when LPIPS and CLIP ran on random weights (tests only;
            such numbers must never be reported).
        device: Torch device of LPIPS and CLIP, None when neither ran.
    """

    ssim: str = SSIM_DEFINITION
    mse: str = MSE_DEFINITION
    data_range: float = DATA_RANGE
    background: str = "#" + "".join(f"{c:02x}" for c in BACKGROUND_RGB)
    lpips: str = f"{LPIPS_NET}-v{LPIPS_VERSION}"
    clip: str = f"{CLIP_MODEL}/{CLIP_PRETRAINED}"
    random_init: bool = False
    device: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary."""
        return {
            "ssim": self.ssim,
            "mse": self.mse,
            "data_range": self.data_range,
            "background": self.background,
            "lpips": self.lpips,
            "clip": self.clip,
            "random_init": self.random_init,
            "device": self.device,
        }


@dataclass(frozen=True)
class ImageScores:
    """The image diagnostics of one predicted render against its reference.

    A metric is None when it could not be computed: the prediction has no render
    (a failed execution), the metric was not asked for, or it is unavailable here
    (its weights or packages are missing; a warning says so once per process).

    Attributes:
        ssim: Structural similarity, per RGB channel then averaged, in [-1, 1]; higher is better.
        mse: Mean squared error of RGB in [0, 1]; lower is better.
        lpips: LPIPS distance (AlexNet, v0.1); lower is better.
        clip: Cosine similarity of CLIP ViT-B-32 image embeddings, in [-1, 1]; higher is better.
        conventions: The settings behind these numbers.
    """

    ssim: float | None
    mse: float | None
    lpips: float | None
    clip: float | None
    conventions: ImageConventions = field(default_factory=ImageConventions)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary: ssim, mse, lpips, clip (None when absent), conventions."""
        return {
            "ssim": self.ssim,
            "mse": self.mse,
            "lpips": self.lpips,
            "clip": self.clip,
            "conventions": self.conventions.to_dict(),
        }

    def metrics(self) -> dict[str, float | None]:
        """Only the four metrics, name -> value or None."""
        return {"ssim": self.ssim, "mse": self.mse, "lpips": self.lpips, "clip": self.clip}

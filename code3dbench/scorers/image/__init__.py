"""Image diagnostics of Code3DBench: SSIM, MSE, LPIPS and CLIP similarity of two renders.

The predicted object's render is compared with the reference image, both drawn by
the same renderer and camera (512x512, background 0xf2f2f2). SSIM and MSE need only
scikit-image and NumPy; LPIPS (AlexNet) and CLIP (ViT-B-32, OpenAI weights) need the
`image` extra and their weight files, which are downloaded on first use into the
torch hub and Hugging Face caches and checked against pinned sha256 digests (or
ahead of time by `code3dbench weights fetch`). Offline with the files missing, they
are None, with one warning per process. See docs/image_metrics.md for the
definitions, the weight files and the availability rules.

Typical use::

    from code3dbench.scorers.image import score_images

    [scores] = score_images(["pred.png"], ["ref.png"])
    scores.ssim, scores.mse, scores.lpips, scores.clip   # None where unavailable
"""

from code3dbench.scorers.image.availability import (
    MetricAvailability,
    metric_availability,
    missing_packages,
)
from code3dbench.scorers.image.config import ImageMetricsConfig
from code3dbench.scorers.image.constants import (
    BACKGROUND_RGB,
    DEFAULT_BATCH_SIZE,
    METRIC_NAMES,
    TORCH_METRICS,
)
from code3dbench.scorers.image.errors import (
    ImageError,
    ImageLoadError,
    ImageSizeError,
    ModelLoadError,
    WeightsError,
    WeightsHashError,
    WeightsOfflineError,
)
from code3dbench.scorers.image.images import ImageInput, load_rgb
from code3dbench.scorers.image.inventory import WeightsStatus, weights_inventory
from code3dbench.scorers.image.pixel import mse, ssim
from code3dbench.scorers.image.scorer import (
    ImageScorer,
    clear_image_models,
    get_image_scorer,
    score_images,
)
from code3dbench.scorers.image.scores import ImageConventions, ImageScores
from code3dbench.scorers.image.weights import (
    WeightsFile,
    locate_alexnet,
    locate_clip,
    locate_lpips_linear,
)

__all__ = [
    "BACKGROUND_RGB",
    "DEFAULT_BATCH_SIZE",
    "METRIC_NAMES",
    "TORCH_METRICS",
    "ImageConventions",
    "ImageError",
    "ImageInput",
    "ImageLoadError",
    "ImageMetricsConfig",
    "ImageScorer",
    "ImageScores",
    "ImageSizeError",
    "MetricAvailability",
    "ModelLoadError",
    "WeightsError",
    "WeightsFile",
    "WeightsHashError",
    "WeightsOfflineError",
    "WeightsStatus",
    "clear_image_models",
    "get_image_scorer",
    "load_rgb",
    "locate_alexnet",
    "locate_clip",
    "locate_lpips_linear",
    "metric_availability",
    "missing_packages",
    "mse",
    "score_images",
    "ssim",
    "weights_inventory",
]

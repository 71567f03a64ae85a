"""The numbers and names that define the benchmark's image metrics, in one place.

Changing any of these changes every reported image number: each result records
them in its `ImageConventions` so a number can be traced back to its settings.
"""

from __future__ import annotations

METRIC_NAMES: tuple[str, ...] = ("ssim", "mse", "lpips", "clip")
"""The image metrics, in the order they are reported."""

TORCH_METRICS: tuple[str, ...] = ("lpips", "clip")
"""Metrics that need the `image` extra (torch) and model weights."""

BACKGROUND_RGB: tuple[int, int, int] = (0xF2, 0xF2, 0xF2)
"""The renderer's flat background; transparent pixels are composited over it."""

IMAGE_SIZE = 512
"""Side of the renders (reference and prediction), in pixels; other sizes are accepted."""

DATA_RANGE = 1.0
"""Pixel values are RGB in [0, 1] for SSIM and MSE."""

SSIM_SIGMA = 1.5
"""Standard deviation of SSIM's Gaussian window (11 x 11 pixels, Wang et al. 2004)."""

SSIM_DEFINITION = "rgb_per_channel_mean_gaussian11_sigma1.5"
"""SSIM on each of R, G, B separately (Gaussian 11x11 window), averaged over the channels."""

MSE_DEFINITION = "rgb_0_1_mean"
"""MSE: mean of squared differences over all pixels and the R, G, B channels, values in [0, 1]."""

LPIPS_NET = "alex"
"""LPIPS backbone: AlexNet (the lpips package's default and recommended variant)."""

LPIPS_VERSION = "0.1"
"""LPIPS linear-layer version (lpips' weights/v0.1)."""

CLIP_MODEL = "ViT-B-32"
"""open_clip architecture of the CLIP similarity (with QuickGELU, as OpenAI trained it)."""

CLIP_PRETRAINED = "openai"
"""The weights the CLIP number is defined with: OpenAI's ViT-B/32 release."""

DEFAULT_BATCH_SIZE = 16
"""Pairs per forward pass of LPIPS and CLIP."""

RANDOM_INIT_SEED = 0
"""Torch seed of the randomly initialised networks (`random_init=True`, tests only)."""

LPIPS_WEIGHTS_ENV = "CODE3DBENCH_LPIPS_WEIGHTS"
"""File of the LPIPS linear layers (lpips' weights/v0.1/alex.pth)."""

ALEXNET_WEIGHTS_ENV = "CODE3DBENCH_ALEXNET_WEIGHTS"
"""File of the AlexNet backbone (torchvision's alexnet-owt-7be5be79.pth)."""

CLIP_WEIGHTS_ENV = "CODE3DBENCH_CLIP_WEIGHTS"
"""File of the CLIP ViT-B-32 OpenAI checkpoint (ViT-B-32.pt or open_clip's .safetensors/.bin)."""

IMAGE_DEVICE_ENV = "CODE3DBENCH_IMAGE_DEVICE"
"""Torch device of LPIPS and CLIP ("cpu", "cuda", "cuda:1"); default cuda when present."""

ALEXNET_FILENAME = "alexnet-owt-7be5be79.pth"
"""Name of torchvision's AlexNet ImageNet checkpoint in the torch hub cache."""

ALEXNET_URL = "https://download.pytorch.org/models/alexnet-owt-7be5be79.pth"
"""Where torchvision downloads the AlexNet backbone from."""

LPIPS_LINEAR_URL = (
    "https://github.com/richzhang/PerceptualSimilarity/raw/master/lpips/weights/v0.1/alex.pth"
)
"""Where the LPIPS linear layers come from (the lpips wheel also bundles them)."""

CLIP_OPENAI_FILENAME = "ViT-B-32.pt"
"""Name of OpenAI's ViT-B/32 checkpoint (a TorchScript archive) as open_clip caches it."""

CLIP_OPENAI_URL = (
    "https://openaipublic.azureedge.net/clip/models/"
    "40d365715913c9da98579312b702a82c18be219cc2a73407c4526f58eba950af/ViT-B-32.pt"
)
"""OpenAI's download address of ViT-B-32.pt (the path holds the file's sha256)."""

CLIP_HF_REPO = "timm/vit_base_patch32_clip_224.openai"
"""Hugging Face repository of the same weights in open_clip's format."""

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

ALEXNET_SHA256 = "7be5be791159472b1fbf3c69796f7cb30dca7ad8466c2df70058c37116cdee02"
"""sha256 of alexnet-owt-7be5be79.pth (torchvision publishes its first 8 digits in the name)."""

ALEXNET_BYTES = 244_408_911
"""Size of alexnet-owt-7be5be79.pth (233 MiB)."""

LPIPS_LINEAR_SHA256 = "df73285e35b22355a2df87cdb6b70b343713b667eddbda73e1977e0c860835c0"
"""sha256 of lpips' weights/v0.1/alex.pth (as bundled in the lpips 0.1.4 wheel)."""

LPIPS_LINEAR_BYTES = 6_009
"""Size of lpips' weights/v0.1/alex.pth."""

CLIP_OPENAI_FILENAME = "ViT-B-32.pt"
"""Name of OpenAI's ViT-B/32 checkpoint (a TorchScript archive) as open_clip caches it."""

CLIP_OPENAI_SHA256 = "40d365715913c9da98579312b702a82c18be219cc2a73407c4526f58eba950af"
"""sha256 of OpenAI's ViT-B-32.pt (the same digits as in its address,
https://openaipublic.azureedge.net/clip/models/<sha256>/ViT-B-32.pt, reported to answer 404
since 2025: openai/CLIP#516, so it is accepted when present but never downloaded)."""

CLIP_OPENAI_BYTES = 353_976_522
"""Size of OpenAI's ViT-B-32.pt (338 MiB)."""

CLIP_HF_REPO = "timm/vit_base_patch32_clip_224.openai"
"""Hugging Face repository of the same weights in open_clip's format (open_clip's own source)."""

CLIP_HF_REVISION = "a6f597a30f7b82c51704746581f9a4e41421e878"
"""The commit of `CLIP_HF_REPO` the weights are downloaded from (pinned, not "main")."""

CLIP_HF_FILENAME = "open_clip_model.safetensors"
"""The file of `CLIP_HF_REPO` that is downloaded."""

CLIP_HF_SHA256 = "e6d1bd7789aa45192b3bf90570a789b478bae1b74ebcce7eddd908e83a2b7c31"
"""sha256 of open_clip_model.safetensors at `CLIP_HF_REVISION` (the Hub's LFS object id)."""

CLIP_HF_BYTES = 605_143_284
"""Size of open_clip_model.safetensors (577 MiB)."""

CLIP_HF_BIN_FILENAME = "open_clip_pytorch_model.bin"
"""The same weights as a pickled state dict, also in `CLIP_HF_REPO` (accepted, not downloaded)."""

CLIP_HF_BIN_SHA256 = "9ecdaef325b20e7283dc6a32f92aa638d100899e4f084c2462d3832eeea0b26e"
"""sha256 of open_clip_pytorch_model.bin at `CLIP_HF_REVISION`."""

HF_ENDPOINT_DEFAULT = "https://huggingface.co"
"""The Hugging Face Hub; $HF_ENDPOINT replaces it (as huggingface_hub does), e.g. for a mirror."""

WEIGHTS_MIRROR_ENV = "CODE3DBENCH_WEIGHTS_MIRROR"
"""Base URL serving the downloadable weight files by name (<mirror>/alexnet-owt-7be5be79.pth,
<mirror>/open_clip_model.safetensors), instead of their upstream hosts."""

OFFLINE_ENV = "CODE3DBENCH_OFFLINE"
"""When true (1, true, yes, on), weights are never downloaded; so is $HF_HUB_OFFLINE."""

HF_OFFLINE_ENV = "HF_HUB_OFFLINE"
"""huggingface_hub's offline switch, honoured too."""

DOWNLOAD_TIMEOUT_ENV = "CODE3DBENCH_DOWNLOAD_TIMEOUT"
"""Seconds allowed to connect to a weights host and for each read (default 30)."""

DEFAULT_DOWNLOAD_TIMEOUT_S = 30.0
"""Connect and read timeout of weight downloads: a silent host costs at most this, once."""

"""Settings of the image metrics: weight files and downloads, device, and the test-only switch."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict


class ImageMetricsConfig(BaseModel):
    """Where LPIPS and CLIP find their weights, where missing ones come from, where they run.

    A weights field left at None falls back to its environment variable, then to the
    usual cache locations; a file missing from the caches is downloaded on first use
    (sha256-verified) unless offline (see docs/image_metrics.md).
    """

    model_config = ConfigDict(frozen=True)

    lpips_weights: Path | None = None
    """LPIPS linear layers (lpips' weights/v0.1/alex.pth); None: $CODE3DBENCH_LPIPS_WEIGHTS,
    else the copy bundled in the lpips package."""

    alexnet_weights: Path | None = None
    """AlexNet backbone (torchvision's alexnet-owt-7be5be79.pth); None:
    $CODE3DBENCH_ALEXNET_WEIGHTS, else the torch hub cache ($TORCH_HOME/hub/checkpoints)."""

    clip_weights: Path | None = None
    """CLIP ViT-B-32 OpenAI checkpoint (ViT-B-32.pt, or open_clip's .safetensors/.bin); None:
    $CODE3DBENCH_CLIP_WEIGHTS, else open_clip's and Hugging Face's caches."""

    offline: bool = False
    """Never download weights (also when $CODE3DBENCH_OFFLINE or $HF_HUB_OFFLINE is true):
    missing files make LPIPS / CLIP None, with one warning."""

    weights_mirror: str | None = None
    """Base URL serving the downloadable files by name (<mirror>/alexnet-owt-7be5be79.pth,
    <mirror>/open_clip_model.safetensors); None: $CODE3DBENCH_WEIGHTS_MIRROR, else the
    upstream hosts (download.pytorch.org, the Hugging Face Hub or $HF_ENDPOINT)."""

    download_timeout_s: float | None = None
    """Seconds allowed to connect to a weights host and for each read; None:
    $CODE3DBENCH_DOWNLOAD_TIMEOUT, else 30."""

    device: str | None = None
    """Torch device ("cpu", "cuda", "cuda:1"); None: $CODE3DBENCH_IMAGE_DEVICE, else "cuda"
    when torch sees a GPU, else "cpu"."""

    random_init: bool = False
    """TESTS AND BENCHMARKS ONLY: build LPIPS and CLIP with random weights (seeded) instead
    of loading files. The numbers are meaningless; results record `random_init: true`."""

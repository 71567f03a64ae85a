"""CLIP ViT-B-32 (OpenAI weights) built from a local file, and batched image similarity.

The similarity of two images is the cosine of their L2-normalised image embeddings.
Each image goes through open_clip's evaluation preprocessing for this model: bicubic
resize of the shorter side to 224, centre crop 224 x 224, and normalisation with
OpenAI's mean and standard deviation.

Two file formats are accepted: OpenAI's `ViT-B-32.pt` (a TorchScript archive, loaded
with `open_clip.load_openai_model`) and open_clip's state dicts (`.safetensors` or
`.bin` from the Hugging Face repository timm/vit_base_patch32_clip_224.openai, or any
plain state dict), loaded strictly into `ViT-B-32` with QuickGELU, as OpenAI trained it.
"""

from __future__ import annotations

import threading
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from code3dbench.scorers.image.constants import CLIP_MODEL, RANDOM_INIT_SEED
from code3dbench.scorers.image.errors import ModelLoadError
from code3dbench.scorers.image.images import to_uint8


def is_torchscript_archive(path: Path) -> bool:
    """Whether a file is a TorchScript archive (as OpenAI's CLIP .pt files are)."""
    if not zipfile.is_zipfile(path):
        return False
    with zipfile.ZipFile(path) as archive:
        return any(name.endswith("/constants.pkl") for name in archive.namelist())


class ClipModel:
    """A loaded CLIP image tower with its preprocessing; `similarities` is thread-safe.

    Attributes:
        device: The torch device name.
        random_init: Whether the weights are random (tests only).
    """

    def __init__(self, model: Any, preprocess: Any, device: str, random_init: bool) -> None:
        self.model = model
        self.preprocess = preprocess
        self.device = device
        self.random_init = random_init
        self._lock = threading.Lock()

    def embed(self, images: Sequence[np.ndarray]) -> Any:
        """L2-normalised embeddings (a torch tensor (N, 512) on the device) of RGB images."""
        import torch

        batch = torch.stack([self.preprocess(Image.fromarray(to_uint8(image))) for image in images])
        with self._lock, torch.inference_mode():
            return self.model.encode_image(batch.to(self.device), normalize=True)

    def similarities(self, pred: Sequence[np.ndarray], ref: Sequence[np.ndarray]) -> list[float]:
        """Cosine similarity of each prediction's embedding with its reference's.

        Args:
            pred: RGB images, (H, W, 3) float32 in [0, 1].
            ref: As many reference images.

        Returns:
            One similarity in [-1, 1] per pair (1 for identical images).
        """
        import torch

        embeddings = self.embed([*pred, *ref])
        with torch.inference_mode():
            cosines = (embeddings[: len(pred)] * embeddings[len(pred) :]).sum(dim=-1)
            return [float(v) for v in cosines.clamp(-1.0, 1.0).cpu()]


def load_clip(weights: Path | None, device: str, *, random_init: bool = False) -> ClipModel:
    """Build CLIP ViT-B-32 from a local OpenAI checkpoint (or random weights), on `device`.

    Args:
        weights: ViT-B-32.pt (TorchScript) or an open_clip state dict (ignored with
            `random_init`).
        device: Torch device name.
        random_init: TESTS ONLY: a randomly initialised (seeded) ViT-B-32.

    Returns:
        The model in eval mode, in float32.

    Raises:
        ModelLoadError: The file is missing, unreadable, or not ViT-B-32 weights.
    """
    import open_clip
    import torch
    from open_clip.constants import OPENAI_DATASET_MEAN, OPENAI_DATASET_STD

    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(RANDOM_INIT_SEED)
        if random_init:
            model = open_clip.create_model(CLIP_MODEL, pretrained=None, force_quick_gelu=True)
        else:
            if weights is None:
                raise ModelLoadError("CLIP needs a weights file (or random_init=True for tests)")
            model = _load_weights(open_clip, weights)
    model = model.to(device).eval()
    for parameter in model.parameters():
        parameter.requires_grad_(False)
    image_size = model.visual.image_size
    preprocess = open_clip.image_transform(
        image_size, is_train=False, mean=OPENAI_DATASET_MEAN, std=OPENAI_DATASET_STD
    )
    return ClipModel(model, preprocess, device, random_init)


def _load_weights(open_clip: Any, weights: Path) -> Any:
    """Load OpenAI's TorchScript file or an open_clip state dict, strictly."""
    try:
        if is_torchscript_archive(weights):
            return open_clip.load_openai_model(str(weights), precision="fp32", device="cpu")
        return open_clip.create_model(
            CLIP_MODEL, pretrained=str(weights), force_quick_gelu=True, precision="fp32"
        )
    except Exception as exc:  # noqa: BLE001 - torch and open_clip raise many types
        raise ModelLoadError(
            f"CLIP weights {weights}: cannot be loaded as {CLIP_MODEL} ({type(exc).__name__}: "
            f"{exc}); use OpenAI's ViT-B-32.pt or open_clip_model.safetensors "
            "(see docs/image_metrics.md)"
        ) from exc

"""LPIPS (AlexNet, v0.1) built from local files, and batched distances.

The lpips package would ask torchvision to download the AlexNet backbone; here the
network is built with a random backbone (`pnet_rand=True`, no download) and then
both parts are loaded from files with their keys and shapes checked: the linear
layers (lpips' weights/v0.1/alex.pth) and the ImageNet AlexNet (torchvision's
alexnet-owt-7be5be79.pth). Inputs are RGB in [0, 1], scaled to [-1, 1] as LPIPS
expects (`normalize=True`), at full resolution.
"""

from __future__ import annotations

import threading
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from code3dbench.scorers.image.constants import LPIPS_NET, LPIPS_VERSION, RANDOM_INIT_SEED
from code3dbench.scorers.image.errors import ModelLoadError

_LINEAR_KEYS = tuple(f"lin{i}.model.1.weight" for i in range(5))
_SLICES = ("slice1", "slice2", "slice3", "slice4", "slice5")


def _load_file(path: Path, what: str) -> dict[str, Any]:
    import torch

    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # noqa: BLE001 - torch raises many types for a bad file
        raise ModelLoadError(f"{what} {path}: cannot be read by torch.load ({exc})") from exc
    if isinstance(state, dict) and isinstance(state.get("state_dict"), dict):
        state = state["state_dict"]
    if not isinstance(state, dict):
        raise ModelLoadError(f"{what} {path}: not a state dict (got {type(state).__name__})")
    return state


def _copy_checked(module: Any, source: dict[str, Any], prefix: str, path: Path, what: str) -> None:
    """Load `module`'s parameters from `source[prefix + name]`, checking every key and shape."""
    update = {}
    for name, tensor in module.state_dict().items():
        key = prefix + name
        if key not in source:
            raise ModelLoadError(f"{what} {path}: key {key!r} missing; is it the right file?")
        if tuple(source[key].shape) != tuple(tensor.shape):
            raise ModelLoadError(
                f"{what} {path}: {key!r} has shape {tuple(source[key].shape)}, "
                f"expected {tuple(tensor.shape)}; is it the right file?"
            )
        update[name] = source[key]
    module.load_state_dict(update, strict=True)


class LpipsModel:
    """A loaded LPIPS network on one device; `distances` is thread-safe.

    Attributes:
        device: The torch device name.
        random_init: Whether the weights are random (tests only).
    """

    def __init__(self, network: Any, device: str, random_init: bool) -> None:
        self.network = network
        self.device = device
        self.random_init = random_init
        self._lock = threading.Lock()

    def distances(self, pred: np.ndarray, ref: np.ndarray) -> list[float]:
        """LPIPS of each pair of a batch.

        Args:
            pred: (N, H, W, 3) float32 RGB in [0, 1].
            ref: Same shape as `pred`.

        Returns:
            N distances (0 for identical images; about 0 to 1 with the real weights).
        """
        import torch

        with self._lock, torch.inference_mode():
            x0 = torch.from_numpy(pred).permute(0, 3, 1, 2).to(self.device)
            x1 = torch.from_numpy(ref).permute(0, 3, 1, 2).to(self.device)
            values = self.network(x0, x1, normalize=True)
            return [float(v) for v in values.reshape(-1).cpu()]


def load_lpips(
    linear: Path | None, backbone: Path | None, device: str, *, random_init: bool = False
) -> LpipsModel:
    """Build LPIPS-AlexNet v0.1 from local files (or random weights), on `device`.

    Args:
        linear: The linear-layer file (ignored with `random_init`).
        backbone: The AlexNet ImageNet file (ignored with `random_init`).
        device: Torch device name.
        random_init: TESTS ONLY: keep the random (seeded) backbone and linear layers.

    Returns:
        The model, in eval mode, without gradients.

    Raises:
        ModelLoadError: A file is missing, unreadable, or not the expected weights.
    """
    import lpips
    import torch

    if not random_init and (linear is None or backbone is None):
        raise ModelLoadError("LPIPS needs both the linear-layer and the AlexNet backbone files")
    with torch.random.fork_rng(devices=[]), warnings.catch_warnings():
        torch.manual_seed(RANDOM_INIT_SEED)
        # lpips calls torchvision's deprecated `alexnet(pretrained=False)`: hide that notice.
        warnings.simplefilter("ignore", UserWarning)
        network = lpips.LPIPS(
            net=LPIPS_NET,
            version=LPIPS_VERSION,
            pretrained=False,
            pnet_rand=True,
            verbose=False,
        )
    if random_init:
        # Trained LPIPS weights are non-negative (clamped in training), so distances are >= 0;
        # keep that property for the random stand-in.
        for layer in network.lins:
            layer.model[1].weight.data.abs_()
    else:
        assert linear is not None and backbone is not None
        linear_state = _load_file(linear, "LPIPS linear layers")
        for index in range(5):
            _copy_checked(
                network.lins[index],
                linear_state,
                f"lin{index}.",
                linear,
                "LPIPS linear layers",
            )
        backbone_state = _load_file(backbone, "AlexNet backbone")
        for slice_name in _SLICES:
            for name, child in getattr(network.net, slice_name).named_children():
                _copy_checked(
                    child, backbone_state, f"features.{name}.", backbone, "AlexNet backbone"
                )
    network = network.to(device).eval()
    for parameter in network.parameters():
        parameter.requires_grad_(False)
    return LpipsModel(network, device, random_init)

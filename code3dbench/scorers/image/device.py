"""Pick the torch device of LPIPS and CLIP: the setting, the environment, else CUDA or CPU."""

from __future__ import annotations

import os

from code3dbench.scorers.image.constants import IMAGE_DEVICE_ENV


def resolve_device(device: str | None = None) -> str:
    """The device name to run on; imports torch.

    Args:
        device: An explicit device ("cpu", "cuda", "cuda:1"); None reads
            $CODE3DBENCH_IMAGE_DEVICE, else picks "cuda" when torch sees a GPU, else "cpu".

    Returns:
        The device name.

    Raises:
        ValueError: The device is not one torch knows, or CUDA was asked for and is absent.
    """
    import torch

    name = device or os.environ.get(IMAGE_DEVICE_ENV) or None
    if name is None:
        return "cuda" if torch.cuda.is_available() else "cpu"
    try:
        parsed = torch.device(name)
    except RuntimeError as exc:
        raise ValueError(f"image metrics device {name!r} is not a torch device ({exc})") from exc
    if parsed.type == "cuda" and not torch.cuda.is_available():
        raise ValueError(
            f"image metrics device {name!r}: torch sees no CUDA GPU here; use 'cpu' "
            f"(or unset {IMAGE_DEVICE_ENV})"
        )
    return name


def describe_torch_device(device: str | None = None) -> tuple[bool, str]:
    """Whether torch imports and the device would resolve, with a short description.

    Args:
        device: The configured device, as for `resolve_device`.
    """
    try:
        import torch
    except ImportError as exc:
        return False, f"torch is not installed ({exc}); install the image extra"
    try:
        name = resolve_device(device)
    except ValueError as exc:
        return False, str(exc)
    if torch.device(name).type == "cuda":
        index = torch.device(name).index or 0
        gpus = f"{torch.cuda.get_device_name(index)}; {torch.cuda.device_count()} GPU(s)"
        return True, f"{name} ({gpus}), torch {torch.__version__}"
    cuda = "CUDA GPU present" if torch.cuda.is_available() else "no CUDA GPU"
    return True, f"{name} ({torch.get_num_threads()} threads; {cuda}), torch {torch.__version__}"

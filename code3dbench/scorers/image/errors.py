"""Errors raised when an image pair cannot be scored; each message names the image and the fix."""

from __future__ import annotations


class ImageError(ValueError):
    """Base class: this image (or pair of images) cannot be scored."""


class ImageLoadError(ImageError):
    """An image file, buffer or array is missing, unreadable or not an RGB(A) picture."""


class ImageSizeError(ImageError):
    """The two images of a pair differ in size, or an image is too small for SSIM's window."""


class ModelLoadError(RuntimeError):
    """LPIPS or CLIP could not be built: a weights file is unreadable or of the wrong model."""


class WeightsError(RuntimeError):
    """A weights file is missing, fails its pinned sha256, or could not be downloaded.

    The message names the file and the fix (usually `code3dbench weights fetch`).
    """


class WeightsOfflineError(WeightsError):
    """Not downloaded: offline by setting, or the download host cannot be reached."""


class WeightsHashError(WeightsError):
    """A file does not match its pinned sha256 or size; a download that fails is deleted."""

"""Score prediction renders against reference renders: SSIM, MSE, LPIPS, CLIP, batched.

`ImageScorer` holds the settings and the heavy models, each loaded once on first
use behind a lock, so one instance can serve many concurrent callers (the Inspect
scorer calls it per sample from several threads). `get_image_scorer` keeps one
scorer per configuration for the whole process; `score_images` uses it.

A weights file missing from the caches is downloaded when its model is first needed
(once per process, under the model's lock: concurrent samples wait for one download),
sha256-verified, then loaded (see `download`). An unavailable metric (packages
missing, offline with weights missing, a failed download, or a file that does not
load) is None in every result, and a single warning per metric per process says why,
naming the file and `code3dbench weights fetch`. No number is ever made up in its place.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from code3dbench.scorers.image import pixel
from code3dbench.scorers.image.availability import RANDOM_INIT_NOTE, MetricAvailability
from code3dbench.scorers.image.availability import metric_availability as _availability
from code3dbench.scorers.image.clip_model import ClipModel, load_clip
from code3dbench.scorers.image.config import ImageMetricsConfig
from code3dbench.scorers.image.constants import (
    ALEXNET_WEIGHTS_ENV,
    CLIP_WEIGHTS_ENV,
    DEFAULT_BATCH_SIZE,
    DOWNLOAD_TIMEOUT_ENV,
    HF_OFFLINE_ENV,
    IMAGE_DEVICE_ENV,
    LPIPS_WEIGHTS_ENV,
    METRIC_NAMES,
    OFFLINE_ENV,
    WEIGHTS_MIRROR_ENV,
)
from code3dbench.scorers.image.device import resolve_device
from code3dbench.scorers.image.download import (
    download_settings,
    ensure_weights,
    forget_unreachable_hosts,
)
from code3dbench.scorers.image.errors import ImageLoadError, ModelLoadError, WeightsError
from code3dbench.scorers.image.images import ImageInput, load_pair
from code3dbench.scorers.image.lpips_model import LpipsModel, load_lpips
from code3dbench.scorers.image.scores import ImageConventions, ImageScores
from code3dbench.scorers.image.weights import WeightsFile

logger = logging.getLogger(__name__)

HELP_POINTER = "run `code3dbench doctor` or see docs/image_metrics.md"

_ENVIRONMENT = (
    LPIPS_WEIGHTS_ENV,
    ALEXNET_WEIGHTS_ENV,
    CLIP_WEIGHTS_ENV,
    IMAGE_DEVICE_ENV,
    "TORCH_HOME",
    "XDG_CACHE_HOME",
    "HF_HOME",
    "HF_HUB_CACHE",
    OFFLINE_ENV,
    HF_OFFLINE_ENV,
    WEIGHTS_MIRROR_ENV,
    DOWNLOAD_TIMEOUT_ENV,
    "HF_ENDPOINT",
)

_warned: set[str] = set()
_warned_lock = threading.Lock()
_scorers: dict[tuple[Any, ...], ImageScorer] = {}
_scorers_lock = threading.Lock()


def _first_time(keys: Iterable[str]) -> list[str]:
    """Mark `keys` as warned about in this process; return those that were not yet."""
    with _warned_lock:
        fresh = [key for key in keys if key not in _warned]
        _warned.update(fresh)
    return fresh


def clear_image_models() -> None:
    """Forget the scorers, their models, the warnings given and the hosts found unreachable.

    For tests, and for a long-lived process whose weight files or network changed.
    """
    with _scorers_lock:
        _scorers.clear()
    with _warned_lock:
        _warned.clear()
    forget_unreachable_hosts()


class _LazyModel:
    """One heavy model, loaded on first `get()`; a failure is remembered and warned once."""

    def __init__(self, metric: str, loader: Callable[[], Any]) -> None:
        self.metric = metric
        self._loader = loader
        self._lock = threading.Lock()
        self._model: Any = None
        self.failure: str | None = None

    def get(self) -> Any | None:
        with self._lock:
            if self._model is None and self.failure is None:
                try:
                    self._model = self._loader()
                except WeightsError as exc:
                    self.failure = f"weights unavailable: {exc}"
                except (ModelLoadError, ValueError, ImportError, OSError, RuntimeError) as exc:
                    self.failure = f"could not be loaded: {exc}"
                if self.failure is not None and _first_time([self.metric]):
                    logger.warning(
                        "image metric %s is unavailable and is reported as None for this run: "
                        "%s (%s)",
                        self.metric,
                        self.failure,
                        HELP_POINTER,
                    )
            return self._model


class ImageScorer:
    """Image diagnostics of predicted renders against references, models loaded once.

    Thread-safe: models are loaded under a lock on first use, and each forward pass
    holds its model's lock. Create it once per process (or use `get_image_scorer`).

    Attributes:
        config: Weight locations, device and the random-init switch.
    """

    def __init__(self, config: ImageMetricsConfig | None = None) -> None:
        """Decide availability from files and settings (no model is loaded, nothing fetched).

        Args:
            config: The settings; None uses environment variables and default caches.

        Raises:
            ValueError: The download timeout setting is not a positive number.
        """
        self.config = config or ImageMetricsConfig()
        self._static = _availability(self.config)
        self._settings = download_settings(self.config)
        self._device_lock = threading.Lock()
        self._device: str | None = None
        lpips_files = self._static["lpips"].weights
        clip_files = self._static["clip"].weights
        self._lpips = _LazyModel(
            "lpips",
            lambda: load_lpips(
                *self._weights(lpips_files, 2),
                self.device,
                random_init=self.config.random_init,
            ),
        )
        self._clip = _LazyModel(
            "clip",
            lambda: load_clip(
                *self._weights(clip_files, 1),
                self.device,
                random_init=self.config.random_init,
            ),
        )

    def _weights(self, files: tuple[WeightsFile, ...], count: int) -> list[Path | None]:
        """The verified files to load (fetched if need be); Nones for random weights."""
        if not files:
            return [None] * count
        return [ensure_weights(file, self._settings) for file in files]

    @property
    def device(self) -> str:
        """Torch device of LPIPS and CLIP (resolved, and torch imported, on first use).

        Raises:
            ValueError: The configured device is unknown or absent.
        """
        with self._device_lock:
            if self._device is None:
                self._device = resolve_device(self.config.device)
            return self._device

    def availability(self) -> dict[str, MetricAvailability]:
        """Each metric's availability, including load failures found so far."""
        result = dict(self._static)
        for lazy in (self._lpips, self._clip):
            if lazy.failure is not None:
                result[lazy.metric] = replace(
                    result[lazy.metric], available=False, reason=lazy.failure
                )
        return result

    @property
    def conventions(self) -> ImageConventions:
        """The conventions written into this scorer's results (models named "random" if so)."""
        if not self.config.random_init:
            return ImageConventions(device=self._device)
        defaults = ImageConventions()
        return ImageConventions(
            lpips=f"{defaults.lpips}/random",
            clip=defaults.clip.split("/")[0] + "/random",
            random_init=True,
            device=self._device,
        )

    def load(self, metrics: Sequence[str] = ("lpips", "clip")) -> dict[str, MetricAvailability]:
        """Load the heavy models now (for example before a timed run), warning as scoring would.

        Args:
            metrics: Which of "lpips" and "clip" to load.

        Returns:
            The availability after loading.
        """
        self._announce(_check_metrics(metrics))
        self._models(metrics)
        return self.availability()

    def score(
        self, pred: ImageInput | None, ref: ImageInput, *, metrics: Sequence[str] = METRIC_NAMES
    ) -> ImageScores:
        """Score one prediction against its reference (see `score_pairs`)."""
        return self.score_pairs([pred], [ref], metrics=metrics, batch_size=1)[0]

    def score_pairs(
        self,
        pred_images: Sequence[ImageInput | None],
        ref_images: Sequence[ImageInput],
        *,
        metrics: Sequence[str] = METRIC_NAMES,
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> list[ImageScores]:
        """Score each prediction against the reference at the same position.

        Args:
            pred_images: Predicted renders; None for an execution without a render
                (its metrics are all None).
            ref_images: Reference renders, same length; same size as their prediction.
            metrics: Metrics to compute, a subset of ("ssim", "mse", "lpips", "clip");
                the others are None.
            batch_size: Pairs per LPIPS/CLIP forward pass (and images held in memory).

        Returns:
            One `ImageScores` per pair, in input order.

        Raises:
            ValueError: Lengths differ, an unknown metric, or a batch size below 1.
            ImageLoadError: An image cannot be read, or a prediction lacks its reference.
            ImageSizeError: A prediction and its reference differ in size.
        """
        preds, refs = list(pred_images), list(ref_images)
        if len(preds) != len(refs):
            raise ValueError(f"{len(preds)} predictions but {len(refs)} references")
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        wanted = _check_metrics(metrics)
        self._announce(wanted)
        lpips_model, clip_model = self._models(wanted)
        pixel_metrics = {
            name: function
            for name, function in (("ssim", pixel.ssim), ("mse", pixel.mse))
            if name in wanted and self._static[name].available
        }
        values: dict[int, dict[str, float]] = {}
        todo = [index for index, pred in enumerate(preds) if pred is not None]
        for start in range(0, len(todo), batch_size):
            chunk = todo[start : start + batch_size]
            pairs = {index: self._load(index, preds[index], refs[index]) for index in chunk}
            for index, (pred, ref) in pairs.items():
                values[index] = {
                    name: function(pred, ref) for name, function in pixel_metrics.items()
                }
            if lpips_model is not None:
                for group in _same_shape(pairs):
                    distances = lpips_model.distances(
                        np.stack([pairs[i][0] for i in group]),
                        np.stack([pairs[i][1] for i in group]),
                    )
                    for index, distance in zip(group, distances, strict=True):
                        values[index]["lpips"] = distance
            if clip_model is not None:
                similarities = clip_model.similarities(
                    [pairs[i][0] for i in chunk], [pairs[i][1] for i in chunk]
                )
                for index, similarity in zip(chunk, similarities, strict=True):
                    values[index]["clip"] = similarity
        conventions = self.conventions
        if lpips_model is None and clip_model is None:
            conventions = replace(conventions, device=None)
        return [
            ImageScores(
                **{name: values.get(i, {}).get(name) for name in METRIC_NAMES},
                conventions=conventions,
            )
            for i in range(len(preds))
        ]

    def _load(
        self, index: int, pred: ImageInput, ref: ImageInput | None
    ) -> tuple[np.ndarray, np.ndarray]:
        if ref is None:
            raise ImageLoadError(
                f"pair {index}: the reference image is None; every prediction needs its reference"
            )
        return load_pair(pred, ref)

    def _models(self, wanted: Sequence[str]) -> tuple[LpipsModel | None, ClipModel | None]:
        """The loaded models among `wanted` that are available (loading them if needed)."""
        loaded: list[Any] = []
        for lazy in (self._lpips, self._clip):
            usable = lazy.metric in wanted and self._static[lazy.metric].available
            loaded.append(lazy.get() if usable else None)
        if self.config.random_init and any(model is not None for model in loaded):
            if _first_time(["random_init"]):
                logger.warning("image metrics lpips and clip: %s", RANDOM_INIT_NOTE)
        return loaded[0], loaded[1]

    def _announce(self, wanted: Sequence[str]) -> None:
        """Warn once per process about each wanted metric that cannot run, with the reason."""
        unavailable = [m for m in wanted if not self._static[m].available]
        fresh = _first_time(unavailable)
        if fresh:
            reasons = "; ".join(f"{m}: {self._static[m].reason}" for m in fresh)
            logger.warning(
                "image metric(s) %s unavailable and reported as None for this run: %s (%s)",
                ", ".join(fresh),
                reasons,
                HELP_POINTER,
            )


def _check_metrics(metrics: Sequence[str]) -> tuple[str, ...]:
    unknown = [m for m in metrics if m not in METRIC_NAMES]
    if unknown:
        raise ValueError(f"unknown image metric(s) {unknown}; choose from {list(METRIC_NAMES)}")
    return tuple(m for m in METRIC_NAMES if m in metrics)


def _same_shape(pairs: dict[int, tuple[np.ndarray, np.ndarray]]) -> list[list[int]]:
    """Group pair indices by image shape (one LPIPS forward pass per group)."""
    groups: dict[tuple[int, ...], list[int]] = {}
    for index, (pred, _) in pairs.items():
        groups.setdefault(pred.shape, []).append(index)
    return list(groups.values())


def get_image_scorer(config: ImageMetricsConfig | None = None) -> ImageScorer:
    """The process-wide scorer for `config` (and the current environment), created once.

    Args:
        config: The settings; None uses environment variables and default caches.

    Returns:
        The same `ImageScorer` for equal configurations and environment variables.
    """
    config = config or ImageMetricsConfig()
    key = (config, tuple(os.environ.get(name) for name in _ENVIRONMENT))
    with _scorers_lock:
        scorer = _scorers.get(key)
        if scorer is None:
            scorer = _scorers[key] = ImageScorer(config)
        return scorer


def score_images(
    pred_images: Sequence[ImageInput | None],
    ref_images: Sequence[ImageInput],
    *,
    config: ImageMetricsConfig | None = None,
    metrics: Sequence[str] = METRIC_NAMES,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> list[ImageScores]:
    """Score predicted renders against references with the process-wide scorer.

    Args:
        pred_images: Predicted renders (paths, PNG bytes, PIL images or arrays); None
            for a failed execution, whose metrics are all None.
        ref_images: The reference renders, one per prediction.
        config: Weight locations, device, random-init switch; None: environment and caches.
        metrics: Metrics to compute; the others are None.
        batch_size: Pairs per LPIPS/CLIP forward pass.

    Returns:
        One `ImageScores` per pair, in input order.

    Raises:
        ValueError: Lengths differ, an unknown metric, or a batch size below 1.
        ImageLoadError: An image cannot be read, or a prediction lacks its reference.
        ImageSizeError: A prediction and its reference differ in size.
    """
    return get_image_scorer(config).score_pairs(
        pred_images, ref_images, metrics=metrics, batch_size=batch_size
    )

"""Which image metrics can run here, and why not: decided from packages, files and settings.

Nothing is imported, hashed, loaded or downloaded here (no torch import, no network):
the checks look for the packages with `importlib.util.find_spec` and for the weight
files on disk. A weights file missing from the caches counts as available when it
would be downloaded on first use (not offline); offline, the metric is unavailable
and the reason names the file and `code3dbench weights fetch`. A file that fails its
sha256, a download that fails, or a file that does not load is found out when the
model is first loaded (`ImageScorer`), and reported then.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from typing import Any

from code3dbench.scorers.image.config import ImageMetricsConfig
from code3dbench.scorers.image.download import offline_reason
from code3dbench.scorers.image.weights import (
    WeightsFile,
    locate_alexnet,
    locate_clip,
    locate_lpips_linear,
)

EXTRA_HINT = 'install the image extra: pip install -e ".[image]"'
RANDOM_INIT_NOTE = (
    "random_init=True: randomly initialised network (seeded); the numbers are meaningless "
    "(tests and benchmarks only)"
)

_PACKAGES = {
    "ssim": ("skimage",),
    "mse": ("numpy",),
    "lpips": ("torch", "torchvision", "lpips"),
    "clip": ("torch", "torchvision", "open_clip"),
}


@dataclass(frozen=True)
class MetricAvailability:
    """Whether one image metric can be computed here.

    Attributes:
        metric: "ssim", "mse", "lpips" or "clip".
        available: True when it can run (with random weights if `random_init`).
        reason: What it runs with, or why it cannot and how to fix that.
        weights: The weight files it uses or lacks (LPIPS and CLIP only).
        random_init: Whether it runs on randomly initialised weights.
        downloads: Files it downloads on first use (not present yet), by name.
    """

    metric: str
    available: bool
    reason: str
    weights: tuple[WeightsFile, ...] = field(default=())
    random_init: bool = False
    downloads: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary: metric, available, reason, random_init, downloads, weights."""
        return {
            "metric": self.metric,
            "available": self.available,
            "reason": self.reason,
            "random_init": self.random_init,
            "downloads": list(self.downloads),
            "weights": [weights.to_dict() for weights in self.weights],
        }


def missing_packages(names: tuple[str, ...]) -> list[str]:
    """The packages among `names` that are not installed (found without importing them)."""
    missing = []
    for name in names:
        try:
            found = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            missing.append(name)
    return missing


def _describe_found(files: tuple[WeightsFile, ...]) -> str:
    return "; ".join(f"{f.role}: {f.path} ({f.source})" for f in files)


def _torch_metric(
    metric: str, config: ImageMetricsConfig, files: tuple[WeightsFile, ...]
) -> MetricAvailability:
    missing = missing_packages(_PACKAGES[metric])
    if missing:
        return MetricAvailability(
            metric, False, f"{', '.join(missing)} not installed; {EXTRA_HINT}", files
        )
    if config.random_init:
        return MetricAvailability(metric, True, RANDOM_INIT_NOTE, (), random_init=True)
    offline = offline_reason(config)
    pending = [f for f in files if f.downloadable and offline is None]
    problems = [f.problem for f in files if f.problem is not None and f not in pending]
    found = tuple(f for f in files if f.found)
    if problems:
        reason = "; ".join(problems)
        if offline is not None and any(f.downloadable for f in files):
            reason += f" (not downloaded: {offline})"
        if found:
            reason += f" (present: {_describe_found(found)})"
        return MetricAvailability(metric, False, reason, files)
    parts = [f"weights found: {_describe_found(found)}"] if found else []
    targets = [f.target for f in pending if f.target is not None]
    parts += [
        f"{t.pinned.name} ({t.pinned.describe_size()}) downloaded on first use to {t.path}"
        for t in targets
    ]
    downloads = tuple(t.pinned.name for t in targets)
    return MetricAvailability(metric, True, "; ".join(parts), files, downloads=downloads)


def metric_availability(config: ImageMetricsConfig | None = None) -> dict[str, MetricAvailability]:
    """Availability of each image metric under `config`, from packages and files alone.

    Args:
        config: Weight locations and the random-init switch; None uses the defaults
            (environment variables, then the usual caches).

    Returns:
        Metric name -> availability, in the order of `METRIC_NAMES`.
    """
    config = config or ImageMetricsConfig()
    result: dict[str, MetricAvailability] = {}
    for metric in ("ssim", "mse"):
        missing = missing_packages(_PACKAGES[metric])
        result[metric] = (
            MetricAvailability(metric, False, f"{', '.join(missing)} not installed")
            if missing
            else MetricAvailability(metric, True, "no weights needed")
        )
    lpips_files = (
        locate_lpips_linear(config.lpips_weights),
        locate_alexnet(config.alexnet_weights),
    )
    result["lpips"] = _torch_metric("lpips", config, lpips_files)
    result["clip"] = _torch_metric("clip", config, (locate_clip(config.clip_weights),))
    return result

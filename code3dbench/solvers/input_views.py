"""Optional multi-view input (``-T input_views=N``): the model sees N views instead of one.

An ablation the paper could not run. View 1 is always the reference image, as published; views
2..N are the next pinned views (front, right, back, left, top, low; 256 px), cut from the
reference's views strip and added after it, each with a line naming its camera. The default,
one view, leaves the prompt exactly as the benchmark publishes it.
"""

from __future__ import annotations

import base64
from pathlib import Path

from inspect_ai.model import Content, ContentImage, ContentText

from code3dbench.sandbox.views import encode_png, pinned_views, read_strip


def check_input_views(count: int) -> int:
    """``count`` when it is between 1 and the number of pinned views, else ValueError."""
    most = len(pinned_views().views)
    if not 1 <= count <= most:
        raise ValueError(f"input_views must be between 1 and {most}, got {count}")
    return count


def describe_view(index: int) -> str:
    """A line naming a pinned view's camera, for the prompt."""
    view = pinned_views().views[index]
    return (
        f"View {index + 1} ({view.name}): the same object, same normalization, camera at "
        f"azimuth {view.azimuth_deg:g} degrees (from the front, +Z, towards the right, +X) and "
        f"elevation {view.elevation_deg:g} degrees above the horizon."
    )


def extra_views(strip: Path, count: int) -> list[Content]:
    """Views 2..count of a reference's strip as labelled images (empty for one view).

    Raises:
        OSError: The strip cannot be read.
        ViewsStripError: The strip does not match the pinned views.
    """
    if count <= 1:
        return []
    colours = read_strip(strip.read_bytes()).colours
    content: list[Content] = [
        ContentText(text=f"{count - 1} more view(s) of the same object follow.")
    ]
    for index in range(1, count):
        encoded = base64.b64encode(encode_png(colours[index])).decode("ascii")
        content += [
            ContentText(text=describe_view(index)),
            ContentImage(image=f"data:image/png;base64,{encoded}"),
        ]
    return content

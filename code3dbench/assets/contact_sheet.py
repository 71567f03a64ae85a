"""A contact sheet: every reference image on one PNG, labelled, for a reviewer's eye."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

LABEL_HEIGHT = 28
BACKGROUND = (255, 255, 255)
LABEL_COLOUR = (40, 40, 40)


def contact_sheet(
    tiles: Sequence[tuple[str, Path]],
    out: Path,
    *,
    tile_size: int = 160,
    columns: int | None = None,
) -> Path:
    """Write a grid of images, each with a label under it, and return the path.

    Args:
        tiles: (label, image path) pairs in display order; a label may hold one line break.
        out: PNG file to write.
        tile_size: Side of each image in pixels.
        columns: Images per row (default: about square).
    """
    if not tiles:
        raise ValueError("no images for the contact sheet")
    columns = columns or max(1, math.ceil(math.sqrt(len(tiles))))
    rows = math.ceil(len(tiles) / columns)
    cell_height = tile_size + LABEL_HEIGHT
    sheet = Image.new("RGB", (columns * tile_size, rows * cell_height), BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default()
    for index, (label, path) in enumerate(tiles):
        x = (index % columns) * tile_size
        y = (index // columns) * cell_height
        with Image.open(path) as image:
            sheet.paste(image.convert("RGB").resize((tile_size, tile_size), Image.LANCZOS), (x, y))
        for line_number, line in enumerate(label.splitlines()[:2]):
            text = line if len(line) <= tile_size // 6 else line[: tile_size // 6 - 1] + "~"
            position = (x + 3, y + tile_size + 2 + 12 * line_number)
            draw.text(position, text, fill=LABEL_COLOUR, font=font)
    out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(out, optimize=True)
    return out

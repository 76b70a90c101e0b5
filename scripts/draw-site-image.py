"""Draw docs/assets/images/site-card.png: the picture a link preview shows beside a page's title (the pages'
og:image, see overrides/main.html), 1200 x 630 pixels as Open Graph and Twitter cards ask.

It is the site's own career-path figure (docs/assets/images/career-path.svg) without words: three job boxes
and a dashed study box in a row, joined by one long arrow, the career, in the site's indigo. The words of a
preview come from the page. Drawn with the standard library only (each shape's edge smoothed by its distance
to the pixel), so the same script always writes the same file:
    .venv/bin/python scripts/draw-site-image.py
"""

from __future__ import annotations

import math
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "assets" / "images" / "site-card.png"
WIDTH, HEIGHT = 1200, 630

Colour = tuple[int, int, int]
BACKGROUND: Colour = (0xE8, 0xEA, 0xF6)  # indigo 50, as the figure's boxes
CARD: Colour = (0xFF, 0xFF, 0xFF)
INDIGO: Colour = (0x28, 0x35, 0x93)  # indigo 800, the figure's arrow
BOX_EDGE: Colour = (0x39, 0x49, 0xAB)  # indigo 600, the figure's box edges
STUDY: Colour = (0xFF, 0xF8, 0xE1)
STUDY_EDGE: Colour = (0x8D, 0x6E, 0x00)
LINES: Colour = (0x9F, 0xA8, 0xDA)  # indigo 200: the lines of text a box would hold

# A shape is its signed distance from a pixel's centre: negative inside, positive outside.
Shape = Callable[[float, float], float]


def rounded_box(left: float, top: float, width: float, height: float, radius: float) -> Shape:
    cx, cy, hx, hy = left + width / 2, top + height / 2, width / 2 - radius, height / 2 - radius

    def distance(x: float, y: float) -> float:
        dx, dy = abs(x - cx) - hx, abs(y - cy) - hy
        return math.hypot(max(dx, 0), max(dy, 0)) + min(max(dx, dy), 0) - radius

    return distance


def outline(shape: Shape, width: float) -> Shape:
    return lambda x, y: abs(shape(x, y)) - width / 2


def dashed(shape: Shape, dash: float) -> Shape:
    """The shape where the diagonal stripes of width ``dash`` are on, every other one."""
    return lambda x, y: shape(x, y) if (x + y) // dash % 2 == 0 else 1.0


def triangle(a: tuple[float, float], b: tuple[float, float], c: tuple[float, float]) -> Shape:
    corners = (a, b, c)

    def distance(x: float, y: float) -> float:
        sides = []
        for (x1, y1), (x2, y2) in zip(corners, corners[1:] + corners[:1], strict=True):
            length = math.hypot(x2 - x1, y2 - y1)
            sides.append(((x2 - x1) * (y - y1) - (y2 - y1) * (x - x1)) / length)
        return -min(sides)  # corners in clockwise order on screen: inside, every side is positive

    return distance


def drawing() -> list[tuple[Shape, Colour]]:
    """The picture, back to front."""
    shapes: list[tuple[Shape, Colour]] = [(rounded_box(60, 60, 1080, 510, 28), CARD)]
    width, gap, top, height = 220, 40, 150, 170
    left = (WIDTH - 4 * width - 3 * gap) / 2
    for number in range(4):
        x = left + number * (width + gap)
        box = rounded_box(x, top, width, height, 18)
        study = number == 2
        shapes.append((box, STUDY if study else BACKGROUND))
        edge = outline(box, 6)
        shapes.append((dashed(edge, 22) if study else edge, STUDY_EDGE if study else BOX_EDGE))
        for line, length in enumerate((0.55, 0.75)):  # two lines of "text"
            shapes.append((rounded_box(x + 34, top + 58 + line * 40, (width - 68) * length, 16, 8), LINES))
    shaft_y, start, end = 430, left + 10, WIDTH - left - 40
    shapes.append((rounded_box(start, shaft_y - 9, end - start, 18, 9), INDIGO))
    shapes.append((triangle((end - 6, shaft_y - 34), (end + 52, shaft_y), (end - 6, shaft_y + 34)), INDIGO))
    return shapes


def blend(top: Colour, under: Colour, cover: float) -> Colour:
    red, green, blue = (round(t * cover + u * (1 - cover)) for t, u in zip(top, under, strict=True))
    return red, green, blue


def pixels() -> bytes:
    shapes = drawing()
    rows = bytearray()
    for y in range(HEIGHT):
        rows.append(0)  # PNG filter type: none
        for x in range(WIDTH):
            colour = BACKGROUND
            for shape, fill in shapes:
                cover = min(max(0.5 - shape(x + 0.5, y + 0.5), 0.0), 1.0)  # a pixel-wide smoothed edge
                if cover:
                    colour = blend(fill, colour, cover)
            rows.extend(colour)
    return bytes(rows)


def png(width: int, height: int, rows: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


if __name__ == "__main__":
    OUTPUT.write_bytes(png(WIDTH, HEIGHT, pixels()))
    print(f"wrote {OUTPUT.relative_to(ROOT)}")

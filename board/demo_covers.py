"""Generated cover pictures for the demo posts: calm gradients with soft geometric shapes.

``make_cover`` is deterministic: the same theme and title always give the same PNG bytes,
so a re-seeded demo board looks the same every time.  Everything is drawn with whole-image
Pillow operations (gradients, shapes on small layers, blur, resize); there are no
per-pixel Python loops, so a 1600x900 cover takes a fraction of a second.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFilter

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Palette:
    """Two gradient ends, a glow colour and accents for the shapes."""

    start: RGB  # top-left end of the background gradient
    end: RGB  # bottom-right end of the background gradient
    glow: RGB  # a soft light that brightens one region
    accents: tuple[RGB, ...]  # shape colours, drawn translucent


def _hex(value: str) -> RGB:
    value = value.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def _palette(start: str, end: str, glow: str, *accents: str) -> Palette:
    return Palette(_hex(start), _hex(end), _hex(glow), tuple(_hex(a) for a in accents))


THEMES: dict[str, Palette] = {
    "dawn": _palette("#fbe3d3", "#c48aa6", "#fff1e6", "#ffffff", "#f4a98e", "#7d4e6d"),
    "ocean": _palette("#0f3d5e", "#3aa0b8", "#8fd6e0", "#ffffff", "#5cc2d6", "#0b2a44"),
    "forest": _palette("#1d3b2f", "#6f9a6b", "#cfe3b6", "#ffffff", "#a9c98f", "#12281f"),
    "slate": _palette("#2b3240", "#7b8799", "#c9d2df", "#ffffff", "#9fb0c8", "#1b202a"),
    "ember": _palette("#5a1e2c", "#e0824f", "#ffd39a", "#ffffff", "#f3a66b", "#3a1320"),
    "lavender": _palette("#e7e0f5", "#7e6bb3", "#fbf7ff", "#ffffff", "#b7a6e0", "#4a3b7c"),
    "sand": _palette("#f3e6cf", "#b58a5c", "#fff6e4", "#ffffff", "#d9b88a", "#6e4f33"),
    "mint": _palette("#d9f2e6", "#3e8f86", "#f4fffa", "#ffffff", "#8fd1bd", "#1f5c57"),
}
DEFAULT_THEME = "slate"

# Shapes are drawn on layers this many times smaller than the picture, blurred there and
# scaled up: soft edges for a fraction of the cost of blurring at full size.
_LAYER_SCALE = 4


def _diagonal_gradient(size: tuple[int, int], start: RGB, end: RGB, angle: float) -> Image.Image:
    """A linear gradient from ``start`` to ``end`` along a direction tilted by ``angle``."""
    width, height = size
    ramp = Image.linear_gradient("L").rotate(angle, resample=Image.Resampling.BICUBIC)
    # Rotating leaves empty corners; crop the middle, which is fully covered.
    ramp = ramp.crop((64, 64, 192, 192)).resize(size, Image.Resampling.BICUBIC)
    return Image.composite(
        Image.new("RGB", (width, height), end), Image.new("RGB", (width, height), start), ramp
    )


def _soft_layer(size: tuple[int, int]) -> tuple[Image.Image, tuple[int, int]]:
    """An empty RGBA layer at reduced size for soft shapes, and that reduced size."""
    small = (max(1, size[0] // _LAYER_SCALE), max(1, size[1] // _LAYER_SCALE))
    return Image.new("RGBA", small, (0, 0, 0, 0)), small


def _paint(
    layer: Image.Image,
    draw: Callable[[ImageDraw.ImageDraw], None],
    colour: RGB,
    alpha: int,
    blur: float,
) -> None:
    """Draw a white-on-black mask with ``draw``, blur it, and lay ``colour`` through it."""
    mask = Image.new("L", layer.size, 0)
    draw(ImageDraw.Draw(mask))
    if blur:
        mask = mask.filter(ImageFilter.GaussianBlur(blur))
    tinted = Image.new("RGBA", layer.size, (*colour, 0))
    tinted.putalpha(mask.point(lambda v: v * alpha // 255))
    layer.alpha_composite(tinted)


def _circle(cx: float, cy: float, r: float) -> tuple[float, float, float, float]:
    return (cx - r, cy - r, cx + r, cy + r)


@dataclass(frozen=True)
class _Layout:
    """Where the main elements sit, in fractions of the picture's width and height."""

    right: bool  # the circle cluster sits on the right (else on the left)
    cx: float  # centre of the main circle
    cy: float
    radius: float  # main circle radius, as a fraction of the height


def _layout(rng: random.Random) -> _Layout:
    right = rng.random() < 0.6
    cx = rng.uniform(0.68, 0.86) if right else rng.uniform(0.14, 0.32)
    return _Layout(right, cx, rng.uniform(0.5, 0.75), rng.uniform(0.42, 0.58))


def _soft_shapes(
    size: tuple[int, int], rng: random.Random, palette: Palette, at: _Layout
) -> Image.Image:
    """Glow, diagonal band and overlapping circles: large, translucent and soft-edged."""
    layer, (sw, sh) = _soft_layer(size)
    light, accent = palette.accents[0], palette.accents[1]

    # A broad light above the cluster.
    gx, gy = at.cx * sw + rng.uniform(-0.1, 0.1) * sw, rng.uniform(0.05, 0.3) * sh
    glow_box = _circle(gx, gy, 0.55 * sh)
    _paint(layer, lambda d: d.ellipse(glow_box, fill=255), palette.glow, 120, sh * 0.22)

    # A wide diagonal band crossing the picture, leaning away from the cluster.
    band_x = (rng.uniform(0.32, 0.5) if at.right else rng.uniform(0.5, 0.68)) * sw
    band_w = rng.uniform(0.1, 0.16) * sw
    slant = rng.uniform(0.3, 0.45) * sh
    band = [
        (band_x, -2),
        (band_x + band_w, -2),
        (band_x + band_w - slant, sh + 2),
        (band_x - slant, sh + 2),
    ]
    _paint(layer, lambda d: d.polygon(band, fill=255), light, 22, 2.0)

    # The cluster: a large circle and a smaller, lighter one overlapping it.
    cx, cy, r = at.cx * sw, at.cy * sh, at.radius * sh
    _paint(layer, lambda d: d.ellipse(_circle(cx, cy, r), fill=255), accent, 70, 1.2)
    outward = 1 if at.right else -1  # towards the nearer side edge
    r2 = r * rng.uniform(0.45, 0.6)
    cx2 = cx + outward * r * rng.uniform(0.5, 0.8)
    cy2 = cy - r * rng.uniform(0.55, 0.8)
    _paint(layer, lambda d: d.ellipse(_circle(cx2, cy2, r2), fill=255), light, 46, 1.0)

    return layer.resize(size, Image.Resampling.BICUBIC)


def _crisp_details(
    size: tuple[int, int], rng: random.Random, at: _Layout
) -> tuple[Image.Image, Image.Image]:
    """A thin ring, fine pinstripes, a dot grid and one small solid disc, drawn at twice
    the size and reduced for clean anti-aliased edges.  Returns two "L" opacity masks:
    one for a light colour (the fine lines) and one for a deep colour (the disc)."""
    width, height = size
    big = Image.new("L", (width * 2, height * 2), 0)
    draw = ImageDraw.Draw(big)
    unit = height * 2  # geometry below is in fractions of the height, at double size
    side = -1 if at.right else 1  # from the main circle's centre towards the middle

    # A small solid disc just inside the main circle, on the side facing the middle.
    disc = Image.new("L", big.size, 0)
    disc_r = at.radius * unit * rng.uniform(0.08, 0.11)
    dx = at.cx * width * 2 + side * at.radius * unit * rng.uniform(0.6, 0.8)
    dy = at.cy * unit + at.radius * unit * rng.uniform(0.15, 0.4)
    ImageDraw.Draw(disc).ellipse(_circle(dx, dy, disc_r), fill=150)

    # A ring straddling the edge of the main circle.
    ring_r = rng.uniform(0.13, 0.2) * unit
    rx = (at.cx * width * 2) + side * at.radius * unit * rng.uniform(0.75, 1.0)
    ry = at.cy * unit - at.radius * unit * rng.uniform(0.2, 0.5)
    draw.ellipse(_circle(rx, ry, ring_r), outline=120, width=max(2, unit // 450))

    # Three pinstripes parallel to nothing in particular: a quiet diagonal rhythm.
    slope = rng.uniform(0.5, 0.8)
    x_base = (rng.uniform(0.05, 0.2) if at.right else rng.uniform(0.62, 0.8)) * width * 2
    for index in range(3):
        x = x_base + index * unit * 0.035
        draw.line(
            [(x, unit * 0.62), (x + unit * 0.3 * slope, unit * 0.32)],
            fill=70,
            width=max(2, unit // 600),
        )

    # A dot grid in the top corner away from the cluster.
    step = unit * 0.045
    cols, rows = rng.randint(6, 9), rng.randint(4, 5)
    left = (width * 2 - unit * 0.08 - (cols - 1) * step) if not at.right else unit * 0.08
    top = unit * rng.uniform(0.09, 0.14)
    dot = max(2.0, unit / 420)
    for i in range(cols):
        for j in range(rows):
            x, y = left + i * step, top + j * step
            draw.ellipse(_circle(x, y, dot), fill=90)

    return big.reduce(2), disc.reduce(2)


def make_cover(theme: str, title: str, width: int = 1600, height: int = 900) -> bytes:
    """PNG bytes of a generated cover for a post; the same inputs give the same bytes."""
    palette = THEMES.get(theme, THEMES[DEFAULT_THEME])
    rng = random.Random(f"{theme}\x1f{title}")  # noqa: S311 - decoration, not security
    size = (width, height)

    angle = rng.uniform(-35.0, -15.0)
    image = _diagonal_gradient(size, palette.start, palette.end, angle).convert("RGBA")
    layout = _layout(rng)
    image.alpha_composite(_soft_shapes(size, rng, palette, layout))
    light_mask, deep_mask = _crisp_details(size, rng, layout)
    for colour, mask in ((palette.accents[0], light_mask), (palette.accents[2], deep_mask)):
        details = Image.new("RGBA", size, (*colour, 0))
        details.putalpha(mask)
        image.alpha_composite(details)

    # A gentle vignette keeps the edges calm and the centre luminous.
    vignette = Image.radial_gradient("L").resize(size, Image.Resampling.BICUBIC)
    shade = Image.new("RGBA", size, (0, 0, 0, 0))
    shade.putalpha(vignette.point(lambda v: max(0, v - 150) * 45 // 105))
    image.alpha_composite(shade)

    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="PNG", optimize=False, compress_level=6)
    return buffer.getvalue()

"""The channel's filler/slate clip: logo, channel name and "Telesabaq", looping seamlessly.

It is a still (every frame an IDR, silent audio), so the playout can loop it and cut it at any
frame to fill a gap exactly. One per channel and profile.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from encoder.cards import encode_still
from encoder.profiles import ChannelProfile
from encoder.rendition import EncodeOptions, Rendition
from encoder.stills import ACCENT, BACKGROUND, TextLine, card_size, find_font, render_card

__all__ = ["DEFAULT_FILLER_SECONDS", "draw_logo", "make_filler"]

DEFAULT_FILLER_SECONDS = 10.0
BRAND = "Telesabaq"


def draw_logo(side: int) -> Image.Image:
    """The Telesabaq mark: a screen-shaped rounded square with a "T" (drawn, no asset file)."""
    image = Image.new("RGB", (side, side), BACKGROUND)
    draw = ImageDraw.Draw(image)
    margin = side // 10
    draw.rounded_rectangle(
        (margin, margin, side - margin, side - margin), radius=side // 6, fill=ACCENT
    )
    font = ImageFont.truetype(str(find_font(bold=True)), int(side * 0.6))
    draw.text((side / 2, side / 2), "T", font=font, fill=BACKGROUND, anchor="mm")
    return image


def _slug(text: str) -> str:
    return re.sub(r"[^\w-]+", "-", text, flags=re.UNICODE).strip("-").lower() or "channel"


def make_filler(
    profile: ChannelProfile,
    channel_name: str,
    out_dir: Path,
    *,
    seconds: float = DEFAULT_FILLER_SECONDS,
    options: EncodeOptions | None = None,
) -> Rendition:
    """Render and encode the filler clip ``filler-<channel>.<profile>.ts`` in ``out_dir``."""
    size = card_size(profile.video)
    lines = [
        TextLine(text=channel_name, size=0.09, bold=True),
        TextLine(text=BRAND, size=0.06, accent=True),
    ]
    with tempfile.TemporaryDirectory(prefix="telesabaq-filler-") as tmp:
        picture = render_card(
            size, lines, Path(tmp) / "filler.png", picture=draw_logo(size[1] // 2)
        )
        stem = f"filler-{_slug(channel_name)}.{profile.name}"
        return encode_still(picture, profile, Path(out_dir), stem, seconds=seconds, options=options)

"""Still pictures for slates, filler and end-cards, drawn with Pillow (no drawtext/fontconfig).

Text is set in Noto Sans or DejaVu Sans from Debian's fonts-noto-core / fonts-dejavu-core
(installed by scripts/setup), both with full Kazakh Cyrillic coverage (ә ғ қ ң ө ұ ү һ і).
A card is drawn at the profile's display size in square pixels (1280x720 for 720p, 1024x576 for
576i 16:9), then the encode scales it to the stored size and SAR.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from encoder.errors import EncoderError
from encoder.profiles import VideoSpec

__all__ = ["FONT_CANDIDATES", "TextLine", "card_size", "find_font", "render_card"]

FONT_CANDIDATES: dict[bool, tuple[str, ...]] = {
    False: (
        "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    ),
    True: (
        "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
}
BACKGROUND = (16, 32, 64)
FOREGROUND = (255, 255, 255)
ACCENT = (255, 200, 40)


@dataclass(frozen=True, slots=True, kw_only=True)
class TextLine:
    """One centred line; ``size`` is a fraction of the picture height."""

    text: str
    size: float = 0.06
    bold: bool = False
    accent: bool = False


def find_font(*, bold: bool = False) -> Path:
    """The first installed font with Kazakh Cyrillic coverage."""
    for candidate in FONT_CANDIDATES[bold]:
        if Path(candidate).is_file():
            return Path(candidate)
    raise EncoderError(
        "no Kazakh-capable font found; run scripts/setup (fonts-noto-core, fonts-dejavu-core)"
    )


def card_size(video: VideoSpec) -> tuple[int, int]:
    """Display size in square pixels: height x DAR by height, even."""
    width = round(Fraction(video.height) * video.dar / 2) * 2
    return width, video.height


def _fit_font(
    draw: ImageDraw.ImageDraw, line: TextLine, width: int, height: int
) -> ImageFont.FreeTypeFont:
    size = max(8, int(line.size * height))
    font_path = str(find_font(bold=line.bold))
    while True:
        font = ImageFont.truetype(font_path, size)
        if draw.textlength(line.text, font=font) <= 0.92 * width or size <= 8:
            return font
        size = int(size * 0.9)


def render_card(
    size: tuple[int, int],
    lines: Sequence[TextLine],
    out: Path,
    *,
    picture: Image.Image | None = None,
    background: tuple[int, int, int] = BACKGROUND,
) -> Path:
    """Draw centred text lines (and an optional picture on the right third) to a PNG."""
    width, height = size
    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    text_width = int(width * 0.62) if picture is not None else width
    fonts = [_fit_font(draw, line, text_width, height) for line in lines]
    heights = [int(f.size * 1.35) for f in fonts]
    y = (height - sum(heights)) // 2
    for line, font, line_height in zip(lines, fonts, heights, strict=True):
        x = (text_width - draw.textlength(line.text, font=font)) / 2
        draw.text((x, y), line.text, font=font, fill=ACCENT if line.accent else FOREGROUND)
        y += line_height
    if picture is not None:
        side = int(min(width * 0.34, height * 0.7))
        scaled = picture.convert("RGB").resize((side, side), Image.Resampling.NEAREST)
        image.paste(scaled, (text_width + (width - text_width - side) // 2, (height - side) // 2))
    image.save(out, format="PNG")
    return out

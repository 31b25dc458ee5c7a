"""Kazakh Cyrillic renders as glyphs, not boxes, in the fonts the project installs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from encoder.stills import TextLine, find_font, render_card

KAZAKH = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"
MISSING = "\ue000"  # a private-use code point no shipped font draws: renders as .notdef


def glyph(font: ImageFont.FreeTypeFont, char: str) -> np.ndarray:
    image = Image.new("L", (80, 80), 0)
    ImageDraw.Draw(image).text((10, 5), char, font=font, fill=255)
    return np.asarray(image) > 127


@pytest.mark.parametrize("bold", [False, True])
def test_kazakh_letters_are_real_glyphs(bold: bool) -> None:
    font = ImageFont.truetype(str(find_font(bold=bold)), 48)
    box = glyph(font, MISSING)
    assert box.sum() > 0  # the missing-glyph box is drawn, so the comparison means something
    for char in KAZAKH:
        drawn = glyph(font, char)
        assert drawn.sum() > 20, f"{char!r} draws nothing"
        assert (drawn != box).sum() > 20, f"{char!r} renders as the missing-glyph box"
    assert len({glyph(font, c).tobytes() for c in KAZAKH}) == len(KAZAKH)  # all distinct


def test_card_renders_text_and_picture(tmp_path: Path) -> None:
    qr = Image.new("RGB", (10, 10), (255, 255, 255))
    out = render_card(
        (640, 360), [TextLine(text="Қазақ тілі", size=0.1)], tmp_path / "c.png", picture=qr
    )
    pixels = np.asarray(Image.open(out).convert("L"))
    assert pixels.shape == (360, 640)
    assert pixels[:, :400].max() > 200  # white text on the left
    assert (pixels[:, 420:] == 255).sum() > 100 * 100  # the picture on the right

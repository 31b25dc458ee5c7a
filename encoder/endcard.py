"""End-cards: what a viewer sees after each module, pointing at the follow-up test.

A card shows the course and module titles (in each of kk/ru/en that is set), a QR code (segno) of
the follow-up test's short URL and the module's short code in large digits ("123 456"). The code
is per module and stable, so the card never goes stale; which airing a viewer came from is
worked out when the code is used. The card is re-made only when its content changes: the file name
carries a hash of everything drawn on it, and an existing verified card is reused.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path

import segno
from PIL import Image

from encoder.cards import encode_still
from encoder.errors import EncoderError
from encoder.profiles import ChannelProfile
from encoder.rendition import EncodeOptions, Rendition
from encoder.stills import TextLine, card_size, render_card
from mpegts.rendition_index import RenditionIndex, RenditionIndexError

__all__ = ["DEFAULT_ENDCARD_SECONDS", "endcard_key", "format_short_code", "make_endcard"]

DEFAULT_ENDCARD_SECONDS = 15.0
LANGUAGE_ORDER = ("kk", "ru", "en")
CARD_VERSION = 1  # bump when the layout changes, so every card is re-made

Titles = str | Mapping[str, str]


def format_short_code(code: str) -> str:
    """A module's 6-digit short code as shown on air: ``"123456"`` -> ``"123 456"``."""
    digits = code.replace(" ", "")
    if not re.fullmatch(r"\d{6}", digits):
        raise EncoderError(f"a short code is 6 digits, not {code!r}")
    return f"{digits[:3]} {digits[3:]}"


def _ordered(titles: Titles) -> list[str]:
    if isinstance(titles, str):
        return [titles]
    known = [titles[lang] for lang in LANGUAGE_ORDER if titles.get(lang)]
    others = [text for lang, text in sorted(titles.items()) if lang not in LANGUAGE_ORDER and text]
    return known + others


def endcard_key(
    profile: ChannelProfile, course_title: Titles, module_title: Titles, test_url: str, code: str
) -> str:
    """A hash of everything on the card (and the profile), naming the file."""
    content = {
        "v": CARD_VERSION,
        "profile": profile.name,
        "course": _ordered(course_title),
        "module": _ordered(module_title),
        "url": test_url,
        "code": format_short_code(code),
    }
    return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()[:12]


def qr_image(url: str) -> Image.Image:
    """The QR code of ``url`` (error correction M, quiet zone 2 modules)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=8, border=2)
    buffer.seek(0)
    return Image.open(buffer).convert("RGB")


def _existing(out_dir: Path, stem: str) -> Rendition | None:
    ts_path, index_path = out_dir / f"{stem}.ts", out_dir / f"{stem}.index.json"
    if not (ts_path.is_file() and index_path.is_file()):
        return None
    try:
        index = RenditionIndex.from_json(index_path.read_text(encoding="utf-8"))
    except (OSError, RenditionIndexError):
        return None
    if index.ts_size != ts_path.stat().st_size:
        return None
    return Rendition(ts_path=ts_path, index_path=index_path, index=index)


def make_endcard(
    profile: ChannelProfile,
    course_title: Titles,
    module_title: Titles,
    test_url: str,
    short_code: str,
    out_dir: Path,
    seconds: float = DEFAULT_ENDCARD_SECONDS,
    *,
    options: EncodeOptions | None = None,
) -> Rendition:
    """The module's end-card rendition; reused when nothing on it changed."""
    out_dir = Path(out_dir)
    code = format_short_code(short_code)
    key = endcard_key(profile, course_title, module_title, test_url, short_code)
    stem = f"endcard-{code.replace(' ', '')}-{key}.{profile.name}"
    if (ready := _existing(out_dir, stem)) is not None:
        return ready
    lines = [TextLine(text=t, size=0.055, bold=True) for t in _ordered(course_title)]
    lines += [TextLine(text=t, size=0.045) for t in _ordered(module_title)]
    lines += [
        TextLine(text=code, size=0.16, bold=True, accent=True),
        TextLine(text=test_url, size=0.04),
    ]
    with tempfile.TemporaryDirectory(prefix="telesabaq-endcard-") as tmp:
        picture = render_card(
            card_size(profile.video), lines, Path(tmp) / "endcard.png", picture=qr_image(test_url)
        )
        return encode_still(picture, profile, out_dir, stem, seconds=seconds, options=options)

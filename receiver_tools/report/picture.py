"""A picture of the EPG grid as a receiver draws it: services down, time across, titles in
their cells (Pillow). Text in every script of the SI needs a font that has it: Kazakh needs the
Cyrillic extensions (Ә Ғ Қ Ң Ө Ұ Ү Һ), which DejaVu Sans and Noto Sans both cover."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from receiver_tools.eventlist import EventInfo
from receiver_tools.scan import ServiceInfo

__all__ = ["FONT_CANDIDATES", "FontNotFoundError", "draw_epg_grid", "find_font"]

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf",
)
KAZAKH_LETTERS = "ӘәҒғҚқҢңӨөҰұҮүҺһІі"

_ROW = 44
_LABEL = 220
_HEADER = 36
_PX_PER_MIN = 4
_LANGS = ("kaz", "rus", "eng")


class FontNotFoundError(RuntimeError):
    """No font with full Kazakh coverage is installed (Debian: fonts-dejavu-core)."""


def find_font(candidates: Sequence[str] = FONT_CANDIDATES) -> Path:
    for candidate in candidates:
        path = Path(candidate)
        if path.is_file():
            return path
    raise FontNotFoundError(
        "no font with Kazakh coverage found; install fonts-dejavu-core or fonts-noto-core "
        f"(looked for {', '.join(candidates)})"
    )


def _title(event: EventInfo) -> str:
    for lang in _LANGS:
        if lang in event.names:
            return event.names[lang]
    return event.title


def _service_label(service_id: int, services: dict[int, ServiceInfo]) -> str:
    s = services.get(service_id)
    if s is None:
        return str(service_id)
    return f"{'' if s.lcn is None else f'{s.lcn} '}{s.name or s.service_id}"


def _window(
    events: Sequence[EventInfo], start: datetime | None, hours: float
) -> tuple[datetime, datetime]:
    if start is None:
        timed = [e.start for e in events if e.start is not None and e.kind == "present"]
        timed = timed or [e.start for e in events if e.start is not None]
        start = min(timed) if timed else datetime(2000, 1, 1).astimezone()
    start = start.replace(minute=0 if start.minute < 30 else 30, second=0, microsecond=0)
    return start, start + timedelta(hours=hours)


def _fit(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text + "…" if text else ""


def _row_order(events: Sequence[EventInfo], services: dict[int, ServiceInfo]) -> list[int]:
    """Service ids with events, in channel-list order: by LCN, then service_id."""

    def lcn(service_id: int) -> int:
        service = services.get(service_id)
        return service.lcn if service is not None and service.lcn is not None else 1 << 16

    return sorted({e.service_id for e in events}, key=lambda sid: (lcn(sid), sid))


def draw_epg_grid(
    events: Sequence[EventInfo],
    services: Sequence[ServiceInfo],
    path: Path,
    *,
    start: datetime | None = None,
    hours: float = 4.0,
    font_path: Path | None = None,
    max_rows: int = 40,
) -> Path:
    """Write a PNG of the EPG grid of the actual services (else all) to `path`.

    The grid starts at `start` (the broadcast time from the TDT, as a receiver would) or, when
    the stream carries no time, at the earliest present event; rounded down to half an hour.
    """
    font = ImageFont.truetype(str(font_path or find_font()), 15)
    small = ImageFont.truetype(str(font_path or find_font()), 12)
    by_id = {s.service_id: s for s in services}
    chosen = [e for e in events if e.actual] or list(events)
    rows = _row_order(chosen, by_id)[:max_rows]
    begin, end = _window(chosen, start, hours)
    width = _LABEL + int(hours * 60 * _PX_PER_MIN)
    image = Image.new("RGB", (width, _HEADER + _ROW * max(1, len(rows))), "#10182b")
    draw = ImageDraw.Draw(image)
    _draw_header(draw, begin, hours, small)
    for row, service_id in enumerate(rows):
        top = _HEADER + row * _ROW
        draw.rectangle([0, top, _LABEL - 2, top + _ROW - 2], fill="#1f2d4d")
        draw.text(
            (8, top + 12),
            _fit(draw, _service_label(service_id, by_id), font, _LABEL - 16),
            font=font,
            fill="white",
        )
        for e in chosen:
            if e.service_id == service_id and e.start is not None:
                _draw_event(draw, e, begin, end, top, font)
    image.save(path, "PNG")
    return path


def _draw_header(
    draw: ImageDraw.ImageDraw, begin: datetime, hours: float, font: ImageFont.FreeTypeFont
) -> None:
    draw.text((8, 10), begin.strftime("%Y-%m-%d UTC"), font=font, fill="#9fb3d9")
    for k in range(int(hours * 2) + 1):
        x = _LABEL + k * 30 * _PX_PER_MIN
        draw.line([x, _HEADER - 6, x, _HEADER], fill="#9fb3d9")
        draw.text(
            (x + 3, 10),
            (begin + timedelta(minutes=30 * k)).strftime("%H:%M"),
            font=font,
            fill="#9fb3d9",
        )


def _draw_event(
    draw: ImageDraw.ImageDraw,
    e: EventInfo,
    begin: datetime,
    end: datetime,
    top: int,
    font: ImageFont.FreeTypeFont,
) -> None:
    assert e.start is not None
    stop = e.start + e.duration
    if stop <= begin or e.start >= end:
        return
    x0 = _LABEL + max(0, int((e.start - begin).total_seconds() / 60 * _PX_PER_MIN))
    x1 = _LABEL + int((min(stop, end) - begin).total_seconds() / 60 * _PX_PER_MIN)
    fill = "#3b5bdb" if e.kind == "present" else "#2b3a5e"
    draw.rectangle([x0 + 1, top, max(x0 + 2, x1 - 2), top + _ROW - 2], fill=fill, outline="#5c7cfa")
    label = _fit(draw, _title(e), font, max(0, x1 - x0 - 10))
    if label:
        draw.text((x0 + 6, top + 12), label, font=font, fill="white")

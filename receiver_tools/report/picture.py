"""A picture of the EPG grid as a receiver draws it: services down, time across, titles in
their cells (Pillow). Text in every script of the SI needs a font that has it: Kazakh needs the
Cyrillic extensions (Ә Ғ Қ Ң Ө Ұ Ү Һ), which DejaVu Sans and Noto Sans both cover.

The grid adapts to what it draws, as a set-top box's guide does:

* **Rows**: every service of the channel list (the actual transport stream's visible services,
  plus any service that has events), ordered by LCN, then service_id (services without an LCN
  last) - one row each, even when the EIT has nothing for it.
* **Start**: the broadcast time (TDT/TOT, "now") when the stream carries one, else the start of
  the earliest present event (EIT p/f, EN 300 468 §5.2.4), else the earliest event; rounded
  down to the tick step.
* **Window**: the typical event - the median duration of the events in the next four hours -
  must be at least `TITLE_PX` (96 px, a dozen letters) wide, so that it carries a readable
  title. The window is the longest of 10, 15, 20, 30, 45 minutes, 1, 1.5, 2, 3 or 4 hours that
  allows it (10 minutes when none does): one-minute lectures get 10 minutes, 15-minute
  programmes 2 hours, 30-60 minute lectures 4 hours. The time axis is always `TIMELINE_PX`
  (960 px) wide, so the scale follows from the window.
* **Ticks**: the smallest of 5, 10, 15, 30 or 60 minutes that gives at most 8 steps across
  the window, on whole multiples of the step in UTC.
* An explicit start or length (`telesabaq analyze --picture-start/--picture-hours`) wins over
  the rule.

Titles are the first of Kazakh, Russian, English found in the event (else any language), cut
with an ellipsis where the cell is too narrow; the present event is drawn brighter, and a "now"
line marks the broadcast time.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from receiver_tools.eventlist import EventInfo
from receiver_tools.scan import ServiceInfo

__all__ = [
    "FONT_CANDIDATES",
    "TIMELINE_PX",
    "TITLE_PX",
    "FontNotFoundError",
    "GridWindow",
    "auto_minutes",
    "choose_window",
    "draw_epg_grid",
    "find_font",
    "grid_rows",
    "tick_step",
]

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf",
)
KAZAKH_LETTERS = "ӘәҒғҚқҢңӨөҰұҮүҺһІі"

TIMELINE_PX = 960
TITLE_PX = 96  # about a dozen letters at 15 px: a title a viewer can recognise
WINDOWS_MIN = (10, 15, 20, 30, 45, 60, 90, 120, 180, 240)
TICKS_MIN = (5, 10, 15, 30, 60)
MAX_TICKS = 8

_ROW = 44
_LABEL = 260
_HEADER = 36
_TEXT_DY = 12
_TEXT_DX = 6
_LANGS = ("kaz", "rus", "eng")
_NO_TIME = datetime(2000, 1, 1, tzinfo=UTC)

BACKGROUND = "#10182b"
LABEL_FILL = "#1f2d4d"
PRESENT_FILL = "#3b5bdb"
EVENT_FILL = "#2b3a5e"
OUTLINE = "#5c7cfa"
AXIS = "#9fb3d9"
NOW_LINE = "#ffb000"


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


@dataclass(frozen=True, slots=True, kw_only=True)
class GridWindow:
    """The time span the grid shows and the step of its tick marks."""

    begin: datetime
    minutes: float
    tick_minutes: int

    @property
    def end(self) -> datetime:
        return self.begin + timedelta(minutes=self.minutes)

    @property
    def px_per_minute(self) -> float:
        return TIMELINE_PX / self.minutes

    def x(self, moment: datetime) -> int:
        """Pixel column of `moment`, clamped to the time axis."""
        minutes = (moment - self.begin).total_seconds() / 60
        return _LABEL + round(min(max(minutes, 0.0), self.minutes) * self.px_per_minute)

    def ticks(self) -> list[datetime]:
        """Tick times: whole multiples of the step (UTC) inside the window."""
        first = _floor(self.begin, self.tick_minutes)
        if first < self.begin:
            first += timedelta(minutes=self.tick_minutes)
        step = timedelta(minutes=self.tick_minutes)
        count = int((self.end - first) / step) + 1
        return [first + k * step for k in range(max(0, count))]


def _floor(moment: datetime, step_minutes: int) -> datetime:
    """Round down to a whole multiple of `step_minutes` (which divides an hour)."""
    base = moment.replace(second=0, microsecond=0)
    return base - timedelta(minutes=base.minute % step_minutes)


def tick_step(minutes: float) -> int:
    """The smallest tick step giving at most `MAX_TICKS` steps across the window."""
    for step in TICKS_MIN:
        if minutes / step <= MAX_TICKS:
            return step
    return TICKS_MIN[-1]


def _anchor(events: Sequence[EventInfo], now: datetime | None) -> datetime:
    """Where a receiver starts its guide: now, else the present event, else the first event."""
    if now is not None:
        return now
    present = [e.start for e in events if e.start is not None and e.kind == "present"]
    timed = present or [e.start for e in events if e.start is not None]
    return min(timed) if timed else _NO_TIME


def _typical_minutes(events: Sequence[EventInfo], anchor: datetime) -> float | None:
    """Median duration of the events in the longest window after `anchor` (else of all)."""
    horizon = anchor + timedelta(minutes=WINDOWS_MIN[-1])
    spans = [
        (e.start, e.start + e.duration)
        for e in events
        if e.start is not None and e.duration > timedelta(0)
    ]
    near = [stop - begin for begin, stop in spans if begin < horizon and stop > anchor]
    chosen = near or [stop - begin for begin, stop in spans]
    if not chosen:
        return None
    return float(statistics.median(d.total_seconds() / 60 for d in chosen))


def auto_minutes(typical: float | None) -> int:
    """The longest window in which an event of `typical` minutes is `TITLE_PX` wide."""
    if typical is None:
        return WINDOWS_MIN[-1]
    fitting = [w for w in WINDOWS_MIN if typical * TIMELINE_PX / w >= TITLE_PX]
    return max(fitting) if fitting else WINDOWS_MIN[0]


def choose_window(
    events: Sequence[EventInfo],
    *,
    now: datetime | None = None,
    start: datetime | None = None,
    hours: float | None = None,
) -> GridWindow:
    """The grid's time span (see the module docstring); `start` and `hours` override it."""
    anchor = _anchor(events, now)
    if hours is not None and hours > 0:
        minutes: float = hours * 60
    else:
        minutes = auto_minutes(_typical_minutes(events, start or anchor))
    tick = tick_step(minutes)
    begin = start if start is not None else _floor(anchor, tick)
    return GridWindow(begin=begin, minutes=minutes, tick_minutes=tick)


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


def _fit(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text + "…" if text else ""


def grid_rows(events: Sequence[EventInfo], services: Sequence[ServiceInfo]) -> list[int]:
    """Service ids, one per row, in channel-list order: by LCN, then service_id.

    The visible services of the actual TS are listed even without events (a receiver shows
    them with an empty guide line); services of other TSs only when they have events.
    """
    by_id = {s.service_id: s for s in services}
    listed = {s.service_id for s in services if s.actual and s.visible}

    def lcn(service_id: int) -> int:
        service = by_id.get(service_id)
        return service.lcn if service is not None and service.lcn is not None else 1 << 16

    ids = listed | {e.service_id for e in events}
    return sorted(ids, key=lambda sid: (lcn(sid), sid))


@dataclass(frozen=True, slots=True)
class _Fonts:
    text: ImageFont.FreeTypeFont
    small: ImageFont.FreeTypeFont


def draw_epg_grid(
    events: Sequence[EventInfo],
    services: Sequence[ServiceInfo],
    path: Path,
    *,
    now: datetime | None = None,
    start: datetime | None = None,
    hours: float | None = None,
    font_path: Path | None = None,
    max_rows: int = 40,
) -> Path:
    """Write a PNG of the EPG grid of the actual services (else all) to `path`.

    `now` is the broadcast time (TDT), where the guide starts and the "now" line is drawn;
    `start` and `hours` fix the window instead of the rule in the module docstring.
    """
    font_file = str(font_path or find_font())
    fonts = _Fonts(ImageFont.truetype(font_file, 15), ImageFont.truetype(font_file, 12))
    by_id = {s.service_id: s for s in services}
    chosen = [e for e in events if e.actual] or list(events)
    rows = grid_rows(chosen, services)[:max_rows]
    window = choose_window(chosen, now=now, start=start, hours=hours)
    image = Image.new("RGB", (_LABEL + TIMELINE_PX, _HEADER + _ROW * max(1, len(rows))), BACKGROUND)
    draw = ImageDraw.Draw(image)
    _draw_header(draw, window, fonts.small)
    for row, service_id in enumerate(rows):
        top = _HEADER + row * _ROW
        draw.rectangle([0, top, _LABEL - 2, top + _ROW - 2], fill=LABEL_FILL)
        label = _fit(draw, _service_label(service_id, by_id), fonts.text, _LABEL - 16)
        draw.text((8, top + _TEXT_DY), label, font=fonts.text, fill="white")
        for e in chosen:
            if e.service_id == service_id and e.start is not None:
                _draw_event(draw, e, window, top, fonts.text)
    if now is not None and window.begin <= now < window.end:
        x = window.x(now)
        draw.line([x, _HEADER - 8, x, image.height], fill=NOW_LINE, width=2)
    image.save(path, "PNG")
    return path


def _draw_header(
    draw: ImageDraw.ImageDraw, window: GridWindow, font: ImageFont.FreeTypeFont
) -> None:
    draw.text((8, 10), window.begin.strftime("%Y-%m-%d UTC"), font=font, fill=AXIS)
    for tick in window.ticks():
        x = window.x(tick)
        draw.line([x, _HEADER - 6, x, _HEADER], fill=AXIS)
        if x + 40 <= _LABEL + TIMELINE_PX:
            draw.text((x + 3, 10), tick.strftime("%H:%M"), font=font, fill=AXIS)


def _draw_event(
    draw: ImageDraw.ImageDraw,
    e: EventInfo,
    window: GridWindow,
    top: int,
    font: ImageFont.FreeTypeFont,
) -> None:
    assert e.start is not None
    stop = e.start + e.duration
    if stop <= window.begin or e.start >= window.end:
        return
    x0, x1 = window.x(e.start), window.x(stop)
    fill = PRESENT_FILL if e.kind == "present" else EVENT_FILL
    draw.rectangle([x0 + 1, top, max(x0 + 2, x1 - 2), top + _ROW - 2], fill=fill, outline=OUTLINE)
    label = _fit(draw, _title(e), font, max(0, x1 - x0 - 2 * _TEXT_DX - 4))
    if label:
        draw.text((x0 + _TEXT_DX, top + _TEXT_DY), label, font=font, fill="white")

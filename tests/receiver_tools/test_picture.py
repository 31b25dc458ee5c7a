"""The EPG grid picture: a window chosen from the events (so typical events carry their title),
titles and service names really drawn (found by rendering the same text and searching the
image for it), one row per service in LCN order, and a font with every Kazakh letter."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.lib.stride_tricks import sliding_window_view
from PIL import Image, ImageColor, ImageDraw, ImageFont
from typer.testing import CliRunner

from receiver_tools.cli import app
from receiver_tools.eventlist import EventInfo
from receiver_tools.report.picture import (
    AXIS,
    BACKGROUND,
    EVENT_FILL,
    KAZAKH_LETTERS,
    LABEL_FILL,
    NOW_LINE,
    TICKS_MIN,
    TIMELINE_PX,
    TITLE_PX,
    WINDOWS_MIN,
    FontNotFoundError,
    choose_window,
    draw_epg_grid,
    find_font,
    grid_rows,
)
from receiver_tools.scan import ServiceInfo

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ROW, HEADER, LABEL = 44, 36, 260


def _event(
    sid: int,
    eid: int,
    minutes: float,
    title: dict[str, str],
    *,
    length: float = 50,
    kind: str = "schedule",
) -> EventInfo:
    return EventInfo(
        service_id=sid,
        transport_stream_id=1,
        original_network_id=0x2137,
        event_id=eid,
        kind=kind,
        actual=True,
        start=START + timedelta(minutes=minutes),
        duration=timedelta(minutes=length),
        running_status=1,
        free_ca_mode=False,
        names=title,
    )


def _service(sid: int, lcn: int | None, name: str, *, actual: bool = True) -> ServiceInfo:
    return ServiceInfo(
        service_id=sid,
        transport_stream_id=1,
        original_network_id=0x2137,
        actual=actual,
        lcn=lcn,
        name=name,
    )


def _demo_loop(sid: int, count: int = 12) -> list[EventInfo]:
    """The demo's first hour: a one-minute lecture and its 30-second end-card every 5 minutes."""
    events = []
    for k in range(count):
        events.append(_event(sid, 2 * k, 5 * k, {"kaz": f"Дәріс {k}"}, length=1))
        events.append(_event(sid, 2 * k + 1, 5 * k + 1, {"kaz": "Тест"}, length=0.5))
    return events


def _text_patch(text: str, background: str, size: int = 15, colour: str = "white") -> np.ndarray:
    """`text` drawn as the picture draws it (same font, size, colours) on a tight patch."""
    font = ImageFont.truetype(str(find_font()), size)
    _, _, right, bottom = font.getbbox(text)
    patch = Image.new("RGB", (int(right) + 1, int(bottom) + 1), background)
    ImageDraw.Draw(patch).text((0, 0), text, font=font, fill=colour)
    return np.asarray(patch)


def _find(image: Path, patch: np.ndarray, top: int = 0, bottom: int | None = None) -> list[int]:
    """Left x of every exact occurrence of `patch` between pixel rows `top` and `bottom`."""
    with Image.open(image) as opened:
        pixels = np.asarray(opened.convert("RGB"))[top:bottom]
    height, width = patch.shape[:2]
    found: set[int] = set()
    for y in range(pixels.shape[0] - height + 1):
        windows = sliding_window_view(pixels[y : y + height], (height, width, 3))[0, :, 0]
        found.update(int(x) for x in np.flatnonzero((windows == patch).all(axis=(1, 2, 3))))
    return sorted(found)


def _rgb(colour: str) -> np.ndarray:
    return np.array(ImageColor.getrgb(colour), dtype=np.uint8)


def _row_band(row: int) -> tuple[int, int]:
    return HEADER + row * ROW, HEADER + (row + 1) * ROW


def test_font_covers_kazakh() -> None:
    font = ImageFont.truetype(str(find_font()), 20)
    notdef = font.getmask("\uffff").getbbox()
    for letter in KAZAKH_LETTERS:
        assert font.getmask(letter).getbbox() != notdef, letter


def test_missing_font_is_a_clear_error() -> None:
    with pytest.raises(FontNotFoundError, match="fonts-dejavu-core"):
        find_font(("/nonexistent/font.ttf",))


def test_one_minute_events_get_a_ten_minute_window() -> None:
    window = choose_window(_demo_loop(101), now=START + timedelta(minutes=3, seconds=20))
    assert window.minutes == 10
    assert window.tick_minutes == 5
    assert window.begin == START  # now, rounded down to the tick step
    assert window.px_per_minute * 1 >= TITLE_PX  # a one-minute lecture carries its title


@pytest.mark.parametrize(
    ("length", "minutes", "tick"),
    [(45, 240, 30), (30, 240, 30), (15, 120, 15), (5, 45, 10)],
)
def test_longer_events_get_a_longer_window(length: int, minutes: int, tick: int) -> None:
    events = [_event(101, k, k * length, {"eng": f"E{k}"}, length=length) for k in range(40)]
    window = choose_window(events, now=START + timedelta(minutes=47))
    assert window.minutes == minutes
    assert window.tick_minutes == tick
    assert window.begin == START + timedelta(minutes=47 - 47 % tick)


def test_without_broadcast_time_the_window_starts_at_the_present_event() -> None:
    events = [
        _event(101, 1, 10, {"eng": "Past"}, length=45),
        _event(101, 2, 100, {"eng": "Present"}, length=45, kind="present"),
    ]
    window = choose_window(events)
    assert window.begin == START + timedelta(minutes=90)  # 10:40 down to the 30-min tick


def test_the_median_is_taken_over_the_coming_hours_not_the_whole_schedule() -> None:
    # One-minute events now; a day of 45-minute ones later that must not widen the window.
    events = _demo_loop(101) + [
        _event(101, 100 + k, 300 + 45 * k, {"eng": "Later"}, length=45) for k in range(30)
    ]
    assert choose_window(events, now=START).minutes == 10


def test_explicit_start_and_hours_win() -> None:
    start = START + timedelta(minutes=7)
    window = choose_window(_demo_loop(101), now=START, start=start, hours=3)
    assert (window.begin, window.minutes, window.tick_minutes) == (start, 180, 30)
    assert window.ticks()[0] == START + timedelta(minutes=30)
    only_start = choose_window(_demo_loop(101), now=START, start=start)
    assert (only_start.begin, only_start.minutes) == (start, 10)


@given(
    lengths=st.lists(st.integers(min_value=1, max_value=600), min_size=1, max_size=30),
    offset=st.integers(min_value=0, max_value=10**6),
)
def test_window_is_on_the_ladder_and_starts_on_a_tick(lengths: list[int], offset: int) -> None:
    events, at = [], 0
    for k, length in enumerate(lengths):
        events.append(_event(101, k, at, {"eng": "x"}, length=length))
        at += length
    now = START + timedelta(seconds=offset % (at * 60))
    window = choose_window(events, now=now)
    assert window.minutes in WINDOWS_MIN
    assert window.tick_minutes in TICKS_MIN
    assert window.minutes / window.tick_minutes <= 8
    assert window.begin <= now < window.begin + timedelta(minutes=window.tick_minutes)
    assert window.begin.minute % window.tick_minutes == 0
    assert window.begin.second == window.begin.microsecond == 0
    assert window.ticks()[0] == window.begin
    assert window.ticks()[-1] <= window.end


@given(length=st.integers(min_value=1, max_value=24 * 60))
def test_window_is_the_longest_that_keeps_a_typical_title(length: int) -> None:
    events = [_event(101, k, k * length, {"eng": "x"}, length=length) for k in range(5)]
    minutes = choose_window(events, now=START).minutes
    width = length * TIMELINE_PX / minutes
    assert width >= TITLE_PX or minutes == WINDOWS_MIN[0]
    longer = [w for w in WINDOWS_MIN if w > minutes]
    assert not longer or length * TIMELINE_PX / longer[0] < TITLE_PX


def test_titles_of_one_minute_lectures_are_drawn(tmp_path: Path) -> None:
    events = _demo_loop(101)
    services = [_service(101, 21, "Телесабақ Т2")]
    grid = draw_epg_grid(events, services, tmp_path / "grid.png", now=START)
    top, bottom = _row_band(0)
    for k in (0, 1):  # the two lectures of the 10-minute window, whole titles
        x = _find(grid, _text_patch(f"Дәріс {k}", EVENT_FILL), top, bottom)
        assert len(x) == 1, k
        assert abs(x[0] - (LABEL + k * 5 * TIMELINE_PX / 10)) < 12
    # The old fixed four-hour view made the same lectures 4 px slivers without a title.
    fixed = draw_epg_grid(events, services, tmp_path / "fixed.png", now=START, hours=4)
    assert _find(fixed, _text_patch("Дәріс 0", EVENT_FILL), top, bottom) == []


def test_titles_of_45_minute_lectures_are_drawn_over_hours(tmp_path: Path) -> None:
    names = ["Математика", "Физика", "Химия", "Тарих", "Биология", "Ағылшын тілі"]
    events = [_event(101, k, 45 * k, {"kaz": n}, length=45) for k, n in enumerate(names)]
    grid = draw_epg_grid(events, [_service(101, 1, "Білім")], tmp_path / "grid.png", now=START)
    top, bottom = _row_band(0)
    found = [n for n in names if _find(grid, _text_patch(n, EVENT_FILL), top, bottom)]
    assert found == names[:-1]  # 4 h: five whole lectures, the sixth starts at 12:45


def test_a_title_too_long_for_its_cell_ends_in_an_ellipsis(tmp_path: Path) -> None:
    long = "Ақпараттық технологиялар негіздері: компьютерлік желілер"
    events = [_event(101, 1, 0, {"kaz": long}, length=1), *_demo_loop(101)[2:]]
    grid = draw_epg_grid(events, [_service(101, 21, "T2")], tmp_path / "g.png", now=START)
    top, bottom = _row_band(0)
    assert _find(grid, _text_patch(long, EVENT_FILL), top, bottom) == []
    shown = [
        n for n in range(4, 16) if _find(grid, _text_patch(long[:n] + "…", EVENT_FILL), top, bottom)
    ]
    assert len(shown) == 1  # one prefix, as long as the one-minute cell allows


def test_every_service_has_a_row_in_lcn_order(tmp_path: Path) -> None:
    services = [
        _service(0x0201, 41, "Телесабак Спутник"),
        _service(0x0101, 21, "Телесабақ Т2"),
        _service(0x0301, None, "Радио"),  # no LCN, no events: still listed, last
        _service(0x0401, 5, "Басқа", actual=False),  # another TS without events: not listed
    ]
    events = _demo_loop(0x0201) + _demo_loop(0x0101)
    assert grid_rows(events, services) == [0x0101, 0x0201, 0x0301]
    grid = draw_epg_grid(events, services, tmp_path / "grid.png")
    with Image.open(grid) as image:
        assert image.height == HEADER + 3 * ROW
    for row, label in enumerate(["21 Телесабақ Т2", "41 Телесабак Спутник", "Радио"]):
        assert _find(grid, _text_patch(label, LABEL_FILL), *_row_band(row)) == [8], label
    # The radio row's guide line is empty: nothing but background right of the label.
    top, bottom = _row_band(2)
    with Image.open(grid) as image:
        line = np.asarray(image.convert("RGB"))[top:bottom, LABEL:]
    assert (line == _rgb(BACKGROUND)).all()


def test_now_line_marks_the_broadcast_time(tmp_path: Path) -> None:
    now = START + timedelta(minutes=2, seconds=30)
    grid = draw_epg_grid(_demo_loop(101), [], tmp_path / "grid.png", now=now)
    with Image.open(grid) as image:
        line = np.asarray(image.convert("RGB"))[HEADER + 5]
    columns = np.flatnonzero((line == _rgb(NOW_LINE)).all(axis=1))
    assert columns.size > 0
    assert abs(columns[0] - (LABEL + 2.5 * TIMELINE_PX / 10)) <= 2


def test_cli_picture_start_and_hours(samples: Path, tmp_path: Path) -> None:
    png = tmp_path / "epg.png"
    capture = str(samples / "tsduck-test__test-184.ts")
    args = [capture, "--picture", str(png), "--picture-start", "07:00", "--picture-hours", "2"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    # Two hours: ticks every 15 minutes from 07:00, labelled at the tick.
    for k, label in enumerate(["07:00", "07:15", "07:30"]):
        x = _find(png, _text_patch(label, BACKGROUND, 12, AXIS), 0, HEADER)
        assert LABEL + k * TIMELINE_PX // 8 + 3 in x, label


def test_cli_rejects_a_start_that_is_not_a_time(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["x.ts", "--picture", str(tmp_path / "p.png"), "--start", "half past nine"]
    )
    assert result.exit_code == 2
    assert "not a time" in result.output

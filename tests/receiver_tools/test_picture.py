"""The EPG grid picture draws Kazakh and Russian titles with a font that has every letter."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image, ImageFont

from receiver_tools.eventlist import EventInfo
from receiver_tools.report.picture import (
    KAZAKH_LETTERS,
    FontNotFoundError,
    draw_epg_grid,
    find_font,
)
from receiver_tools.scan import ServiceInfo

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _event(sid: int, eid: int, minutes: int, title: dict[str, str]) -> EventInfo:
    return EventInfo(
        service_id=sid,
        transport_stream_id=1,
        original_network_id=0x2137,
        event_id=eid,
        kind="schedule",
        actual=True,
        start=START + timedelta(minutes=minutes),
        duration=timedelta(minutes=50),
        running_status=1,
        free_ca_mode=False,
        names=title,
    )


def test_font_covers_kazakh() -> None:
    font = ImageFont.truetype(str(find_font()), 20)
    notdef = font.getmask("\uffff").getbbox()
    for letter in KAZAKH_LETTERS:
        assert font.getmask(letter).getbbox() != notdef, letter


def test_missing_font_is_a_clear_error() -> None:
    with pytest.raises(FontNotFoundError, match="fonts-dejavu-core"):
        find_font(("/nonexistent/font.ttf",))


def test_grid_has_services_as_rows_and_titles_drawn(tmp_path: Path) -> None:
    services = [
        ServiceInfo(
            service_id=101,
            transport_stream_id=1,
            original_network_id=0x2137,
            actual=True,
            lcn=1,
            name="Білім 1",
        ),
        ServiceInfo(
            service_id=102,
            transport_stream_id=1,
            original_network_id=0x2137,
            actual=True,
            lcn=2,
            name="Ғылым",
        ),
    ]
    events = [
        _event(101, 1, 0, {"kaz": "Математика: 1-дәріс"}),
        _event(101, 2, 60, {"rus": "Физика: лекция 2"}),
        _event(102, 3, 30, {"kaz": "Қазақ тілі", "rus": "Казахский язык"}),
    ]
    path = draw_epg_grid(events, services, tmp_path / "grid.png", hours=3)
    with Image.open(path) as image:
        rgb = image.convert("RGB")
        assert rgb.height == 36 + 2 * 44
        # Event cells are painted: the colour of a schedule cell appears in both rows.
        row1 = [rgb.getpixel((x, 36 + 22)) for x in range(220, rgb.width)]
        row2 = [rgb.getpixel((x, 36 + 44 + 22)) for x in range(220, rgb.width)]
        assert (43, 58, 94) in row1
        assert (43, 58, 94) in row2
        assert any(px == (255, 255, 255) for px in row1)  # title text

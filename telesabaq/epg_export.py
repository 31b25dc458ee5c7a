"""`telesabaq epg export`: the catalogue's programme guide as XMLTV, JSON or iCalendar.

The same mapping as the portal's feeds (`catalog.services.epg_mapping`) and the same pure
exporters (`epg.export`), so a file written here equals what `/feeds/xmltv.xml` serves for the
same window. Useful for an operator's EPG aggregator or a check before the air.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from catalog.services import channels, epg_mapping
from epg.export.ical import to_ical
from epg.export.json import to_json
from epg.export.xmltv import to_xmltv

__all__ = ["EpgFormat", "export_epg"]


class EpgFormat(StrEnum):
    XMLTV = "xmltv"
    JSON = "json"
    ICAL = "ical"


def export_epg(
    session: Session,
    fmt: EpgFormat,
    *,
    start: datetime,
    days: float,
    public_base_url: str,
    timezone: str,
) -> str:
    """The guide of every channel for [start, start + days) in `fmt`."""
    rows = channels.list_channels(session)
    slots = epg_mapping.lecture_slots(session, start, start + timedelta(days=days))
    host = urlsplit(public_base_url).hostname or "telesabaq"
    epg_channels = [epg_mapping.channel(c) for c in rows]
    programmes = epg_mapping.programmes(session, slots, public_base_url, host)
    if fmt is EpgFormat.JSON:
        return to_json(epg_channels, programmes)
    if fmt is EpgFormat.ICAL:
        return to_ical(
            epg_channels,
            programmes,
            dtstamp=datetime.now(UTC).replace(microsecond=0),
            calendar_name="Telesabaq",
        )
    return to_xmltv(epg_channels, programmes, tz=ZoneInfo(timezone), generator_url=public_base_url)


def write(text: str, out: Path | None) -> None:
    """To `out`, or standard output when None."""
    if out is None:
        import sys

        sys.stdout.write(text)
        return
    out.write_text(text, encoding="utf-8")

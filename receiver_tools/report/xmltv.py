"""The EPG as XMLTV: decoded EIT mapped onto `epg.programme` and written by `epg.export.xmltv`.

Only channels with at least one programme are listed: XMLTV is a guide, not a channel list
(xmltv-util's tv_validate_file rejects channels without programmes); the full channel list is
in the table and JSON reports.
"""

from __future__ import annotations

from epg.export.xmltv import to_xmltv
from receiver_tools.analyzer import Analysis
from receiver_tools.eventlist import to_channels, to_programmes

__all__ = ["analysis_to_xmltv"]


def analysis_to_xmltv(analysis: Analysis) -> str:
    events = analysis.si.events
    programmes = to_programmes(events)
    listed = {p.channel_id for p in programmes}
    channels = [c for c in to_channels(analysis.si.services, events) if c.id in listed]
    return to_xmltv(
        channels,
        programmes,
        source_name=analysis.source,
        generator_name="Telesabaq receiver tools",
    )

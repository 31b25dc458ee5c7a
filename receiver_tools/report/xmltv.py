"""The EPG as XMLTV: decoded EIT mapped onto `epg.programme` and written by `epg.export.xmltv`."""

from __future__ import annotations

from epg.export.xmltv import to_xmltv
from receiver_tools.analyzer import Analysis
from receiver_tools.eventlist import to_channels, to_programmes

__all__ = ["analysis_to_xmltv"]


def analysis_to_xmltv(analysis: Analysis) -> str:
    events = analysis.si.events
    return to_xmltv(
        to_channels(analysis.si.services, events),
        to_programmes(events),
        source_name=analysis.source,
        generator_name="Telesabaq receiver tools",
    )

"""Pure exporters of the programme model (:mod:`epg.programme`): model in, text out.

* :mod:`epg.export.xmltv` — XMLTV (valid against xmltv.dtd, checked with ``tv_validate_file``);
* :mod:`epg.export.json` — Telesabaq's versioned EPG JSON, with a reader;
* :mod:`epg.export.ical` — RFC 5545 iCalendar, one VEVENT per programme;
* :mod:`epg.export.m3u` — extended M3U playlist whose ``tvg-id`` matches the XMLTV channel id.

No I/O and no wall clock: whatever needs "now" (iCalendar's DTSTAMP) is a parameter.
"""

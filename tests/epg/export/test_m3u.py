"""Tests for epg.export.m3u: extended M3U whose tvg-id joins the XMLTV guide."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st

from epg.export.m3u import to_m3u
from epg.export.xmltv import to_xmltv
from epg.programme import Channel, Programme
from tests.strategies.programme import channels

_EXTINF = re.compile(r'#EXTINF:-1((?: [a-z-]+="[^"\n]*")*),([^\n]*)')
_ATTR = re.compile(r' ([a-z-]+)="([^"]*)"')


def entries(playlist: str) -> list[tuple[dict[str, str], str, str]]:
    lines = playlist.split("\n")
    assert lines[0].startswith("#EXTM3U")
    assert lines[-1] == ""
    out = []
    for info, url in zip(lines[1:-1:2], lines[2:-1:2], strict=True):
        match = _EXTINF.fullmatch(info)
        assert match is not None, info
        out.append((dict(_ATTR.findall(match.group(1))), match.group(2), url))
    return out


def test_sample_playlist(guide: tuple[list[Channel], list[Programme]]) -> None:
    channel_list, programmes = guide
    playlist = to_m3u(channel_list, epg_url="https://telesabaq.kz/epg.xml")
    assert playlist.startswith('#EXTM3U url-tvg="https://telesabaq.kz/epg.xml"\n')
    ((attrs, name, url),) = entries(playlist)  # the second channel has no stream url
    assert attrs == {
        "tvg-id": "bilim1.telesabaq.kz",
        "tvg-name": "Білім 1",
        "tvg-chno": "1",
        "tvg-logo": "https://telesabaq.kz/logo/bilim1.png",
        "group-title": "Білім",
    }
    assert name == "Білім 1"
    assert url == "udp://@239.1.1.1:1234"
    xmltv_ids = {
        c.get("id") for c in ET.fromstring(to_xmltv(channel_list, programmes)).iter("channel")
    }
    assert attrs["tvg-id"] in xmltv_ids


def test_language_choice(guide: tuple[list[Channel], list[Programme]]) -> None:
    ((attrs, name, _),) = entries(to_m3u(guide[0], language="rus"))
    assert attrs["tvg-name"] == name == "Билим 1"


@given(st.lists(channels, max_size=4))
def test_any_channels_give_a_parsable_playlist(channel_list: list[Channel]) -> None:
    parsed = entries(to_m3u(channel_list))
    with_url = [c for c in channel_list if c.url]
    assert [attrs["tvg-id"] for attrs, _, _ in parsed] == [c.id for c in with_url]
    assert [url for _, _, url in parsed] == [c.url for c in with_url]
    for (attrs, name, _), channel in zip(parsed, with_url, strict=True):
        assert attrs.get("tvg-chno") == (None if channel.lcn is None else str(channel.lcn))
        assert attrs["tvg-name"] == name

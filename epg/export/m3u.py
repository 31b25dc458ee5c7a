"""Extended M3U playlist of the channels, for IPTV players (VLC, Kodi, TiviMate...).

One entry per channel that has a stream ``url``::

    #EXTM3U url-tvg="https://.../epg.xml"
    #EXTINF:-1 tvg-id="bilim1.telesabaq.kz" tvg-name="Білім 1" tvg-chno="1",Білім 1
    udp://@239.1.1.1:1234

``tvg-id`` is the XMLTV channel id, so players join the playlist to the XMLTV guide.
Attribute values cannot carry double quotes or line breaks (there is no escape in the de-facto
format), so quotes become apostrophes and controls are dropped. Channels without a url are
left out. Written as UTF-8 text (save as ``.m3u8``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from epg.programme import Channel, pick_text

__all__ = ["to_m3u"]

_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _clean(value: str) -> str:
    return _CONTROLS.sub(" ", value).replace('"', "'").strip()


def _entry(channel: Channel, language: str) -> Iterator[str]:
    picked = pick_text(channel.display_names, language)
    name = _clean(picked[1]) if picked else channel.id
    attrs = [("tvg-id", channel.id), ("tvg-name", name)]
    if channel.lcn is not None:
        attrs.append(("tvg-chno", str(channel.lcn)))
    if channel.icon:
        attrs.append(("tvg-logo", channel.icon))
    if channel.group:
        attrs.append(("group-title", _clean(channel.group)))
    rendered = " ".join(f'{key}="{_clean(value)}"' for key, value in attrs)
    yield f"#EXTINF:-1 {rendered},{name}"
    yield str(channel.url)


def to_m3u(
    channels: Iterable[Channel], *, epg_url: str | None = None, language: str = "kaz"
) -> str:
    """Render the channels with a url as an extended M3U playlist (LF line ends)."""
    header = "#EXTM3U" + (f' url-tvg="{_clean(epg_url)}"' if epg_url else "")
    lines = [header]
    for channel in channels:
        if channel.url:
            lines.extend(_entry(channel, language))
    return "\n".join(lines) + "\n"

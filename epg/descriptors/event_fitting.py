"""Fitting event text into 255-byte descriptors.

* :func:`fit_short_event`: a short_event holds name + text in at most 250 bytes (EN 300 468
  §6.2.37: 255 minus the language code and two length bytes). The text is shortened first, then
  the name, each with an ellipsis (:func:`epg.text.fit_dvb_text`).
* :func:`extended_event_chain` splits long text and many items over up to 16
  extended_event_descriptors (EN 300 468 §6.2.15): items are never split across descriptors
  (TS 101 211 §4.6.2 has receivers show an item whole), the free text fills the space left,
  cut on character boundaries, and every chunk is a DVB string with its own selector.
* :func:`join_extended_events` is the inverse: per language, the text and items in
  descriptor_number order.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from epg.descriptors.event import ExtendedEventDescriptor, ExtendedEventItem, ShortEventDescriptor
from epg.errors import DescriptorEncodeError
from epg.text import decode_dvb_text, encode_dvb_text, fit_dvb_text

__all__ = [
    "EXTENDED_EVENT_ROOM",
    "SHORT_EVENT_ROOM",
    "extended_event_chain",
    "fit_short_event",
    "join_extended_events",
]

#: Bytes for event_name + text in a short_event (255 - 3 language - 2 lengths).
SHORT_EVENT_ROOM = 250
#: Bytes for items + text in one extended_event (255 - 1 numbers - 3 language - 2 lengths).
EXTENDED_EVENT_ROOM = 249
_MAX_CHAIN = 16


def fit_short_event(
    iso_639_language_code: str, event_name: str, text: str, *, ellipsis: str = "…"
) -> ShortEventDescriptor:
    """A short_event with ``event_name`` and ``text``, shortened (text first) to fit.

    If the name alone is over the room, it is cut and the text dropped.
    """
    name_bytes = encode_dvb_text(event_name)
    if len(name_bytes) > SHORT_EVENT_ROOM:  # a cut name leaves no room worth a text fragment
        name_bytes = fit_dvb_text(event_name, SHORT_EVENT_ROOM, ellipsis=ellipsis)
        text_bytes = b""
    else:
        text_bytes = fit_dvb_text(text, SHORT_EVENT_ROOM - len(name_bytes), ellipsis=ellipsis)
    return ShortEventDescriptor(
        iso_639_language_code=iso_639_language_code,
        event_name=decode_dvb_text(name_bytes),
        text=decode_dvb_text(text_bytes),
    )


def _pack_items(items: Iterable[ExtendedEventItem]) -> list[list[ExtendedEventItem]]:
    """Greedy packing of whole items into descriptors (each room minus a text length byte)."""
    groups: list[list[ExtendedEventItem]] = [[]]
    used = 0
    for item in items:
        size = len(item.encode())
        if size > EXTENDED_EVENT_ROOM:
            raise DescriptorEncodeError(
                f"extended_event item {item.item_description!r}: {size} bytes, "
                f"more than fit in one descriptor ({EXTENDED_EVENT_ROOM})"
            )
        if used + size > EXTENDED_EVENT_ROOM:
            groups.append([])
            used = 0
        groups[-1].append(item)
        used += size
    return groups


def _longest_prefix(text: str, room: int) -> int:
    """Most characters of ``text`` whose DVB encoding fits in ``room`` bytes (never splitting
    a base letter from its combining marks)."""
    cuts = [
        k for k in range(1, len(text) + 1) if k == len(text) or not unicodedata.combining(text[k])
    ]
    lo, hi, best = 0, len(cuts) - 1, 0
    while lo <= hi:
        mid = (lo + hi) // 2
        if len(encode_dvb_text(text[: cuts[mid]])) <= room:
            best, lo = cuts[mid], mid + 1
        else:
            hi = mid - 1
    return best


def _split_text(text: str, first_room: int) -> list[str]:
    """Chunks of ``text``: the first fits ``first_room`` bytes, the others a whole descriptor."""
    chunks: list[str] = []
    room = first_room
    while text:
        k = _longest_prefix(text, room)
        if k == 0 and room == EXTENDED_EVENT_ROOM:
            raise DescriptorEncodeError(f"extended_event text {text[:20]!r} cannot be encoded")
        chunks.append(text[:k])
        text = text[k:]
        room = EXTENDED_EVENT_ROOM
    return chunks


def extended_event_chain(
    iso_639_language_code: str, text: str, items: Iterable[ExtendedEventItem] = ()
) -> tuple[ExtendedEventDescriptor, ...]:
    """The extended_event descriptors carrying ``items`` then ``text`` in one language.

    Empty text and no items give no descriptor. More than 16 descriptors' worth is a
    DescriptorEncodeError.
    """
    groups = _pack_items(items)
    last_used = sum(len(item.encode()) for item in groups[-1])
    chunks = _split_text(text, EXTENDED_EVENT_ROOM - last_used)
    if not groups[-1] and not chunks:
        return ()
    texts = [""] * (len(groups) - 1) + (chunks or [""])
    groups += [[] for _ in range(len(texts) - len(groups))]
    if len(texts) > _MAX_CHAIN:
        raise DescriptorEncodeError(
            f"extended_event text and items need {len(texts)} descriptors, at most 16 allowed"
        )
    return tuple(
        ExtendedEventDescriptor(
            descriptor_number=number,
            last_descriptor_number=len(texts) - 1,
            iso_639_language_code=iso_639_language_code,
            items=tuple(group),
            text=chunk,
        )
        for number, (group, chunk) in enumerate(zip(groups, texts, strict=True))
    )


def join_extended_events(
    descriptors: Iterable[object],
) -> dict[str, tuple[str, tuple[ExtendedEventItem, ...]]]:
    """language -> (text, items), joined in descriptor_number order; other descriptors in
    ``descriptors`` are ignored."""
    by_language: dict[str, list[ExtendedEventDescriptor]] = {}
    for item in descriptors:
        if isinstance(item, ExtendedEventDescriptor):
            by_language.setdefault(item.iso_639_language_code, []).append(item)
    joined = {}
    for language, chain in by_language.items():
        chain.sort(key=lambda d: d.descriptor_number)
        text = "".join(d.text for d in chain)
        items = tuple(i for d in chain for i in d.items)
        joined[language] = (text, items)
    return joined

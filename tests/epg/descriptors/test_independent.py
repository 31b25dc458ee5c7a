"""Our descriptor decoding agrees with GStreamer's (gst-si-dump, an independent decoder) on real
captures: names, texts, items, genres, ratings, LCNs, delivery parameters, time offsets."""

from __future__ import annotations

import functools
import json
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest

from epg.descriptors import (
    ContentDescriptor,
    Descriptor,
    ExtendedEventDescriptor,
    LocalTimeOffsetDescriptor,
    LogicalChannelDescriptor,
    NetworkNameDescriptor,
    ParentalRatingDescriptor,
    RawDescriptor,
    ServiceDescriptor,
    ServiceListDescriptor,
    ShortEventDescriptor,
    T2DeliverySystemDescriptor,
    decode_descriptor,
)
from tests.shared_refs import GST_SI_DUMP, SAMPLES, SYSTEM_PYTHON

pytestmark = pytest.mark.independent

FILES = (
    "tsduck-test__test-184.ts",  # French: ISO 8859-9 EIT, default-table SDT, LCN, TOT
    "petrj-MPEGTS__TestData.Crete_DIGEA_stream-2023-07-28-17-02-43.ts",  # Greek 8859-7
    "petrj-MPEGTS__TestData.Germany_DVBT-MPEGTS-626MHz-2024-03-11-21-09-56.ts",  # T2, 8859-15
)


@functools.cache
def _gst_records(name: str) -> list[dict[str, Any]]:
    if not GST_SI_DUMP.exists() or not SYSTEM_PYTHON.exists():
        pytest.skip("gst-si-dump is not available")
    done = subprocess.run(
        [str(SYSTEM_PYTHON), str(GST_SI_DUMP), "--json", str(SAMPLES / name)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    records = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    if not records:
        pytest.skip(f"gst-si-dump produced nothing: {done.stderr[-300:]}")
    return [r for r in records if r.get("crc_ok") is not False and "rejected" not in r]


def _loops(node: Any) -> Iterator[list[dict[str, Any]]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "descriptors" and isinstance(value, list):
                yield value
            else:
                yield from _loops(value)
    elif isinstance(node, list):
        for item in node:
            yield from _loops(item)


def _pairs(name: str) -> Iterator[tuple[dict[str, Any], Descriptor]]:
    """(GStreamer's record, our decoding) for every descriptor GStreamer decoded."""
    for record in _gst_records(name):
        for loop in _loops(record):
            pds = None
            for gst in loop:
                payload = bytes.fromhex(gst["hex"])
                ours = decode_descriptor(gst["tag"], payload, pds=pds, table_id=record["table_id"])
                if gst["tag"] == 0x5F and len(payload) == 4:
                    pds = int.from_bytes(payload, "big")
                if "descriptor" in gst and "error" not in gst:
                    yield gst, ours


def _text(value: str) -> str:
    """GStreamer and we may differ on control codes (CR/LF, emphasis, the C1 bytes 0x80-0x9F
    it passes through as U+0080-U+009F and we drop as DVB controls): compare the rest."""
    return "".join(ch for ch in "".join(value.split()) if not 0x80 <= ord(ch) <= 0x9F)


def _event_view(d: Descriptor) -> dict[str, Any] | None:
    if isinstance(d, ShortEventDescriptor):
        return {"lang": d.iso_639_language_code, "name": _text(d.event_name), "text": _text(d.text)}
    if isinstance(d, ExtendedEventDescriptor):
        return {
            "number": d.descriptor_number,
            "last_number": d.last_descriptor_number,
            "lang": d.iso_639_language_code,
            "text": _text(d.text),
            "items": [[_text(i.item_description), _text(i.item)] for i in d.items],
        }
    if isinstance(d, ContentDescriptor):
        return {
            "items": [
                [i.content_nibble_level_1, i.content_nibble_level_2, i.user_byte] for i in d.items
            ]
        }
    if isinstance(d, ParentalRatingDescriptor):
        return {"items": [[r.country_code, r.rating] for r in d.ratings]}
    return None


def _network_view(d: Descriptor) -> dict[str, Any] | None:
    if isinstance(d, ServiceDescriptor):
        return {
            "service_type": d.service_type,
            "provider": _text(d.service_provider_name),
            "name": _text(d.service_name),
        }
    if isinstance(d, NetworkNameDescriptor):
        return {"name": _text(d.network_name)}
    if isinstance(d, ServiceListDescriptor):
        return {"services": [[s.service_id, s.service_type] for s in d.services]}
    if isinstance(d, LogicalChannelDescriptor):
        return {
            "channels": [
                {
                    "service_id": c.service_id,
                    "visible": int(c.visible_service),
                    "lcn": c.logical_channel_number,
                }
                for c in d.channels
            ]
        }
    if isinstance(d, T2DeliverySystemDescriptor):
        cells = [c.cell_id for c in d.details.cells] if d.details else []
        return {"plp_id": d.plp_id, "t2_system_id": d.t2_system_id, "cells": cells}
    return None


def _offset(delta: Any) -> str:
    minutes = int(delta.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _time_view(d: Descriptor) -> dict[str, Any] | None:
    if not isinstance(d, LocalTimeOffsetDescriptor):
        return None
    return {
        "items": [
            {
                "country": o.country_code,
                "region": o.country_region_id,
                "offset": _offset(o.local_time_offset),
                "time_of_change": o.time_of_change.isoformat().replace("+00:00", "Z"),
                "next_offset": _offset(o.next_time_offset),
            }
            for o in d.offsets
        ]
    }


def _view(d: Descriptor) -> dict[str, Any] | None:
    return _event_view(d) or _network_view(d) or _time_view(d)


def _gst_view(gst: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    view = {key: gst[key] for key in keys}
    for key in ("name", "text", "provider"):
        if key in view:
            view[key] = _text(view[key])
    if "items" in view and gst["descriptor"] == "extended_event":
        view["items"] = [[_text(a), _text(b)] for a, b in view["items"]]
    return view


@pytest.mark.parametrize("name", FILES)
def test_descriptors_agree_with_gstreamer(name: str) -> None:
    compared = 0
    for gst, ours in _pairs(name):
        assert not isinstance(ours, RawDescriptor) or gst["tag"] >= 0x80, (gst, ours.issue)
        view = _view(ours)
        if view is None:
            continue
        assert view == _gst_view(gst, list(view)), gst["descriptor"]
        compared += 1
    assert compared > 300

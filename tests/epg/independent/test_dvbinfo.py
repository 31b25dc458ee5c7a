"""dvbinfo (libdvbpsi) agrees on our SDT and EIT p/f: ids, raw MJD/BCD times, running status and
the raw bytes of every string (it converts no text and shows no NIT, dvb-si.md B.2)."""

from __future__ import annotations

import re
import subprocess

import pytest

from epg._mjd_bcd import encode_duration, encode_utc
from epg.errors import TableEncodeError
from epg.tables.eit import EITPresentFollowing
from epg.tables.sdt import SDT
from tests.epg.independent.conftest import NOW, Broadcast

pytestmark = pytest.mark.independent


@pytest.fixture(scope="module")
def dump(broadcast: Broadcast, dvbinfo: str) -> bytes:
    run = subprocess.run(
        [dvbinfo, "-f", str(broadcast.path), "-s", "table"],
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert run.stdout, run.returncode
    return run.stdout


def _blocks(dump: bytes, title: bytes) -> list[bytes]:
    parts = re.split(rb"\n  (?=[A-Z]{3}: )", dump)
    return [p for p in parts if p.lstrip().startswith(title)]


def _field(block: bytes, name: bytes) -> list[int]:
    return [int(m) for m in re.findall(rb"\b" + name + rb"\s*:\s*(\d+)", block)]


def test_sdt_ids_flags_and_raw_names(dump: bytes, broadcast: Broadcast) -> None:
    ours = broadcast.carousel._tables[("sdt",)]
    assert isinstance(ours, SDT)
    (block,) = _blocks(dump, b"SDT:")
    assert _field(block, b"Transport stream id") == [ours.transport_stream_id]
    assert _field(block, b"Network id") == [ours.original_network_id]
    assert re.findall(rb"Service id\s*:\s*0x([0-9a-f]+)", block) == [
        f"{s.service_id:x}".encode() for s in ours.services
    ]
    assert block.count(b"EIT schedule : yes") == len(ours.services)
    assert _field(block, b"Running") == [4] * len(ours.services)
    for service in ours.services:
        for descriptor in service.descriptors:
            assert b'"' + descriptor.encode()[2:] + b'"' in block


def test_eit_pf_ids_times_and_raw_strings(dump: bytes, broadcast: Broadcast) -> None:
    blocks = _blocks(dump, b"EIT:")
    assert blocks
    for (kind, *rest), table in broadcast.carousel._tables.items():
        if kind != "pf":
            continue
        assert isinstance(table, EITPresentFollowing)
        block = next(b for b in blocks if _field(b, b"Service id") == [rest[0]])
        assert _field(block, b"Transport stream id") == [table.transport_stream_id]
        assert _field(block, b"Original network id") == [table.original_network_id]
        assert _field(block, b"Last Table id") == [0x4E]
        events = table.events
        assert _field(block, b"Event id") == [e.event_id for e in events]
        assert _field(block, b"Start time") == [
            int.from_bytes(encode_utc(e.start_time, TableEncodeError), "big") for e in events
        ]
        assert _field(block, b"Duration") == [
            int.from_bytes(encode_duration(e.duration, TableEncodeError), "big") for e in events
        ]
        assert _field(block, b"Running status") == [e.running_status for e in events]
        for event in events:
            for descriptor in event.descriptors:
                if descriptor.descriptor_tag in (0x4D, 0x4E):
                    assert b'"' + descriptor.encode()[2:] + b'"' in block


def test_tdt_and_tot_raw_time(dump: bytes) -> None:
    raw_now = int.from_bytes(encode_utc(NOW, TableEncodeError), "big")
    for title in (b"TDT:", b"TOT:"):
        times = [t for b in _blocks(dump, title) for t in _field(b, b"UTC time")]
        assert times
        assert times[0] == raw_now
        assert times == sorted(times)

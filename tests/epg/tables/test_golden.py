"""Byte-exact golden vectors from reference/dvb-si.md (Appendix), cross-checked there with
GStreamer, dvbinfo, ffprobe and MediaInfo."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from epg.descriptors.registry import RawDescriptor, decode_descriptor_loop
from epg.tables.eit import EITEvent, EITPresentFollowing, decode_eit
from epg.tables.time import TDT, TOT
from mpegts.section import Section

EIT_PF_FOLLOWING = bytes.fromhex(
    "4ef06e0065c10101 0010 2137 01 4e"
    "0002 eead100000 004500 2053"
    "4d267275731101c4d8d7d8dad03a20dbd5dae6d8ef2032"
    "1001b7d0dadeddeb20bdeceee2deddd02e"
    "4d25656e6712506879736963733a206c65637475726520320e4e6577746f6e2773206c6177732e"
    "54029100"
    "0051f0cb".replace(" ", "")
)
TDT_0950 = bytes.fromhex("707005eead095000")
TOT_0950 = bytes.fromhex("73701aeead095000f00f580d4b415a020500ef9a0100000500f3b40922")
UTC_0950 = datetime(2026, 3, 2, 9, 50, tzinfo=UTC)


def _raw(hex_descriptor: str) -> RawDescriptor:
    data = bytes.fromhex(hex_descriptor)
    return RawDescriptor(tag=data[0], payload=data[2:])


def test_eit_pf_following_section_is_byte_exact() -> None:
    following = EITEvent(
        event_id=2,
        start_time=datetime(2026, 3, 2, 10, 0, tzinfo=UTC),
        duration=timedelta(minutes=45),
        running_status=1,
        descriptors=(
            _raw(EIT_PF_FOLLOWING[26:66].hex()),
            _raw(EIT_PF_FOLLOWING[66:105].hex()),
            _raw("54029100"),
        ),
    )
    eit = EITPresentFollowing(
        service_id=101, transport_stream_id=0x10, original_network_id=0x2137, following=following
    )
    present_section, following_section = eit.encode()
    assert following_section.encode() == EIT_PF_FOLLOWING
    assert len(present_section.encode()) == 18  # header + 6 + CRC: an empty event loop


def test_eit_pf_following_section_decodes() -> None:
    section = Section.decode(EIT_PF_FOLLOWING)
    empty_present = EITPresentFollowing(
        service_id=101, transport_stream_id=0x10, original_network_id=0x2137
    ).encode()[0]
    eit = decode_eit([empty_present, section])
    assert isinstance(eit, EITPresentFollowing)
    assert eit.present is None
    event = eit.following
    assert event is not None
    assert (event.event_id, event.start_time, event.duration, event.running_status) == (
        2,
        datetime(2026, 3, 2, 10, 0, tzinfo=UTC),
        timedelta(seconds=2700),
        1,
    )
    assert not event.free_CA_mode
    assert event.descriptors == decode_descriptor_loop(EIT_PF_FOLLOWING[26:109], table_id=0x4E)
    assert eit.encode()[1].encode() == EIT_PF_FOLLOWING


def test_tdt_is_byte_exact() -> None:
    assert TDT(utc_time=UTC_0950).encode()[0].encode() == TDT_0950
    assert TDT.decode([Section.decode(TDT_0950)]) == TDT(utc_time=UTC_0950)


def test_tot_is_byte_exact() -> None:
    kaz = _raw("580d4b415a020500ef9a0100000500")
    assert TOT(utc_time=UTC_0950, descriptors=(kaz,)).encode()[0].encode() == TOT_0950
    tot = TOT.decode([Section.decode(TOT_0950)])
    assert tot.utc_time == UTC_0950
    assert [d.encode() for d in tot.descriptors] == [kaz.encode()]

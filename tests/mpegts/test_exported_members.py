"""The curated public API of `mpegts` (HTTPX's test_exported_members): nothing missing, no extra."""

from __future__ import annotations

import importlib

import pytest

import mpegts

# Every name another package may rely on; removing one from mpegts.__all__ breaks this test.
PUBLIC = {
    "AdaptationField",
    "BitReader",
    "BitWriter",
    "CRCError",
    "ContinuityError",
    "DecodeError",
    "ElementaryStream",
    "EncodeError",
    "LengthError",
    "MAX_PAYLOAD_SIZE",
    "PACKET_SIZE",
    "PAT",
    "PCR_HZ",
    "PCR_WRAP",
    "PESHeader",
    "PESPacketizer",
    "PID",
    "PMT",
    "PTS_HZ",
    "PTS_WRAP",
    "PacketError",
    "SYNC_BYTE",
    "ScanSummary",
    "Section",
    "SectionAssembler",
    "SectionFault",
    "SectionPacketizer",
    "StreamType",
    "SyncError",
    "TSError",
    "TSPacket",
    "TSScanner",
    "TableId",
    "Ticks27M",
    "Ticks90k",
    "TruncatedError",
    "as_packet_array",
    "cc_errors",
    "crc32_mpeg2",
    "detect_packet_size",
    "find_sync_offset",
    "iter_descriptors",
    "iter_packets",
    "max_section_size",
    "null_packet",
    "payload_offset",
    "pcr_add",
    "pcr_diff",
    "pcr_from_base_ext",
    "pcr_indices_and_values",
    "pcr_to_base_ext",
    "pcr_to_pts",
    "pid_counts",
    "pids",
    "pts_add",
    "pts_diff",
    "pts_to_pcr",
    "read_pcr",
    "read_timestamps",
    "rewrite_pcr",
    "rewrite_timestamps",
    "section_size",
    "sections_from_packets",
    "shift_timestamps",
    "ticks90k_to_timedelta",
    "timedelta_to_ticks90k",
    "unwrap_pcr",
    "unwrap_pts",
    "wrap_pcr",
    "wrap_pts",
}

MODULES = [
    "mpegts.bits",
    "mpegts.clock",
    "mpegts.crc32",
    "mpegts.depacketizer",
    "mpegts.errors",
    "mpegts.ids",
    "mpegts.packet",
    "mpegts.packetizer",
    "mpegts.pes",
    "mpegts.psi.pat",
    "mpegts.psi.pmt",
    "mpegts.scan",
    "mpegts.section",
]


def test_all_is_exactly_the_public_api() -> None:
    assert set(mpegts.__all__) == PUBLIC
    assert len(mpegts.__all__) == len(PUBLIC)


def test_every_exported_name_is_public_in_its_module() -> None:
    """Each top-level name is the same object a public module lists in its own __all__."""
    owners = {}
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            owners.setdefault(name, getattr(module, name))
    for name in mpegts.__all__:
        assert name in owners, f"{name} is in no public module's __all__"
        assert getattr(mpegts, name) is owners[name], name


@pytest.mark.parametrize("module_name", MODULES)
def test_module_all_names_exist(module_name: str) -> None:
    module = importlib.import_module(module_name)
    for name in module.__all__:
        assert hasattr(module, name), f"{module_name}.{name}"


def test_exports_come_from_their_modules() -> None:
    from mpegts.packet import TSPacket
    from mpegts.psi.pmt import PMT

    assert mpegts.TSPacket is TSPacket
    assert mpegts.PMT is PMT

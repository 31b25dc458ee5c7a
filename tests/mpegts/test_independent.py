"""Our packets and PSI read by decoders nobody here wrote: ffprobe, dvbinfo, GStreamer."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

import pytest

from mpegts import (
    PAT,
    PMT,
    ElementaryStream,
    Section,
    SectionAssembler,
    SectionPacketizer,
    StreamType,
    iter_packets,
    null_packet,
)
from tests.shared_refs import GST_SI_DUMP, SYSTEM_PYTHON

pytestmark = pytest.mark.independent

FFPROBE = Path("/usr/bin/ffprobe")
DVBINFO = Path("/usr/bin/dvbinfo")

LANG_KAZ = bytes([0x0A, 4]) + b"kaz\x00"
PMT_UNDER_TEST = PMT(
    program_number=101,
    pcr_pid=0x100,
    streams=(
        ElementaryStream(stream_type=StreamType.H264, elementary_pid=0x100),
        ElementaryStream(
            stream_type=StreamType.AAC_LATM, elementary_pid=0x101, descriptors=LANG_KAZ
        ),
        ElementaryStream.ac3(0x102),
        ElementaryStream(stream_type=StreamType.MPEG2_AUDIO, elementary_pid=0x103),
        ElementaryStream(stream_type=StreamType.HEVC, elementary_pid=0x104),
        ElementaryStream(stream_type=StreamType.MPEG2_VIDEO, elementary_pid=0x105),
        ElementaryStream(stream_type=StreamType.AAC_ADTS, elementary_pid=0x106),
    ),
)


def _need(tool: Path) -> None:
    if not tool.exists():
        pytest.skip(f"{tool} is not installed")


@pytest.fixture
def psi_stream(tmp_path: Path) -> Path:
    """PAT + PMT repeated 20 times with null packets between (a tiny but real-looking TS)."""
    pat = PAT(transport_stream_id=7, programs={101: 0x1000}, network_pid=0x10)
    pat_packetizer, pmt_packetizer = SectionPacketizer(0), SectionPacketizer(0x1000)
    packets = []
    for _ in range(20):
        packets += pat_packetizer.packetize(pat.encode())
        packets += pmt_packetizer.packetize(PMT_UNDER_TEST.encode())
        packets += [null_packet()] * 10
    path = tmp_path / "psi.ts"
    path.write_bytes(b"".join(packets))
    return path


def test_ffprobe_reads_our_pat_and_pmt(psi_stream: Path) -> None:
    _need(FFPROBE)
    result = subprocess.run(
        [str(FFPROBE), "-v", "error", "-show_programs", "-of", "json", str(psi_stream)],
        capture_output=True,
        check=True,
        timeout=60,
    )
    [program] = json.loads(result.stdout)["programs"]
    assert program["program_num"] == 101
    assert program["pmt_pid"] == 0x1000
    assert program["pcr_pid"] == 0x100
    streams = {int(s["id"], 16): s for s in program["streams"]}
    assert {pid: s.get("codec_name") for pid, s in streams.items()} == {
        0x100: "h264",
        0x101: None,  # ffprobe names LATM only once it has seen audio
        0x102: "ac3",  # stream_type 0x06 + our AC-3 descriptor
        0x103: "mp3",  # ffmpeg's name for MPEG-1/2 audio from the PMT alone
        0x104: "hevc",
        0x105: "mpeg2video",
        0x106: "aac",
    }
    assert int(streams[0x101]["codec_tag"], 16) == 0x11
    assert streams[0x101]["tags"]["language"] == "kaz"


def test_dvbinfo_reads_our_pat_and_pmt(psi_stream: Path) -> None:
    _need(DVBINFO)
    result = subprocess.run(
        [str(DVBINFO), "-f", str(psi_stream)], capture_output=True, check=True, timeout=60
    )
    text = result.stdout.decode("utf-8", "replace")
    assert "Transport stream id : 7" in text
    assert "101 @ pid: 0x1000" in text
    assert "PCR_PID        : 0x100" in text
    for stream_type, pid in [("0x1b", "0x100"), ("0x11", "0x101"), ("0x06", "0x102")]:
        assert f"{stream_type} @ pid {pid}" in text
    assert "AC3 audio descriptor" in text
    assert "lost 0 bytes" in text


def _eit_pf(service_id: int, name_length: int) -> Section:
    """A minimal EIT p/f actual with one event whose short_event name sets the section size."""
    mjd = (date(2026, 3, 2) - date(1858, 11, 17)).days
    name = b"L" * name_length
    short = bytes([0x4D, 5 + len(name)]) + b"kaz" + bytes([len(name)]) + name + b"\x00"
    event = (1).to_bytes(2, "big") + mjd.to_bytes(2, "big") + bytes([0x09, 0, 0, 0x01, 0, 0])
    event += ((4 << 13) | len(short)).to_bytes(2, "big") + short
    payload = (7).to_bytes(2, "big") + (0x2137).to_bytes(2, "big") + bytes([0, 0x4E]) + event
    return Section(table_id=0x4E, payload=payload, table_id_extension=service_id)


def test_gstreamer_decodes_every_packed_section(tmp_path: Path) -> None:
    """GStreamer 1.22 drops sections that start in a packet's last bytes (reference/dvb-si.md);
    with the default min_start_room of 8 it must decode every one of 60 packed sections."""
    _need(SYSTEM_PYTHON)
    _need(GST_SI_DUMP)
    sections = [_eit_pf(100 + n, (n * 7) % 40) for n in range(60)]
    packetizer = SectionPacketizer(0x12)
    packets = packetizer.packetize(sections) + packetizer.packetize(sections)
    assert len(packets) < 2 * 60  # really packed, not one section per packet
    assembler = SectionAssembler(0x12)
    assert [s for p in packets for s in assembler.feed(p)] == sections * 2
    path = tmp_path / "eit.ts"
    path.write_bytes(b"".join([*packets, *[null_packet()] * 10]))
    if subprocess.run([str(SYSTEM_PYTHON), "-c", "import gi"], check=False).returncode:
        pytest.skip("the system Python has no gi (GStreamer bindings)")
    result = subprocess.run(
        [str(SYSTEM_PYTHON), str(GST_SI_DUMP), "--json", str(path)],
        capture_output=True,
        check=True,
        timeout=120,
    )
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    decoded = {
        r["table_id_extension"]
        for r in records
        if r.get("type") == "eit" and r.get("crc_ok") and not r.get("rejected")
    }
    assert decoded == {100 + n for n in range(60)}
    assert len(list(iter_packets(path.read_bytes()))) == len(packets) + 10

"""The rendition index: a versioned JSON contract between encoder and playout."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mpegts.rendition_index import (
    FORMAT,
    VERSION,
    Loudness,
    RandomAccessPoint,
    RenditionIndex,
    RenditionIndexError,
    StreamEntry,
    Verification,
)

TICKS = st.integers(min_value=0, max_value=2**40)


@st.composite
def streams(draw: st.DrawFn, pid: int, kind: str) -> StreamEntry:
    first_pts, last_pts = sorted((draw(TICKS), draw(TICKS)))
    first_dts, last_dts = sorted((draw(TICKS), draw(TICKS)))
    return StreamEntry(
        pid=pid,
        stream_type=draw(st.integers(0, 255)),
        kind=kind,  # type: ignore[arg-type]
        codec=draw(st.text(min_size=1, max_size=12)),
        first_pts=first_pts,
        last_pts=last_pts,
        first_dts=first_dts,
        last_dts=last_dts,
        end_pts=last_pts + draw(st.integers(0, 90_000)),
        bitrate=draw(st.integers(0, 10**9)),
    )


FLOATS = st.none() | st.floats(min_value=-100, max_value=10, allow_nan=False)


@st.composite
def indexes(draw: st.DrawFn) -> RenditionIndex:
    pids = draw(st.lists(st.integers(0x20, 0x1FFE), min_size=2, max_size=4, unique=True))
    pmt_pid = pids.pop()
    entries = [draw(streams(pids[0], "video"))] + [draw(streams(p, "audio")) for p in pids[1:]]
    packets = draw(st.integers(1, 10**7))
    offsets = sorted(draw(st.sets(st.integers(0, packets - 1), min_size=1, max_size=20)))
    raps = tuple(
        RandomAccessPoint(byte_offset=o * 188, pts=draw(TICKS), dts=draw(TICKS)) for o in offsets
    )
    first_pcr, last_pcr = sorted((draw(TICKS), draw(TICKS)))
    problems = tuple(draw(st.lists(st.text(max_size=30), max_size=3)))
    return RenditionIndex(
        profile=draw(st.text(min_size=1, max_size=20)),
        ts_size=packets * 188,
        sha256=draw(st.text("0123456789abcdef", min_size=64, max_size=64)),
        packet_count=packets,
        mux_rate=draw(st.integers(1, 10**9)),
        program_number=draw(st.integers(1, 0xFFFF)),
        pmt_pid=pmt_pid,
        pcr_pid=pids[0],
        streams=tuple(entries),
        duration=draw(TICKS),
        video_frame_ticks=draw(st.integers(1, 90_000)),
        audio_frame_ticks=draw(st.integers(1, 90_000)),
        random_access_points=raps,
        first_pcr=first_pcr,
        last_pcr=last_pcr,
        loudness=Loudness(
            integrated_lufs=draw(FLOATS), true_peak_dbtp=draw(FLOATS), lra_lu=draw(FLOATS)
        ),
        verification=Verification(passed=not problems, problems=problems, decoder="ffmpeg 9"),
    )


def example() -> RenditionIndex:
    return RenditionIndex(
        profile="test-tiny-h264",
        ts_size=188 * 1000,
        sha256="ab" * 32,
        packet_count=1000,
        mux_rate=500_000,
        program_number=1,
        pmt_pid=0x100,
        pcr_pid=0x101,
        streams=(
            StreamEntry(
                pid=0x101,
                stream_type=0x1B,
                kind="video",
                codec="h264",
                first_pts=126_000,
                last_pts=477_000,
                first_dts=126_000,
                last_dts=477_000,
                end_pts=480_600,
                bitrate=250_000,
            ),
            StreamEntry(
                pid=0x102,
                stream_type=0x11,
                kind="audio",
                codec="aac_latm",
                first_pts=126_000,
                last_pts=479_040,
                first_dts=126_000,
                last_dts=479_040,
                end_pts=480_960,
                bitrate=64_000,
            ),
        ),
        duration=360_000,
        video_frame_ticks=3600,
        audio_frame_ticks=1920,
        random_access_points=(
            RandomAccessPoint(byte_offset=188 * 3, pts=126_000, dts=126_000),
            RandomAccessPoint(byte_offset=188 * 400, pts=216_000, dts=216_000),
        ),
        first_pcr=126_000 * 300,
        last_pcr=480_000 * 300,
        loudness=Loudness(integrated_lufs=-23.1, true_peak_dbtp=-2.5, lra_lu=3.0),
        verification=Verification(passed=True, decoder="ffmpeg n9.0.2"),
    )


def test_json_names_format_and_version() -> None:
    data = json.loads(example().to_json())
    assert data["format"] == FORMAT == "telesabaq.rendition-index"
    assert data["version"] == VERSION == 1
    assert data["random_access_points"][0] == [564, 126_000, 126_000]
    assert data["streams"][1]["stream_type"] == 0x11


def test_accessors() -> None:
    index = example()
    assert index.video.pid == 0x101
    assert [a.pid for a in index.audio] == [0x102]
    assert index.stream(0x102).codec == "aac_latm"
    assert index.random_access_points[1].packet_index == 400
    with pytest.raises(KeyError):
        index.stream(0x1FFF)


@given(indexes())
def test_json_round_trip(index: RenditionIndex) -> None:
    assert RenditionIndex.from_json(index.to_json()) == index


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(version=2), "version 2"),
        (lambda d: d.update(format="x"), "not a telesabaq"),
        (lambda d: d.pop("sha256"), "lacks 'sha256'"),
        (lambda d: d.update(ts_size=1001), "ts_size"),
        (lambda d: d.update(pcr_pid=True), "integer"),
        (lambda d: d["random_access_points"].append([188 * 5000, 0, 0]), "beyond the end"),
        (lambda d: d["random_access_points"].reverse(), "increasing"),
        (lambda d: d["random_access_points"].append([100, 0, 0]), "multiple of 188"),
        (lambda d: d["streams"][1].update(kind="video"), "exactly one video"),
        (lambda d: d["streams"][1].update(pid=0x101), "duplicate"),
        (lambda d: d["streams"][0].update(last_pts=0), "before first"),
        (lambda d: d["streams"][0].update(end_pts=0), "end_pts"),
        (lambda d: d["loudness"].update(lra_lu="3"), "number or null"),
        (lambda d: d["verification"].update(problems=["x"]), "cannot list problems"),
    ],
)
def test_bad_documents_are_refused_specifically(mutate, message: str) -> None:  # type: ignore[no-untyped-def]
    data = example().to_dict()
    mutate(data)
    with pytest.raises(RenditionIndexError, match=message):
        RenditionIndex.from_dict(data)


def test_non_finite_loudness_is_refused() -> None:
    text = example().to_json().replace('"lra_lu": 3.0', '"lra_lu": NaN')
    with pytest.raises(RenditionIndexError, match="finite"):
        RenditionIndex.from_json(text)


@given(st.text(max_size=200) | st.binary(max_size=200))
def test_fuzz_arbitrary_text_raises_only_the_typed_error(text: str | bytes) -> None:
    with contextlib.suppress(RenditionIndexError):
        RenditionIndex.from_json(text)


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=8), c, max_size=4),
    )
)
def test_fuzz_arbitrary_json_raises_only_the_typed_error(value: object) -> None:
    with contextlib.suppress(RenditionIndexError):
        RenditionIndex.from_dict(value)


def test_deep_nesting_is_a_typed_error() -> None:
    with pytest.raises(RenditionIndexError):
        RenditionIndex.from_json("[" * 100_000)

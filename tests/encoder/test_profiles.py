"""Channel profiles are data: the shipped YAML, and what malformed YAML is told."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from encoder.errors import ProfileError
from encoder.profiles import builtin_profiles, get_profile, load_profile

TINY = (Path(__file__).parents[2] / "encoder" / "profiles" / "test-tiny-h264.yaml").read_text()


def test_dvb_t2_hd_is_the_issue_s_house_format() -> None:
    p = get_profile("dvb-t2-hd")
    v, a, m = p.video, p.audio, p.mux
    assert (v.codec, v.profile, v.level) == ("h264", "high", "4.0")
    assert (v.width, v.height, v.frame_rate, v.field_order) == (1280, 720, 25, "progressive")
    assert v.dar == Fraction(16, 9)
    assert v.bitrate == v.buffer_size
    assert (a.codec, a.transport, a.sample_rate, a.channels) == ("aac", "latm", 48_000, 2)
    assert p.audio_stream_type == 0x11
    assert p.video_stream_type == 0x1B
    assert get_profile("dvb-t2-hd-adts").audio_stream_type == 0x0F
    assert m.mux_rate > 1.1 * p.total_es_bitrate
    assert not p.test_only


def test_dvb_c_sd_is_anamorphic_16_9_interlaced_mpeg2() -> None:
    p = get_profile("dvb-c-sd")
    assert (p.video.codec, p.video.width, p.video.height) == ("mpeg2video", 720, 576)
    assert p.video.sar == Fraction(64, 45)
    assert p.video.dar == Fraction(16, 9)
    assert p.video.field_order == "tff"
    assert (p.audio.codec, p.audio.bitrate) == ("mp2", 192_000)
    assert p.audio.frame_ticks == 2160
    assert p.audio_stream_type == 0x03


def test_dvb_s2_hd_offers_25p_and_25i_with_ac3() -> None:
    progressive, interlaced = get_profile("dvb-s2-hd"), get_profile("dvb-s2-hd-25i-ac3")
    assert (progressive.video.width, progressive.video.height) == (1920, 1080)
    assert progressive.video.field_order == "progressive"
    assert interlaced.video.field_order == "tff"
    assert interlaced.audio.codec == "ac3"
    assert interlaced.audio_stream_type == 0x06


def test_test_profiles_are_marked() -> None:
    profiles = builtin_profiles()
    assert {n for n, p in profiles.items() if p.test_only} == {"test-tiny-h264", "test-tiny-mpeg2"}
    tiny = profiles["test-tiny-h264"]
    assert (tiny.video.width, tiny.video.height, tiny.video.gop_length) == (320, 180, 25)
    assert (tiny.video.bitrate, tiny.audio.bitrate, tiny.mux.mux_rate) == (250_000, 64_000, 500_000)


def test_every_profile_keeps_one_pid_layout() -> None:
    """All shipped profiles share PIDs, so a channel can change profile without PMT surprises."""
    layouts = {
        (p.mux.pmt_pid, p.mux.video_pid, p.mux.audio_pid) for p in builtin_profiles().values()
    }
    assert layouts == {(0x100, 0x101, 0x102)}


def test_station_directory_overrides_shipped(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(TINY.replace("bitrate: 250000", "bitrate: 200000"))
    assert get_profile("test-tiny-h264", extra_dirs=[tmp_path]).video.bitrate == 200_000


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace("  codec: h264", "  codec: vp9"), "not h264 or mpeg2video"),
        (lambda t: t.replace("  width: 320", "  width: 321"), "even"),
        (lambda t: t.replace("  transport: latm", "  transport: loas"), "latm or adts"),
        (lambda t: t.replace("  audio_pid: 0x102", "  audio_pid: 0x101"), "PIDs must differ"),
        (lambda t: t.replace("  mux_rate: 500000", "  mux_rate: 300000"), "mux_rate"),
        (lambda t: t.replace('  sar: "1:1"', '  sar: "1:0"'), "not a ratio"),
        (lambda t: t.replace("  gop_length: 25", "  gop_length: 25\n  colour: red"), "unknown"),
        (lambda t: t.replace("  bitrate: 250000", "  bitrate: fast"), "not a number"),
        (lambda t: t.replace("  profile: baseline", "  profile: high10"), "H.264 profile/level"),
        (lambda t: t.replace('  level: "4.0"', "  level: 4"), "H.264 profile/level"),
        (lambda t: t.split("audio:")[0], "missing section"),
        (lambda _: "[unclosed", "not YAML"),
        (lambda _: "- a list", "mapping"),
    ],
)
def test_malformed_profiles_are_refused(edit, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ProfileError, match=message):
        load_profile(edit(TINY), source="edited.yaml")


def test_mpeg2_gop_must_end_on_a_p_picture() -> None:
    text = (Path(__file__).parents[2] / "encoder" / "profiles" / "dvb-c-sd.yaml").read_text()
    with pytest.raises(ProfileError, match="multiple of b_frames"):
        load_profile(text.replace("  gop_length: 25", "  gop_length: 12"))


def test_mpeg2_profile_and_level_are_named() -> None:
    text = (Path(__file__).parents[2] / "encoder" / "profiles" / "dvb-c-sd.yaml").read_text()
    with pytest.raises(ProfileError, match="MPEG-2 profile/level"):
        load_profile(text.replace("  level: main", "  level: high1440"))


def test_unknown_profile_names_the_known_ones() -> None:
    with pytest.raises(ProfileError, match="dvb-t2-hd"):
        get_profile("dvb-t3")

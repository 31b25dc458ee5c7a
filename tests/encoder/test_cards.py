"""End-cards and filler: stills in the channel's profile, every frame a random-access point."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from encoder.endcard import endcard_key, format_short_code, make_endcard, qr_image
from encoder.errors import EncoderError
from encoder.filler import make_filler
from encoder.profiles import ChannelProfile

COURSE = {"kk": "Физика негіздері", "ru": "Основы физики", "en": "Physics basics"}
MODULE = {"kk": "1-модуль: Қозғалыс", "en": "Module 1: Motion"}
URL = "https://t.sq/m/482913"


def test_short_code_format() -> None:
    assert format_short_code("482913") == "482 913"
    assert format_short_code("482 913") == "482 913"
    for bad in ("48291", "4829133", "48291x", ""):
        with pytest.raises(EncoderError, match="6 digits"):
            format_short_code(bad)


def test_qr_has_quiet_zone_and_modules() -> None:
    image = np.asarray(qr_image(URL).convert("L"))
    assert image[0].min() == 255
    assert image[:, 0].min() == 255
    assert (image == 0).sum() > 0.2 * image.size  # dark modules


def test_endcard_is_a_still_in_the_profile(
    tmp_path: Path, tiny: ChannelProfile, decode_frame: Callable[..., object]
) -> None:
    card = make_endcard(tiny, COURSE, MODULE, URL, "482913", tmp_path, seconds=2)
    index = card.index
    assert index.verification.passed
    assert index.profile == "test-tiny-h264"
    assert index.duration == 50 * 3600
    assert len(index.random_access_points) == 50  # an IDR every frame: cut at any frame
    assert index.loudness.integrated_lufs is None  # silent
    assert card.ts_path.name.startswith("endcard-482913-")
    luma = decode_frame(card.ts_path, 0).to_ndarray(format="gray")
    assert luma.shape == (180, 320)
    assert luma.max() > 200


def test_endcard_is_reused_until_its_content_changes(tmp_path: Path, tiny: ChannelProfile) -> None:
    first = make_endcard(tiny, COURSE, MODULE, URL, "482913", tmp_path, seconds=1)
    stamp = first.ts_path.stat().st_mtime_ns
    again = make_endcard(tiny, COURSE, MODULE, URL, "482913", tmp_path, seconds=1)
    assert again.ts_path == first.ts_path
    assert again.ts_path.stat().st_mtime_ns == stamp
    renamed = dict(MODULE, en="Module 1: Kinematics")
    changed = make_endcard(tiny, COURSE, renamed, URL, "482913", tmp_path, seconds=1)
    assert changed.ts_path != first.ts_path
    new_test = make_endcard(tiny, COURSE, MODULE, URL + "b", "482913", tmp_path, seconds=1)
    assert new_test.ts_path not in (first.ts_path, changed.ts_path)


def test_endcard_key_depends_on_everything_drawn(tiny: ChannelProfile) -> None:
    base = endcard_key(tiny, COURSE, MODULE, URL, "482913")
    assert base == endcard_key(tiny, dict(reversed(COURSE.items())), MODULE, URL, "482 913")
    assert base != endcard_key(tiny, COURSE, MODULE, URL, "482914")
    assert base != endcard_key(tiny, "Physics", MODULE, URL, "482913")


def test_filler_is_a_silent_still_for_the_channel(
    tmp_path: Path, tiny_mpeg2: ChannelProfile, decode_frame: Callable[..., object]
) -> None:
    filler = make_filler(tiny_mpeg2, "Telesabaq Бір", tmp_path, seconds=2)
    index = filler.index
    assert filler.ts_path.name == "filler-telesabaq-бір.test-tiny-mpeg2.ts"
    assert index.verification.passed
    assert index.loudness.integrated_lufs is None
    assert len(index.random_access_points) == 50 // tiny_mpeg2.video.still_gop_length
    first = decode_frame(filler.ts_path, 0).to_ndarray(format="gray")
    last = decode_frame(filler.ts_path, 49).to_ndarray(format="gray")
    assert np.abs(first.astype(int) - last.astype(int)).mean() < 3  # the loop point is invisible

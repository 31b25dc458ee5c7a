"""Still clips: a picture looped to a rendition with silent audio and an IDR on every frame.

Filler, slates and end-cards are stills, so their GOP is the profile's ``still_gop_length``
(1 for every shipped profile): an IDR costs little when nothing moves, and the playout can cut a
still at any frame to fill a gap exactly. The audio is digital silence in the profile's format.
"""

from __future__ import annotations

from pathlib import Path

from encoder.commands import EncodePlan
from encoder.profiles import ChannelProfile
from encoder.rendition import EncodeOptions, Rendition, encode_plan
from encoder.runner import ffmpeg_exe

__all__ = ["encode_still"]


def encode_still(
    picture: Path,
    profile: ChannelProfile,
    out_dir: Path,
    stem: str,
    *,
    seconds: float,
    options: EncodeOptions | None = None,
) -> Rendition:
    """Encode ``picture`` (drawn at the profile's display aspect) as a verified still clip."""
    options = options or EncodeOptions()
    frames = max(1, round(seconds * float(profile.video.frame_rate)))
    plan = EncodePlan(
        source=None,
        media=None,
        still=picture,
        frames=frames,
        threads=options.threads,
    )
    return encode_plan(
        profile,
        plan,
        out_dir,
        stem,
        options=options,
        runner=options.make_runner(),
        ffmpeg=options.ffmpeg or ffmpeg_exe(),
        expect_sound=False,
    )

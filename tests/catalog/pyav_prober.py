"""A real content prober built from PyAV, for tests only (the station wires the encoder's)."""

from __future__ import annotations

from pathlib import Path

import av

from catalog.ports import MediaProbe


class PyAVProber:
    """Opens the file with FFmpeg's demuxers (probing content, not the name)."""

    def probe(self, path: Path) -> MediaProbe:
        try:
            with av.open(str(path)) as container:
                video = any(s.type == "video" for s in container.streams)
                audio = any(s.type == "audio" for s in container.streams)
                name = container.format.name
                duration = container.duration
        except (av.error.FFmpegError, UnicodeDecodeError) as exc:
            return MediaProbe(ok=False, reason=f"FFmpeg cannot read it ({exc.__class__.__name__})")
        if not video:
            return MediaProbe(ok=False, reason=f"no video stream (container {name})")
        return MediaProbe(
            ok=True,
            container=name,
            has_video=True,
            has_audio=audio,
            duration_ms=duration // 1000 if duration else None,
        )

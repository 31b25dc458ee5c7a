"""The encoder's errors, one tree so callers catch as coarsely or finely as they need.

::

    EncoderError
    ├── ProfileError                 a channel profile file is missing or malformed
    ├── InputError                   the upload cannot become a lecture (nothing is written)
    │   ├── EmptyInputError          zero bytes, or zero duration
    │   ├── NotMediaError            not a container FFmpeg recognises (a text file named .mp4)
    │   ├── TruncatedInputError      the container is cut short (no index, streams unreadable)
    │   ├── NoDecodableStreamError   a container whose streams cannot be decoded
    │   └── AbsurdDimensionsError    declared picture size no broadcaster could mean
    ├── FFmpegError                  an FFmpeg run failed; carries argv and the stderr tail
    ├── VerificationError            the rendition decoded but does not meet its profile
    ├── IndexBuildError              the TS could not be indexed (bad sync, no video PID, ...)
    └── CancelledError               the job was cancelled; nothing that looks ready was left
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "AbsurdDimensionsError",
    "CancelledError",
    "EmptyInputError",
    "EncoderError",
    "FFmpegError",
    "IndexBuildError",
    "InputError",
    "NoDecodableStreamError",
    "NotMediaError",
    "ProfileError",
    "TruncatedInputError",
    "VerificationError",
]


class EncoderError(Exception):
    """Base of every error the encoder raises on purpose."""


class ProfileError(EncoderError):
    """A channel profile is missing, malformed or inconsistent."""


class InputError(EncoderError):
    """The upload cannot become a lecture; the message says why in words course staff understand."""


class EmptyInputError(InputError):
    """The file has zero bytes or zero duration."""


class NotMediaError(InputError):
    """FFmpeg does not recognise the file as any media container."""


class TruncatedInputError(InputError):
    """The container is recognised but cut short."""


class NoDecodableStreamError(InputError):
    """No audio or video stream in the file can be decoded."""


class AbsurdDimensionsError(InputError):
    """The declared picture size is zero, odd-shaped beyond reason, or larger than 8K."""


class FFmpegError(EncoderError):
    """An FFmpeg process failed. Keeps its evidence: the argv and the last lines of stderr."""

    def __init__(self, message: str, *, argv: Sequence[str], stderr_tail: str, returncode: int):
        errors = [
            line for line in stderr_tail.splitlines() if "[error]" in line or "[fatal]" in line
        ]
        evidence = errors[0] if errors else stderr_tail.strip()[-600:]
        super().__init__(f"{message} (exit {returncode}): {evidence.strip()}")
        self.argv = tuple(argv)
        self.stderr_tail = stderr_tail
        self.returncode = returncode


class VerificationError(EncoderError):
    """The rendition does not meet its profile; ``problems`` lists every failed check."""

    def __init__(self, problems: Sequence[str]):
        super().__init__("rendition failed verification: " + "; ".join(problems))
        self.problems = tuple(problems)


class IndexBuildError(EncoderError):
    """The transport stream could not be indexed."""


class CancelledError(EncoderError):
    """The encode was cancelled before it finished."""

"""The error tree: callers rely on catching DecodeError (and ValueError) coarsely."""

from __future__ import annotations

import pytest

from mpegts import errors


@pytest.mark.parametrize(
    "cls",
    [
        errors.TruncatedError,
        errors.CRCError,
        errors.SyncError,
        errors.LengthError,
        errors.ContinuityError,
        errors.PacketError,
    ],
)
def test_decode_errors_are_decode_errors(cls: type[Exception]) -> None:
    assert issubclass(cls, errors.DecodeError)
    assert issubclass(cls, errors.TSError)
    assert issubclass(cls, ValueError)


def test_encode_error_is_not_a_decode_error() -> None:
    assert issubclass(errors.EncodeError, errors.TSError)
    assert not issubclass(errors.EncodeError, errors.DecodeError)

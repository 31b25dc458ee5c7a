"""assert_codec: the example test every descriptor codec goes through (construct's common())."""

from __future__ import annotations

import dataclasses
import json

from epg.descriptors import Descriptor, decode_descriptor, from_dict, to_dict


def assert_codec(cls: type[Descriptor], data: bytes, obj: Descriptor) -> None:
    """``data`` (a whole descriptor) decodes to ``obj`` and ``obj`` encodes to ``data``.

    Checked both for the decoded object (which may re-use its wire bytes) and for ``obj`` built
    from fields, so the field writer itself must produce ``data``; the JSON model must round
    trip too.
    """
    assert isinstance(obj, cls)
    assert data[1] == len(data) - 2, "test vector: length byte"
    decoded = decode_descriptor(data[0], data[2:], pds=cls.PDS)
    assert type(decoded) is cls, getattr(decoded, "issue", None)
    assert decoded == obj
    assert decoded.encode() == data
    fresh = dataclasses.replace(obj, _wire=None)
    assert fresh.encode() == data
    assert len(obj.encode()) == len(data)
    exported = json.loads(json.dumps(to_dict(obj), ensure_ascii=False))
    assert from_dict(exported) == obj

"""The JSON model of descriptors: one generic ``to_dict``/``from_dict`` over dataclass fields.

It represents data, not bits (STYLE, TSDuck's XML/JSON model): no lengths, counts or reserved
bits; an optional field that is None is omitted; bytes are hex strings; times are ISO 8601 UTC
("2026-03-02T09:50:00Z") and durations/offsets are signed seconds. A coded number (service_type,
polarization...) is exported as the number plus ``<field>_name`` when the code table knows it;
``from_dict`` reads the number and ignores the name. Family modules declare coded fields with
:func:`coded` so this module needs no per-descriptor code.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar, Union, get_args, get_origin, get_type_hints

from epg.descriptors.base import Descriptor
from epg.descriptors.raw import RawDescriptor
from epg.descriptors.registry import descriptor_class
from epg.errors import DescriptorDecodeError

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

__all__ = ["coded", "from_dict", "to_dict"]

T = TypeVar("T", bound="DataclassInstance")
_NAMES = "names"
#: Keys to_dict writes for every descriptor besides its fields.
_FRAME_KEYS = frozenset({"descriptor", "tag", "extension"})


def coded(names: Mapping[int, str]) -> Any:
    """A dataclass field holding a code whose meanings are ``names`` (exported as <field>_name)."""
    return dataclasses.field(metadata={_NAMES: names})


def to_dict(descriptor: Descriptor) -> dict[str, Any]:
    """The JSON-ready dict of a descriptor (see the module docstring)."""
    head: dict[str, Any] = {"descriptor": descriptor.NAME, "tag": descriptor.descriptor_tag}
    if descriptor.EXTENSION is not None:
        head["extension"] = descriptor.EXTENSION
    return head | _fields_to_dict(descriptor)


def _fields_to_dict(obj: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if f.name.startswith("_") or value is None:
            continue
        out[f.name] = _export(value)
        names = f.metadata.get(_NAMES)
        if names is not None and value in names:
            out[f"{f.name}_name"] = names[value]
    for prop in getattr(obj, "EXPORTS", ()):
        value = getattr(obj, prop)
        if value is not None:
            out[prop] = value
    return out


def _export(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, timedelta):
        seconds = value.total_seconds()
        return int(seconds) if seconds.is_integer() else seconds
    if isinstance(value, tuple):
        return [_export(item) for item in value]
    if dataclasses.is_dataclass(value):
        return _fields_to_dict(value)
    return value


def from_dict(data: Mapping[str, Any]) -> Descriptor:
    """The descriptor a :func:`to_dict` result describes; DescriptorDecodeError if invalid."""
    name = data.get("descriptor")
    if not isinstance(name, str):
        raise DescriptorDecodeError("descriptor dict has no 'descriptor' name")
    if name == RawDescriptor.NAME:
        cls: type[Descriptor] = RawDescriptor
    else:
        try:
            cls = descriptor_class(name)
        except KeyError as exc:
            raise DescriptorDecodeError(f"unknown descriptor name {name!r}") from exc
    try:
        return _build(cls, data, _FRAME_KEYS)
    except (TypeError, ValueError, KeyError, OverflowError) as exc:
        if isinstance(exc, DescriptorDecodeError):
            raise
        raise DescriptorDecodeError(f"{name}: {exc}") from exc


def _build(cls: type[T], data: Mapping[str, Any], extra: frozenset[str] = frozenset()) -> T:
    hints = get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls) if not f.name.startswith("_")}
    allowed = extra | fields.keys() | set(getattr(cls, "EXPORTS", ()))
    allowed |= {f"{n}_name" for n, f in fields.items() if _NAMES in f.metadata}
    unknown = set(data) - allowed
    if unknown:
        raise DescriptorDecodeError(f"{cls.__name__}: unknown key(s) {sorted(unknown)}")
    kwargs = {n: _import(hints[n], data[n], n) for n in fields if n in data}
    return cls(**kwargs)


def _import(hint: Any, value: Any, what: str) -> Any:
    origin, args = get_origin(hint), get_args(hint)
    if origin in (Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return None if value is None else _import(inner[0], value, what)
    if origin is tuple:
        _require(value, list, what)
        return tuple(_import(args[0], item, what) for item in value)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        _require(value, dict, what)
        return _build(hint, value)
    return _scalar(hint, value, what)


def _scalar(hint: Any, value: Any, what: str) -> Any:
    if hint is bytes:
        _require(value, str, what)
        return bytes.fromhex(value)
    if hint is datetime:
        _require(value, str, what)
        when = datetime.fromisoformat(value)
        if when.tzinfo is None:
            raise DescriptorDecodeError(f"{what}: {value!r} has no UTC offset")
        return when.astimezone(UTC)
    if hint is timedelta:
        _require(value, (int, float), what)
        return timedelta(seconds=value)
    if hint is int and isinstance(value, bool):
        raise DescriptorDecodeError(f"{what}: expected a number, got {value!r}")
    _require(value, hint, what)
    return value


def _require(value: Any, kind: type | tuple[type, ...], what: str) -> None:
    if not isinstance(value, kind):
        raise DescriptorDecodeError(f"{what}: unexpected {type(value).__name__} {value!r}")

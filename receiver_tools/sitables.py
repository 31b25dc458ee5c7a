"""The SI a receiver has collected: the latest version of every sub_table, by section.

A sub_table is table_id + table_id_extension, plus for SDT the original_network_id and for EIT
the transport_stream_id and original_network_id from the payload (EN 300 468 §5.1.4, §5.2.3,
§5.2.4). When a new version arrives the old sections of that sub_table are dropped, as a receiver
does. TDT/TOT keep the first and last seen, so the capture's broadcast time span is known.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mpegts.section import Section

__all__ = ["SectionStore", "SubTableKey"]

_PAYLOAD_KEY_BYTES = {0x42: 2, 0x46: 2}  # SDT: original_network_id
_EIT_KEY_BYTES = 4  # EIT: transport_stream_id, original_network_id
_TIME_TABLES = frozenset({0x70, 0x73})


@dataclass(frozen=True, slots=True, order=True)
class SubTableKey:
    pid: int
    table_id: int
    table_id_extension: int
    payload_key: bytes


def _key(pid: int, section: Section) -> SubTableKey:
    size = _PAYLOAD_KEY_BYTES.get(section.table_id, 0)
    if 0x4E <= section.table_id <= 0x6F:
        size = _EIT_KEY_BYTES
    return SubTableKey(pid, section.table_id, section.table_id_extension, section.payload[:size])


@dataclass(slots=True)
class _SubTable:
    version: int
    sections: dict[int, Section] = field(default_factory=dict)


@dataclass(slots=True)
class SectionStore:
    """Latest sections per sub_table, plus the first and last TDT/TOT (with packet index)."""

    subtables: dict[SubTableKey, _SubTable] = field(default_factory=dict)
    first_time: dict[int, tuple[int, Section]] = field(default_factory=dict)
    last_time: dict[int, tuple[int, Section]] = field(default_factory=dict)

    def add(self, pid: int, section: Section, index: int) -> None:
        if not section.current_next_indicator:
            return  # a "next" version is not applicable yet (ISO/IEC 13818-1 §2.4.4.5)
        if section.table_id in _TIME_TABLES:
            self.first_time.setdefault(section.table_id, (index, section))
            self.last_time[section.table_id] = (index, section)
            return
        key = _key(pid, section)
        current = self.subtables.get(key)
        if current is None or current.version != section.version_number:
            current = self.subtables[key] = _SubTable(section.version_number)
        current.sections[section.section_number] = section

    def latest(self, pid: int, section: Section) -> list[Section]:
        """The stored sections of the sub_table `section` belongs to, by section_number."""
        sub = self.subtables.get(_key(pid, section))
        return [] if sub is None else [sub.sections[n] for n in sorted(sub.sections)]

    def tables(self, *table_ids: int) -> list[list[Section]]:
        """The sections of every stored sub_table with one of `table_ids`, in key order."""
        wanted = set(table_ids)
        return [
            [sub.sections[n] for n in sorted(sub.sections)]
            for key, sub in sorted(self.subtables.items(), key=lambda kv: kv[0])
            if key.table_id in wanted
        ]

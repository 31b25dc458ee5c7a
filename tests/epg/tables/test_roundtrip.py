"""decode(encode(x)) == x for every table, through the bytes of whole sections."""

from __future__ import annotations

from hypothesis import given

from epg.tables.eit import EITPresentFollowing, EITSchedule, decode_eit
from epg.tables.nit import NIT
from epg.tables.sdt import SDT
from epg.tables.time import TDT, TOT
from mpegts.section import Section, max_section_size
from tests.strategies.tables import eit_pfs, eit_schedules, nits, sdts, tdts, tots


def _through_bytes(sections: list[Section]) -> list[Section]:
    """Encode each section to bytes (checking its size limit) and decode it back."""
    out = []
    for section in sections:
        data = section.encode()
        assert len(data) <= max_section_size(section.table_id)
        out.append(Section.decode(data))
    return out


@given(sdts)
def test_sdt_round_trip(sdt: SDT) -> None:
    assert SDT.decode(_through_bytes(sdt.encode())) == sdt


@given(nits)
def test_nit_round_trip(nit: NIT) -> None:
    assert NIT.decode(_through_bytes(nit.encode())) == nit


@given(tdts)
def test_tdt_round_trip(tdt: TDT) -> None:
    assert TDT.decode(_through_bytes(tdt.encode())) == tdt


@given(tots)
def test_tot_round_trip(tot: TOT) -> None:
    assert TOT.decode(_through_bytes(tot.encode())) == tot


@given(eit_pfs)
def test_eit_pf_round_trip(eit: EITPresentFollowing) -> None:
    sections = _through_bytes(eit.encode())
    assert [s.section_number for s in sections] == [0, 1]
    assert decode_eit(sections) == eit


@given(eit_schedules())
def test_eit_schedule_round_trip(eit: EITSchedule) -> None:
    sections = _through_bytes(eit.encode())
    assert decode_eit(reversed(sections)) == eit

"""A transport stream carrying our PAT/PMT/SDT/NIT/EIT/TDT/TOT, written by the SI carousel, for
decoders nobody in this project wrote (GStreamer via gst-si-dump, dvbinfo)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from epg.carousel import Packing, SICarousel
from epg.descriptors.delivery import T2DeliverySystemDescriptor
from epg.eit_builder import build_schedule_events, present_following
from epg.programme import Channel, Genre, ParentalRating, Programme
from epg.si_builder import MultiplexIds, build_nit, build_sdt, build_tot
from mpegts.clock import PCR_HZ
from mpegts.psi.pat import PAT
from mpegts.psi.pmt import PMT, ElementaryStream
from tests.epg.descriptors.test_delivery import TERRESTRIAL_594_MHZ as TERRESTRIAL
from tests.shared_refs import GST_SI_DUMP, SYSTEM_PYTHON

NOW = datetime(2026, 3, 2, 9, 50, tzinfo=UTC)
IDS = MultiplexIds(transport_stream_id=0x10, original_network_id=0x2137, network_id=0x3001)
URL = "https://edu.example.kz/test/42"
PROVIDERS = {"kaz": "EduTV Қазақстан", "rus": "EduTV Казахстан", "eng": "EduTV Kazakhstan"}
CHANNELS = (
    Channel(
        id="bilim1.edutv.kz",
        display_names={"kaz": "Білім 1", "rus": "Билим 1", "eng": "Bilim 1"},
        lcn=1,
        service_id=101,
    ),
    Channel(
        id="bilim2.edutv.kz",
        display_names={"kaz": "Білім 2", "rus": "Билим 2", "eng": "Bilim 2"},
        lcn=2,
        service_id=102,
    ),
)
T2 = T2DeliverySystemDescriptor(plp_id=0, t2_system_id=1)


def lecture(channel: Channel, start: datetime, number: int, *, url: str | None = URL) -> Programme:
    return Programme(
        channel_id=channel.id,
        start=start,
        stop=start + timedelta(hours=1),
        titles={
            "kaz": f"Математика: {number}-дәріс",
            "rus": f"Математика: лекция {number}",
            "eng": f"Mathematics: lecture {number}",
        },
        descriptions={
            "kaz": "Өрнектер және теңдеулер. Қазақ тілінде.",
            "rus": "Выражения и уравнения. На казахском языке.",
            "eng": "Expressions and equations. In Kazakh.",
        },
        genres=(Genre(level_1=9, level_2=6),),
        parental_ratings=(ParentalRating(country="KAZ", age=6),),
        test_url=url,
        event_id=number,
    )


def programmes(channel: Channel) -> list[Programme]:
    """Lectures every 3 h from 09:00 today for three days (day 2 is lean)."""
    first = NOW.replace(hour=9, minute=0)
    return [lecture(channel, first + timedelta(hours=3) * i, i + 1) for i in range(3 * 8 - 3)]


@dataclass(frozen=True)
class Broadcast:
    path: Path
    carousel: SICarousel


def write_stream(path: Path, *, seconds: float = 27.0, packing: Packing | None = None) -> Broadcast:
    carousel = SICarousel(
        start=NOW,
        transport_stream_id=IDS.transport_stream_id,
        original_network_id=IDS.original_network_id,
        packing=packing or Packing(one_section_per_packet=True),
    )
    pmts = {
        0x100 + i: PMT(
            program_number=c.service_id or 0,
            pcr_pid=0x200 + 0x10 * i,
            streams=(ElementaryStream(stream_type=0x1B, elementary_pid=0x200 + 0x10 * i),),
        )
        for i, c in enumerate(CHANNELS)
    }
    carousel.set_tables(
        pat=PAT(
            transport_stream_id=IDS.transport_stream_id,
            programs={pmt.program_number: pid for pid, pmt in pmts.items()},
            network_pid=0x10,
        ),
        pmts=pmts,
        sdt=build_sdt(CHANNELS, ids=IDS, provider_names=PROVIDERS),
        nit=build_nit(CHANNELS, ids=IDS, network_names=PROVIDERS, delivery=(T2, TERRESTRIAL)),
        tot=build_tot(NOW, time_of_change=datetime(2026, 10, 25, 1, 0, tzinfo=UTC)),
    )
    for channel in CHANNELS:
        sid = channel.service_id or 0
        carousel.update_eit_pf(sid, *present_following(programmes(channel), now=NOW))
        carousel.update_schedule(sid, build_schedule_events(programmes(channel), now=NOW))
    packets = carousel.packets_due(int(seconds * PCR_HZ))
    path.write_bytes(b"".join(packet for _, packet in packets))
    return Broadcast(path=path, carousel=carousel)


@pytest.fixture(scope="session")
def broadcast(tmp_path_factory: pytest.TempPathFactory) -> Broadcast:
    return write_stream(tmp_path_factory.mktemp("independent") / "telesabaq_si.ts")


@pytest.fixture(scope="session")
def gst_si_dump() -> list[str]:
    if not GST_SI_DUMP.exists() or not SYSTEM_PYTHON.exists():
        pytest.skip(f"{GST_SI_DUMP} (and /usr/bin/python3 with gi) not available")
    return [str(SYSTEM_PYTHON), str(GST_SI_DUMP)]


@pytest.fixture(scope="session")
def dvbinfo() -> str:
    found = shutil.which("dvbinfo")
    if found is None:
        pytest.skip("dvbinfo (dvbpsi-utils) is not installed")
    return found

"""Benchmark: build and packetize an 8-day EIT schedule for 50 services x 48 events/day.

Three languages (kaz, rus, eng), a distinct follow-up test URL per event as an extended_event
item (full detail for the first two days, lean after, as the station builds it); titles cycle
over 40 lectures per channel. Goals (issue 2): <= 2 s from scratch, <= 50 ms to rebuild after
one event changes (only its segment is re-encoded). Both CPU and wall time are printed: the
machine is shared, and wall time grows with the load average (printed too).

    .venv/bin/python bench/eit_schedule.py [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import time
from datetime import UTC, datetime, timedelta

from epg.carousel import SICarousel
from epg.eit_builder import build_schedule_events
from epg.programme import Genre, ParentalRating, Programme
from mpegts.packetizer import SectionPacketizer

NOW = datetime(2026, 3, 2, 9, 50, tzinfo=UTC)
SERVICES = int(os.environ.get("BENCH_SERVICES", "50"))
PER_DAY = 48
DAYS = 8


def programmes(service: int) -> list[Programme]:
    midnight = NOW.replace(hour=0, minute=0)
    out = []
    for i in range(PER_DAY * DAYS):
        start = midnight + timedelta(minutes=30) * i
        out.append(
            Programme(
                channel_id=f"bilim{service}.edutv.kz",
                start=start,
                stop=start + timedelta(minutes=30),
                titles={
                    "kaz": f"Математика: {i % 40 + 1}-дәріс",
                    "rus": f"Математика: лекция {i % 40 + 1}",
                    "eng": f"Mathematics: lecture {i % 40 + 1}",
                },
                descriptions={
                    "kaz": "Өрнектер және теңдеулер. Дәрістен кейінгі тест сілтемесі төменде.",
                    "rus": "Выражения и уравнения. Ссылка на тест после лекции ниже.",
                    "eng": "Expressions and equations. The follow-up test link is below.",
                },
                genres=(Genre(level_1=9, level_2=6),),
                parental_ratings=(ParentalRating(country="KAZ", age=6),),
                test_url=f"https://edu.example.kz/test/{service}-{i}",
                event_id=i + 1,
            )
        )
    return out


def from_scratch(plans: dict[int, list[Programme]]) -> tuple[SICarousel, int, int]:
    carousel = SICarousel(start=NOW, transport_stream_id=1, original_network_id=1)
    for sid, plan in plans.items():
        carousel.update_schedule(sid, build_schedule_events(plan, now=NOW))
    packetizer = SectionPacketizer(0x12)
    packets = sections = 0
    for schedule in carousel._schedules.values():
        for table_id in schedule.sections:
            data = schedule.encoded(table_id)
            sections += len(data)
            packets += len(packetizer.packetize(data))
    return carousel, sections, packets


def one_change(carousel: SICarousel, plans: dict[int, list[Programme]]) -> set[int]:
    plan = list(plans[1])
    moved = plan[200]
    plan[200] = Programme(
        channel_id=moved.channel_id,
        start=moved.start,
        stop=moved.stop,
        titles={**moved.titles, "eng": "Mathematics: a changed lecture"},
        descriptions=moved.descriptions,
        genres=moved.genres,
        parental_ratings=moved.parental_ratings,
        test_url=moved.test_url,
        event_id=moved.event_id,
    )
    return carousel.update_schedule(1, build_schedule_events(plan, now=NOW))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    plans = {sid: programmes(sid) for sid in range(1, SERVICES + 1)}
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    w0, c0 = time.perf_counter(), time.process_time()
    carousel, sections, packets = from_scratch(plans)
    w1, c1 = time.perf_counter(), time.process_time()
    changed = one_change(carousel, plans)
    w2, c2 = time.perf_counter(), time.process_time()
    if profiler:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    print(f"events: {SERVICES * PER_DAY * DAYS}, sections: {sections}, packets: {packets}")
    print(f"load average before: {load}")
    print(
        f"from scratch (build + encode + packetize): cpu {c1 - c0:.3f} s, "
        f"wall {w1 - w0:.3f} s (goal <= 2 s)"
    )
    print(
        f"one event changed, service rebuilt: cpu {(c2 - c1) * 1000:.1f} ms, "
        f"wall {(w2 - w1) * 1000:.1f} ms (goal <= 50 ms); "
        f"table_ids re-framed: {sorted(hex(t) for t in changed)}"
    )
    rate = carousel.si_bitrate() / 1e6
    print(f"SI bitrate of this schedule (terrestrial plan): {rate:.2f} Mbit/s")


if __name__ == "__main__":
    main()

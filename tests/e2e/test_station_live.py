"""The station in real time: portal answering, both multiplexes on UDP 127.0.0.1 and in rolling
files, and a clean stop (every thread ends, the port is free, the as-run is closed)."""

from __future__ import annotations

import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from catalog.services.schedule_rules import SchedulePolicy
from mpegts.packet import TSPacket
from telesabaq.demo.schedule import plan_demo
from telesabaq.demo.seed import DemoProfiles, seed_catalogue
from telesabaq.settings import DemoSection, EncoderSection, PlayoutSection, Settings
from telesabaq.station import Station

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

TINY = DemoProfiles(t2="test-tiny-h264", s2="test-tiny-mpeg2")


def _free_port(kind: int) -> int:
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def station(tmp_path: Path) -> Iterator[tuple[Station, int]]:
    udp = _free_port(socket.SOCK_DGRAM)
    settings = Settings(
        data_dir=tmp_path / "data",
        port=_free_port(socket.SOCK_STREAM),
        encoder=EncoderSection(concurrency=1, threads=1),
        playout=PlayoutSection(udp=[f"127.0.0.1:{udp}"], rolling_file_minutes=1),
        demo=DemoSection(t2_profile=TINY.t2, s2_profile=TINY.s2),
    )
    running = Station(settings)
    policy = SchedulePolicy(
        lock_window=timedelta(0),
        turnaround=timedelta(0),
        end_card=timedelta(seconds=30),
        timezone="Asia/Almaty",
        ready_margin=timedelta(0),
    )
    with running.sessions() as session:
        people = seed_catalogue(session, TINY, lambda _: None)
        plan_demo(session, people["engineer"], policy, datetime.now(UTC), timedelta(minutes=5))
        session.commit()
    yield running, udp
    running.stop()


def _datagrams(port: int, count: int, timeout: float = 60) -> list[bytes]:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", port))
        sock.settimeout(timeout)
        return [sock.recv(65536) for _ in range(count)]


def test_on_air_and_a_clean_stop(station: tuple[Station, int]) -> None:
    running, udp = station
    running.start_encoder()
    url = running.start_portal()
    assert running.prepare_fillers() == 2  # both channels' slates before the air
    where = running.start_playout()
    assert running.wait_on_air(120)
    assert [w.split(":")[0] for w in where] == ["TS 1", "TS 2"]
    assert f"udp://127.0.0.1:{udp}" in where[0]
    assert f"udp://127.0.0.1:{udp + 1}" in where[1]
    for datagram in _datagrams(udp, 20):
        assert len(datagram) % 188 == 0
        packets = [TSPacket.decode(datagram[i : i + 188]) for i in range(0, len(datagram), 188)]
        assert all(not p.transport_error_indicator for p in packets)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "login", timeout=5) as reply:
                assert reply.status == 200
                break
        except OSError:
            time.sleep(0.5)
    else:
        raise AssertionError("the portal did not answer")
    while running.status is None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert running.status is not None
    lag = abs((min(running.status.output_utc.values()) - datetime.now(UTC)).total_seconds())
    assert lag < 5, f"the output's clock is {lag:.1f} s off the wall clock"
    rolling = sorted((running.media_dir / "air").glob("ts*-*.ts"))
    assert {p.name.split("-")[0] for p in rolling} == {"ts1", "ts2"}

    running.stop()
    names = {t.name for t in threading.enumerate()}
    assert not names & {"playout", "portal", "encoder housekeeping"}, names
    with (
        socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s,
        pytest.raises(ConnectionRefusedError),
    ):
        s.connect(("127.0.0.1", running.settings.port))  # nobody listens on the portal's port
    assert (running.media_dir / "as-run.jsonl").stat().st_size > 0
    assert all(p.stat().st_size % 188 == 0 for p in rolling)

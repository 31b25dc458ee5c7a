"""The demo seeds idempotently and plans today and tomorrow; the EPG export; rolling files."""

from __future__ import annotations

import itertools
import json
import subprocess
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from catalog.models import Channel, Course, FollowUpTest, Module, Network, ScheduleSlot, User
from catalog.models.assessment import Question
from catalog.models.enums import SlotKind
from telesabaq.cli import build_cli
from telesabaq.demo.content import CHANNELS, COURSES
from telesabaq.demo.schedule import air_times, end_of_tomorrow, plan_demo
from telesabaq.demo.seed import seed_catalogue
from telesabaq.rolling import RollingFileOutput
from telesabaq.settings import Settings
from tests.telesabaq.conftest import POLICY, TINY, Catalogue

DTD = Path("/usr/share/xmltv/xmltv.dtd")  # xmltv-util, installed by scripts/setup
MODELS = (User, Network, Channel, Course, Module, FollowUpTest, Question, ScheduleSlot)


def _counts(catalogue: Catalogue) -> dict[str, int]:
    with catalogue.sessions() as session:
        return {
            m.__name__: session.scalar(select(func.count()).select_from(m)) or 0 for m in MODELS
        }


def test_the_demo_is_what_the_issue_asks_for(catalogue: Catalogue) -> None:
    counts = _counts(catalogue)
    assert counts["User"] == 4
    assert (counts["Course"], counts["Module"], counts["FollowUpTest"]) == (2, 6, 6)
    assert counts["Question"] >= 6
    with catalogue.sessions() as session:
        languages = {c.code: c.language.value for c in session.scalars(select(Course))}
        networks = session.scalars(select(Network)).all()
        kinds = session.execute(
            select(ScheduleSlot.kind, func.count()).group_by(ScheduleSlot.kind)
        ).all()
        reruns = session.scalar(select(func.count()).where(ScheduleSlot.is_rerun.is_(True)))
    assert languages == {"DEMO-IT": "kk", "DEMO-HIST": "ru"}
    assert sorted(n.delivery.value for n in networks) == ["dvb-s2", "dvb-t2"]
    # ETSI TS 101 162: 0xFF00..0xFFFF are for temporary private use
    assert all(0xFF00 <= n.network_id <= 0xFFFE for n in networks)
    assert all(0xFF00 <= n.original_network_id <= 0xFFFE for n in networks)
    lectures, cards = dict(kinds)[SlotKind.LECTURE], dict(kinds)[SlotKind.END_CARD]
    assert lectures == cards > 2 * 24  # both channels, each lecture with its card
    assert 0 < reruns < lectures + cards


def test_a_second_seed_and_plan_change_nothing(catalogue: Catalogue) -> None:
    before = _counts(catalogue)
    with catalogue.sessions() as session:
        people = seed_catalogue(session, TINY, lambda _: None)
        added = plan_demo(session, people["engineer"], POLICY, catalogue.now, timedelta(minutes=10))
        session.commit()
    assert added == 0
    assert _counts(catalogue) == before


def test_air_times_are_dense_first_then_half_hourly() -> None:
    first = datetime(2026, 9, 1, 6, 0, tzinfo=UTC)
    times = list(air_times(first, first + timedelta(hours=3)))
    gaps = {b - a for a, b in itertools.pairwise(times)}
    assert times[:13] == [first + timedelta(minutes=5 * i) for i in range(13)]
    assert gaps == {timedelta(minutes=5), timedelta(minutes=30)}
    # "today and tomorrow" in station time: Almaty midnight after tomorrow
    now = datetime(2026, 9, 1, 20, 0, tzinfo=UTC)  # 01:00 on 2 September in Almaty
    assert end_of_tomorrow(now, "Asia/Almaty") == datetime(2026, 9, 3, 19, 0, tzinfo=UTC)


@pytest.fixture
def settings(catalogue: Catalogue, tmp_path: Path) -> Settings:
    engine_url = str(catalogue.sessions.kw["bind"].url)
    return Settings(data_dir=tmp_path / "data", database_url=engine_url)


def test_epg_export_in_three_formats(settings: Settings, tmp_path: Path) -> None:
    app = build_cli(settings)
    out = tmp_path / "guide.xml"
    result = CliRunner().invoke(app, ["epg", "export", "--days", "3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    done = subprocess.run(
        ["tv_validate_file", "--dtd-file", str(DTD), str(out)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    tree = ET.parse(out)
    channel_ids = {c.get("id") for c in tree.iter("channel")}
    assert channel_ids == {c.xmltv_id for c in CHANNELS}
    titles = {t.text for t in tree.iter("title") if t.get("lang") == "kk"}
    assert COURSES[0].modules[0].title["kk"] in titles

    result = CliRunner().invoke(app, ["epg", "export", "--format", "json", "--days", "3"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert len(document["programmes"]) == len(list(tree.iter("programme")))
    assert all(p["test_url"] for p in document["programmes"])

    result = CliRunner().invoke(app, ["epg", "export", "-f", "ical", "--days", "3"])
    assert result.exit_code == 0, result.output
    calendar = icalendar.Calendar.from_ical(result.stdout)
    assert len(calendar.walk("VEVENT")) == len(document["programmes"])


def test_rolling_files_keep_the_newest(tmp_path: Path) -> None:
    clock = iter(datetime(2026, 9, 1, 6, m, tzinfo=UTC) for m in range(10))
    rolling = RollingFileOutput(tmp_path, "ts1", minutes=1e-9, keep=2, now=lambda: next(clock))
    packet = b"\x47" + bytes(187)
    for _ in range(4):
        rolling.write(packet * 7)
    rolling.close()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["ts1-20260901T060200Z.ts", "ts1-20260901T060300Z.ts"]
    assert all((tmp_path / n).stat().st_size == 7 * 188 for n in names)
    with pytest.raises(ValueError, match="minutes"):
        RollingFileOutput(tmp_path, "ts1", minutes=0)

"""A migrated SQLite catalogue with the demo's people, channels and courses (tiny profiles)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from catalog.db import make_engine, make_sessionmaker
from catalog.migrate import upgrade
from catalog.models import User
from catalog.services.schedule_rules import SchedulePolicy
from telesabaq.demo.schedule import plan_demo
from telesabaq.demo.seed import DemoProfiles, seed_catalogue

TINY = DemoProfiles(t2="test-tiny-h264", s2="test-tiny-mpeg2")
POLICY = SchedulePolicy(
    lock_window=timedelta(0),
    turnaround=timedelta(0),
    end_card=timedelta(seconds=30),
    timezone="Asia/Almaty",
    ready_margin=timedelta(0),
)


@dataclass
class Catalogue:
    sessions: sessionmaker[Session]
    people: dict[str, int]
    media: Path
    now: datetime

    def user(self, session: Session, name: str) -> User:
        user = session.get(User, self.people[name])
        assert user is not None
        return user


@pytest.fixture
def catalogue(tmp_path: Path) -> Iterator[Catalogue]:
    url = f"sqlite:///{tmp_path / 'catalog.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    now = datetime.now(UTC).replace(microsecond=0)
    with sessions() as session:
        people = seed_catalogue(session, TINY, lambda _: None)
        plan_demo(session, people["engineer"], POLICY, now, timedelta(minutes=10))
        session.commit()
        ids = {name: user.id for name, user in people.items()}
    yield Catalogue(sessions=sessions, people=ids, media=tmp_path / "media", now=now)
    engine.dispose()

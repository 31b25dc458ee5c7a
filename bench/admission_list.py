"""How long the registrar's admission list takes for a course of N students x M modules.

Seeds a fresh SQLite catalogue (migrated) through the services, then times
`admission.admission_list` + `to_csv`. Run: .venv/bin/python bench/admission_list.py [N] [M]
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from catalog.db import make_engine, make_sessionmaker
from catalog.migrate import upgrade
from catalog.models import Channel, Course, FollowUpTest, Module, Occurrence, ScheduleSlot, User
from catalog.models.assessment import Attempt, AttemptStatus, Enrolment
from catalog.models.enums import Language, Outcome, Role
from catalog.services import admission


def seed(session, students: int, modules: int) -> tuple[int, User]:  # type: ignore[no-untyped-def]
    admin = User(username="admin", password_hash="x", role=Role.ADMIN)
    course = Course(
        code="B-1", title_kk="B", title_ru="B", title_en="B", language=Language.KK, level="1"
    )
    channel = Channel(
        service_id=1, number=1, name="B", xmltv_id="b", profile="p", language=Language.KK
    )
    session.add_all([admin, course, channel])
    session.flush()
    now = datetime.now(UTC)
    tests = []
    for i in range(1, modules + 1):
        m = Module(
            course_id=course.id,
            position=i,
            syllabus_code=f"M{i}",
            title_kk="m",
            title_ru="m",
            title_en="m",
        )
        session.add(m)
        session.flush()
        t = FollowUpTest(module_id=m.id, short_code=f"{i:06d}")
        slot = ScheduleSlot(
            channel_id=channel.id,
            module_id=m.id,
            start=now - timedelta(days=i),
            end=now - timedelta(days=i) + timedelta(minutes=30),
        )
        session.add_all([t, slot])
        session.flush()
        session.add(Occurrence(slot_id=slot.id, outcome=Outcome.FULL, aired_ms=1_800_000))
        tests.append(t)
    for s in range(students):
        u = User(username=f"s{s}", password_hash="x", role=Role.STUDENT)
        session.add(u)
        session.flush()
        session.add(
            Enrolment(
                course_id=course.id,
                user_id=u.id,
                student_number=f"N{s}",
                registration=str(uuid.uuid4()),
            )
        )
        for k, t in enumerate(tests):
            if s % 5 or k != s % len(tests):  # every fifth student misses one test
                session.add(
                    Attempt(
                        test_id=t.id,
                        user_id=u.id,
                        number=1,
                        status=AttemptStatus.SUBMITTED,
                        layout=json.dumps([]),
                        score=1,
                        max_score=1,
                        scaled=1.0,
                        passed=True,
                    )
                )
    session.commit()
    return course.id, admin


def main() -> None:
    students = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    modules = int(sys.argv[2]) if len(sys.argv) > 2 else 12
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        upgrade(url)
        engine = make_engine(url)
        with make_sessionmaker(engine)() as session:
            course_id, admin = seed(session, students, modules)
            started = time.perf_counter()
            rows = admission.admission_list(session, admin, course_id, datetime.now(UTC))
            text = admission.to_csv(rows)
            elapsed = time.perf_counter() - started
        engine.dispose()
    admitted = sum(r.decision.admitted for r in rows)
    print(
        f"{students} students x {modules} modules: {elapsed:.2f} s "
        f"({elapsed / students * 1000:.1f} ms/student), {admitted} admitted, {len(text)} bytes CSV"
    )


if __name__ == "__main__":
    main()

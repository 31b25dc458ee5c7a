"""Building blocks for the assessment tests on the catalogue's real app and databases: a course
with a question bank, enrolled students with their own tokens, airings moved into the past and
as-run posted for them, page sign-in with the session cookie."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import update

from catalog.models import ScheduleSlot
from tests.catalog.conftest import World

GIFT = """// module bank
::sum:: 2 + 2 = ? {=4 ~3 ~5 ~22}

::primes:: Which are prime? {~%50%2 ~%50%3 ~%-100%4 ~%-100%9}

::pi:: Pi to two decimals {#3.14:0.005}

::capital:: Capital of Kazakhstan {=Astana =Астана}
"""
RIGHT = {"sum": "4", "primes": ["2", "3"], "pi": "3,14", "capital": "  астана "}

_records = itertools.count(1)


@dataclass
class Loop:
    """A course, its modules and a channel, with helpers that drive the loop through the API."""

    world: World
    course: dict[str, Any]
    channel: dict[str, Any]
    students: dict[str, str] = field(default_factory=dict)  # username -> bearer token

    @property
    def modules(self) -> list[dict[str, Any]]:
        return self.course["modules"]  # type: ignore[no-any-return]

    def code(self, index: int) -> str:
        return str(self.modules[index]["followup"]["short_code"])

    def student(self, name: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.students[name]}"}

    def call(self, method: str, url: str, who: str, status: int = 200, **kw: Any) -> Any:
        headers = self.student(who) if who in self.students else self.world.h(who)
        r = self.world.client.request(method, url, headers=headers, **kw)
        assert r.status_code == status, (method, url, r.status_code, r.text)
        return r.json() if r.headers.get("content-type", "").startswith("application/json") else r

    def enrol(self, *names: str) -> list[dict[str, Any]]:
        lines = ["student_number,username,display_name,password"]
        lines += [f"S-{n},{n},{n.title()},{n}-password" for n in names]
        report = self.call(
            "POST",
            f"/api/courses/{self.course['id']}/enrolments/import",
            "staff",
            files={"file": ("students.csv", "\n".join(lines).encode(), "text/csv")},
        )
        for name in names:
            token = self.world.ok(
                "POST",
                "/api/auth/token",
                None,
                json={"username": name, "password": f"{name}-password"},
            )
            self.students[name] = token["access_token"]
        return report["lines"]  # type: ignore[no-any-return]

    def bank(self, index: int, text: str = GIFT, **settings: Any) -> list[dict[str, Any]]:
        module_id = self.modules[index]["id"]
        rows = self.call(
            "POST",
            f"/api/modules/{module_id}/questions/import",
            "staff",
            201,
            json={"format": "gift", "text": text},
        )
        if settings:
            self.call("PATCH", f"/api/modules/{module_id}/test", "staff", json=settings)
        return rows  # type: ignore[no-any-return]

    def slot(self, index: int, start: datetime, minutes: int = 30) -> dict[str, Any]:
        """A lecture slot planned days ahead (outside the lock window), then moved to `start`."""
        ahead = datetime.now(UTC) + timedelta(days=5, minutes=next(_records) * 40)
        slot = self.world.ok(
            "POST",
            "/api/schedule/slots",
            "engineer",
            201,
            json={
                "channel_id": self.channel["id"],
                "module_id": self.modules[index]["id"],
                "start": ahead.isoformat(),
                "end": (ahead + timedelta(minutes=minutes)).isoformat(),
            },
        )
        with self.world.session() as s:
            s.execute(
                update(ScheduleSlot)
                .where(ScheduleSlot.id == slot["id"])
                .values(start=start, end=start + timedelta(minutes=minutes))
            )
            s.commit()
        slot["start"], slot["end"] = start, start + timedelta(minutes=minutes)
        return slot  # type: ignore[no-any-return]

    def air(
        self, index: int, *, fraction: float = 1.0, ago: timedelta = timedelta(hours=2)
    ) -> dict[str, Any]:
        """Plan the module in the past and report as-run covering `fraction` of the slot."""
        start = datetime.now(UTC) - ago
        slot = self.slot(index, start)
        aired = timedelta(minutes=30 * fraction)
        result = self.world.ok(
            "POST",
            "/api/asrun",
            "engineer",
            json=[
                {
                    "record_id": f"rec-{next(_records)}",
                    "channel_id": self.channel["id"],
                    "slot_id": slot["id"],
                    "actual_start": start.isoformat(),
                    "actual_end": (start + aired).isoformat(),
                }
            ],
        )
        assert result[0]["outcome"] == ("full" if fraction >= 1 else "partial")
        return slot

    def answers_for(self, attempt: dict[str, Any], right: bool = True) -> dict[str, Any]:
        """Answers by question prompt (the API gives no keys; the test knows the bank)."""
        out: dict[str, Any] = {}
        for q in attempt["questions"]:
            name = _name(q["prompt"])
            want = RIGHT[name]
            if q["kind"] in ("single", "multiple"):
                values = [
                    o["value"]
                    for o in q["options"]
                    if o["text"] in (want if isinstance(want, list) else [want])
                ]
                if not right:
                    values = [o["value"] for o in q["options"] if o["value"] not in values][:1]
                out[str(q["id"])] = values if q["kind"] == "multiple" else values[0]
            else:
                out[str(q["id"])] = want if right else "wrong"
        return out

    def take(self, index: int, who: str, right: bool = True) -> dict[str, Any]:
        """Start, answer through autosave and submit; the graded attempt."""
        module_id = self.modules[index]["id"]
        attempt = self.call("POST", f"/api/modules/{module_id}/attempts", who, 201, json={})
        self.call(
            "PUT",
            f"/api/attempts/{attempt['id']}/answers",
            who,
            json={"answers": self.answers_for(attempt, right)},
        )
        return self.call("POST", f"/api/attempts/{attempt['id']}/submit", who)  # type: ignore[no-any-return]

    def admission(self, who: str) -> dict[str, Any]:
        progress = self.call("GET", "/api/me/progress", who)
        (course,) = [c for c in progress if c["course_id"] == self.course["id"]]
        return course["admission"]  # type: ignore[no-any-return]


def _name(prompt: str) -> str:
    for key, words in (("sum", "2 + 2"), ("primes", "prime"), ("pi", "Pi"), ("capital", "Capital")):
        if words in prompt:
            return key
    raise AssertionError(prompt)


@pytest.fixture
def loop(world: World) -> Loop:
    course = world.course(modules=2)
    return Loop(world=world, course=course, channel=world.channel())


def page_login(world: World, username: str, password: str) -> None:
    """Sign in through the form (session cookie + CSRF), as a phone browser would."""
    form = world.client.get("/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert csrf, form.text
    r = world.client.post(
        "/login",
        data={"username": username, "password": password, "csrf": csrf.group(1)},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert found
    return found.group(1)

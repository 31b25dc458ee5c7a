"""The whole loop, as its users drive it: through the HTTP API, the web pages and the CLI.

Staff upload a lecture -> it encodes (real FFmpeg, Huey consumer) -> an engineer plans it with
the auto-planner -> `telesabaq playout render-catalog` renders the slot with the fast clock ->
`telesabaq analyze` reads the event from the TS with its Kazakh title and the follow-up test URL
-> the as-run reaches the catalogue -> the student's course page shows the module as aired ->
the student opens /t/CODE and passes the test -> progress shows it -> after the last module the
student is admitted.

Real parts only: a migrated SQLite catalogue, the encoder's Huey queue on SQLite, the tiny test
profile (so the encodes take seconds), the real playout, the full `telesabaq` CLI in-process.
"""

from __future__ import annotations

import json
import re
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from starlette.exceptions import StarletteDeprecationWarning
from typer.testing import CliRunner

from catalog.app import create_app
from catalog.models.enums import Role
from catalog.services import users
from telesabaq.cli import build_cli
from telesabaq.demo.content import COURSES
from telesabaq.demo.lectures import make_lecture
from telesabaq.settings import DemoSection, EncoderSection, PlayoutSection, Settings
from telesabaq.station import Station
from telesabaq.wiring import EncoderProber

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

PROFILE = "test-tiny-h264"
BASE_URL = "http://tv.example"
LECTURE_SECONDS = 59.0  # a one-minute slot: see telesabaq.demo.lectures
COURSE = COURSES[0]  # taught in Kazakh
MODULES = COURSE.modules[:2]
PASSWORD = "e2e-password-1"
RIGHT_ANSWERS = {  # by a word of the prompt -> the right option text / value
    "сақтайды": "жад",
    "Процессор": "Шын",
    "қадамдар": "Шын",
    "Қайталанатын": "цикл",
}


@dataclass
class Site:
    client: TestClient
    tokens: dict[str, str]

    def call(self, method: str, url: str, who: str, status: int = 200, **kw: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.tokens[who]}"}
        r = self.client.request(method, url, headers=headers, **kw)
        assert r.status_code == status, (method, url, r.status_code, r.text)
        return r.json() if r.headers.get("content-type", "").startswith("application/json") else r


@pytest.fixture
def station(tmp_path: Path) -> Iterator[Station]:
    settings = Settings(
        data_dir=tmp_path / "data",
        public_base_url=BASE_URL,
        encoder=EncoderSection(concurrency=1, threads=1),
        playout=PlayoutSection(udp=[], rolling_file_minutes=0),
        demo=DemoSection(t2_profile=PROFILE, s2_profile=PROFILE),
    )
    running = Station(settings)
    running.start_encoder(housekeeping=False)  # the test pumps the queue itself
    yield running
    running.stop()


@pytest.fixture
def site(station: Station) -> Iterator[Site]:
    app = create_app(station.catalog, encode_queue=station.encode_queue, prober=EncoderProber())
    with app.state.sessionmaker() as session:
        admin = users.create_user(session, username="admin", password=PASSWORD, role=Role.ADMIN)
        token, _ = users.issue_token(session, admin)
        session.commit()
    with TestClient(app) as client:
        yield Site(client=client, tokens={"admin": token})
    app.state.engine.dispose()


def _people(site: Site) -> None:
    for name, role in (("staff", "staff"), ("engineer", "engineer"), ("aruzhan", "student")):
        site.call(
            "POST", "/api/users", "admin", 201,
            json={"username": name, "password": PASSWORD, "role": role},
        )  # fmt: skip
        token = site.client.post(
            "/api/auth/token", json={"username": name, "password": PASSWORD}
        ).json()
        site.tokens[name] = token["access_token"]


def _channel(site: Site) -> dict[str, Any]:
    network = site.call(
        "POST", "/api/networks", "engineer", 201,
        json={"name": "E2E T2", "network_id": 0xFF10, "original_network_id": 0xFF10,
              "delivery": "dvb-t2"},
    )  # fmt: skip
    ts = site.call(
        "POST", "/api/transport-streams", "engineer", 201,
        json={"network_id": network["id"], "transport_stream_id": 7, "name": "mux 7"},
    )  # fmt: skip
    return site.call(  # type: ignore[no-any-return]
        "POST", "/api/channels", "engineer", 201,
        json={"name": "Телесабақ E2E", "number": 7, "service_id": 0x0701,
              "xmltv_id": "e2e.telesabaq.test", "profile": PROFILE, "language": "kk",
              "transport_stream_id": ts["id"]},
    )  # fmt: skip


def _course(site: Site, tmp: Path) -> dict[str, Any]:
    course = site.call(
        "POST", "/api/courses", "staff", 201,
        json={"code": COURSE.code, "title": COURSE.title, "language": "kk", "level": "b-1"},
    )  # fmt: skip
    for number, spec in enumerate(MODULES, start=1):
        module = site.call(
            "POST", f"/api/courses/{course['id']}/modules", "staff", 201,
            json={"syllabus_code": spec.syllabus_code, "title": spec.title,
                  "summary": spec.summary},
        )  # fmt: skip
        site.call(
            "POST", f"/api/modules/{module['id']}/questions/import", "staff", 201,
            json={"format": "gift", "text": spec.gift},
        )  # fmt: skip
        recording = make_lecture(COURSE, spec, number, tmp / f"m{number}.mkv", LECTURE_SECONDS)
        _upload(site, module["lecture"]["id"], recording.read_bytes())
    site.call(
        "POST", f"/api/courses/{course['id']}/enrolments/import", "staff",
        files={"file": ("s.csv", b"student_number,username,display_name\nS-1,aruzhan,Aruzhan\n",
                        "text/csv")},
    )  # fmt: skip
    course["modules"] = site.call("GET", f"/api/courses/{course['id']}/modules", "staff")
    return course


def _upload(site: Site, lecture_id: int, data: bytes) -> None:
    """The resumable upload API, in two chunks."""
    upload = site.call(
        "POST", "/api/uploads", "staff", 201,
        json={"lecture_id": lecture_id, "filename": "lecture.mkv", "size": len(data)},
    )  # fmt: skip
    half = len(data) // 2
    for offset, chunk in ((0, data[:half]), (half, data[half:])):
        r = site.client.patch(
            f"/api/uploads/{upload['id']}",
            content=chunk,
            headers={
                "Authorization": f"Bearer {site.tokens['staff']}",
                "Upload-Offset": str(offset),
                "Content-Type": "application/offset+octet-stream",
            },
        )
        assert r.status_code == 200, r.text
    assert r.json()["status"] == "complete", r.text


def _plan(site: Site, course: dict[str, Any], channel: dict[str, Any]) -> list[dict[str, Any]]:
    tomorrow = datetime.now(ZoneInfo("Asia/Almaty")).date() + timedelta(days=1)
    plan = site.call(
        "POST", "/api/schedule/plan", "engineer", 201,
        json={"course_id": course["id"], "channel_id": channel["id"],
              "weekdays": list(range(7)), "at": "10:00", "start_date": date.isoformat(tomorrow),
              "default_minutes": 1},
    )  # fmt: skip
    return [s for s in plan["slots"] if s["kind"] == "lecture"]


def _wait_encoded(station: Station, site: Site, course: dict[str, Any]) -> None:
    deadline = time.monotonic() + 240
    lectures = [m["lecture"]["id"] for m in course["modules"]]
    while time.monotonic() < deadline:
        station.encode_queue.pump()
        states = [
            {r["profile"]: r["status"] for r in site.call("GET", f"/api/lectures/{lid}", "staff")[
                "renditions"]}
            for lid in lectures
        ]  # fmt: skip
        assert all(s.get(PROFILE) != "failed" for s in states), states
        if all(s.get(PROFILE) == "ready" for s in states):
            return
        time.sleep(0.5)
    raise AssertionError(f"encodes did not finish: {states}")


def _render(settings: Settings, start: datetime, out: Path) -> None:
    result = CliRunner().invoke(
        build_cli(settings),
        ["playout", "render-catalog", "--start", start.isoformat(), "--hours", "0.04",
         "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0


def _analyze(settings: Settings, ts: Path) -> dict[str, Any]:
    result = CliRunner().invoke(build_cli(settings), ["analyze", str(ts), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _page_login(site: Site, username: str) -> None:
    form = site.client.get("/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert csrf, form.text
    r = site.client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf": csrf.group(1)},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text


def _answers(attempt: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for q in attempt["questions"]:
        if q["kind"] == "numeric":
            out[str(q["id"])] = "4"
            continue
        key = next(word for word in RIGHT_ANSWERS if word in q["prompt"])
        want = RIGHT_ANSWERS[key]
        options = [o for o in q["options"] if o["text"] in (want, "True", "Дұрыс", "Верно")]
        assert options, q
        out[str(q["id"])] = options[0]["value"]
    return out


def _take_test(site: Site, module_id: int) -> dict[str, Any]:
    attempt = site.call("POST", f"/api/modules/{module_id}/attempts", "aruzhan", 201, json={})
    site.call(
        "PUT", f"/api/attempts/{attempt['id']}/answers", "aruzhan",
        json={"answers": _answers(attempt)},
    )  # fmt: skip
    return site.call(  # type: ignore[no-any-return]
        "POST", f"/api/attempts/{attempt['id']}/submit", "aruzhan"
    )


def _admission(site: Site, course_id: int) -> dict[str, Any]:
    progress = site.call("GET", "/api/me/progress", "aruzhan")
    (course,) = [c for c in progress if c["course_id"] == course_id]
    return course["admission"]  # type: ignore[no-any-return]


def _air_module(
    station: Station, site: Site, slot: dict[str, Any], module: dict[str, Any], tmp: Path
) -> dict[str, Any]:
    """Render the slot's hour, check what a receiver reads, check the as-run came back."""
    start = datetime.fromisoformat(slot["start"]).astimezone(UTC)
    ts = tmp / f"air-{module['id']}.ts"
    _render(station.settings, start, ts)
    report = _analyze(station.settings, ts)
    code = module["followup"]["short_code"]
    kazakh = f"{COURSE.title['kk']}: {module['title']['kk']}"
    events = [e for e in report["events"] if e["names"].get("kaz") == kazakh]
    assert events, [e["names"] for e in report["events"]]
    assert events[0]["test_url"] == f"{BASE_URL}/t/{code}"
    page = site.client.get(f"/courses/{module['course_id']}")
    assert page.status_code == 200
    assert f'id="module-{module["id"]}" data-outcome="full"' in page.text, page.text
    short = site.client.get(f"/t/{code}")
    assert short.status_code == 200
    return report


def test_upload_to_admission(station: Station, site: Site, tmp_path: Path) -> None:
    _people(site)
    channel = _channel(site)
    course = _course(site, tmp_path)
    lecture_slots = _plan(site, course, channel)
    assert len(lecture_slots) == len(MODULES)
    _wait_encoded(station, site, course)
    _page_login(site, "aruzhan")
    for number, (slot, module) in enumerate(zip(lecture_slots, course["modules"], strict=True)):
        assert slot["module_id"] == module["id"]
        _air_module(station, site, slot, module, tmp_path)
        graded = _take_test(site, module["id"])
        assert graded["passed"] is True, graded
        admission = _admission(site, course["id"])
        row = next(m for m in admission["modules"] if m["module_id"] == module["id"])
        assert (row["aired"], row["passed"]) == ("full", True)
        last = number == len(MODULES) - 1
        assert admission["admitted"] is last, admission

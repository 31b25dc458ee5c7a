"""The digital footprint: xAPI-shaped, pseudonymous, deterministic ids, append-only, exported per
student and per course, forwarded to an LRS (a tiny real HTTP server on 127.0.0.1) with bounded
retries and a visible sync log."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from catalog.models.assessment import AppendOnlyError, Statement
from catalog.services import footprint, lrs_forwarding
from tests.catalog.assessment.conftest import Loop
from tests.catalog.conftest import World

SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


class FakeLrs(ThreadingHTTPServer):
    """Answers 503 to the first `failures` POSTs, then stores statements like an LRS would."""

    def __init__(self, failures: int) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.failures = failures
        self.requests: list[tuple[dict[str, str], list[dict[str, Any]]]] = []
        self.stored: dict[str, dict[str, Any]] = {}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/xapi"


class _Handler(BaseHTTPRequestHandler):
    server: FakeLrs

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append((dict(self.headers), body))
        if self.path != "/xapi/statements":
            self._answer(404, b"{}")
        elif self.server.failures > 0:
            self.server.failures -= 1
            self._answer(503, b'{"error": "busy"}')
        else:
            for s in body:
                self.server.stored.setdefault(s["id"], s)
            self._answer(200, json.dumps([s["id"] for s in body]).encode())

    def _answer(self, status: int, data: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *_: Any) -> None:
        pass


@pytest.fixture
def lrs() -> Iterator[FakeLrs]:
    server = FakeLrs(failures=2)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _course_with_history(loop: Loop) -> None:
    loop.enrol("zhanna")
    loop.bank(0)
    loop.air(0)
    loop.take(0, "zhanna")


def test_statements_are_xapi_shaped_and_pseudonymous(loop: Loop, world: World) -> None:
    _course_with_history(loop)
    mine = loop.call("GET", "/api/me/footprint", "zhanna")
    verbs = [s["verb"]["id"].rsplit("/", 1)[1] for s in mine["statements"]]
    assert verbs == ["attempted", "completed", "passed"]
    passed = mine["statements"][2]
    assert "zhanna" not in json.dumps(passed)
    account = passed["actor"]["account"]
    assert account["homePage"] == "http://tv.example"
    assert len(account["name"]) == 32
    assert uuid.UUID(passed["id"]).version == 5
    assert passed["result"]["success"] is True
    assert passed["result"]["score"]["scaled"] == 1.0
    assert passed["context"]["platform"] == "web"
    assert uuid.UUID(passed["context"]["registration"]).version == 4
    assert passed["object"]["id"].endswith(f"/xapi/activities/test/{loop.modules[0]['id']}")
    assert passed["context"]["contextActivities"]["grouping"][0]["definition"]["name"]["en"] == (
        "Computing"
    )
    assert passed["timestamp"] <= passed["stored"]
    course = loop.call("GET", f"/api/courses/{loop.course['id']}/footprint", "staff")
    aired = [s for s in course["statements"] if s["verb"]["id"].endswith("/verbs/aired")]
    assert len(aired) == 1
    assert aired[0]["actor"]["account"]["name"] == "playout"
    assert aired[0]["context"]["platform"] == "TV: Sabaq 1"
    # the course export is idempotent: airings are noted once
    again = loop.call("GET", f"/api/courses/{loop.course['id']}/footprint", "staff")
    assert [s["id"] for s in again["statements"]] == [s["id"] for s in course["statements"]]
    assert (
        world.client.get(
            f"/api/courses/{loop.course['id']}/footprint", headers=loop.student("zhanna")
        ).status_code
        == 403
    )


@SQLITE
def test_append_only_and_deterministic(loop: Loop, world: World) -> None:
    _course_with_history(loop)
    with world.session() as s:
        row = s.scalars(select(Statement)).first()
        assert row is not None
        row.verb = "edited"
        with pytest.raises(AppendOnlyError):
            s.flush()
        s.rollback()
        row = s.scalars(select(Statement)).first()
        s.delete(row)
        with pytest.raises(AppendOnlyError):
            s.flush()
        s.rollback()
    a = footprint.statement_id("http://tv.example", "attempt:1:passed")
    assert a == footprint.statement_id("http://tv.example", "attempt:1:passed")
    assert a != footprint.statement_id("http://tv.example", "attempt:1:failed")
    assert a != footprint.statement_id("http://other.example", "attempt:1:passed")


@SQLITE
def test_forwarding_retries_then_succeeds_with_a_sync_log(
    loop: Loop, world: World, lrs: FakeLrs
) -> None:
    _course_with_history(loop)
    r = world.client.post("/api/footprint/lrs/sync", headers=world.h("admin"))
    assert r.status_code == 409  # nothing configured yet
    loop.call(
        "PUT", "/api/footprint/lrs", "admin", json={"url": lrs.url, "authorization": "Basic eDp5"}
    )
    assert loop.call("GET", "/api/footprint/lrs", "admin")["has_authorization"] is True
    result = loop.call("POST", "/api/footprint/lrs/sync", "admin")
    assert (result["sent"], result["failed_tries"], result["pending"]) == (4, 2, 0)
    log = loop.call("GET", "/api/footprint/lrs/log", "admin")
    assert [(e["try_number"], e["ok"], e["http_status"]) for e in reversed(log)] == [
        (1, False, 503),
        (2, False, 503),
        (3, True, 200),
    ]
    headers, body = lrs.requests[-1]
    assert headers["X-Experience-API-Version"] == "1.0.3"
    assert headers["Authorization"] == "Basic eDp5"
    assert len(lrs.stored) == 4
    assert {s["verb"]["id"].rsplit("/", 1)[1] for s in body} == {
        "attempted",
        "completed",
        "passed",
        "aired",
    }
    # nothing new: nothing sent; a re-sent batch would be harmless (same ids)
    assert loop.call("POST", "/api/footprint/lrs/sync", "admin")["sent"] == 0


@SQLITE
def test_forwarding_gives_up_after_bounded_tries(loop: Loop, world: World) -> None:
    _course_with_history(loop)
    with world.session() as s:
        lrs_forwarding.set_endpoint(s, "http://127.0.0.1:9/nothing-listens", "")
        slept: list[float] = []
        with httpx.Client(timeout=2) as client:
            outcome = lrs_forwarding.forward(s, client, tries=3, backoff=0.1, sleep=slept.append)
        s.commit()
    assert outcome.sent == 0
    assert outcome.failed_tries == 3
    assert outcome.pending == 3
    assert slept == [0.1, 0.2]
    log = loop.call("GET", "/api/footprint/lrs/log", "admin")
    assert all(not e["ok"] and e["http_status"] is None for e in log)
    assert "ConnectError" in log[0]["message"]

"""Fixtures for the catalogue: a migrated database per test on SQLite and on PostgreSQL,
an app wired with small fakes at the ports, users of every role with bearer tokens."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import update
from starlette.exceptions import StarletteDeprecationWarning

from catalog.app import create_app
from catalog.db import make_engine
from catalog.migrate import upgrade
from catalog.models import ScheduleSlot, User
from catalog.models.enums import Role
from catalog.ports import MediaProbe
from catalog.security import hash_password
from catalog.services import users
from catalog.settings import CatalogSettings
from tests.catalog.pgcluster import Cluster, pg_bin, start_cluster

with warnings.catch_warnings():
    # Starlette 1.x nudges towards httpx2 for its TestClient; httpx is what the project declares.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

ROLES = ("admin", "engineer", "staff", "student")
CHROMIUM = Path("/usr/bin/chromium")  # Debian's, installed by scripts/setup
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class FakeEncodeQueue:
    """Remembers submitted jobs in order (the edge to the encoder)."""

    def __init__(self) -> None:
        self.jobs: list[tuple[int, Path, str, datetime]] = []

    def submit(
        self, lecture_id: int, source_path: Path, profile_name: str, priority_time: datetime
    ) -> str:
        self.jobs.append((lecture_id, source_path, profile_name, priority_time))
        return f"job-{len(self.jobs)}"


class MagicProber:
    """A stand-in prober for API tests: media when the file starts with b"MEDIA"; the real PyAV
    prober is exercised in test_upload_probe.py."""

    def probe(self, path: Path) -> MediaProbe:
        with path.open("rb") as f:
            head = f.read(5)
        if head != b"MEDIA":
            return MediaProbe(ok=False, reason="no audio or video stream found")
        return MediaProbe(
            ok=True, container="fake", duration_ms=95_000, has_video=True, has_audio=True
        )


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tmpl") / "template.sqlite3"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    if pg_bin() is None or shutil.which("runuser") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL binaries are missing but CI=true: the suite must run on both")
        pytest.skip("PostgreSQL binaries are not installed (apt-get install postgresql)")
    cluster = start_cluster()
    engine = make_engine(cluster.url())
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
        c.execute(sa.text("CREATE DATABASE template_catalog"))
    engine.dispose()
    upgrade(cluster.url("template_catalog"))
    yield cluster
    cluster.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium driven by Playwright (one per test module)."""
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is missing but CI=true: the page tests must run")
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()


_counter = iter(range(1_000_000))


def pg_cluster_database(cluster: Cluster, template: str = "template_catalog") -> str:
    """A new database in the cluster, copied from `template` (migrated, or template0 = empty)."""
    name = f"t{os.getpid()}_{next(_counter)}"
    engine = make_engine(cluster.url())
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
        c.execute(sa.text(f"CREATE DATABASE {name} TEMPLATE {template}"))
    engine.dispose()
    return cluster.url(name)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        path = tmp_path / "catalog.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    return pg_cluster_database(request.getfixturevalue("pg_cluster"))


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    """For tests that need only one backend."""
    path = tmp_path / "catalog.sqlite3"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> CatalogSettings:
    return make_settings(database_url, tmp_path)


def slot_body(
    channel: dict[str, Any],
    module: dict[str, Any],
    start: datetime,
    minutes: int = 30,
    **extra: Any,
) -> dict[str, Any]:
    """The JSON that plans `module` on `channel` for `minutes` from `start` (POST
    /api/schedule/slots), the one way the tests spell it; `extra` adds further request fields."""
    return {
        "channel_id": channel["id"],
        "module_id": module["id"],
        "start": start.isoformat(),
        "end": (start + timedelta(minutes=minutes)).isoformat(),
        **extra,
    }


def make_settings(database_url: str, tmp_path: Path, **extra: Any) -> CatalogSettings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "media_dir": tmp_path / "media",
        "secret_key": "test-secret-key",
        "public_base_url": "http://tv.example",
        "upload_max_bytes": 2_000_000,
        "lock_window_minutes": 30,
        "end_card_seconds": 30,
    }
    values.update(extra)
    return CatalogSettings(**values)


@dataclass
class World:
    """An app with its client, the fakes at its ports, and a token per role."""

    client: TestClient
    queue: FakeEncodeQueue
    tokens: dict[str, str] = field(default_factory=dict)
    user_ids: dict[str, int] = field(default_factory=dict)

    def h(self, role: str | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"} if role else {}

    def session(self) -> Any:
        return self.client.app.state.sessionmaker()  # type: ignore[attr-defined]

    def ok(
        self,
        method: str,
        url: str,
        role: str | None = "admin",
        status: int | None = None,
        **kw: Any,
    ) -> Any:
        r = self.client.request(
            method, url, headers={**self.h(role), **kw.pop("headers", {})}, **kw
        )
        expected = status or 200
        assert r.status_code == expected, (r.status_code, r.text)
        return (
            r.json()
            if r.content and r.headers.get("content-type", "").startswith("application/json")
            else r
        )

    def course(
        self, code: str = "INF-101", owner: str = "staff", modules: int = 3
    ) -> dict[str, Any]:
        c = self.ok(
            "POST",
            "/api/courses",
            owner,
            201,
            json={
                "code": code,
                "title": {"kk": "Информатика", "ru": "Информатика", "en": "Computing"},
                "language": "kk",
                "level": "bachelor-1",
            },
        )
        for i in range(1, modules + 1):
            self.ok(
                "POST",
                f"/api/courses/{c['id']}/modules",
                owner,
                201,
                json={
                    "syllabus_code": f"M{i}",
                    "title": {"kk": f"Модуль {i}", "ru": f"Модуль {i}", "en": f"Module {i}"},
                    "summary": {"kk": "Қысқаша", "ru": "Кратко", "en": "Summary"},
                },
            )
        c["modules"] = self.ok("GET", f"/api/courses/{c['id']}/modules", None)
        return c

    def channel(self, number: int = 1, profile: str = "t2-hd", **extra: Any) -> dict[str, Any]:
        body = {
            "name": f"Sabaq {number}",
            "number": number,
            "service_id": 100 + number,
            "xmltv_id": f"sabaq{number}.kz",
            "profile": profile,
            "language": "kk",
            **extra,
        }
        return self.ok("POST", "/api/channels", "engineer", 201, json=body)  # type: ignore[no-any-return]

    def slot(
        self, channel: dict[str, Any], module: dict[str, Any], start: datetime, minutes: int = 30
    ) -> dict[str, Any]:
        """A lecture slot planned by the engineer through the API (201). The lock window forbids
        the near future there: plan days ahead, then `move_slot` to put it on air or in the past."""
        body = slot_body(channel, module, start, minutes)
        return self.ok("POST", "/api/schedule/slots", "engineer", 201, json=body)  # type: ignore[no-any-return]

    def move_slot(self, slot_id: int, start: datetime, end: datetime) -> None:
        """Move a slot straight in the database: the way to put one on air or in the past, which
        the lock window rightly forbids through the API."""
        with self.session() as s:
            s.execute(
                update(ScheduleSlot).where(ScheduleSlot.id == slot_id).values(start=start, end=end)
            )
            s.commit()

    def ready(self, lecture_id: int, profile: str = "t2-hd", seconds: int = 25 * 60) -> None:
        index = json.dumps({"duration_90k": seconds * 90000, "random_access_points": []})
        self.ok(
            "PUT",
            f"/api/lectures/{lecture_id}/renditions/{profile}",
            "engineer",
            200,
            json={
                "status": "ready",
                "ts_path": f"/media/{lecture_id}-{profile}.ts",
                "index": json.loads(index),
            },
        )


_HASHES: dict[str, str] = {}


def password_hash(name: str) -> str:
    """argon2 is slow on purpose; hash each test password once per session."""
    if name not in _HASHES:
        _HASHES[name] = hash_password(f"{name}-password")
    return _HASHES[name]


def seed_users(app: Any) -> tuple[dict[str, str], dict[str, int]]:
    tokens, ids = {}, {}
    with app.state.sessionmaker() as session:
        for name in (*ROLES, "staff2"):
            user = User(
                username=name,
                display_name=name,
                password_hash=password_hash(name),
                role=Role(name.rstrip("2")),
            )
            session.add(user)
            session.flush()
            tokens[name], _ = users.issue_token(session, user)
            ids[name] = user.id
        session.commit()
    return tokens, ids


@pytest.fixture
def world(settings: CatalogSettings) -> Iterator[World]:
    queue = FakeEncodeQueue()
    app = create_app(settings, encode_queue=queue, prober=MagicProber())
    tokens, ids = seed_users(app)
    with TestClient(app) as client:
        yield World(client=client, queue=queue, tokens=tokens, user_ids=ids)
    app.state.engine.dispose()


@dataclass
class Live:
    """A real uvicorn server on 127.0.0.1 serving the catalogue for the test session."""

    base_url: str
    app: Any
    tokens: dict[str, str]
    user_ids: dict[str, int]
    queue: FakeEncodeQueue


@contextlib.contextmanager
def serve_live(root: Path) -> Iterator[Live]:
    """A fresh migrated SQLite catalogue served by uvicorn on 127.0.0.1 until the block ends."""
    import threading
    import time

    import uvicorn

    from tests.catalog.pgcluster import free_port
    from tests.catalog.pyav_prober import PyAVProber

    url = f"sqlite:///{root / 'catalog.sqlite3'}"
    upgrade(url)
    queue = FakeEncodeQueue()
    port = free_port()
    settings = make_settings(
        url, root, public_base_url=f"http://127.0.0.1:{port}", upload_max_bytes=50_000_000
    )
    app = create_app(settings, encode_queue=queue, prober=PyAVProber())
    tokens, ids = seed_users(app)
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="off",
        timeout_graceful_shutdown=1,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield Live(
            base_url=f"http://127.0.0.1:{port}", app=app, tokens=tokens, user_ids=ids, queue=queue
        )
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        app.state.engine.dispose()


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with serve_live(tmp_path_factory.mktemp("live")) as server:
        yield server

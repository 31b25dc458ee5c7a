"""Progress reads a whole course in a fixed number of queries, whatever its module count, and
agrees with the per-module lookups it replaces."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import event

from catalog.services import asrun, progress, schedule
from tests.catalog.conftest import World


@contextmanager
def counted(engine: Any) -> Iterator[list[str]]:
    """The SQL statements run on the engine inside the block."""
    seen: list[str] = []

    def note(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def _course_with_airings(world: World, code: str, modules: int, channel: dict) -> dict:
    c = world.course(code=code, modules=modules)
    start = datetime.now(UTC) + timedelta(days=3)
    for i, m in enumerate(c["modules"]):
        world.ready(m["lecture"]["id"])
        world.slot(channel, m, start + timedelta(hours=i + 10 * len(code)))
    return c


def _facts_queries(world: World, course_id: int) -> tuple[progress.CourseFacts, int]:
    engine = world.client.app.state.engine  # type: ignore[attr-defined]
    with world.session() as s, counted(engine) as seen:
        facts = progress.course_facts(s, course_id, datetime.now(UTC))
        return facts, len(seen)


def test_course_facts_cost_does_not_grow_with_modules(world: World) -> None:
    ch = world.channel()
    small = _course_with_airings(world, "SMALL-1", 1, ch)
    big = _course_with_airings(world, "BIG-1", 5, ch)
    _, few = _facts_queries(world, small["id"])
    facts, many = _facts_queries(world, big["id"])
    assert many == few
    ids = [m["id"] for m in big["modules"]]
    assert set(facts.tests) == set(ids)
    with world.session() as s:
        now = datetime.now(UTC)
        assert facts.aired == {m: asrun.module_outcome(s, m) for m in ids}
        single = {m: schedule.next_airing(s, m, now) for m in ids}
        assert {m: x.id for m, x in facts.next_airing.items() if x} == {
            m: x.id for m, x in single.items() if x
        }
        assert all(facts.next_airing[m] is not None for m in ids)

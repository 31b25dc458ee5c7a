"""The learner's digital footprint: append-only statements shaped like xAPI 1.0.3.

Every statement has a pseudonymous actor (an account on the institution's base URL whose name is
a random per-learner id, never a name or e-mail), a verb IRI with a kk/ru/en display, an
activity object, an optional result, a context with the platform (``TV`` / ``web`` / ``LMS``)
and the enrolment's registration UUID, a timestamp of when it happened, and a deterministic id
(UUIDv5 of the event's source key), so recording or forwarding the same event twice is a no-op.

Verbs (ADL vocabulary unless noted): attended (a code entered from TV), attempted, completed,
passed, failed, waived (cmi5's ``https://w3id.org/xapi/adl/verbs/waived``), and the system's
``<base>/xapi/verbs/aired`` for a module that aired in full (actor: the playout).
"""

from __future__ import annotations

import json
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from catalog.models import AsRun, Channel, Module, Occurrence, ScheduleSlot, User
from catalog.models.assessment import Enrolment, LearnerId, Statement
from catalog.models.base import utcnow
from catalog.models.enums import Outcome, SlotKind

ADL = "http://adlnet.gov/expapi/verbs/"
VERBS: dict[str, tuple[str, dict[str, str]]] = {
    "attended": (ADL + "attended", {"kk": "қатысты", "ru": "посетил", "en": "attended"}),
    "attempted": (ADL + "attempted", {"kk": "бастады", "ru": "начал", "en": "attempted"}),
    "completed": (ADL + "completed", {"kk": "аяқтады", "ru": "завершил", "en": "completed"}),
    "passed": (ADL + "passed", {"kk": "өтті", "ru": "сдал", "en": "passed"}),
    "failed": (ADL + "failed", {"kk": "өтпеді", "ru": "не сдал", "en": "failed"}),
    "waived": (
        "https://w3id.org/xapi/adl/verbs/waived",
        {"kk": "босатылды", "ru": "освобождён", "en": "waived"},
    ),
    "aired": ("", {"kk": "эфирге шықты", "ru": "вышел в эфир", "en": "aired"}),
}
ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"
LESSON = "http://adlnet.gov/expapi/activities/lesson"
COURSE = "http://adlnet.gov/expapi/activities/course"


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """What happened, before it becomes a statement."""

    key: str
    verb: str
    user: User | None
    module: Module
    timestamp: datetime
    platform: str
    result: dict[str, Any] | None = None
    extensions: dict[str, Any] | None = None
    assessment: bool = True


def pseudonym(session: Session, user_id: int) -> str:
    """The learner's stable opaque actor name (created on first use, race-safe)."""
    row = session.get(LearnerId, user_id)
    if row is None:
        _insert_ignoring_duplicates(
            session, LearnerId, {"user_id": user_id, "pseudonym": secrets.token_hex(16)}, "user_id"
        )
        row = session.get(LearnerId, user_id)
        assert row is not None
    return row.pseudonym


def _insert_ignoring_duplicates(
    session: Session, model: type[LearnerId] | type[Statement], values: dict[str, Any], key: str
) -> None:
    """INSERT ... ON CONFLICT (key) DO NOTHING on PostgreSQL and SQLite alike."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(insert(model).values(**values).on_conflict_do_nothing(index_elements=[key]))


def statement_id(base_url: str, key: str) -> str:
    """UUIDv5 of the event key in the institution's namespace: the same event, the same id."""
    return str(uuid.uuid5(uuid.uuid5(uuid.NAMESPACE_URL, base_url), key))


def _activity(base: str, kind: str, obj_id: int, names: dict[str, str], kind_iri: str) -> dict:  # type: ignore[type-arg]
    return {
        "objectType": "Activity",
        "id": f"{base}/xapi/activities/{kind}/{obj_id}",
        "definition": {"name": names, "type": kind_iri},
    }


def _names(row: Any) -> dict[str, str]:
    return {lang: getattr(row, f"title_{lang}") for lang in ("kk", "ru", "en")}


def _registration(session: Session, user_id: int | None, course_id: int) -> str | None:
    if user_id is None:
        return None
    return session.scalar(
        select(Enrolment.registration).where(
            Enrolment.user_id == user_id, Enrolment.course_id == course_id
        )
    )


def build(session: Session, base_url: str, e: Event) -> dict[str, Any]:
    """The xAPI statement for `e` (pure JSON)."""
    base = base_url.rstrip("/")
    module, course = e.module, e.module.course
    name = pseudonym(session, e.user.id) if e.user else "playout"
    verb_iri, display = VERBS[e.verb]
    module_activity = _activity(base, "module", module.id, _names(module), LESSON)
    test_activity = _activity(base, "test", module.id, _names(module), ASSESSMENT)
    context: dict[str, Any] = {
        "platform": e.platform,
        "language": course.language.value,
        "contextActivities": {
            "parent": [module_activity],
            "grouping": [_activity(base, "course", course.id, _names(course), COURSE)],
        },
    }
    registration = _registration(session, e.user.id if e.user else None, course.id)
    if registration:
        context["registration"] = registration
    if e.extensions:
        context["extensions"] = {f"{base}/xapi/extensions/{k}": v for k, v in e.extensions.items()}
    statement: dict[str, Any] = {
        "id": statement_id(base, e.key),
        "actor": {"objectType": "Agent", "account": {"homePage": base, "name": name}},
        "verb": {"id": verb_iri or f"{base}/xapi/verbs/{e.verb}", "display": display},
        "object": test_activity if e.assessment else module_activity,
        "context": context,
        "timestamp": e.timestamp.isoformat(timespec="milliseconds"),
        "version": "1.0.3",
    }
    if e.result is not None:
        statement["result"] = e.result
    return statement


def record(session: Session, base_url: str, e: Event) -> Statement:
    """Append the event's statement unless the same event is already stored (idempotent, also
    under a race: two requests for the same event insert one row, `ON CONFLICT DO NOTHING`)."""
    sid = statement_id(base_url.rstrip("/"), e.key)
    earlier = session.scalar(select(Statement).where(Statement.statement_id == sid))
    if earlier is not None:
        return earlier
    body = build(session, base_url, e)
    values = {
        "statement_id": sid,
        "user_id": e.user.id if e.user else None,
        "course_id": e.module.course_id,
        "module_id": e.module.id,
        "verb": e.verb,
        "timestamp": e.timestamp,
        "stored": utcnow(),
        "body": json.dumps(body, ensure_ascii=False, sort_keys=True),
    }
    _insert_ignoring_duplicates(session, Statement, values, "statement_id")
    row = session.scalar(select(Statement).where(Statement.statement_id == sid))
    assert row is not None
    return row


def result(scaled: float, raw: float, maximum: float, passed: bool | None) -> dict[str, Any]:
    """xAPI result with score; `success` only once graded."""
    out: dict[str, Any] = {
        "score": {"scaled": round(scaled, 4), "raw": raw, "min": 0, "max": maximum},
        "completion": True,
    }
    if passed is not None:
        out["success"] = passed
    return out


def note_airings(session: Session, base_url: str, course_id: int | None = None) -> int:
    """Append an `aired` statement for every lecture slot the as-run says aired in full
    (idempotent: one per occurrence). Returns how many were new."""
    query = (
        select(Occurrence, ScheduleSlot)
        .join(ScheduleSlot, ScheduleSlot.id == Occurrence.slot_id)
        .where(Occurrence.outcome == Outcome.FULL, ScheduleSlot.kind == SlotKind.LECTURE)
    )
    if course_id is not None:
        query = query.join(Module, Module.id == ScheduleSlot.module_id).where(
            Module.course_id == course_id
        )
    new = 0
    for occurrence, slot in session.execute(query).all():
        key = f"aired:occurrence:{occurrence.id}"
        if session.scalar(
            select(Statement.id).where(
                Statement.statement_id == statement_id(base_url.rstrip("/"), key)
            )
        ):
            continue
        record(session, base_url, _aired_event(session, key, occurrence, slot))
        new += 1
    return new


def _aired_event(session: Session, key: str, occurrence: Occurrence, slot: ScheduleSlot) -> Event:
    asrun = session.get(AsRun, occurrence.asrun_id) if occurrence.asrun_id else None
    channel = session.get(Channel, slot.channel_id)
    return Event(
        key=key,
        verb="aired",
        user=None,
        module=slot.module,
        timestamp=asrun.actual_start if asrun else slot.start,
        platform=f"TV: {channel.name}" if channel else "TV",
        result={"completion": True, "duration": f"PT{occurrence.aired_ms / 1000:.3f}S"},
        extensions={"slot": slot.id, "channel": slot.channel_id, "occurrence": occurrence.id},
        assessment=False,
    )


def statements_for(
    session: Session, *, user_id: int | None = None, course_id: int | None = None
) -> list[dict[str, Any]]:
    """Stored statements in the order they were stored, filtered by learner and/or course."""
    query = select(Statement).order_by(Statement.id)
    if user_id is not None:
        query = query.where(Statement.user_id == user_id)
    if course_id is not None:
        query = query.where(Statement.course_id == course_id)
    return [_with_stored(s) for s in session.scalars(query)]


def _with_stored(row: Statement) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(row.body)
    body["stored"] = row.stored.isoformat(timespec="milliseconds")
    return body

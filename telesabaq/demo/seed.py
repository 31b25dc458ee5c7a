"""Put the demo into the catalogue, idempotently: what exists is found and kept, not duplicated.

Everything goes through the catalogue's own services (the same rules as the API: staff own
their courses, questions are checked, recordings are probed by content and hashed), so the demo
is data a user could have entered. A second run finds every row by its natural key (username,
network id, channel number, course code, module position) and only fills in what is missing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.models import Channel, Course, Lecture, Module, Network, TransportStream, User
from catalog.models.enums import Role
from catalog.ports import EncodeQueue, Prober
from catalog.schemas.broadcast import ChannelIn, ChannelPatch, NetworkIn, TransportStreamIn
from catalog.schemas.courses import CourseIn, ModuleIn
from catalog.schemas.uploads import UploadIn
from catalog.services import assessment, channels, courses, enrolment, gift, uploads, users
from telesabaq.demo.content import CHANNELS, COURSES, USERS, DemoChannel, DemoCourse, DemoUser
from telesabaq.demo.lectures import make_lecture

__all__ = ["DemoProfiles", "seed_catalogue", "seed_recordings"]

logger = logging.getLogger(__name__)

Step = Callable[[str], None]


@dataclass(frozen=True, slots=True, kw_only=True)
class DemoProfiles:
    """The channel profiles the demo's two channels air (tests use the tiny ones)."""

    t2: str = "dvb-t2-hd"
    s2: str = "dvb-s2-hd"

    def for_key(self, key: str) -> str:
        return self.t2 if key == "t2" else self.s2


def _user(session: Session, spec: DemoUser) -> User:
    found = session.scalar(select(User).where(User.username == spec.username))
    if found is not None:
        return found
    return users.create_user(
        session,
        username=spec.username,
        password=spec.password,
        role=Role(spec.role),
        display_name=spec.display_name,
    )


def _channel(session: Session, actor: User, spec: DemoChannel, profile: str) -> Channel:
    network = session.scalar(select(Network).where(Network.network_id == spec.network_id))
    if network is None:
        network = channels.create_network(
            session,
            actor,
            NetworkIn(
                name=spec.network_name,
                network_id=spec.network_id,
                original_network_id=spec.network_id,
                delivery=spec.delivery,  # type: ignore[arg-type]
            ),
        )
    ts = session.scalar(
        select(TransportStream).where(
            TransportStream.network_id == network.id,
            TransportStream.transport_stream_id == spec.transport_stream_id,
        )
    )
    if ts is None:
        ts = channels.create_transport_stream(
            session,
            actor,
            TransportStreamIn(
                network_id=network.id, transport_stream_id=spec.transport_stream_id, name=spec.name
            ),
        )
    channel = session.scalar(select(Channel).where(Channel.number == spec.number))
    if channel is None:
        return channels.create_channel(
            session,
            actor,
            ChannelIn(
                name=spec.name,
                number=spec.number,
                service_id=spec.service_id,
                xmltv_id=spec.xmltv_id,
                profile=profile,
                language=spec.language,  # type: ignore[arg-type]
                transport_stream_id=ts.id,
            ),
        )
    if channel.profile != profile:
        channels.update_channel(session, actor, channel.id, ChannelPatch(profile=profile))
    return channel


def _course(session: Session, staff: User, spec: DemoCourse) -> Course:
    course = session.scalar(select(Course).where(Course.code == spec.code))
    if course is None:
        course = courses.create_course(
            session,
            staff,
            CourseIn(
                code=spec.code,
                title=spec.title,  # type: ignore[arg-type]
                language=spec.language,  # type: ignore[arg-type]
                level=spec.level,
            ),
        )
    for position, module_spec in enumerate(spec.modules, start=1):
        module = session.scalar(
            select(Module).where(Module.course_id == course.id, Module.position == position)
        )
        if module is None:
            module = courses.create_module(
                session,
                staff,
                course.id,
                ModuleIn(
                    position=position,
                    syllabus_code=module_spec.syllabus_code,
                    title=module_spec.title,  # type: ignore[arg-type]
                    summary=module_spec.summary,  # type: ignore[arg-type]
                ),
            )
        test = assessment.test_for_module(session, module.id)
        if not assessment.questions(session, test.id):
            assessment.add_questions(session, staff, module.id, gift.parse(module_spec.gift))
    return course


def _enrol(session: Session, staff: User, course: Course) -> None:
    lines = ["student_number,username,display_name,password"]
    lines += [
        f"{u.student_number},{u.username},{u.display_name},{u.password}"
        for u in USERS
        if u.role == "student"
    ]
    listed = {u.username for _, u in enrolment.enrolments(session, course.id)}
    if all(u.username in listed for u in USERS if u.role == "student"):
        return
    enrolment.import_csv(session, staff, course.id, "\n".join(lines).encode())


def seed_catalogue(session: Session, profiles: DemoProfiles, step: Step) -> dict[str, User]:
    """Users, networks, channels, courses, modules, tests and enrolments (no recordings)."""
    step("users")
    people = {spec.username: _user(session, spec) for spec in USERS}
    staff, engineer = people["staff"], people["engineer"]
    step("channels (DVB ids from the private/temporary-use ranges)")
    for channel in CHANNELS:
        _channel(session, engineer, channel, profiles.for_key(channel.profile_key))
    for course in COURSES:
        step(f"course {course.code}")
        _enrol(session, staff, _course(session, staff, course))
    session.flush()
    return people


def seed_recordings(
    session: Session,
    staff: User,
    media_dir: Path,
    prober: Prober,
    queue: EncodeQueue,
    step: Step,
) -> int:
    """Generate and upload each module's lecture that has no recording yet; returns how many."""
    made = 0
    for spec in COURSES:
        course = session.scalar(select(Course).where(Course.code == spec.code))
        assert course is not None
        for position, module_spec in enumerate(spec.modules, start=1):
            lecture = session.scalar(
                select(Lecture)
                .join(Module, Module.id == Lecture.module_id)
                .where(Module.course_id == course.id, Module.position == position)
            )
            assert lecture is not None
            if lecture.recording_path is not None:
                continue
            step(f"lecture {spec.code} {position}: generating")
            source = make_lecture(
                spec,
                module_spec,
                position,
                media_dir / "demo-sources" / f"{spec.code}-{position}.mkv",
            )
            upload_recording(session, staff, media_dir, prober, queue, lecture.id, source)
            made += 1
    return made


def upload_recording(
    session: Session,
    staff: User,
    media_dir: Path,
    prober: Prober,
    queue: EncodeQueue,
    lecture_id: int,
    source: Path,
) -> None:
    """What the upload API does with a one-chunk upload: receive, probe, hash, install."""
    data = source.read_bytes()
    upload = uploads.create_upload(
        session,
        staff,
        media_dir,
        len(data) + 1,
        UploadIn(lecture_id=lecture_id, filename=source.name, size=len(data)),
    )
    uploads.part_path(media_dir, upload.id).write_bytes(data)
    upload.offset = len(data)
    done = uploads.complete(session, staff, media_dir, prober, queue, upload)
    if done.problem:
        raise RuntimeError(f"demo recording {source} was refused: {done.problem}")
    session.commit()

"""Resumable uploads of lecture recordings (a chunked API with offsets, tus-like).

The client creates an upload with the total size (and, optionally, the SHA-256 so a duplicate is
caught before a byte moves), then sends the bytes in as many PATCH requests as its link allows,
each starting at the offset the server confirmed. Bytes go straight to a part file on disk; only
the confirmed offset is trusted, so a request cut off mid-way is simply resent from there.

When the last byte arrives the file is probed by content (never by name), hashed, checked for
duplicates and becomes the lecture's recording; the encodes the plan needs are started.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.errors import Conflict, NotFound, TooLarge
from catalog.models import Lecture, Upload, User
from catalog.models.enums import LectureStatus, UploadStatus
from catalog.ports import EncodeQueue, MediaProbe, Prober
from catalog.schemas.uploads import UploadIn
from catalog.services import audit
from catalog.services.permissions import ensure_course_editor
from catalog.services.renditions import start_missing_encodes

log = logging.getLogger(__name__)

HASH_BLOCK = 1 << 20


@dataclass(frozen=True, slots=True, kw_only=True)
class Completion:
    """How the last chunk ended: `problem` set means the upload failed (reason inside)."""

    upload: Upload
    problem: str = ""
    status: int = 200


def part_path(media_dir: Path, upload_id: int) -> Path:
    return media_dir / "uploads" / f"{upload_id}.part"


def get_upload(session: Session, actor: User, upload_id: int) -> Upload:
    """The upload, visible to its owner and to admins."""
    upload = session.get(Upload, upload_id)
    if upload is None:
        raise NotFound(f"upload {upload_id} does not exist")
    lecture = session.get(Lecture, upload.lecture_id)
    assert lecture is not None
    ensure_course_editor(actor, lecture.module.course)
    return upload


def _duplicate_of(session: Session, sha256: str, lecture_id: int | None = None) -> Lecture | None:
    query = select(Lecture).where(Lecture.recording_sha256 == sha256)
    return session.scalars(query.limit(1)).first()


def create_upload(
    session: Session, actor: User, media_dir: Path, max_bytes: int, data: UploadIn
) -> Upload:
    """Open an upload; refuse too large (413) and already-known content (409) at once."""
    lecture = session.get(Lecture, data.lecture_id)
    if lecture is None:
        raise NotFound(f"lecture {data.lecture_id} does not exist")
    ensure_course_editor(actor, lecture.module.course)
    if data.size > max_bytes:
        raise TooLarge(f"{data.size} bytes is over the limit of {max_bytes} bytes")
    if data.sha256 and (dup := _duplicate_of(session, data.sha256)) is not None:
        raise Conflict(f"this recording is already uploaded (lecture {dup.id})")
    upload = Upload(
        lecture_id=lecture.id, owner_id=actor.id, filename=data.filename, size=data.size
    )
    session.add(upload)
    session.flush()
    path = part_path(media_dir, upload.id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"")
    audit.record(
        session, actor, "create", "upload", upload.id, lecture_id=lecture.id, size=data.size
    )
    return upload


def check_offset(upload: Upload, offset: int, length: int | None) -> None:
    """The chunk must start at the confirmed offset and fit in the declared size."""
    if upload.status is not UploadStatus.RECEIVING:
        raise Conflict(f"upload {upload.id} is {upload.status.value}")
    if offset != upload.offset:
        raise Conflict(f"offset {offset} does not match the confirmed offset {upload.offset}")
    if length is not None and offset + length > upload.size:
        raise TooLarge(f"chunk ends at {offset + length}, beyond the declared size {upload.size}")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def complete(
    session: Session,
    actor: User,
    media_dir: Path,
    prober: Prober | None,
    queue: EncodeQueue,
    upload: Upload,
) -> Completion:
    """Probe, hash, de-duplicate and install the recording; failures are recorded on the upload."""
    path = part_path(media_dir, upload.id)
    found = (
        prober.probe(path)
        if prober is not None
        else MediaProbe(ok=False, reason="no media prober is configured")
    )
    if not found.ok:
        return _fail(session, upload, path, f"not a playable recording: {found.reason}", 415)
    upload.sha256 = sha256_of(path)
    dup = _duplicate_of(session, upload.sha256)
    if dup is not None:
        return _fail(session, upload, path, f"duplicate of the recording of lecture {dup.id}", 409)
    lecture = session.get(Lecture, upload.lecture_id)
    assert lecture is not None
    _install(session, lecture, upload, path, media_dir, found)
    upload.status = UploadStatus.COMPLETE
    upload.media_summary = json.dumps(
        {
            "container": found.container,
            "duration_ms": found.duration_ms,
            "video": found.has_video,
            "audio": found.has_audio,
        }
    )
    session.flush()
    start_missing_encodes(session, queue, lecture.module.course_id)
    audit.record(
        session,
        actor,
        "replace_recording" if lecture.version > 1 else "upload",
        "lecture",
        lecture.id,
        upload_id=upload.id,
        sha256=upload.sha256,
    )
    return Completion(upload=upload)


def _install(
    session: Session,
    lecture: Lecture,
    upload: Upload,
    path: Path,
    media_dir: Path,
    found: MediaProbe,
) -> None:
    """The new file becomes the lecture's recording; old renditions go (they show the old one)."""
    lecture.version += 1
    target = media_dir / "recordings" / f"lecture-{lecture.id}-v{lecture.version}.media"
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(path, target)
    lecture.recording_path = str(target)
    lecture.recording_sha256 = upload.sha256
    lecture.duration_ms = found.duration_ms
    lecture.status = LectureStatus.READY
    for rendition in list(lecture.renditions):
        session.delete(rendition)
    session.flush()
    session.refresh(lecture)


def _fail(session: Session, upload: Upload, path: Path, reason: str, status: int) -> Completion:
    upload.status = UploadStatus.FAILED
    upload.error = reason
    path.unlink(missing_ok=True)
    session.flush()
    log.info("upload %s failed: %s", upload.id, reason)
    return Completion(upload=upload, problem=reason, status=status)


def list_uploads(session: Session, lecture_id: int) -> list[Upload]:
    return list(
        session.scalars(
            select(Upload).where(Upload.lecture_id == lecture_id).order_by(Upload.id.desc())
        )
    )

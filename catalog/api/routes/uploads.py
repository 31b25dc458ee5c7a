"""Resumable uploads: POST to open, PATCH bytes at `Upload-Offset`, HEAD/GET to resume."""

from __future__ import annotations

import asyncio
import os
from typing import Annotated

from fastapi import APIRouter, Header, Request, Response, status
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from catalog.api.deps import Id, QueueDep, SessionDep, SettingsDep, Staff
from catalog.errors import Conflict, TooLarge, UnsupportedMedia
from catalog.models import Upload
from catalog.schemas.common import ErrorBody
from catalog.schemas.uploads import UploadIn, UploadOut
from catalog.services import uploads

router = APIRouter(prefix="/uploads", tags=["uploads"])

CHUNK_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/offset+octet-stream": {"schema": {"type": "string", "format": "binary"}}
        },
    }
}


def _out(upload: Upload) -> UploadOut:
    return UploadOut.model_validate(upload, from_attributes=True)


@router.post(
    "",
    response_model=UploadOut,
    status_code=status.HTTP_201_CREATED,
    responses={413: {"model": ErrorBody, "description": "Over the size limit"}},
)
def create_upload(
    data: UploadIn, session: SessionDep, settings: SettingsDep, actor: Staff, response: Response
) -> UploadOut:
    """Open an upload for a lecture (a new one replaces its recording once complete)."""
    upload = uploads.create_upload(
        session, actor, settings.media_dir, settings.upload_max_bytes, data
    )
    response.headers["Location"] = f"/api/uploads/{upload.id}"
    response.headers["Upload-Offset"] = "0"
    return _out(upload)


@router.get("/{upload_id}", response_model=UploadOut)
def get_upload(upload_id: Id, session: SessionDep, actor: Staff, response: Response) -> UploadOut:
    """Progress, validation result or error; `offset` is where to resume."""
    upload = uploads.get_upload(session, actor, upload_id)
    response.headers["Upload-Offset"] = str(upload.offset)
    return _out(upload)


@router.patch(
    "/{upload_id}",
    response_model=UploadOut,
    openapi_extra=CHUNK_BODY,
    responses={
        413: {"model": ErrorBody, "description": "Beyond the declared size"},
        415: {"model": ErrorBody, "description": "Not media (the reason is in the message)"},
    },
)
async def append_chunk(
    upload_id: Id,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    queue: QueueDep,
    actor: Staff,
    upload_offset: Annotated[int, Header(ge=0, description="Where this chunk starts.")],
    response: Response,
) -> UploadOut:
    """Append bytes at the confirmed offset; the last chunk triggers validation."""
    locks: dict[int, asyncio.Lock] = request.app.state.upload_locks
    async with locks.setdefault(upload_id, asyncio.Lock()):
        upload = uploads.get_upload(session, actor, upload_id)
        length = request.headers.get("content-length")
        uploads.check_offset(
            upload, upload_offset, int(length) if length and length.isdigit() else None
        )
        path = uploads.part_path(settings.media_dir, upload.id)
        upload.offset, cut_off = await _receive(request, path, upload_offset, upload.size)
        session.flush()
        response.headers["Upload-Offset"] = str(upload.offset)
        if cut_off:
            session.commit()  # keep what arrived: the client resumes from here
        if cut_off or upload.offset < upload.size:
            return _out(upload)
        done = await run_in_threadpool(
            uploads.complete,
            session,
            actor,
            settings.media_dir,
            request.app.state.prober,
            queue,
            upload,
        )
    if done.problem:
        session.commit()  # keep the failure visible to staff, then answer with the error
        raise (UnsupportedMedia if done.status == 415 else Conflict)(done.problem)
    return _out(done.upload)


async def _receive(
    request: Request, path: os.PathLike[str], offset: int, size: int
) -> tuple[int, bool]:
    """Stream the body to the part file at `offset`; return (confirmed offset, cut off?).

    Bytes past the confirmed offset (from a request that died before confirming) are truncated
    first. When the client disconnects mid-body, what arrived is fsync'd and confirmed, so a
    flaky link loses at most the bytes in flight. A body running past the declared size is
    refused and nothing of it is kept.
    """
    written, cut_off = offset, False
    with open(path, "r+b") as f:
        f.truncate(offset)
        f.seek(offset)
        try:
            async for chunk in request.stream():
                if written + len(chunk) > size:
                    f.truncate(offset)
                    raise TooLarge(f"body runs past the declared size {size}")
                f.write(chunk)
                written += len(chunk)
        except ClientDisconnect:
            cut_off = True
        f.flush()
        os.fsync(f.fileno())
    return written, cut_off

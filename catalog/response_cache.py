"""A short-lived in-process cache for anonymous public GETs (now/next, week grids, course pages,
feeds), so the hot read paths survive a crowd without touching the database.

Only responses that are the same for every anonymous caller are kept: requests without an
Authorization header or session cookie, answers with status 200 and no Set-Cookie. The key is
method, path, query and the inputs of language choice (the `lang` cookie, Accept-Language).
Entries live `ttl` seconds; when one expires, the first caller refreshes it while the others
are still served the expiring copy (no stampede of identical renders). Any successful mutating
request handled by this process clears the cache, so within one worker a change shows at once
and across workers within `ttl` (plus one render).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

PUBLIC_PREFIXES = (
    "/api/channels/",
    "/api/schedule/week",
    "/api/courses",
    "/courses/",
    "/feeds/",
    "/t/",
)
SAFE = frozenset({"GET", "HEAD"})


class ResponseCache:
    """Pure ASGI middleware (no per-request task switching, unlike BaseHTTPMiddleware)."""

    def __init__(
        self, app: ASGIApp, *, ttl: float = 2.0, max_entries: int = 2048, session_cookie: str = ""
    ) -> None:
        self.app = app
        self.ttl = ttl
        self.max_entries = max_entries
        self.session_cookie = session_cookie.encode()
        self.entries: OrderedDict[tuple[bytes, ...], tuple[float, list[Message]]] = OrderedDict()
        self.refreshing: set[tuple[bytes, ...]] = set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] not in SAFE:
            await self.app(scope, receive, self._clearing(send))
            return
        key = self._key(scope)
        if key is None:
            await self.app(scope, receive, send)
            return
        hit = self.entries.get(key)
        fresh = hit is not None and time.monotonic() - hit[0] < self.ttl
        if hit is not None and (fresh or key in self.refreshing):
            for message in hit[1]:  # fresh, or stale while one request refreshes it
                await send(message)
            return
        self.refreshing.add(key)
        try:
            await self.app(scope, receive, self._recording(key, send))
        finally:
            self.refreshing.discard(key)

    def _key(self, scope: Scope) -> tuple[bytes, ...] | None:
        path: str = scope["path"]
        if path != "/" and not path.startswith(PUBLIC_PREFIXES):
            return None
        headers = dict(scope["headers"])
        cookie = headers.get(b"cookie", b"")
        if b"authorization" in headers or (
            self.session_cookie and self.session_cookie + b"=" in cookie
        ):
            return None
        lang = b"".join(
            part.strip() for part in cookie.split(b";") if part.strip().startswith(b"lang=")
        )
        return (
            scope["method"].encode(),
            path.encode(),
            scope.get("query_string", b""),
            lang,
            headers.get(b"accept-language", b""),
            headers.get(b"if-none-match", b""),
        )

    def _recording(self, key: tuple[bytes, ...], send: Send) -> Send:
        messages: list[Message] = []
        keep = True

        async def record(message: Message) -> None:
            nonlocal keep
            if message["type"] == "http.response.start":
                keep = message["status"] == 200 and not any(
                    name.lower() == b"set-cookie" for name, _ in message.get("headers", [])
                )
            if keep:
                messages.append(message)
                if message["type"] == "http.response.body" and not message.get("more_body", False):
                    self._store(key, messages)
            await send(message)

        return record

    def _store(self, key: tuple[bytes, ...], messages: list[Message]) -> None:
        self.entries[key] = (time.monotonic(), messages)
        self.entries.move_to_end(key)
        while len(self.entries) > self.max_entries:
            self.entries.popitem(last=False)

    def _clearing(self, send: Send) -> Send:
        async def clear_on_success(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] < 400:
                self.entries.clear()
            await send(message)

        return clear_on_success

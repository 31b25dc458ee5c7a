"""ResponseCache as plain ASGI: one render per expiry however many callers wait."""

from __future__ import annotations

import asyncio
from typing import Any

from catalog.response_cache import ResponseCache


def _scope(path: str = "/courses/1", **headers: bytes) -> dict[str, Any]:
    return {
        "type": "http",
        "method": "GET",
        "path": path,
        "query_string": b"",
        "headers": [(k.encode(), v) for k, v in headers.items()],
    }


class SlowApp:
    def __init__(self) -> None:
        self.renders = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.renders += 1
        n = self.renders
        await asyncio.sleep(0.05)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": f"render {n}".encode()})


async def _get(cache: ResponseCache, scope: dict[str, Any]) -> bytes:
    body = b""

    async def send(message: Any) -> None:
        nonlocal body
        body += message.get("body", b"")

    async def receive() -> Any:
        return {"type": "http.request"}

    await cache(scope, receive, send)
    return body


def test_expired_entry_is_refreshed_once_while_others_get_the_old_copy() -> None:
    async def run() -> list[bytes]:
        app = SlowApp()
        cache = ResponseCache(app, ttl=0.01)
        assert await _get(cache, _scope()) == b"render 1"
        await asyncio.sleep(0.02)  # expired
        bodies = await asyncio.gather(*(_get(cache, _scope()) for _ in range(10)))
        assert app.renders == 2
        return bodies

    bodies = asyncio.run(run())
    assert bodies.count(b"render 2") == 1
    assert bodies.count(b"render 1") == 9


def test_credentials_bypass_the_cache() -> None:
    async def run() -> int:
        app = SlowApp()
        cache = ResponseCache(app, ttl=60, session_cookie="telesabaq_session")
        for _ in range(3):
            await _get(cache, _scope(authorization=b"Bearer x"))
            await _get(cache, _scope(cookie=b"telesabaq_session=abc"))
        await _get(cache, _scope("/api/users"))
        await _get(cache, _scope("/api/users"))
        return app.renders

    assert asyncio.run(run()) == 8

"""Refuse NUL characters in request text, for every route, before any of it reaches a query.

PostgreSQL cannot store U+0000 in text ("A string literal cannot contain NUL characters"), so a
title, a search term or a path segment holding one used to fail deep in the driver as a 500;
SQLite would have stored it. No legitimate lecture title, answer or short code contains one, so
the app refuses it up front, the same on both databases: a 422 in the one error shape, whose
``loc`` names the place (``path``, ``query``/name, ``body``/field path).

It runs as an app-wide FastAPI dependency, so it sees the JSON body or the form that FastAPI has
already read (both are cached on the request) and runs before every other dependency, the bearer
token lookup included. Raw upload chunks and multipart files are bytes, not text: not looked at
here (the CSV imports refuse NUL in `catalog.services.csv_lines`).
The published OpenAPI schema states the rule too (`declare_no_nul`), so a client validating
against it, or a schema-driven test, knows what the server accepts.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError

__all__ = ["NO_NUL_PATTERN", "declare_no_nul", "nul_places", "refuse_nul_text"]

NUL = "\x00"
NO_NUL_PATTERN = "^[^\\u0000]*$"  # ECMA-262, Python re and Rust regex all read \u0000
Location = tuple[str | int, ...]


def nul_places(value: Any, where: Location) -> Iterator[Location]:
    """Every place in a decoded JSON value whose key or text holds a NUL character."""
    if isinstance(value, str):
        if NUL in value:
            yield where
    elif isinstance(value, dict):
        for key, item in value.items():
            if NUL in key:
                yield where
            yield from nul_places(item, (*where, key))
    elif isinstance(value, list):
        for number, item in enumerate(value):
            yield from nul_places(item, (*where, number))


async def refuse_nul_text(request: Request) -> None:
    """Raise a validation error naming each place where the request carries a NUL."""
    places = [*_path_and_query(request), *await _body(request)]
    if places:
        raise RequestValidationError(
            [
                {"loc": place, "msg": "text must not contain NUL (U+0000)", "type": "nul_char"}
                for place in places
            ]
        )


def _path_and_query(request: Request) -> Iterator[Location]:
    if NUL in request.url.path:
        yield ("path",)
    for name, value in request.query_params.multi_items():
        if NUL in name or NUL in value:
            yield ("query", name.replace(NUL, ""))


async def _body(request: Request) -> list[Location]:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/x-www-form-urlencoded":
        form = await request.form()  # parsed once and cached: the endpoint gets the same form
        return [
            ("body", name.replace(NUL, ""))
            for name, value in form.multi_items()
            if NUL in name or (isinstance(value, str) and NUL in value)
        ]
    if content_type != "application/json":
        return []
    raw = await request.body()
    if b"\x00" not in raw and b"\\u0000" not in raw:
        return []  # the common case costs a byte search
    try:
        return list(nul_places(json.loads(raw.decode("utf-8", errors="replace")), ("body",)))
    except ValueError:
        return []  # not JSON: FastAPI's own validation answers


def declare_no_nul(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the NUL rule to every text schema of an OpenAPI document, in place (and return it).

    A text schema is ``"type": "string"`` that is not a byte payload (``format: binary``) nor a
    closed set (``enum``/``const``); one with a pattern of its own gets the rule beside it in
    ``allOf``, since a schema has a single ``pattern``.
    """
    _declare(schema)
    return schema


def _declare(node: Any) -> None:
    if isinstance(node, list):
        for item in node:
            _declare(item)
        return
    if not isinstance(node, dict):
        return
    for value in node.values():
        _declare(value)
    if node.get("type") != "string" or node.get("format") == "binary":
        return
    if "enum" in node or "const" in node:
        return
    if "pattern" not in node:
        node["pattern"] = NO_NUL_PATTERN
    elif node["pattern"] != NO_NUL_PATTERN:
        rules = node.setdefault("allOf", [])
        if {"pattern": NO_NUL_PATTERN} not in rules:
            rules.append({"pattern": NO_NUL_PATTERN})

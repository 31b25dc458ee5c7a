"""Every endpoint x every role: the role gate answers 401/403 exactly where the table says.

The table is the specification; the test fails when a route is added without a row, so a new
mutating endpoint cannot slip in without deciding who may call it. Ids in the paths do not
exist: a caller who passes the gate gets 404/422, never 401/403.
"""

from __future__ import annotations

import re

import pytest

from tests.catalog.conftest import World

PUBLIC = "public"
SIGNED_IN = frozenset({"admin", "engineer", "staff", "student"})
ADMIN = frozenset({"admin"})
STAFF = frozenset({"admin", "staff"})
ENGINEER = frozenset({"admin", "engineer"})

MATRIX: dict[tuple[str, str], str | frozenset[str]] = {
    ("POST", "/api/auth/token"): PUBLIC,
    ("GET", "/api/auth/me"): SIGNED_IN,
    ("POST", "/api/users"): ADMIN,
    ("GET", "/api/users"): ADMIN,
    ("GET", "/api/audit"): ADMIN,
    ("GET", "/api/courses"): PUBLIC,
    ("POST", "/api/courses"): STAFF,
    ("GET", "/api/courses/{course_id}"): PUBLIC,
    ("PATCH", "/api/courses/{course_id}"): STAFF,
    ("DELETE", "/api/courses/{course_id}"): STAFF,
    ("GET", "/api/courses/{course_id}/modules"): PUBLIC,
    ("POST", "/api/courses/{course_id}/modules"): STAFF,
    ("GET", "/api/modules/{module_id}"): PUBLIC,
    ("PATCH", "/api/modules/{module_id}"): STAFF,
    ("DELETE", "/api/modules/{module_id}"): STAFF,
    ("GET", "/api/modules/{module_id}/next-airing"): PUBLIC,
    ("PUT", "/api/modules/{module_id}/followup"): STAFF,
    ("GET", "/api/lectures/{lecture_id}"): PUBLIC,
    ("GET", "/api/lectures/{lecture_id}/renditions/{profile}/index"): PUBLIC,
    ("PUT", "/api/lectures/{lecture_id}/renditions/{profile}"): ENGINEER,
    ("POST", "/api/uploads"): STAFF,
    ("GET", "/api/uploads/{upload_id}"): STAFF,
    ("PATCH", "/api/uploads/{upload_id}"): STAFF,
    ("GET", "/api/networks"): PUBLIC,
    ("POST", "/api/networks"): ENGINEER,
    ("PATCH", "/api/networks/{network_id}"): ENGINEER,
    ("GET", "/api/transport-streams"): PUBLIC,
    ("POST", "/api/transport-streams"): ENGINEER,
    ("PATCH", "/api/transport-streams/{ts_id}"): ENGINEER,
    ("GET", "/api/channels"): PUBLIC,
    ("POST", "/api/channels"): ENGINEER,
    ("GET", "/api/channels/{channel_id}"): PUBLIC,
    ("PATCH", "/api/channels/{channel_id}"): ENGINEER,
    ("POST", "/api/schedule/slots"): ENGINEER,
    ("GET", "/api/schedule/slots/{slot_id}"): PUBLIC,
    ("PATCH", "/api/schedule/slots/{slot_id}"): ENGINEER,
    ("POST", "/api/schedule/slots/{slot_id}/cancel"): ENGINEER,
    ("POST", "/api/schedule/plan"): ENGINEER,
    ("GET", "/api/schedule/week"): PUBLIC,
    ("POST", "/api/asrun"): ENGINEER,
    ("GET", "/api/asrun/plan-vs-asrun"): ENGINEER,
    ("GET", "/api/channels/{channel_id}/now-next"): PUBLIC,
    ("GET", "/feeds/xmltv.xml"): PUBLIC,
    ("GET", "/feeds/channels.m3u"): PUBLIC,
    ("GET", "/feeds/courses/{course_id}.ics"): PUBLIC,
    ("GET", "/feeds/channels/{channel_id}.ics"): PUBLIC,
    # assessment (issue 6): staff of the course author and import; any signed-in caller may try
    # to take a test or read their own progress (the services then refuse non-students and
    # non-owners); LRS forwarding is the admin's
    ("GET", "/api/modules/{module_id}/test"): STAFF,
    ("PATCH", "/api/modules/{module_id}/test"): STAFF,
    ("POST", "/api/modules/{module_id}/test/open"): STAFF,
    ("GET", "/api/modules/{module_id}/questions"): STAFF,
    ("POST", "/api/modules/{module_id}/questions"): STAFF,
    ("POST", "/api/modules/{module_id}/questions/import"): STAFF,
    ("DELETE", "/api/questions/{question_id}"): STAFF,
    ("POST", "/api/modules/{module_id}/results/import"): STAFF,
    ("POST", "/api/modules/{module_id}/attempts"): SIGNED_IN,
    ("GET", "/api/attempts/{attempt_id}"): SIGNED_IN,
    ("PUT", "/api/attempts/{attempt_id}/answers"): SIGNED_IN,
    ("POST", "/api/attempts/{attempt_id}/submit"): SIGNED_IN,
    ("POST", "/api/courses/{course_id}/enrolments/import"): STAFF,
    ("GET", "/api/courses/{course_id}/enrolments"): STAFF,
    ("GET", "/api/me/progress"): SIGNED_IN,
    ("GET", "/api/courses/{course_id}/students/{user_id}/progress"): STAFF,
    ("GET", "/api/courses/{course_id}/admission-rule"): STAFF,
    ("PUT", "/api/courses/{course_id}/admission-rule"): STAFF,
    ("GET", "/api/courses/{course_id}/admission"): STAFF,
    ("GET", "/api/courses/{course_id}/admission.csv"): STAFF,
    ("POST", "/api/courses/{course_id}/waivers"): STAFF,
    ("GET", "/api/courses/{course_id}/waivers"): STAFF,
    ("GET", "/api/me/footprint"): SIGNED_IN,
    ("GET", "/api/courses/{course_id}/footprint"): STAFF,
    ("GET", "/api/footprint/lrs"): ADMIN,
    ("PUT", "/api/footprint/lrs"): ADMIN,
    ("POST", "/api/footprint/lrs/sync"): ADMIN,
    ("GET", "/api/footprint/lrs/log"): ADMIN,
}

CALLERS = ("anonymous", "admin", "engineer", "staff", "student")


def _routes(world: World) -> set[tuple[str, str]]:
    """Every operation the app publishes (the OpenAPI schema is complete, see test_openapi)."""
    paths = world.client.app.openapi()["paths"]  # type: ignore[attr-defined]
    return {(method.upper(), path) for path, ops in paths.items() for method in ops}


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_every_route_has_a_row(world: World) -> None:
    assert _routes(world) == set(MATRIX)


def _url(path: str) -> str:
    url = re.sub(r"\{profile\}", "t2-hd", path)
    url = re.sub(r"\{[a-z_]+\}", "999999", url)
    return url + ("?channel_id=999999" if url.endswith(("/week", "/plan-vs-asrun")) else "")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_role_matrix(world: World) -> None:
    failures = []
    for (method, path), allowed in sorted(MATRIX.items()):
        for caller in CALLERS:
            headers = world.h(None if caller == "anonymous" else caller)
            status = world.client.request(method, _url(path), headers=headers, json={}).status_code
            if allowed == PUBLIC or (caller != "anonymous" and caller in allowed):
                ok = status not in (401, 403)
            else:
                ok = status == (401 if caller == "anonymous" else 403)
            if not ok:
                failures.append(f"{method} {path} as {caller}: {status}")
    assert failures == []

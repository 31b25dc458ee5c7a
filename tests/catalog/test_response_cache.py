"""The anonymous public-GET cache: hits for anonymous callers, never for signed-in ones or for
responses that set a cookie, and cleared by a successful change."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from catalog.models import Channel, Module
from tests.catalog.conftest import World

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def _rename_behind_the_apps_back(world: World, name: str) -> None:
    with world.session() as s:
        s.execute(update(Channel).values(name=name))
        s.commit()


def test_anonymous_reads_are_served_from_memory_until_a_change(world: World) -> None:
    ch = world.channel()
    url = f"/api/channels/{ch['id']}/now-next"
    assert world.client.get(url).json()["channel_name"] == "Sabaq 1"
    _rename_behind_the_apps_back(world, "Renamed")
    assert world.client.get(url).json()["channel_name"] == "Sabaq 1"  # cached
    assert world.client.get(url, headers=world.h("student")).json()["channel_name"] == "Renamed"
    world.ok("PATCH", f"/api/channels/{ch['id']}", "engineer", json={"turnaround_seconds": 5})
    assert world.client.get(url).json()["channel_name"] == "Renamed"  # the change cleared it


def _retitle(world: World, title: str) -> None:
    with world.session() as s:
        s.execute(update(Module).values(title_en=title))
        s.commit()


def test_responses_setting_a_cookie_are_not_cached(world: World) -> None:
    c = world.course(modules=1)
    url = f"/courses/{c['id']}?lang=en"
    first = world.client.get(url)
    assert "set-cookie" in first.headers  # ?lang= is remembered in a cookie
    _retitle(world, "Retitled once")
    world.client.cookies.clear()
    assert "Retitled once" in world.client.get(url).text  # not served from memory
    world.client.cookies.clear()
    plain = f"/courses/{c['id']}"
    assert "set-cookie" not in world.client.get(plain, headers={"Accept-Language": "en"}).headers
    _retitle(world, "Retitled twice")
    cached = world.client.get(plain, headers={"Accept-Language": "en"}).text
    assert "Retitled once" in cached  # a cookie-free page is shared for a moment

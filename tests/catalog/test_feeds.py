"""Public feeds: now/next, XMLTV (checked with xmltv-util's tv_validate_file against the DTD),
M3U tvg-id = XMLTV channel id, iCalendar with stable UIDs, SEQUENCE and STATUS:CANCELLED."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from catalog.api.routes import feeds
from catalog.services.short_codes import display
from tests.catalog.conftest import World

DTD = Path("/usr/share/xmltv/xmltv.dtd")


def _plan(world: World, days: int = 2) -> tuple[dict, dict, list[dict]]:
    ch = world.channel(stream_url="udp://@239.1.1.1:1234")
    c = world.course(modules=2)
    for m in c["modules"]:
        world.ready(m["lecture"]["id"])
    slots = []
    for i, m in enumerate(c["modules"]):
        start = (datetime.now(UTC) + timedelta(days=days, hours=i)).replace(microsecond=0)
        slots.append(world.slot(ch, m, start))
    return ch, c, slots


def test_now_next(world: World) -> None:
    ch, _, slots = _plan(world)
    now = datetime.now(UTC)  # move the first slot on air (the lock window forbids it via the API)
    world.move_slot(slots[0]["id"], now - timedelta(minutes=5), now + timedelta(minutes=25))
    nn = world.ok("GET", f"/api/channels/{ch['id']}/now-next", None)
    assert nn["now"]["slot_id"] == slots[0]["id"]
    assert nn["next"]["slot_id"] == slots[1]["id"]
    assert nn["now"]["title"] == "Модуль 1"
    assert nn["next"]["start_local"].endswith("+05:00")


@pytest.mark.independent
def test_xmltv_is_valid_against_the_dtd(world: World, tmp_path: Path) -> None:
    if shutil.which("tv_validate_file") is None or not DTD.exists():
        pytest.skip("xmltv-util is not installed")
    ch, c, _ = _plan(world)
    r = world.client.get("/feeds/xmltv.xml")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/xml")
    path = tmp_path / "guide.xml"
    path.write_bytes(r.content)
    check = subprocess.run(
        ["tv_validate_file", "--dtd-file", str(DTD), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    text = r.text
    assert f'<channel id="{ch["xmltv_id"]}">' in text
    starts = re.findall(r'start="(\d{14} [+-]\d{4})"', text)
    assert len(starts) == 2
    assert all(s.endswith(" +0500") for s in starts)
    code = c["modules"][0]["followup"]["short_code"]
    assert f"http://tv.example/t/{code} ({display(code)})" in text


def test_m3u_tvg_id_equals_xmltv_channel_id(world: World) -> None:
    ch, _, _ = _plan(world)
    m3u = world.client.get("/feeds/channels.m3u").text
    xml = world.client.get("/feeds/xmltv.xml").text
    tvg_ids = re.findall(r'tvg-id="([^"]+)"', m3u)
    xml_ids = re.findall(r'<channel id="([^"]+)"', xml)
    assert tvg_ids == xml_ids == [ch["xmltv_id"]]
    assert "udp://@239.1.1.1:1234" in m3u


def _events(ics: str) -> dict[str, dict[str, str]]:
    unfolded = ics.replace("\r\n ", "")
    events = {}
    for block in re.findall(r"BEGIN:VEVENT\r\n(.*?)END:VEVENT", unfolded, re.S):
        fields = dict(line.split(":", 1) for line in block.strip().split("\r\n"))
        events[fields["UID"]] = fields
    return events


def test_course_calendar_sequence_and_cancellation(world: World) -> None:
    _, c, slots = _plan(world)
    url = f"/feeds/courses/{c['id']}.ics"
    first = world.client.get(url)
    assert first.headers["content-type"].startswith("text/calendar")
    before = _events(first.text)
    uid = f"slot-{slots[0]['id']}@tv.example"
    assert before[uid]["SEQUENCE"] == "0"
    assert before[uid]["STATUS"] == "CONFIRMED"
    new = datetime.fromisoformat(slots[0]["start"]) + timedelta(days=1)
    world.ok(
        "PATCH",
        f"/api/schedule/slots/{slots[0]['id']}",
        "engineer",
        json={"start": new.isoformat(), "end": (new + timedelta(minutes=30)).isoformat()},
    )
    world.ok("POST", f"/api/schedule/slots/{slots[1]['id']}/cancel", "engineer")
    after = _events(world.client.get(url).text)
    assert set(after) == set(before)  # nothing deleted, same UIDs
    assert after[uid]["SEQUENCE"] == "1"
    assert after[uid]["DTSTART"] == new.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    cancelled = after[f"slot-{slots[1]['id']}@tv.example"]
    assert (cancelled["STATUS"], cancelled["SEQUENCE"]) == ("CANCELLED", "1")


def test_channel_calendar_answers_conditional_requests(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    ch, _, slots = _plan(world)
    # the second request comes a few seconds later: the body (and its ETag) must not move
    ticks = iter(range(0, 3600, 3))
    monkeypatch.setattr(feeds, "utcnow", lambda: datetime.now(UTC) + timedelta(seconds=next(ticks)))
    r = world.client.get(f"/feeds/channels/{ch['id']}.ics")
    assert r.status_code == 200
    assert r.text.count("BEGIN:VEVENT") == 2
    again = world.client.get(
        f"/feeds/channels/{ch['id']}.ics", headers={"If-None-Match": r.headers["ETag"]}
    )
    assert again.status_code == 304
    # a change to the feed's slots is a new revision: new DTSTAMP, new ETag
    world.ok("POST", f"/api/schedule/slots/{slots[0]['id']}/cancel", "engineer")
    changed = world.client.get(
        f"/feeds/channels/{ch['id']}.ics", headers={"If-None-Match": r.headers["ETag"]}
    )
    assert changed.status_code == 200
    assert "STATUS:CANCELLED" in changed.text


def test_cancelled_slot_leaves_xmltv(world: World) -> None:
    _, _, slots = _plan(world)
    world.ok("POST", f"/api/schedule/slots/{slots[0]['id']}/cancel", "engineer")
    assert world.client.get("/feeds/xmltv.xml").text.count("<programme ") == 1

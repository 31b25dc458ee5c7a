"""Tests for epg.export.xmltv: well-formed for any text, DTD-valid per Debian's xmltv-util."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from epg.export._xml import xml_clean
from epg.export.xmltv import to_xmltv, xmltv_episode_ns, xmltv_time
from epg.programme import Channel, Episode, Programme
from tests.strategies.programme import LANGUAGES, channels, guides, programmes

DTD = Path("/usr/share/xmltv/xmltv.dtd")


def _parse(document: str) -> ET.Element:
    return ET.fromstring(document.encode("utf-8"))


def test_sample_structure(guide: tuple[list[Channel], list[Programme]]) -> None:
    root = _parse(to_xmltv(*guide))
    channels = root.findall("channel")
    assert [c.get("id") for c in channels] == ["bilim1.telesabaq.kz", "102.16.8503.dvb"]
    names = channels[0].findall("display-name")
    assert [(n.get("lang"), n.text) for n in names] == [
        ("kk", "Білім 1"),
        ("ru", "Билим 1"),
        ("en", "Bilim 1"),
    ]
    programmes = root.findall("programme")
    # cancelled left out; ordered by channel then start
    assert [p.findtext("title") for p in programmes] == [
        "English for beginners",
        "Математика: 1-дәріс",
        "Физика: лекция 2",
    ]
    maths = programmes[1]
    assert maths.get("start") == "20260302100000 +0000"
    assert maths.get("stop") == "20260302104500 +0000"
    desc = maths.find("desc[@lang='kk']")
    assert desc is not None
    assert desc.text == "Өрнектер және теңдеулер; «Қазақ тілінде», <b>1 & 2</b>\nЕкінші жол."
    assert [c.text for c in maths.findall("category")] == [
        "Education/Science/Factual topics",
        "further education",
        "technology/natural sciences",
    ]
    assert maths.findtext("url[@system='followup-test']") == (
        "https://edu.example.kz/test/42?lang=kk&module=1"
    )
    assert maths.findtext("episode-num[@system='xmltv_ns']") == "0.0/12."
    assert maths.findtext("episode-num[@system='onscreen']") == "1/12"
    assert maths.findtext("rating[@system='KAZ']/value") == "6+"
    assert programmes[2].find("previously-shown") is not None


def test_station_offset_is_explicit(guide: tuple[list[Channel], list[Programme]]) -> None:
    root = _parse(to_xmltv(*guide, tz=ZoneInfo("Asia/Almaty")))
    maths = root.findall("programme")[1]
    assert maths.get("start") == "20260302150000 +0500"
    start = datetime(2026, 3, 2, 10, tzinfo=UTC)
    assert xmltv_time(start) == "20260302100000 +0000"


@pytest.mark.parametrize(
    ("episode", "expected"),
    [
        (Episode(season=2, number=5, total=12), "1.4/12."),
        (Episode(number=1), ".0."),
        (Episode(season=1, season_total=3, number=2, part=1, part_total=2), "0/3.1.0/2"),
        (Episode(onscreen="Модуль 3"), None),
    ],
)
def test_xmltv_ns(episode: Episode, expected: str | None) -> None:
    assert xmltv_episode_ns(episode) == expected


@given(guides())
def test_well_formed_for_any_text(guide: tuple[list[Channel], list[Programme]]) -> None:
    channels, programmes = guide
    root = _parse(to_xmltv(channels, programmes, generator_name='"<&>"'))
    assert root.get("generator-info-name") == '"<&>"'
    on_air = [p for p in programmes if not p.cancelled]
    written = root.findall("programme")
    assert len(written) == len(on_air)
    expected = sorted(on_air, key=lambda p: (p.channel_id, p.start, p.stop))
    for element, programme in zip(written, expected, strict=True):
        titles = [t.text or "" for t in element.findall("title")]
        assert titles == [xml_clean(t) for t in programme.titles.values()]
        assert element.get("channel") == programme.channel_id
    for element, channel in zip(root.findall("channel"), channels, strict=True):
        names = [n.text or "" for n in element.findall("display-name")]
        assert names == [xml_clean(n) for n in channel.display_names.values()]


def test_cr_and_tabs_survive_parsing() -> None:
    start = datetime(2026, 3, 2, tzinfo=UTC)
    programme = Programme(
        channel_id="a.kz", start=start, stop=start + timedelta(hours=1), titles={"eng": "a\r\nb\tc"}
    )
    channel = Channel(id="a.kz", display_names={"eng": 'x"\r\n\ty'})
    root = _parse(to_xmltv([channel], [programme]))
    assert root.findtext("programme/title") == "a\r\nb\tc"
    assert root.findtext("channel/display-name") == 'x"\r\n\ty'


def _validate(path: Path, document: str) -> subprocess.CompletedProcess[str]:
    """Write the document to `path` and run xmltv-util's validator (DTD + its own checks)."""
    path.write_text(document, encoding="utf-8")
    return subprocess.run(
        ["tv_validate_file", "--dtd-file", str(DTD), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


VALIDATOR = pytest.mark.skipif(
    shutil.which("tv_validate_file") is None or not DTD.exists(), reason="xmltv-util"
)


@pytest.mark.independent
@VALIDATOR
@pytest.mark.parametrize("zone", ["UTC", "Asia/Almaty"])
def test_valid_for_tv_validate_file(
    guide: tuple[list[Channel], list[Programme]], tmp_path: Path, zone: str
) -> None:
    result = _validate(tmp_path / "guide.xml", to_xmltv(*guide, tz=ZoneInfo(zone)))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "Validated ok.", result.stdout


@pytest.mark.independent
@VALIDATOR
def test_tv_validate_file_catches_a_broken_document(tmp_path: Path) -> None:
    """The referee is live: a programme without a title must fail validation."""
    document = to_xmltv(*_one_programme()).replace('<title lang="en">Lecture</title>', "")
    assert _validate(tmp_path / "broken.xml", document).returncode != 0


def _one_programme() -> tuple[list[Channel], list[Programme]]:
    start = datetime(2026, 3, 2, tzinfo=UTC)
    channel = Channel(id="a.kz", display_names={"eng": "A"})
    programme = Programme(
        channel_id="a.kz", start=start, stop=start + timedelta(hours=1), titles={"eng": "Lecture"}
    )
    return [channel], [programme]


PRINTABLE = st.text(
    st.sampled_from("Лекция дәріс Қазақ ä ğ ı ñ ö ş ū ü 0-9 &<>\"' «»—€"), min_size=1, max_size=40
).filter(lambda s: s.strip() != "")


@st.composite
def printable_guides(draw: st.DrawFn) -> tuple[list[Channel], list[Programme]]:
    """Guides a real station would publish: printable text, every channel with programmes."""
    texts = st.dictionaries(LANGUAGES, PRINTABLE, min_size=1, max_size=3)
    chans = draw(st.lists(channels, min_size=1, max_size=3, unique_by=lambda c: c.id))
    chans = [dataclasses.replace(c, display_names=draw(texts)) for c in chans]
    progs = []
    for channel in chans:
        for programme in draw(st.lists(programmes(st.just(channel.id)), min_size=1, max_size=3)):
            progs.append(
                dataclasses.replace(
                    programme,
                    titles=draw(texts),
                    subtitles=draw(st.dictionaries(LANGUAGES, PRINTABLE, max_size=2)),
                    descriptions=draw(st.dictionaries(LANGUAGES, PRINTABLE, max_size=2)),
                    episode=None,
                    cancelled=False,
                )
            )
    return chans, progs


@pytest.mark.independent
@VALIDATOR
@settings(max_examples=8)
@given(printable_guides())
def test_generated_guides_are_valid_for_tv_validate_file(
    generated: tuple[list[Channel], list[Programme]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.xml"
        result = _validate(path, to_xmltv(*generated, tz=ZoneInfo("Asia/Almaty")))
        assert result.returncode == 0, result.stdout + result.stderr + path.read_text()

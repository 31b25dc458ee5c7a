"""Meanings of the DVB content nibbles: the content_descriptor's table (EN 300 468 §6.2.9).

The one copy of that long, static table: :mod:`epg.ids` builds its value->name maps
(``CONTENT_NAMES``, ``CONTENT_LEVEL_1_NAMES``) from it, and :class:`epg.programme.Genre` and the
exports read the meanings here. English only: the exports use them for XMLTV
``<category lang="en">`` and iCalendar ``CATEGORIES``. Level-1 headings keep the standard's
capitals ("Education/Science/Factual topics"), the level-2 names its lower case.
"""

from __future__ import annotations

__all__ = [
    "CONTENT_LEVEL_1_HEADINGS",
    "CONTENT_LEVEL_2_NAMES",
    "content_meaning",
    "level_1_meaning",
]

CONTENT_LEVEL_1_HEADINGS: dict[int, str] = {
    0x0: "undefined content",
    0x1: "Movie/Drama",
    0x2: "News/Current affairs",
    0x3: "Show/Game show",
    0x4: "Sports",
    0x5: "Children's/Youth programmes",
    0x6: "Music/Ballet/Dance",
    0x7: "Arts/Culture (without music)",
    0x8: "Social/Political issues/Economics",
    0x9: "Education/Science/Factual topics",
    0xA: "Leisure hobbies",
    0xB: "Special characteristics",
    0xF: "user defined",
}

#: content_nibble_level_2 names by level 1, in nibble order (0x0 is "... (general)").
CONTENT_LEVEL_2_NAMES: dict[int, tuple[str, ...]] = {
    0x1: (
        "movie/drama (general)", "detective/thriller", "adventure/western/war",
        "science fiction/fantasy/horror", "comedy", "soap/melodrama/folklore", "romance",
        "serious/classical/religious/historical movie/drama", "adult movie/drama",
    ),
    0x2: (
        "news/current affairs (general)", "news/weather report", "news magazine", "documentary",
        "discussion/interview/debate",
    ),
    0x3: ("show/game show (general)", "game show/quiz/contest", "variety show", "talk show"),
    0x4: (
        "sports (general)", "special events (Olympic Games, World Cup, etc.)", "sports magazines",
        "football/soccer", "tennis/squash", "team sports (excluding football)", "athletics",
        "motor sport", "water sport", "winter sports", "equestrian", "martial sports",
    ),
    0x5: (
        "children's/youth programmes (general)", "pre-school children's programmes",
        "entertainment programmes for 6 to 14", "entertainment programmes for 10 to 16",
        "informational/educational/school programmes", "cartoons/puppets",
    ),
    0x6: (
        "music/ballet/dance (general)", "rock/pop", "serious music/classical music",
        "folk/traditional music", "jazz", "musical/opera", "ballet",
    ),
    0x7: (
        "arts/culture (without music, general)", "performing arts", "fine arts", "religion",
        "popular culture/traditional arts", "literature", "film/cinema",
        "experimental film/video", "broadcasting/press", "new media", "arts/culture magazines",
        "fashion",
    ),
    0x8: (
        "social/political issues/economics (general)", "magazines/reports/documentary",
        "economics/social advisory", "remarkable people",
    ),
    0x9: (
        "education/science/factual topics (general)", "nature/animals/environment",
        "technology/natural sciences", "medicine/physiology/psychology",
        "foreign countries/expeditions", "social/spiritual sciences", "further education",
        "languages",
    ),
    0xA: (
        "leisure hobbies (general)", "tourism/travel", "handicraft", "motoring",
        "fitness and health", "cooking", "advertisement/shopping", "gardening",
    ),
    0xB: (
        "original language", "black and white", "unpublished", "live broadcast",
        "plano-stereoscopic", "local or regional",
    ),
}  # fmt: skip


def level_1_meaning(level_1: int) -> str:
    """The heading of a content_nibble_level_1 ("reserved" where the table has none)."""
    return CONTENT_LEVEL_1_HEADINGS.get(level_1, "reserved for future use")


def content_meaning(level_1: int, level_2: int) -> str:
    """The most specific meaning of a nibble pair, e.g. (0x9, 0x6) -> further education.

    Falls back to the level-1 name where level 2 is reserved or user defined.
    """
    names = CONTENT_LEVEL_2_NAMES.get(level_1, ())
    return names[level_2] if level_2 < len(names) else level_1_meaning(level_1)

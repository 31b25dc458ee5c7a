"""ISO 639-2 (what EIT sends: ``kaz``) to the short tags XMLTV and iCalendar readers expect.

XMLTV's ``lang`` attribute and iCalendar's ``LANGUAGE`` parameter take RFC 5646 (BCP 47)
tags, which use the 2-letter ISO 639-1 code where one exists (``kk``, ``ru``, ``en``) and the
3-letter code otherwise. ISO 639-2/B codes that differ from the terminology code (``ger`` vs
``deu``) map to the same tag.
"""

from __future__ import annotations

__all__ = ["bcp47"]

_ISO639_1: dict[str, str] = {
    "kaz": "kk", "rus": "ru", "eng": "en", "kir": "ky", "uzb": "uz", "tat": "tt", "tur": "tr",
    "ukr": "uk", "bel": "be", "deu": "de", "ger": "de", "fra": "fr", "fre": "fr", "spa": "es",
    "ita": "it", "por": "pt", "pol": "pl", "ces": "cs", "cze": "cs", "slk": "sk", "slo": "sk",
    "hun": "hu", "ron": "ro", "rum": "ro", "ell": "el", "gre": "el", "nld": "nl", "dut": "nl",
    "zho": "zh", "chi": "zh", "jpn": "ja", "kor": "ko", "ara": "ar", "fas": "fa", "per": "fa",
    "heb": "he", "hin": "hi", "tgk": "tg", "tuk": "tk", "aze": "az", "kat": "ka", "geo": "ka",
    "hye": "hy", "arm": "hy", "mon": "mn", "uig": "ug", "lat": "la",
}  # fmt: skip


def bcp47(iso639_2: str) -> str:
    """The BCP 47 language tag for an ISO 639-2 code: ``kaz`` -> ``kk``, ``sah`` -> ``sah``."""
    return _ISO639_1.get(iso639_2, iso639_2)

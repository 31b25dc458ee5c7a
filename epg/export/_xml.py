"""XML 1.0 text and attribute escaping for the XMLTV writer.

XML 1.0 §2.2 forbids most C0 controls (and U+FFFE/U+FFFF, lone surrogates) anywhere in a
document, so they are dropped; C1 controls (U+007F-U+009F) are legal but discouraged, and
``tv_validate_file`` flags them as mis-encoded text, so they are dropped too. CR is written as
``&#13;`` because a parser would otherwise normalise it away (§2.11); in attributes TAB and LF
are character references as well, or attribute-value normalisation (§3.3.3) turns them into
spaces.
"""

from __future__ import annotations

import re

__all__ = ["xml_attr", "xml_text"]

_NOT_XML = re.compile("[^\t\n\r\u0020-\u007e\u00a0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTR_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\r": "&#13;",
        "\n": "&#10;",
        "\t": "&#9;",
    }
)


def xml_clean(text: str) -> str:
    """The text with characters XML 1.0 cannot carry (or discourages) removed."""
    return _NOT_XML.sub("", text)


def xml_text(text: str) -> str:
    """Escape character data."""
    return xml_clean(text).translate(_TEXT_ESCAPES)


def xml_attr(text: str) -> str:
    """Escape a double-quoted attribute value."""
    return xml_clean(text).translate(_ATTR_ESCAPES)

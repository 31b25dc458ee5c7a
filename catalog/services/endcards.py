"""Finding a module's end-card clip for previews.

The encoder renders each module's end-card per channel profile as a small rendition in the media
folder: `endcards/<profile>/endcard-<6-digit code>-<content key>.<profile>.ts` with its
`.index.json` beside it (encoder/endcard.py). A changed card gets a new key, so the newest file
for the code is the current card.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True, kw_only=True)
class EndCardClip:
    ts_path: Path
    index_json: str | None


def find_end_card(media_dir: Path, short_code: str, profile: str) -> EndCardClip | None:
    """The newest end-card clip of the code for the profile, or None if none is made yet."""
    folder = media_dir / "endcards" / profile
    if not short_code.isdigit() or not folder.is_dir():
        return None
    clips = sorted(
        folder.glob(f"endcard-{short_code}-*.{profile}.ts"), key=lambda p: p.stat().st_mtime
    )
    if not clips:
        return None
    ts_path = clips[-1]
    index = ts_path.with_name(ts_path.name.removesuffix(".ts") + ".index.json")
    return EndCardClip(
        ts_path=ts_path, index_json=index.read_text(encoding="utf-8") if index.is_file() else None
    )

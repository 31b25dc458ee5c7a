"""Screenshots of the running demo for the README: `python -m telesabaq.demo.screenshots OUT`.

Drives Debian's headless Chromium through Playwright (a development dependency, imported only
here) against the demo portal on 127.0.0.1: the student's course page, the staff course page and
the engineer's week grid, each signed in as the demo user; then the EPG picture that `telesabaq
analyze --picture` draws from the demo's rolling file. PNGs are 1000 px wide and palette-reduced
so the set stays a few hundred kilobytes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image

__all__ = ["shoot"]

WIDTH = 1000
PAGES = (
    ("student", "aruzhan", "student-demo", "/courses/{course}", "student-course.png"),
    ("staff", "staff", "staff-demo", "/staff/courses/{course}", "staff-course.png"),
    ("engineer", "engineer", "engineer-demo", "/engineer/channels/{channel}/week",
     "engineer-week.png"),
)  # fmt: skip


def shrink(path: Path, width: int = WIDTH, colours: int = 128) -> None:
    """Scale to `width` and reduce to a palette: screenshots of pages compress very well so."""
    with Image.open(path) as image:
        rgb = image.convert("RGB")
        if rgb.width > width:
            rgb = rgb.resize(
                (width, round(rgb.height * width / rgb.width)), Image.Resampling.LANCZOS
            )
        rgb.quantize(colours, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def shoot(base_url: str, out: Path, *, course: int = 1, channel: int = 1) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    made = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        for _, user, password, path, name in PAGES:
            context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="kk-KZ")
            page = context.new_page()
            page.goto(f"{base_url}/login")
            page.fill("#username", user)
            page.fill("#password", password)
            page.click("button[type=submit]")
            page.wait_for_load_state("networkidle")
            page.goto(base_url + path.format(course=course, channel=channel))
            page.wait_for_load_state("networkidle")
            target = out / name
            page.screenshot(path=str(target), full_page=False)
            shrink(target)
            made.append(target)
            context.close()
        browser.close()
    return made


if __name__ == "__main__":
    for made in shoot(sys.argv[2] if len(sys.argv) > 2 else "http://127.0.0.1:8000",
                      Path(sys.argv[1])):  # fmt: skip
        sys.stdout.write(f"{made} {made.stat().st_size} bytes\n")

"""Benchmark epg.text: encode (smallest-table search), decode, fit, on typical EPG strings.

Run: .venv/bin/python bench/epg_text.py  (results go in docs/benchmarks/epg-text.md)
"""

from __future__ import annotations

import timeit

from epg.text import decode_dvb_text, encode_dvb_text, fit_dvb_text

SAMPLES = {
    "kazakh title (19 ch)": "Математика: 1-дәріс",
    "russian title (16 ch)": "Физика: лекция 2",
    "english title (24 ch)": "Lecture 2: Newton's laws",
    "kazakh description (~240 ch)": (
        "Өрнектер және теңдеулер. Қазақ тілінде. Дәрістен кейінгі тест сілтемесі төменде. " * 3
    ),
}


def main() -> None:
    for label, text in SAMPLES.items():
        data = encode_dvb_text(text)
        n = 2000
        enc = timeit.timeit(lambda t=text: encode_dvb_text(t), number=n) / n * 1e6
        dec = timeit.timeit(lambda d=data: decode_dvb_text(d), number=n) / n * 1e6
        fit = timeit.timeit(lambda t=text: fit_dvb_text(t, 60), number=n // 10) / (n // 10) * 1e6
        print(f"| {label} | {len(data)} B | {enc:.1f} µs | {dec:.1f} µs | {fit:.1f} µs |")


if __name__ == "__main__":
    main()

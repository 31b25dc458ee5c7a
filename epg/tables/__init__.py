"""DVB SI tables (EN 300 468 §5.2): one module per table family.

`sdt` (SDT), `nit` (NIT), `eit` (EIT p/f and schedule), `time` (TDT, TOT). Each table is a
frozen dataclass with `TABLE_IDS` and `PID` class variables and `decode(sections)` beside
`encode() -> list[Section]`. Section splitting is shared (`_sections`); EIT schedule segmenting
(TS 101 211) is its own module, `eit_segments`, and `eit_schedule_set` keeps a service's
schedule encoded segment by segment for the carousel.
"""

"""Ingest: lecture uploads in, channel-ready renditions (constant-rate TS + index) out.

The modules are the API (no re-exports):

* :mod:`encoder.rendition` - ``make_rendition(source, profile, out_dir, title=...)``;
* :mod:`encoder.profiles` - ``ChannelProfile``, ``get_profile(name)``, YAML profiles beside it;
* :mod:`encoder.probe` - ``probe(path) -> MediaInfo`` with typed refusals (:mod:`encoder.errors`);
* :mod:`encoder.endcard`, :mod:`encoder.filler`, :mod:`encoder.testsource` - stills and
  generated lectures;
* :mod:`encoder.jobs` - ``EncodeQueue`` on Huey (SQLite embedded, Redis for a farm);
* :mod:`encoder.cli` - the ``encode`` Typer command.

The rendition index itself is a TS-level contract: :mod:`mpegts.rendition_index`.
"""

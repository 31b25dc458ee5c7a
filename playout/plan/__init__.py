"""The station plan: what plays when, on which service of which multiplex.

`model` is the schedule as the playout sees it (the catalogue and the YAML file both produce it),
`yaml_source` reads the human-writable plan file, `validate` checks a plan before it goes on air.
"""

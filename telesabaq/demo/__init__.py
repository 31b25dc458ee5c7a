"""The demo station: two courses (Kazakh, Russian), generated lectures, two channels, a plan.

`content` is what the demo contains, `lectures` makes the recordings, `seed` puts it all into the
catalogue idempotently, `schedule` plans today and tomorrow, `run` starts the station;
`screenshots` takes the README's pictures of a running demo.
"""

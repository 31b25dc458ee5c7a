"""The catalogue: courses, modules, lectures, renditions, channels, schedule and as-run.

FastAPI + SQLAlchemy 2. Build the web application with `catalog.app.create_app(settings)`; nothing
is created at import time. The catalogue never imports encoder/playout/receiver_tools: it declares
what it needs from them in `catalog.ports` and `telesabaq.wiring` supplies the implementations.
"""

"""Telesabaq composition root: settings, the CLI, wiring of the parts."""

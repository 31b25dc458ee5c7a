"""Pydantic request/response bodies, kept apart from the SQLAlchemy models."""

"""The JSON API: routers per resource, dependencies, error mapping."""

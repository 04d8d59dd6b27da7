"""`praktiktjek serve`: the caseworker's web page and the HTTP API (see app.py)."""

from .app import Settings, create_app

__all__ = ["Settings", "create_app"]

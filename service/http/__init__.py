"""Serving processes: gunicorn's worker and the extension instances (pipeline, store)."""

"""A WSGI application for the worker tests: ``GET`` answers the serving process's id,
``POST`` is refused (503, Retry-After) unless its query asks for ``ok``."""

from __future__ import annotations

import os


def app(environ, start_response):
    if environ["REQUEST_METHOD"] == "POST":
        environ["wsgi.input"].read()
        if environ.get("QUERY_STRING") != "ok":
            start_response("503 Service Unavailable",
                           [("Retry-After", "1"), ("Content-Length", "0")])
            return [b""]
    body = str(os.getpid()).encode()
    start_response("200 OK", [("Content-Type", "text/plain"),
                              ("Content-Length", str(len(body)))])
    return [body]

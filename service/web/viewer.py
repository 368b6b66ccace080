"""The browser viewer: one HTML shell and its static ES modules, served by the service."""

from __future__ import annotations

from flask import Blueprint, Response, send_from_directory

blp = Blueprint("viewer", __name__, static_folder="../static/viewer", static_url_path="/viewer")

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


@blp.get("/")
@blp.get("/analyze")
@blp.get("/articles/<article_id>")
def shell(article_id: str | None = None) -> Response:
    """The viewer's HTML page; app.js renders the route named by the path."""
    return send_from_directory(blp.static_folder, "index.html", mimetype="text/html")


@blp.get("/jobs")
def jobs() -> Response:
    """The jobs page: upload a JSONL file as a job and watch it (jobs.js)."""
    return send_from_directory(blp.static_folder, "jobs.html", mimetype="text/html")


@blp.get("/sources")
def sources() -> Response:
    """The sources page: add a feed or sitemap and watch its polls (sources.js)."""
    return send_from_directory(blp.static_folder, "sources.html", mimetype="text/html")


@blp.get("/stories")
def stories() -> Response:
    """The stories page: a story's members and their changes side by side (stories.js)."""
    return send_from_directory(blp.static_folder, "stories.html", mimetype="text/html")


@blp.after_request
def secure(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response

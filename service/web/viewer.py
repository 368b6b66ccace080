"""The browser viewer: its pages (one template with the navigation, templates/viewer) and
their static ES modules, served by the service."""

from __future__ import annotations

from typing import NamedTuple

from flask import Blueprint, Response, render_template

blp = Blueprint("viewer", __name__, static_folder="../static/viewer", static_url_path="/viewer",
                template_folder="templates")


class Page(NamedTuple):
    name: str
    label: str
    path: str
    spa: bool = False  # rendered by app.js in the articles page, without a reload


# The navigation of every page, in order.
PAGES = (Page("articles", "Articles", "/", spa=True),
         Page("analyze", "Analyze", "/analyze", spa=True), Page("jobs", "Jobs", "/jobs"),
         Page("sources", "Sources", "/sources"),
         Page("stories", "Stories", "/stories"), Page("docs", "API docs", "/docs"))


def _page(template: str, current: str | None = None, spa: bool = False) -> Response:
    return Response(render_template(f"viewer/{template}.html", pages=PAGES, current=current,
                                    spa=spa), mimetype="text/html")

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


@blp.get("/")
@blp.get("/analyze")
@blp.get("/articles/<article_id>")
def shell(article_id: str | None = None) -> Response:
    """The viewer's HTML page; app.js renders the route named by the path."""
    return _page("index", spa=True)


@blp.get("/jobs")
def jobs() -> Response:
    """The jobs page: upload a JSONL file as a job and watch it (jobs.js)."""
    return _page("jobs", current="jobs")


@blp.get("/sources")
def sources() -> Response:
    """The sources page: add a feed or sitemap and watch its polls (sources.js)."""
    return _page("sources", current="sources")


@blp.get("/stories")
def stories() -> Response:
    """The stories page: a story's members and their changes side by side (stories.js)."""
    return _page("stories", current="stories")


@blp.after_request
def secure(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response

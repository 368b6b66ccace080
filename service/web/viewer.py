"""The browser viewer: its pages (templates/viewer) and their static ES modules."""

from __future__ import annotations

from typing import NamedTuple

from flask import Blueprint, Response, render_template, request

blp = Blueprint("viewer", __name__, static_folder="../static/viewer", static_url_path="/viewer",
                template_folder="templates")


class Page(NamedTuple):
    name: str
    label: str
    path: str
    spa: bool = False  # rendered by app.js in the articles page, without a reload


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
@blp.get("/sources")
@blp.get("/stories")
def page() -> Response:
    """A page of its own, run by its ES module (jobs.js, sources.js, stories.js)."""
    name = request.path.removeprefix("/")
    return _page(name, current=name)


@blp.after_request
def secure(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response

"""Sources: feeds and sitemaps the service polls, and the articles they gave."""

from __future__ import annotations

from dataclasses import replace

from flask import current_app
from flask.views import MethodView

from schemas.common import PageArgs
from schemas.sources import (
    SourceArticleListSchema,
    SourceInputSchema,
    SourceListSchema,
    SourceSchema,
)
from service.feeds import sources
from service.feeds.repository import SourceView
from service.store.values import Page
from service.web import representation as wire
from service.web.blueprint import Blueprint
from service.web.docs import problems

blp = Blueprint("sources", __name__, url_prefix="/v1/sources",
                description="Feeds and sitemaps polled by the job workers; their new items "
                            "are fetched and stored.")


def _sources():
    return current_app.extensions["sources"]


def _linked(view: SourceView) -> SourceView:
    base = f"/v1/sources/{view.id}"
    return replace(view, links={"self": base, "articles": f"{base}/articles"})


def _page(listing, page: int, per_page: int, items: list) -> dict:
    return {"items": items, "page": page, "per_page": per_page, "total": listing.total,
            "total_exact": listing.total_exact}


@blp.route("")
class Sources(MethodView):
    @blp.arguments(PageArgs, location="query", as_kwargs=True)
    @blp.response(200, SourceListSchema)
    @blp.doc(responses=problems(422))
    def get(self, page, per_page):
        """List sources, newest first"""
        listing = _sources().list(Page(page, per_page))
        return _page(listing, page, per_page, [_linked(view) for view in listing.items])

    @blp.arguments(SourceInputSchema)
    @blp.response(201, SourceSchema)
    @blp.doc(responses=problems(400, 401, 403, 415, 422, 502, 504))
    def post(self, body):
        """Register a feed or sitemap to poll"""
        config = current_app.config
        view = sources.register(_sources(), current_app.extensions["fetcher"], body["url"],
                                body["kind"], body["interval"], config["FEEDS_MIN_INTERVAL"])
        return _linked(view), 201, {"Location": f"/v1/sources/{view.id}"}


@blp.route("/<source_id>")
class SourceItem(MethodView):
    @blp.response(200, SourceSchema)
    @blp.doc(responses=problems(404))
    def get(self, source_id):
        """A source: its polls, item counts and latest failures"""
        return _linked(sources.get_source(_sources(), source_id))

    @blp.response(204)
    @blp.doc(responses=problems(401, 403, 404))
    def delete(self, source_id):
        """Stop polling a source (its articles stay stored)"""
        sources.delete_source(_sources(), source_id)


@blp.route("/<source_id>/articles")
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, SourceArticleListSchema)
@blp.doc(responses=problems(404, 422))
def source_articles(source_id, page, per_page):
    """The stored articles of a source's items, newest first"""
    sources.get_source(_sources(), source_id)
    listing = _sources().articles(source_id, Page(page, per_page))
    return _page(listing, page, per_page,
                 [{**item, "links": wire.article_links(item["id"])} for item in listing.items])

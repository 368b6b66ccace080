"""Sources: feeds and sitemaps the service polls, and the articles they gave."""

from __future__ import annotations

from flask import current_app
from flask.views import MethodView

from schemas.common import PageArgs
from schemas.sources import (
    SourceArticleListSchema,
    SourceInputSchema,
    SourceListSchema,
    SourceSchema,
    source_links,
)
from service.feeds import sources
from service.store.values import Page
from service.web import representation as wire
from service.web.blueprint import Blueprint
from service.web.docs import problems

blp = Blueprint("sources", __name__, url_prefix="/v1/sources",
                description="Feeds and sitemaps polled by the job workers; their new items "
                            "are fetched and stored.")


def _sources():
    return current_app.extensions["sources"]


@blp.route("")
class Sources(MethodView):
    @blp.reads(SourceListSchema, 422, query=PageArgs, as_kwargs=True)
    def get(self, page, per_page):
        """List sources, newest first"""
        return wire.paged(_sources().list(Page(page, per_page)), page, per_page)

    @blp.arguments(SourceInputSchema)
    @blp.response(201, SourceSchema)
    @blp.doc(responses=problems(400, 401, 403, 415, 422, 502, 504))
    def post(self, body):
        """Register a feed or sitemap to poll"""
        config = current_app.config
        view = sources.register(_sources(), current_app.extensions["fetcher"], body["url"],
                                body["kind"], body["interval"], config["FEEDS_MIN_INTERVAL"])
        return view, 201, {"Location": source_links(view.id)["self"]}


@blp.route("/<source_id>")
class SourceItem(MethodView):
    @blp.reads(SourceSchema, 404)
    def get(self, source_id):
        """A source: its polls, item counts and latest failures"""
        return sources.get_source(_sources(), source_id)

    @blp.response(204)
    @blp.doc(responses=problems(401, 403, 404))
    def delete(self, source_id):
        """Stop polling a source (its articles stay stored)"""
        sources.delete_source(_sources(), source_id)


@blp.route("/<source_id>/articles")
@blp.reads(SourceArticleListSchema, 404, 422, query=PageArgs, as_kwargs=True)
def source_articles(source_id, page, per_page):
    """The stored articles of a source's items, newest first"""
    sources.get_source(_sources(), source_id)
    return wire.paged(_sources().articles(source_id, Page(page, per_page)), page, per_page)

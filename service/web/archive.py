"""The archive's entities and figures, on the blueprints of service/web/articles.py."""

from __future__ import annotations

from flask.views import MethodView

from schemas import entity
from schemas.article import ArticleListSchema
from schemas.common import PageArgs
from schemas.figure import ArchiveFigureArgs, ArchiveFigureListSchema
from service.app import store
from service.store.values import FigureFilter, Page
from service.web import representation as wire
from service.web.articles import entities_blp, figures_blp
from service.web.errors import Problem


def _entity_total(key: str) -> dict:
    total = store.current.get_entity_total(key)
    if total is None:
        raise Problem(404, f"No entity with key {key!r}.")
    return total


@entities_blp.route("/entities")
class Entities(MethodView):
    @entities_blp.reads(entity.EntityTotalListSchema, 422, query=entity.ArchiveEntityArgs)
    def get(self, args):
        """List entities across all articles, by the number of articles naming them"""
        listing = store.current.list_entities(args.get("q"), args.get("type"),
                                              Page(args["page"], args["per_page"]),
                                              args.get("collapse"))
        return wire.paged(listing, args["page"], args["per_page"])


@entities_blp.route("/entities/<key>")
class EntityTotal(MethodView):
    @entities_blp.reads(entity.EntityTotalSchema, 404)
    def get(self, key):
        """Fetch one entity across the archive"""
        return _entity_total(key)


@entities_blp.route("/entities/<key>/articles")
class EntityArticles(MethodView):
    @entities_blp.reads(ArticleListSchema, 404, 422, query=PageArgs)
    def get(self, args, key):
        """List the articles that name one entity"""
        _entity_total(key)
        listing = store.current.entity_articles(key, Page(args["page"], args["per_page"]))
        return wire.paged(listing, args["page"], args["per_page"])


@figures_blp.route("/figures")
class Figures(MethodView):
    @figures_blp.reads(ArchiveFigureListSchema, 422, query=ArchiveFigureArgs)
    def get(self, args):
        """List figures across all articles, newest articles first"""
        page = Page(args.pop("page"), args.pop("per_page"))
        listing = store.current.list_figures(FigureFilter(**args), page)
        return wire.paged(listing, page.number, page.size)

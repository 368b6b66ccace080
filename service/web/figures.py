"""Key figures of one article, and figures across the archive."""

from __future__ import annotations

from flask.views import MethodView

from schemas.figure import (
    ArchiveFigureArgs,
    ArchiveFigureListSchema,
    FigureArgs,
    FigureListSchema,
    FigureSchema,
)
from service.app import store
from service.store.values import FigureFilter, Page
from service.web import representation as wire
from service.web.blueprint import Blueprint

blp = Blueprint("figures", __name__, url_prefix="/v1",
                description="Money, percentages, counts and quantities, normalized.")


def filter_figures(figures: list[dict], args: dict) -> list[dict]:
    """Figures of the requested kind."""
    return [f for f in figures if args.get("kind") in (None, f["kind"])]


@blp.route("/articles/<article_id>/figures")
class ArticleFigures(MethodView):
    get = blp.article_list("figures", FigureListSchema, "List an article's figures in text order",
                           query=FigureArgs, select=filter_figures)


@blp.route("/articles/<article_id>/figures/<figure_id>")
class ArticleFigure(MethodView):
    get = blp.article_list_item("figures", "figure", FigureSchema, "Fetch one figure of an article")


@blp.route("/figures")
class Figures(MethodView):
    @blp.reads(ArchiveFigureListSchema, 422, query=ArchiveFigureArgs)
    def get(self, args):
        """List figures across all articles, newest articles first"""
        page = Page(args.pop("page"), args.pop("per_page"))
        listing = store.current.list_figures(FigureFilter(**args), page)
        return wire.paged(listing, page.number, page.size)

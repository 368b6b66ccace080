"""Key figures of one article, and figures across the archive."""

from __future__ import annotations

from flask.views import MethodView

from schemas.common import OffsetsArgs
from schemas.figure import (
    ArchiveFigureArgs,
    ArchiveFigureListSchema,
    FigureArgs,
    FigureListSchema,
    FigureSchema,
)
from service import articles
from service.api import representation as wire
from service.api.blueprint import Blueprint
from service.api.docs import problems
from service.http.extensions import store
from service.store.values import FigureFilter, Page

blp = Blueprint("figures", __name__, url_prefix="/v1",
                description="Money, percentages, counts and quantities, normalized.")


@blp.route("/articles/<article_id>/figures")
class ArticleFigures(MethodView):
    @blp.arguments(FigureArgs, location="query")
    @blp.response(200, FigureListSchema)
    @blp.doc(responses=problems(404, 422))
    def get(self, args, article_id):
        """List an article's figures in text order"""
        document = articles.get_article(store.current, article_id)
        figures = [f for f in document["figures"] if args.get("kind") in (None, f["kind"])]
        return wire.part_page(document, figures, args)


@blp.route("/articles/<article_id>/figures/<figure_id>")
class ArticleFigure(MethodView):
    @blp.arguments(OffsetsArgs, location="query")
    @blp.response(200, FigureSchema)
    @blp.doc(responses=problems(404, 422))
    def get(self, args, article_id, figure_id):
        """Fetch one figure of an article"""
        document = articles.get_article(store.current, article_id)
        figure = articles.find_item(document["figures"], "id", figure_id, "figure", article_id)
        return wire.part_answer(document, figure, args)


@blp.route("/figures")
class Figures(MethodView):
    @blp.arguments(ArchiveFigureArgs, location="query")
    @blp.response(200, ArchiveFigureListSchema)
    @blp.doc(responses=problems(422))
    def get(self, args):
        """List figures across all articles, newest articles first"""
        page = Page(args.pop("page"), args.pop("per_page"))
        listing = store.current.list_figures(FigureFilter(**args), page)
        return wire.page(listing, page.number, page.size)

"""An article's timeline of dates, and its quotes."""

from __future__ import annotations

from flask.views import MethodView

from schemas.common import PagedOffsetsArgs
from schemas.timeline import DateListSchema, QuoteListSchema
from service import articles
from service.api import representation as wire
from service.api.blueprint import Blueprint
from service.api.docs import problems
from service.http.extensions import store

blp = Blueprint("timeline", __name__, url_prefix="/v1/articles/<article_id>",
                description="Dates in chronological order, and who said what.")


@blp.route("/dates")
class Dates(MethodView):
    @blp.arguments(PagedOffsetsArgs, location="query")
    @blp.response(200, DateListSchema)
    @blp.doc(responses=problems(404, 422))
    def get(self, args, article_id):
        """The article's timeline: every date it names, in chronological order"""
        document = articles.get_article(store.current, article_id)
        return wire.part_page(document, document["dates"], args)


@blp.route("/quotes")
class Quotes(MethodView):
    @blp.arguments(PagedOffsetsArgs, location="query")
    @blp.response(200, QuoteListSchema)
    @blp.doc(responses=problems(404, 422))
    def get(self, args, article_id):
        """Direct quotations with their speakers, in text order"""
        document = articles.get_article(store.current, article_id)
        return wire.part_page(document, document["quotes"], args)

"""An article's timeline of dates, and its quotes."""

from __future__ import annotations

from flask.views import MethodView

from schemas.timeline import DateListSchema, QuoteListSchema
from service.api.blueprint import Blueprint

blp = Blueprint("timeline", __name__, url_prefix="/v1/articles/<article_id>",
                description="Dates in chronological order, and who said what.")


@blp.route("/dates")
class Dates(MethodView):
    @blp.article_items(DateListSchema)
    def get(self, document, args):
        """The article's timeline: every date it names, in chronological order"""
        return document["dates"]


@blp.route("/quotes")
class Quotes(MethodView):
    @blp.article_items(QuoteListSchema)
    def get(self, document, args):
        """Direct quotations with their speakers, in text order"""
        return document["quotes"]

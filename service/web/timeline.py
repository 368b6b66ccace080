"""An article's timeline of dates, and its quotes."""

from __future__ import annotations

from flask.views import MethodView

from schemas.timeline import DateListSchema, QuoteListSchema
from service.web.blueprint import Blueprint

blp = Blueprint("timeline", __name__, url_prefix="/v1/articles/<article_id>",
                description="Dates in chronological order, and who said what.")


@blp.route("/dates")
class Dates(MethodView):
    get = blp.article_list("dates", DateListSchema,
                           "The article's timeline: every date it names, in chronological order")


@blp.route("/quotes")
class Quotes(MethodView):
    get = blp.article_list("quotes", QuoteListSchema,
                           "Direct quotations with their speakers, in text order")

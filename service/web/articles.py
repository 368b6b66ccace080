"""Articles: list, ingest, fetch and delete."""

from __future__ import annotations

from flask import current_app
from flask.views import MethodView

from schemas import article
from service import articles
from service.extensions import store
from service.store.values import ArticleFilter, Page
from service.web import by_url
from service.web import representation as wire
from service.web.blueprint import Blueprint
from service.web.docs import problems
from service.web.negotiation import offers_formats, represent

blp = Blueprint("articles", __name__, url_prefix="/v1/articles",
                description="Stored articles and their structure.")


@blp.route("")
class Articles(MethodView):
    @blp.reads(article.ArticleListSchema, 422, query=article.ArticleListArgs, as_kwargs=True)
    def get(self, page, per_page, **filters):
        """List articles, newest first"""
        listing = store.current.list_articles(ArticleFilter(**filters), Page(page, per_page))
        return wire.paged(listing, page, per_page)

    @blp.response(201, article.ArticleSchema, headers={"Location": {"schema": {"type": "string"}}})
    @blp.alt_response(200, schema=article.ArticleSchema, description="Already stored: the same "
                      "content was posted before; nothing is created.")
    @blp.doc(requestBody=by_url.ARTICLE_OR_URL_BODY,
             responses=problems(400, 401, 403, 409, 413, 415, 422, 502, 503, 504))
    def post(self):
        """Ingest one article: its text, its page, or its URL for the service to fetch"""
        document, created = by_url.ingest(current_app.config["STORE_MIN_FREE_BYTES"])
        headers = {"Location": wire.article_links(document["id"])["self"]}
        return wire.article_answer(document, status=201 if created else 200, headers=headers)


@blp.route("/<article_id>")
class ArticleItem(MethodView):
    @blp.article(article.ArticleSchema, article.ArticleArgs, formats=True)
    def get(self, document, args):
        """Fetch one article"""
        return represent(document, lambda: wire.in_unit(document, document, args), stored=True)

    @blp.response(204)
    @blp.doc(responses=problems(401, 403, 404))
    def delete(self, article_id):
        """Delete an article and everything derived from it"""
        articles.get_article(store.current, article_id)
        store.current.delete(article_id)
        return "", 204


analyze_blp = Blueprint("analyze", __name__, url_prefix="/v1",
                        description="Analysis without storing.")


@analyze_blp.route("/analyze", methods=["POST"])
@analyze_blp.response(200, article.AnalysisSchema)
@analyze_blp.doc(requestBody=by_url.ANALYZE_OR_URL_BODY,
                 responses=problems(400, 413, 415, 422, 502, 504))
@offers_formats(document_query=True)
def analyze():
    """Analyze an article without storing it"""
    analysis = by_url.analyze()
    return represent(analysis, lambda: wire.respond(analysis), stored=False)

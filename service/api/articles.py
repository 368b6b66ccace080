"""Articles: list, ingest, fetch and delete."""

from __future__ import annotations

from flask import current_app
from flask.views import MethodView

from schemas.article import (
    AnalysisSchema,
    ArticleArgs,
    ArticleListArgs,
    ArticleListSchema,
    ArticleSchema,
)
from service import articles
from service.api.blueprint import Blueprint
from service.api.common import article_request, json_response, paged, with_offsets
from service.api.docs import ANALYZE_BODY, ARTICLE_BODY, problems
from service.http.extensions import analyzer, store
from service.store.repository import ArticleFilter, Page

blp = Blueprint("articles", __name__, url_prefix="/v1/articles",
                description="Stored articles and their structure.")

ARTICLE_FIELDS = tuple(ArticleSchema().fields)


def article_view(document: dict) -> dict:
    return {key: document[key] for key in ARTICLE_FIELDS}


@blp.route("")
class Articles(MethodView):
    @blp.arguments(ArticleListArgs, location="query", as_kwargs=True)
    @blp.response(200, ArticleListSchema)
    @blp.doc(responses=problems(422))
    def get(self, page, per_page, **filters):
        """List articles, newest first"""
        listing = store.current.list_articles(ArticleFilter(**filters),
                                                   Page(page, per_page))
        return paged(listing, page, per_page)

    @blp.response(201, ArticleSchema, headers={"Location": {"schema": {"type": "string"}}})
    @blp.alt_response(200, schema=ArticleSchema, description="Already stored: the same "
                      "content was posted before; nothing is created.")
    @blp.doc(requestBody=ARTICLE_BODY,
             responses=problems(400, 401, 403, 413, 415, 422, 503))
    def post(self):
        """Ingest one article"""
        articles.admit(analyzer.current)
        document, created = articles.ingest(store.current, analyzer.current, article_request(),
                                            current_app.config["STORE_MIN_FREE_BYTES"])
        headers = {"Location": document["links"]["self"]}
        return json_response(article_view(document), 201 if created else 200, headers)


@blp.route("/<article_id>")
class ArticleItem(MethodView):
    @blp.arguments(ArticleArgs, location="query", as_kwargs=True)
    @blp.response(200, ArticleSchema)
    @blp.doc(responses=problems(404, 422))
    def get(self, article_id, offsets):
        """Fetch one article"""
        document = articles.get_article(store.current, article_id)
        return json_response(with_offsets(article_view(document), document["text"], offsets))

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
@analyze_blp.response(200, AnalysisSchema)
@analyze_blp.doc(requestBody=ANALYZE_BODY, responses=problems(400, 413, 415, 422))
def analyze():
    """Analyze an article without storing it"""
    articles.admit(analyzer.current)
    return json_response(articles.analyze(analyzer.current, article_request()))

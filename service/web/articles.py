"""Articles: list, ingest (its text, its page, or its URL for the service to fetch),
fetch and delete; the parts of one article (sections, entities, figures, dates, quotes:
one blueprint, so one tag of the API's documentation, per kind; the archive-wide lists of
entities and figures are in service/web/archive.py); and analysis without storing."""

from __future__ import annotations

import io

import orjson
from flask import current_app, request
from marshmallow import ValidationError

from schemas import article
from schemas.entity import EntityArgs, EntityListSchema, EntitySchema
from schemas.figure import FigureArgs, FigureListSchema, FigureSchema
from schemas.section import SectionListSchema, SectionSchema
from schemas.sources import UrlInputSchema
from schemas.timeline import DateListSchema, QuoteListSchema
from service import articles
from service.app import analyzer, store
from service.fetch import ingest as fetching
from service.store.values import ArticleFilter, Page
from service.web import representation as wire
from service.web.blueprint import Blueprint, Resource
from service.web.common import article_request, read_body
from service.web.docs import ANALYZE_BODY, ARTICLE_BODY, problems
from service.web.errors import ValidationProblem
from service.web.negotiation import offers_formats, represent

blp = Blueprint("articles", __name__, url_prefix="/v1/articles",
                description="Stored articles and their structure.")
sections_blp = Blueprint("sections", __name__, url_prefix="/v1/articles/<article_id>/sections",
                         description="The lead and titled sections of an article.")
entities_blp = Blueprint("entities", __name__, url_prefix="/v1",
                         description="People, organizations, places and other named things.")
figures_blp = Blueprint("figures", __name__, url_prefix="/v1",
                        description="Money, percentages, counts and quantities, normalized.")
timeline_blp = Blueprint("timeline", __name__, url_prefix="/v1/articles/<article_id>",
                         description="Dates in chronological order, and who said what.")
_url_schema = UrlInputSchema()


def _with_url(body: dict) -> dict:
    """A request body of article fields that may instead be ``{"url": ...}``."""
    json_body = body["content"]["application/json"]
    return {**body, "content": {**body["content"], "application/json": {
        **json_body, "schema": {"oneOf": [json_body["schema"], UrlInputSchema]}}}}


def url_request() -> dict | None:
    """The loaded ``{"url", "published"}`` of a JSON body naming a URL (and no text), else
    None, the body left to be read again by the article reader."""
    if not (request.mimetype == "application/json" or request.mimetype.endswith("+json")):
        return None
    config = current_app.config
    raw = read_body(max(config["MAX_HTML_BODY_BYTES"], config["MAX_CONTENT_LENGTH"]))
    try:
        payload = orjson.loads(raw)
    except orjson.JSONDecodeError:
        payload = None
    if isinstance(payload, dict) and "url" in payload and "text" not in payload:
        try:
            return _url_schema.load(payload)
        except ValidationError as exc:
            raise ValidationProblem({str(k): v for k, v in exc.messages.items()}) from exc
    # Not a URL: the article reader reads the same bytes.
    request.environ["wsgi.input"] = io.BytesIO(raw)
    request.environ["CONTENT_LENGTH"] = str(len(raw))
    request.environ.pop("HTTP_TRANSFER_ENCODING", None)
    request.environ["wsgi.input_terminated"] = False
    return None


def _fetcher():
    return current_app.extensions["fetcher"]


@blp.route("")
class Articles(Resource):
    @blp.reads(article.ArticleListSchema, 422, query=article.ArticleListArgs, as_kwargs=True)
    def get(self, page, per_page, **filters):
        """List articles, newest first"""
        listing = store.current.list_articles(ArticleFilter(**filters), Page(page, per_page))
        return wire.paged(listing, page, per_page)

    @blp.response(201, article.ArticleSchema, headers={"Location": {"schema": {"type": "string"}}})
    @blp.alt_response(200, schema=article.ArticleSchema, description="Already stored: the same "
                      "content was posted before; nothing is created.")
    @blp.doc(requestBody=_with_url(ARTICLE_BODY),
             responses=problems(400, 401, 403, 409, 413, 415, 422, 502, 503, 504))
    def post(self):
        """Ingest one article: its text, its page, or its URL for the service to fetch"""
        min_free_bytes = current_app.config["STORE_MIN_FREE_BYTES"]
        if (target := url_request()) is not None:
            document, created = fetching.ingest_url(
                store.current, analyzer.current, _fetcher(), target["url"],
                published=target["published"], min_free_bytes=min_free_bytes)
        else:
            document, created = articles.ingest(store.current, analyzer.current,
                                                article_request, min_free_bytes)
        headers = {"Location": wire.article_links(document["id"])["self"]}
        return wire.article_answer(document, status=201 if created else 200, headers=headers)


@blp.route("/<article_id>")
class ArticleItem(Resource):
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


# -- the parts of one article ---------------------------------------------------------------

def filter_entities(entities: list[dict], args: dict) -> list[dict]:
    """Entities of the requested type, minimum salience and minimum confidence (already
    sorted by salience); an analysis stored before confidences were given has none."""
    wanted_type, min_salience = args.get("type"), args.get("min_salience")
    min_confidence = args.get("min_confidence")
    return [e for e in entities
            if (wanted_type is None or e["type"] == wanted_type)
            and (min_salience is None or e["salience"] >= min_salience)
            and (min_confidence is None or e.get("confidence", 1.0) >= min_confidence)]


def filter_figures(figures: list[dict], args: dict) -> list[dict]:
    """Figures of the requested kind."""
    return [f for f in figures if args.get("kind") in (None, f["kind"])]


def section_entities(document: dict, index: int) -> list[dict]:
    """The article's entities keeping only their mentions in one section."""
    found = []
    for entity in document["entities"]:
        mentions = [m for m in entity["mentions"] if m["section"] == index]
        if mentions:
            found.append({**entity, "mentions": mentions, "mention_count": len(mentions)})
    return found


def _section(document: dict, index: int) -> dict:
    return articles.find_item(document["sections"], "index", index, "section", document["id"])


@sections_blp.route("")
class Sections(Resource):
    get = sections_blp.article_list("sections", SectionListSchema,
                                    "List the sections of an article")


@sections_blp.route("/<int:index>")
class SectionItem(Resource):
    @sections_blp.article_item(SectionSchema)
    def get(self, document, args, index):
        """Fetch one section with its paragraphs"""
        return _section(document, index)


@sections_blp.route("/<int:index>/entities")
class SectionEntities(Resource):
    @sections_blp.article_items(EntityListSchema, EntityArgs)
    def get(self, document, args, index):
        """List the entities named in one section, with only that section's mentions"""
        _section(document, index)
        return filter_entities(section_entities(document, index), args)


@sections_blp.route("/<int:index>/figures")
class SectionFigures(Resource):
    @sections_blp.article_items(FigureListSchema, FigureArgs)
    def get(self, document, args, index):
        """List the figures of one section"""
        _section(document, index)
        return filter_figures([f for f in document["figures"] if f["section"] == index], args)


@entities_blp.route("/articles/<article_id>/entities")
class ArticleEntities(Resource):
    get = entities_blp.article_list("entities", EntityListSchema,
                                    "List an article's entities, most salient first",
                                    query=EntityArgs, select=filter_entities)


@entities_blp.route("/articles/<article_id>/entities/<entity_id>")
class ArticleEntity(Resource):
    get = entities_blp.article_list_item(
        "entities", "entity", EntitySchema,
        "Fetch one entity of an article with all its mentions")


@figures_blp.route("/articles/<article_id>/figures")
class ArticleFigures(Resource):
    get = figures_blp.article_list("figures", FigureListSchema,
                                   "List an article's figures in text order",
                                   query=FigureArgs, select=filter_figures)


@figures_blp.route("/articles/<article_id>/figures/<figure_id>")
class ArticleFigure(Resource):
    get = figures_blp.article_list_item("figures", "figure", FigureSchema,
                                        "Fetch one figure of an article")


@timeline_blp.route("/dates")
class Dates(Resource):
    get = timeline_blp.article_list(
        "dates", DateListSchema,
        "The article's timeline: every date it names, in chronological order")


@timeline_blp.route("/quotes")
class Quotes(Resource):
    get = timeline_blp.article_list("quotes", QuoteListSchema,
                                    "Direct quotations with their speakers, in text order")


# -- analysis without storing ------------------------------------------------------------

analyze_blp = Blueprint("analyze", __name__, url_prefix="/v1",
                        description="Analysis without storing.")


@analyze_blp.route("/analyze", methods=["POST"])
@analyze_blp.response(200, article.AnalysisSchema)
@analyze_blp.doc(requestBody=_with_url(ANALYZE_BODY),
                 responses=problems(400, 413, 415, 422, 502, 504))
@offers_formats(document_query=True)
def analyze():
    """Analyze an article without storing it"""
    if (target := url_request()) is not None:
        analysis = fetching.analyze_url(analyzer.current, _fetcher(), target["url"],
                                        target["published"])
    else:
        analysis = articles.analyze(analyzer.current, article_request)
    return represent(analysis, lambda: wire.respond(analysis), stored=False)

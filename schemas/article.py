"""Articles: input bodies, the stored article, summaries and the full analysis."""

import marshmallow as ma
from marshmallow import fields, validate

from schemas import stories
from schemas.common import (
    SANE_DATE,
    Links,
    OffsetsArgs,
    PageArgs,
    StrictSchema,
    Timestamp,
    article_links,
    envelope,
    fields_in_order,
)
from schemas.entity import ENTITY_TYPES, EntitySchema
from schemas.figure import FigureSchema
from schemas.removed import REMOVAL_REASONS
from schemas.section import SectionSchema
from schemas.timeline import DateSchema, QuoteSchema
from service.formats import FORMATS

# Documented constraints the validators also enforce: some visible character, no NUL;
# an http(s) URL whose host has a top-level domain.
TEXT_PATTERN = r"^[^\u0000]*[^\s\u0000][^\u0000]*$"
URL_PATTERN = (r"^https?://([A-Za-z0-9]([A-Za-z0-9-]{0,30}[A-Za-z0-9])?\.){1,4}[A-Za-z]{2,6}"
               r"(/[A-Za-z0-9._~-]{0,30}){0,6}$")


class ArticleInputSchema(StrictSchema):
    """The JSON form of an article to ingest or analyze."""

    text = fields.String(required=True, validate=validate.Length(min=1),
                         metadata={"description": "The article: plain text or an HTML page.",
                                   "pattern": TEXT_PATTERN})
    format = fields.String(load_default="text",
                           validate=validate.OneOf(["text", "html", "plain"]),
                           metadata={"description": "`text`: a raw article whose structure is "
                                     "detected; `html`: a web page; `plain` (analyze only): "
                                     "the text verbatim as one body."})
    published = fields.Date(load_default=None, allow_none=True, validate=SANE_DATE,
                            metadata={"description": "Publication date (1800-01-01 to "
                                                     "2200-12-31); overrides inference."})
    source_url = fields.Url(load_default=None, allow_none=True, schemes={"http", "https"},
                            metadata={"description": "Where the article was published.",
                                      "format": "uri", "pattern": URL_PATTERN})


class ArticleIngestSchema(ArticleInputSchema):
    """The JSON form of an article to store (documentation: ``plain`` is for analysis)."""

    format = fields.String(load_default="text", validate=validate.OneOf(["text", "html"]),
                           metadata={"description": "`text`: a raw article whose structure is "
                                     "detected; `html`: a web page."})


LANGUAGE = ("ISO 639-1 code of the text's language (py3langid), `und` when the text is too "
            "short to tell.")
AUTHORS = ("The people the byline names (page metadata, a byline element or a \"By ...\" "
           "line), in order; agencies and roles are not authors.")


class DatelineSchema(ma.Schema):
    raw = fields.String(required=True)
    place = fields.String(required=True, allow_none=True,
                          metadata={"description": "The city; none for an agency sign-off "
                                                   "(\"... on Tuesday. (AFP)\")."})
    region = fields.String(allow_none=True,
                           metadata={"description": "A state, province or country written "
                                                    "after the city (\"SOCHI, Russia, ...\")."})
    date = fields.String(required=True, allow_none=True)
    agency = fields.String(required=True, allow_none=True)
    start = fields.Integer(required=True)
    end = fields.Integer(required=True)


class PublishedSchema(ma.Schema):
    date = fields.String(required=True, allow_none=True)
    inferred = fields.Boolean(required=True)
    basis = fields.String(required=True)


class CountsSchema(ma.Schema):
    sections = fields.Integer(required=True)
    paragraphs = fields.Integer(required=True)
    entities = fields.Integer(required=True)
    figures = fields.Integer(required=True)
    dates = fields.Integer(required=True)
    quotes = fields.Integer(required=True)


class PipelineSchema(ma.Schema):
    version = fields.String(required=True)
    model = fields.String(required=True)
    model_version = fields.String(required=True)


class ArticleSummarySchema(ma.Schema):
    id = fields.String(required=True)
    headline = fields.String(required=True, allow_none=True)
    subheadline = fields.String(required=True, allow_none=True)
    dateline = fields.Nested(DatelineSchema, required=True, allow_none=True)
    published = fields.Nested(PublishedSchema, required=True)
    language = fields.String(required=True, metadata={"description": LANGUAGE})
    authors = fields.List(fields.String(), metadata={"description": AUTHORS})
    site_name = fields.String(allow_none=True,
                              metadata={"description": "The site's name, from page metadata."})
    word_count = fields.Integer(required=True)
    counts = fields.Nested(CountsSchema, required=True)
    content_hash = fields.String(required=True)
    source_url = fields.String(required=True, allow_none=True)
    created_at = Timestamp(required=True)
    pipeline = fields.Nested(PipelineSchema, required=True)
    # Stories (service/stories): the article's story and its relation to the story's origin.
    story_id = fields.Integer(required=True, allow_none=True, metadata={
        "description": "The story this article is a version of (`/v1/stories/{id}`); "
                       "none for an article stored before stories were kept, until "
                       "`article-api stories` places it."})
    relation = fields.String(required=True, allow_none=True, metadata={
        "enum": ["origin", "copy", "rewrite", "update"],
        "description": "How the article relates to its story's origin: `origin` (it is "
                       "the origin), `copy` (the same text apart from page furniture and "
                       "small edits), `rewrite` (a shorter or longer version built on it), "
                       "`update` (the same page or site, its content changed)."})
    links = Links(lambda item: article_links(item["id"]), required=True)


class ArticleSchema(ArticleSummarySchema):
    text = fields.String(required=True)
    canonical_url = fields.String(required=True, allow_none=True, dump_default=None, metadata={
        "description": "The URL the page declares as its own (`<link rel=canonical>` or "
                       "`og:url`), for articles fetched by URL; null otherwise."})
    credits = fields.List(fields.String(), required=True,
                          metadata={"description": "Trailing credit lines kept out of the text."})
    removed = fields.List(fields.String(), required=True,
                          metadata={"description": "Page chrome dropped from the input."})
    removal_reasons = fields.List(fields.String(), dump_default=list,
                                  metadata={"description": REMOVAL_REASONS})


@fields_in_order(
    "id", "headline", "subheadline", "dateline", "published", "language", "authors",
    "site_name", "skipped", "word_count", "counts", "text", "content_hash", "source_url",
    "canonical_url", "credits", "removed", "removal_reasons", "pipeline", "sections", "entities",
    "figures", "dates", "quotes", "truncated")
class AnalysisSchema(ArticleSchema):
    """The whole analysis of an article, as returned by ``POST /v1/analyze``."""

    # Documented unlike a stored article's: authors and site name required, credits and
    # removed lines without a description.
    authors = fields.List(fields.String(), required=True, metadata={"description": AUTHORS})
    site_name = fields.String(required=True, allow_none=True,
                              metadata={"description": "The site's name, from page metadata."})
    credits = fields.List(fields.String(), required=True)
    canonical_url = fields.String(allow_none=True, dump_default=None, metadata={
        "description": "The URL the page declares as its own, for a page fetched by URL."})
    removed = fields.List(fields.String(), required=True)
    removal_reasons = fields.List(fields.String(), required=True,
                                  metadata={"description": REMOVAL_REASONS})
    skipped = fields.List(fields.String(), required=True,
                          metadata={"description": "Extractors not run because their model "
                                    "does not fit the text's language: `entities` and `figures` "
                                    "for a text not in English (their lists are then empty)."})
    sections = fields.List(fields.Nested(SectionSchema), required=True)
    entities = fields.List(fields.Nested(EntitySchema), required=True)
    figures = fields.List(fields.Nested(FigureSchema), required=True)
    dates = fields.List(fields.Nested(DateSchema), required=True)
    quotes = fields.List(fields.Nested(QuoteSchema), required=True)
    truncated = fields.Dict(
        keys=fields.String(), values=fields.Integer(), dump_default=dict,
        metadata={"description": "Items found but not returned, by list: each list keeps "
                                 "its first items, up to a configured number (1,000 by "
                                 "default), and the analysis a size bounded by its text's "
                                 "(e.g. `{\"figures\": 19000}`; an item's inner list is "
                                 "named `entities.mentions`). `counts` gives the full "
                                 "numbers. Empty when nothing was left out."})


class ArticleListArgs(PageArgs):
    q = fields.String(validate=validate.Length(min=1, max=500),
                      metadata={"description": "Full-text query: best match first, ranked "
                                               "among the 500 most recently stored matching "
                                               "articles (after the other filters)."})
    entity = fields.String(validate=validate.Length(min=1, max=200),
                           metadata={"description": "Name or alias of an entity "
                                                    "(case-insensitive)."})
    type = fields.String(validate=validate.OneOf(ENTITY_TYPES),
                         metadata={"description": "Entity type, with `entity`."})
    published_from = fields.Date()
    published_to = fields.Date()
    collapse = stories.COLLAPSE


class ArticleArgs(OffsetsArgs):
    format = fields.String(validate=validate.OneOf([f.name for f in FORMATS]), metadata={
        "description": "The representation, instead of `Accept`: `json` (the default), "
                       "`markdown`, `html`, `jsonld` (schema.org) or `ninjs` (IPTC)."})
    annotate = fields.String(validate=validate.OneOf(["entities"]), metadata={
        "description": "`entities`: mark each entity mention (Markdown: a link to the "
                       "entity; HTML and ninjs: a `<span data-entity-id data-type>`)."})


ArticleListSchema = envelope(ArticleSummarySchema, "ArticleListSchema")

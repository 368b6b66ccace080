"""Monitored sources (feeds and sitemaps) and articles given by URL."""

import marshmallow as ma
from marshmallow import fields, validate

from schemas.common import (
    SANE_DATE,
    Links,
    StrictSchema,
    Timestamp,
    article_links,
    envelope,
)

SOURCE_KINDS = ("feed", "sitemap", "auto")
ITEM_STATES = ("pending", "ingested", "skipped", "failed")
_URL = {"format": "uri", "description": "An http or https URL the service fetches."}


class UrlInputSchema(StrictSchema):
    """An article given by its URL: the service fetches the page."""

    url = fields.Url(required=True, schemes={"http", "https"}, require_tld=False,
                     metadata={**_URL, "description": "The page to fetch. Its final URL "
                               "after redirects becomes `source_url`."})
    published = fields.Date(load_default=None, allow_none=True, validate=SANE_DATE,
                            metadata={"description": "Publication date; overrides "
                                                     "inference."})


def _time(description: str, **kwargs) -> Timestamp:
    return Timestamp(metadata={"description": description}, **kwargs)


class SourceInputSchema(StrictSchema):
    """A source to monitor."""

    url = fields.Url(required=True, schemes={"http", "https"}, require_tld=False,
                     metadata={**_URL, "description": "A feed, a sitemap, or (kind `auto`) "
                               "a homepage that links its feed."})
    kind = fields.String(load_default="auto", validate=validate.OneOf(SOURCE_KINDS),
                         metadata={"description": "`feed` (RSS, Atom, JSON Feed), `sitemap` "
                                   "(XML sitemap, index or news sitemap) or `auto`: found "
                                   "from the document, a page's linked feed."})
    interval = fields.Integer(load_default=900, validate=validate.Range(min=1, max=7 * 86400),
                              metadata={"description": "Seconds between polls; at least "
                                        "`FEEDS_MIN_INTERVAL` (60 by default)."})


class SourceCountsSchema(ma.Schema):
    seen = fields.Integer(required=True, metadata={"description": "Item URLs listed so far."})
    ingested = fields.Integer(required=True, metadata={
        "description": "Items fetched and stored from this source."})
    skipped = fields.Integer(required=True, metadata={
        "description": "Items whose URL or content was stored before."})
    failed = fields.Integer(required=True, metadata={
        "description": "Items that could not be fetched or stored."})
    pending = fields.Integer(required=True, metadata={
        "description": "Items listed but not settled yet."})


class SourceFailureSchema(ma.Schema):
    url = fields.String(required=True)
    reason = fields.String(required=True, metadata={"description": "Why it failed."})
    at = _time("When it last failed.", required=True)


class SourceLinksSchema(ma.Schema):
    self = fields.String(required=True)
    articles = fields.String(required=True)


def source_links(source_id: str) -> dict:
    """The URLs of a source and of its articles."""
    base = f"/v1/sources/{source_id}"
    return {"self": base, "articles": f"{base}/articles"}


class _SourceLinks(fields.Nested):
    """A source's links (``SourceLinksSchema``), made from the source when it is dumped."""

    def serialize(self, attr, obj, accessor=None, **kwargs):
        return source_links(obj.id)


class SourceSchema(ma.Schema):
    """A monitored source: what it is, when it was and will be polled, what it gave."""

    id = fields.String(required=True)
    url = fields.String(required=True, metadata={"description": "The URL registered."})
    kind = fields.String(required=True, metadata={"enum": list(SOURCE_KINDS)})
    poll_url = fields.String(required=True, metadata={
        "description": "What is polled: the URL, or the feed its page links."})
    format = fields.String(required=True, metadata={"enum": ["feed", "sitemap"]})
    interval = fields.Integer(required=True, metadata={"description": "Seconds between polls."})
    created_at = _time("When it was registered.", required=True)
    last_poll_at = _time("When it was last polled.", required=True, allow_none=True)
    next_poll_at = _time("When it is due next.", required=True)
    last_status = fields.String(required=True, allow_none=True, metadata={
        "description": "How the last poll went: `ok`, `not modified` or the reason it "
                       "failed."})
    last_error = fields.String(required=True, allow_none=True, metadata={
        "description": "Why the last poll failed, if it did."})
    items = fields.Nested(SourceCountsSchema, required=True)
    last_errors = fields.List(fields.Nested(SourceFailureSchema), required=True, metadata={
        "description": "The latest failed items (at most 20), newest first."})
    links = _SourceLinks(SourceLinksSchema, required=True)


class SourceArticleSchema(ma.Schema):
    id = fields.String(required=True, metadata={"description": "The stored article's id."})
    url = fields.String(required=True, metadata={"description": "The item's URL."})
    outcome = fields.String(required=True, metadata={"enum": ["ingested", "skipped"]})
    links = Links(lambda item: article_links(item["id"]), required=True)


SourceListSchema = envelope(SourceSchema, "SourceListSchema")
SourceArticleListSchema = envelope(SourceArticleSchema, "SourceArticleListSchema")

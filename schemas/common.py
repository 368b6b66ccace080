"""Shared schemas: numbers, timestamps, links, pagination arguments and envelopes, problem
details."""

from __future__ import annotations

import datetime as dt

import marshmallow as ma
from marshmallow import fields, validate

MAX_PAGE = 1_000_000
# Publication dates the service accepts: anything else is a mistake, and a date near the
# ends of the calendar would overflow the date arithmetic of the analysis.
EARLIEST_DATE = dt.date(1800, 1, 1)
LATEST_DATE = dt.date(2200, 12, 31)
SANE_DATE = validate.Range(min=EARLIEST_DATE, max=LATEST_DATE,
                           error=f"Must be a date from {EARLIEST_DATE} to {LATEST_DATE}.")


class Number(fields.Number):
    """A JSON number that stays an integer when it is whole."""

    num_type = float

    def _format_num(self, value):
        number = float(value)
        return int(number) if number.is_integer() and abs(number) < 2**53 else number


class Timestamp(fields.DateTime):
    """An instant, dumped as RFC 3339 in UTC (``2024-05-03T09:30:00Z``; microseconds only
    when it has some). A naive datetime names no instant and is refused."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"{attr}: a timezone-aware datetime is required")
        return rfc3339(value)


def rfc3339(value: dt.datetime) -> str:
    """A timezone-aware datetime as RFC 3339 in UTC (``2024-05-03T09:30:00Z``;
    microseconds only when it has some): every instant the service writes."""
    utc = value.astimezone(dt.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.%fZ" if utc.microsecond else "%Y-%m-%dT%H:%M:%SZ")


class Links(fields.Dict):
    """The links of an item, made from the item by ``make`` when it is dumped: what the
    store holds never decides a URL."""

    def __init__(self, make, **kwargs):
        super().__init__(keys=fields.String(), values=fields.String(), **kwargs)
        self.make = make

    def serialize(self, attr, obj, accessor=None, **kwargs):
        return self.make(obj)


ARTICLE_LISTS = ("sections", "entities", "figures", "dates", "quotes")


def article_links(article_id: str) -> dict:
    """The URLs of a stored article and of its lists."""
    base = f"/v1/articles/{article_id}"
    return {"self": base, **{name: f"{base}/{name}" for name in ARTICLE_LISTS}}


class StrictSchema(ma.Schema):
    """Rejects unknown fields, so that a misspelt parameter is an error, not a no-op."""

    class Meta:
        unknown = ma.RAISE


class OffsetsArgs(StrictSchema):
    offsets = fields.String(
        load_default="codepoints", validate=validate.OneOf(["codepoints", "utf16"]),
        metadata={"description": "Unit of every start/end: Unicode code points (default) or "
                                 "UTF-16 code units (what JavaScript string indexes use)."})


class PageArgs(StrictSchema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE),
                          metadata={"description": "Page number, from 1."})
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100),
                              metadata={"description": "Items per page (1 to 100)."})


class PagedOffsetsArgs(PageArgs, OffsetsArgs):
    pass


class EnvelopeSchema(ma.Schema):
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True, metadata={
        "description": "How many items the list has, counted up to a limit (10,000; the "
                       "500 best candidates for full-text search): a lower bound when "
                       "`total_exact` is false."})
    total_exact = fields.Boolean(required=True, metadata={
        "description": "Whether `total` is the exact number of items (false: there are more, "
                       "and the `Link` header has no `last`)."})


def envelope(item_schema: type[ma.Schema], name: str) -> type[ma.Schema]:
    """A list envelope schema ``{items, page, per_page, total, total_exact}``."""
    schema = type(name, (EnvelopeSchema,), {"items": fields.List(fields.Nested(item_schema),
                                                                  required=True)})
    return fields_in_order("items", *EnvelopeSchema._declared_fields)(schema)


def fields_in_order(*names: str):
    """Class decorator: the schema's fields are ``names``, in this order (its dumps and the
    OpenAPI document follow it); inherited fields not named are left out."""

    def decorate(schema: type[ma.Schema]) -> type[ma.Schema]:
        schema._declared_fields = {name: schema._declared_fields[name] for name in names}
        return schema

    return decorate


def placed_in_text(schema: type[ma.Schema]) -> type[ma.Schema]:
    """Class decorator: the schema's fields are followed by those placing an item in its
    article's text: its sentence, its offsets, its section and paragraph."""
    schema._declared_fields = {
        **schema._declared_fields,
        "sentence": fields.String(required=True, metadata={
            "description": "The sentence around the item, clipped to a bounded window for "
                           "long sentences (MAX_SENTENCE_CHARS)."}),
        "sentence_start": fields.Integer(metadata={
            "description": "Offset of `sentence` in the article's text."}),
        "start": fields.Integer(required=True),
        "end": fields.Integer(required=True),
        "section": fields.Integer(required=True, allow_none=True),
        "paragraph": fields.Integer(required=True, allow_none=True),
    }
    return schema


class ProblemSchema(ma.Schema):
    """RFC 9457 problem details."""

    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    instance = fields.String(required=True)
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))
    id = fields.String(metadata={
        "description": "409 on a write: the stored article the text is already part of."})
    published = fields.String(allow_none=True, metadata={
        "description": "409 on a write: the stored article's publication day (null: none "
                       "known)."})
    max_lines = fields.Integer(metadata={
        "description": "413 on a job: the most lines one job may hold."})
    available = fields.List(fields.String(), metadata={
        "description": "406: the media types the resource is offered in."})
    checks = fields.Dict(keys=fields.String(), metadata={
        "description": "503 from /readyz: the result of each readiness check."})
    reason = fields.String(metadata={
        "description": "Why a URL was not fetched, in a few words (`private address`, "
                       "`robots.txt`, `media type`, `too large`, `timeout`, ...)."})

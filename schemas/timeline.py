"""Dates (the article's timeline) and quotes."""

import marshmallow as ma
from marshmallow import fields, validate

from schemas.common import envelope, placed_in_text

GRANULARITIES = ["day", "week", "month", "quarter", "year", "duration", "holiday", "weekday",
                 "relative"]


@placed_in_text
class DateSchema(ma.Schema):
    id = fields.String(required=True)
    text = fields.String(required=True)
    value = fields.String(required=True, allow_none=True, metadata={"description": (
        "The date as resolved: 2023-05-17 (day, holiday), 2023-W20 (ISO week), 2023-05 "
        "(month), 2023-Q2 (quarter), 2023 (year), or an ISO 8601 duration (P4Y, P2W, "
        "PT24H). Null when the expression cannot be placed: a relative date in an article "
        "with no publication date from the caller, its dateline or its page, a lunar "
        "holiday, a vague duration ('several years'). Never taken from the day of analysis.")})
    granularity = fields.String(required=True, validate=validate.OneOf(GRANULARITIES),
                                metadata={"description": (
        "The unit of `value`. `week`: an ISO week ('last week', 'two weeks ago', a weekend); "
        "`duration`: a length of time ('nearly four years', 'the past two weeks'); "
        "`holiday`: a named day ('Thanksgiving Day', 'Ramadan'). For an unresolved date, "
        "what the text says: `day` or `month` for a day or month whose year nothing gives "
        "('Sept. 20', 'August'), `weekday` ('on Sunday'), `duration`, `holiday`, or "
        "`relative` ('last week', 'yesterday').")})
    start_date = fields.String(required=True, allow_none=True, metadata={"description": (
        "First day covered (null when unresolved, or a duration not tied to the anchor).")})
    end_date = fields.String(required=True, allow_none=True, metadata={"description": (
        "Last day covered (null when unresolved, or a duration not tied to the anchor).")})
    resolved = fields.Boolean(required=True, metadata={"description": (
        "Whether `value` is known: false for a relative date without an anchor, a "
        "lunar holiday or a vague duration.")})
    qualifier = fields.String(required=True, allow_none=True,
                              validate=validate.OneOf(["early", "mid", "late"]))


class SpeakerSchema(ma.Schema):
    name = fields.String(required=True)
    entity_id = fields.String(required=True, allow_none=True)


@placed_in_text
class QuoteSchema(ma.Schema):
    id = fields.String(required=True)
    text = fields.String(required=True)
    speaker = fields.Nested(SpeakerSchema, required=True, allow_none=True)


DateListSchema = envelope(DateSchema, "DateListSchema")
QuoteListSchema = envelope(QuoteSchema, "QuoteListSchema")

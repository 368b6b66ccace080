"""Dates (the article's timeline) and quotes."""

import marshmallow as ma
from marshmallow import fields, validate

from schemas.common import envelope


class DateSchema(ma.Schema):
    id = fields.String(required=True)
    text = fields.String(required=True)
    value = fields.String(required=True)
    granularity = fields.String(required=True,
                                validate=validate.OneOf(["day", "month", "quarter", "year"]))
    start_date = fields.String(required=True)
    end_date = fields.String(required=True)
    qualifier = fields.String(required=True, allow_none=True,
                              validate=validate.OneOf(["early", "mid", "late"]))
    sentence = fields.String(required=True)
    start = fields.Integer(required=True)
    end = fields.Integer(required=True)
    section = fields.Integer(required=True, allow_none=True)
    paragraph = fields.Integer(required=True, allow_none=True)


class SpeakerSchema(ma.Schema):
    name = fields.String(required=True)
    entity_id = fields.String(required=True, allow_none=True)


class QuoteSchema(ma.Schema):
    id = fields.String(required=True)
    text = fields.String(required=True)
    speaker = fields.Nested(SpeakerSchema, required=True, allow_none=True)
    sentence = fields.String(required=True)
    start = fields.Integer(required=True)
    end = fields.Integer(required=True)
    section = fields.Integer(required=True, allow_none=True)
    paragraph = fields.Integer(required=True, allow_none=True)


DateListSchema = envelope(DateSchema, "DateListSchema")
QuoteListSchema = envelope(QuoteSchema, "QuoteListSchema")

"""Sections and their paragraphs."""

import marshmallow as ma
from marshmallow import fields

from schemas.common import envelope


class ParagraphSchema(ma.Schema):
    index = fields.Integer(required=True)
    start = fields.Integer(required=True)
    end = fields.Integer(required=True)
    text = fields.String(required=True)


class SectionSchema(ma.Schema):
    index = fields.Integer(required=True, metadata={"description": "0 is the lead."})
    title = fields.String(required=True, allow_none=True)
    start = fields.Integer(required=True)
    end = fields.Integer(required=True)
    paragraphs = fields.List(fields.Nested(ParagraphSchema), required=True)


SectionListSchema = envelope(SectionSchema, "SectionListSchema")

"""Stories: a story with its members, an article's related articles, what one version
changed against another, and the ``collapse`` argument of the archive's lists."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from schemas.common import PageArgs, StrictSchema, Timestamp, envelope

RELATIONS = ("origin", "copy", "rewrite", "update")
COLLAPSE = fields.String(validate=validate.OneOf(["story"]), metadata={
    "description": "`story`: each story once, by its origin (the copies, rewrites and "
                   "updates of a story are left out; articles in no story count alone)."})
COLLAPSE_COUNTS = fields.String(validate=validate.OneOf(["story"]), metadata={
    "description": "`story`: `article_count` counts the stories naming the entity, each "
                   "once, whichever of its members name it (articles in no story count "
                   "alone); most stories first."})


class MemberSchema(ma.Schema):
    id = fields.String(required=True)
    headline = fields.String(required=True, allow_none=True)
    published = fields.Date(required=True, allow_none=True)
    source_url = fields.String(required=True, allow_none=True)
    relation = fields.String(required=True, validate=validate.OneOf(RELATIONS), metadata={
        "description": "How the member relates to the story's origin."})
    similarity = fields.Float(required=True, metadata={
        "description": "Estimated Jaccard similarity of its body's word shingles with the "
                       "origin's (MinHash), from 0 to 1."})
    links = fields.Method("_links", required=True)

    def _links(self, member: dict) -> dict:
        base = f"/v1/articles/{member['id']}"
        return {"self": base, "changes": f"{base}/changes"}


class StorySchema(ma.Schema):
    id = fields.Integer(required=True)
    created_at = Timestamp(required=True)
    member_count = fields.Integer(required=True)
    origin = fields.Nested(MemberSchema, required=True, allow_none=True, metadata={
        "description": "The member the others derive from: an agency's own copy contained "
                       "in the others, else the earliest published."})
    members = fields.List(fields.Nested(MemberSchema), required=True,
                          metadata={"description": "Origin first, then by publication."})


class StoryArgs(PageArgs):
    min_members = fields.Integer(load_default=1, validate=validate.Range(min=1, max=1000),
                                 metadata={"description": "Only stories of at least this "
                                                          "many members."})


class StoryParagraphSchema(ma.Schema):
    index = fields.Integer(required=True)
    start = fields.Integer(required=True)
    end = fields.Integer(required=True)
    text = fields.String(required=True)


class ParagraphChangeSchema(ma.Schema):
    change = fields.String(required=True,
                           validate=validate.OneOf(["added", "removed", "edited", "moved"]))
    before = fields.Nested(StoryParagraphSchema, required=True, allow_none=True,
                           metadata={"description": "In the article compared against."})
    after = fields.Nested(StoryParagraphSchema, required=True, allow_none=True,
                          metadata={"description": "In this article."})


class ItemChangeSchema(ma.Schema):
    change = fields.String(required=True, metadata={
        "description": "Figures: `added`, `removed` or `changed` (matched by kind, unit and "
                       "what they measure); quotes: `added`, `cut` or `altered` (matched "
                       "by speaker and text)."})
    before = fields.Dict(required=True, allow_none=True)
    after = fields.Dict(required=True, allow_none=True)


class HeadlineChangeSchema(ma.Schema):
    before = fields.String(required=True, allow_none=True)
    after = fields.String(required=True, allow_none=True)


class EntityRefSchema(ma.Schema):
    key = fields.String(required=True)
    name = fields.String(required=True)
    type = fields.String(required=True)


class ChangesSchema(ma.Schema):
    article_id = fields.String(required=True, attribute="after_id")
    against = fields.String(required=True, attribute="before_id")
    headline = fields.Nested(HeadlineChangeSchema, required=True, allow_none=True)
    paragraphs = fields.List(fields.Nested(ParagraphChangeSchema), required=True)
    figures = fields.List(fields.Nested(ItemChangeSchema), required=True)
    quotes = fields.List(fields.Nested(ItemChangeSchema), required=True)
    entities_added = fields.List(fields.Nested(EntityRefSchema), required=True)
    entities_dropped = fields.List(fields.Nested(EntityRefSchema), required=True)


class ChangesArgs(StrictSchema):
    against = fields.String(validate=validate.Length(min=1, max=200), metadata={
        "description": "The article compared against (default: the story's origin)."})


StoryListSchema = envelope(StorySchema, "StoryListSchema")
MemberListSchema = envelope(MemberSchema, "MemberListSchema")

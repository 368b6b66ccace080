"""Named entities, per article and across the archive."""

import marshmallow as ma
from marshmallow import fields, validate

from schemas import stories
from schemas.common import Links, OffsetsArgs, PageArgs, envelope

ENTITY_TYPES = ["PERSON", "ORGANIZATION", "LOCATION", "GROUP", "EVENT", "LAW", "WORK",
                "PRODUCT", "OTHER"]


CONFIDENCE = ("How likely this is right (0-1): the name's span and its type, estimated from "
              "held-out data; docs/model.md gives its calibration per data set.")


class MentionSchema(ma.Schema):
    """One occurrence of the name: the name as a name ("Bank of Japan" in "the Bank of
    Japan"; a "The" that is part of the name, as in "The Hague", stays in). Titles and roles
    are descriptions of the person, never part of a PERSON mention."""

    start = fields.Integer(required=True)
    end = fields.Integer(required=True)
    text = fields.String(required=True)
    type = fields.String(
        validate=validate.OneOf(ENTITY_TYPES),
        metadata={"description": "How this mention uses the name: the entity's type, except "
                  "for a place acting as an organization (a government that announces, "
                  "a club that wins), which is ORGANIZATION here while the entity stays a "
                  "LOCATION."})
    section = fields.Integer(required=True, allow_none=True)
    paragraph = fields.Integer(required=True, allow_none=True)
    confidence = fields.Float(metadata={"description": CONFIDENCE})


class CoordinatesSchema(ma.Schema):
    lat = fields.Float(required=True, metadata={"description": "Latitude, WGS 84 degrees."})
    lon = fields.Float(required=True, metadata={"description": "Longitude, WGS 84 degrees."})


class EntitySchema(ma.Schema):
    """One thing the article names, all its mentions merged. ``salience`` (0-1, adding up
    to 1 over the article) is higher for what the headline and lead name, what the clauses
    are about and what comes back often; people weigh most, nationality adjectives least."""

    id = fields.String(required=True)
    name = fields.String(required=True)
    type = fields.String(required=True, validate=validate.OneOf(ENTITY_TYPES))
    salience = fields.Float(required=True)
    confidence = fields.Float(metadata={
        "description": "How likely the entity's type is right (0-1, estimated from held-out "
                       "data; see docs/model.md), from all its mentions."})
    aliases = fields.List(fields.String(), required=True)
    descriptions = fields.List(fields.String(), required=True)
    mention_count = fields.Integer(required=True)
    mentions = fields.List(fields.Nested(MentionSchema), required=True)
    country_code = fields.String(
        allow_none=True,
        metadata={"description": "ISO 3166-1 alpha-2 code of a country (LOCATION), e.g. "
                  "\"BY\"; null for anything else."})
    geonames_id = fields.Integer(
        allow_none=True,
        metadata={"description": "GeoNames id of a country or of a city (LOCATION) the "
                  "gazetteer knows (cities of 15,000 people or more; the most populous of "
                  "that name); null otherwise."})
    coordinates = fields.Nested(
        CoordinatesSchema, allow_none=True,
        metadata={"description": "Latitude and longitude of a city; null otherwise."})


class EntityArgs(PageArgs, OffsetsArgs):
    type = fields.String(validate=validate.OneOf(ENTITY_TYPES))
    min_salience = fields.Float(validate=validate.Range(min=0, max=1))
    min_confidence = fields.Float(
        validate=validate.Range(min=0, max=1),
        metadata={"description": "Only entities whose confidence is at least this."})


class EntityTotalSchema(ma.Schema):
    key = fields.String(required=True)
    name = fields.String(required=True)
    type = fields.String(required=True)
    aliases = fields.List(fields.String(), required=True)
    article_count = fields.Integer(required=True)
    mention_count = fields.Integer(required=True)
    links = Links(lambda total: {"articles": f"/v1/entities/{total['key']}/articles"},
                  required=True)
    country_code = fields.String(allow_none=True, metadata={
        "description": "ISO 3166-1 alpha-2 code of a country; null for anything else."})
    geonames_id = fields.Integer(allow_none=True, metadata={
        "description": "GeoNames id of a country or a city the gazetteer knows; null otherwise."})
    coordinates = fields.Nested(CoordinatesSchema, allow_none=True, metadata={
        "description": "Latitude and longitude of a city; null otherwise."})


class ArchiveEntityArgs(PageArgs):
    q = fields.String(validate=validate.Length(min=1, max=200),
                      metadata={"description": "Prefix of a name or alias (case-insensitive)."})
    type = fields.String(validate=validate.OneOf(ENTITY_TYPES))
    collapse = stories.COLLAPSE_COUNTS


EntityListSchema = envelope(EntitySchema, "EntityListSchema")
EntityTotalListSchema = envelope(EntityTotalSchema, "EntityTotalListSchema")

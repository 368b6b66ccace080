"""Key figures: normalized numbers with unit, qualifier, change, period and subject."""

import marshmallow as ma
from marshmallow import fields, validate

from schemas import stories
from schemas.common import Number, OffsetsArgs, PageArgs, envelope, placed_in_text

KINDS = ["money", "percent", "count", "quantity", "score"]
QUALIFIERS = ["more_than", "less_than", "about", "at_least", "at_most", "up_to"]


class PeriodSchema(ma.Schema):
    label = fields.String(required=True)
    start = fields.String(required=True, allow_none=True)
    end = fields.String(required=True, allow_none=True)


@placed_in_text
class FigureSchema(ma.Schema):
    id = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    text = fields.String(required=True)
    value = Number(required=True)
    value_max = Number(required=True, allow_none=True,
                       metadata={"description": "The high end of a range; for a score, the "
                                                "second side as written (4 and 1 in "
                                                "\"won 4-1\")."})
    unit = fields.String(required=True, allow_none=True)
    qualifier = fields.String(required=True, allow_none=True,
                              validate=validate.OneOf(QUALIFIERS))
    change = fields.String(required=True, allow_none=True,
                           validate=validate.OneOf(["increase", "decrease"]))
    of = fields.String(required=True, allow_none=True)
    period = fields.Nested(PeriodSchema, required=True, allow_none=True)
    compared_with = fields.Nested(PeriodSchema, required=True, allow_none=True)
    equivalent_of = fields.String(required=True, allow_none=True)
    entities = fields.List(fields.String(), required=True,
                           metadata={"description": "Ids of the entities named in the "
                                                    "figure's sentence, outside the "
                                                    "dateline."})


class ArchiveFigureSchema(FigureSchema):
    article_id = fields.String(required=True)


class FigureArgs(PageArgs, OffsetsArgs):
    kind = fields.String(validate=validate.OneOf(KINDS))


class ArchiveFigureArgs(PageArgs):
    kind = fields.String(validate=validate.OneOf(KINDS))
    unit = fields.String(validate=validate.Length(min=1, max=40))
    min_value = fields.Float(allow_nan=False)
    max_value = fields.Float(allow_nan=False)
    entity = fields.String(validate=validate.Length(min=1, max=200),
                           metadata={"description": "Name or alias of an entity named in "
                                                    "the figure's sentence."})
    collapse = stories.COLLAPSE


FigureListSchema = envelope(FigureSchema, "FigureListSchema")
ArchiveFigureListSchema = envelope(ArchiveFigureSchema, "ArchiveFigureListSchema")

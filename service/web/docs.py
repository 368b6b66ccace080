"""OpenAPI fragments the schemas cannot express: multi-type bodies and problem responses."""

from __future__ import annotations

from http import HTTPStatus

from schemas.article import TEXT_PATTERN, ArticleIngestSchema, ArticleInputSchema
from schemas.common import ProblemSchema

_TEXT = {"type": "string", "minLength": 1, "pattern": TEXT_PATTERN}


def _body(json_schema) -> dict:
    return {
        "required": True,
        "content": {
            "text/plain": {"schema": _TEXT,
                           "example": "MOSCOW, May 17. /TASS/. Russian Foreign Minister ..."},
            "text/html": {"schema": _TEXT},
            "application/json": {"schema": json_schema},
        },
    }


ARTICLE_BODY = _body(ArticleIngestSchema)
ANALYZE_BODY = _body(ArticleInputSchema)


def problems(*statuses: int) -> dict:
    return {
        status: {
            "description": HTTPStatus(status).phrase,
            "content": {"application/problem+json": {"schema": ProblemSchema}},
        }
        for status in statuses
    }

"""OpenAPI fragments the schemas cannot express: multi-type bodies and problem responses."""

from __future__ import annotations

from http import HTTPStatus

from schemas.article import ArticleInputSchema
from schemas.common import ProblemSchema

ARTICLE_BODY = {
    "required": True,
    "content": {
        "text/plain": {"schema": {"type": "string", "minLength": 1},
                       "example": "MOSCOW, May 17. /TASS/. Russian Foreign Minister ..."},
        "text/html": {"schema": {"type": "string", "minLength": 1}},
        "application/json": {"schema": ArticleInputSchema},
    },
}


def problems(*statuses: int) -> dict:
    """Documented problem+json responses for the given statuses."""
    return {
        status: {
            "description": HTTPStatus(status).phrase,
            "content": {"application/problem+json": {"schema": ProblemSchema}},
        }
        for status in statuses
    }

"""The representations of one article besides its JSON: Markdown, HTML, schema.org
JSON-LD and IPTC ninjs (``service/formats``), chosen per request by ``?format=`` or
``Accept``. The article views take part with one decorator and one call:

    @offers_formats                      (or ``@blp.article(..., formats=True)``)
    def get(...):
        return represent(document, lambda: <the JSON answer or its data>, stored=True)

For JSON, ``represent`` returns what ``json_answer`` does: data that ``@blp.response``
dumps through the view's schema, or a finished answer; any other format is rendered here.

The choice is made before the view does any work: nothing acceptable is a 406 problem
listing the media types offered, an unknown ``?format=`` or ``?annotate=`` a 422. Every
answer says ``Vary: Accept``; each representation has its own bytes, so its own strong
ETag, and ``If-None-Match`` answers 304 for each (``service/web/representation.py``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from http import HTTPStatus

from flask import Response, g, request
from flask_smorest import Blueprint

from schemas.common import ProblemSchema
from service.formats import FORMATS, Format, Links
from service.formats.negotiate import NotAcceptable, UnknownFormat, choose
from service.web import representation as wire
from service.web.errors import Problem, ValidationProblem

ANNOTATIONS = ("entities",)
FORMAT_NAMES = tuple(each.name for each in FORMATS)
_DESCRIPTIONS = {
    "markdown": "The article as Markdown (CommonMark).",
    "html": "The article as one clean, sanitized HTML `<article>`.",
    "jsonld": "A schema.org `NewsArticle` (JSON-LD).",
    "ninjs": "An IPTC ninjs 3.1 news item.",
}


# The query parameters, for a view whose argument schema does not declare them.
QUERY_PARAMETERS = [
    {"in": "query", "name": "format", "required": False,
     "schema": {"type": "string", "enum": list(FORMAT_NAMES)},
     "description": "The representation, instead of `Accept`: `json` (the default), "
                    "`markdown`, `html`, `jsonld` (schema.org) or `ninjs` (IPTC)."},
    {"in": "query", "name": "annotate", "required": False,
     "schema": {"type": "string", "enum": list(ANNOTATIONS)},
     "description": "`entities`: mark each entity mention (Markdown: a link to the "
                    "entity, for a stored article; HTML and ninjs: a `<span "
                    "data-entity-id data-type>`)."},
]
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]")


def _document_formats(view, query: bool):
    """The media types of the 200 answer and the 406 problem, in the OpenAPI document."""
    content = {each.media_type: {"schema": {"type": "object" if "json" in each.media_type
                                            else "string",
                                            "description": _DESCRIPTIONS[each.name]}}
               for each in FORMATS if each.render is not None}
    doc = {"responses": {
        200: {"content": content},
        406: {"description": HTTPStatus(406).phrase,
              "content": {"application/problem+json": {"schema": ProblemSchema}}},
    }}
    if query:
        doc["parameters"] = QUERY_PARAMETERS
    return Blueprint.doc(**doc)(view)


def offers_formats(view=None, *, document_query: bool = False):
    """Decorator of a view answering one article: it picks the representation first.
    ``document_query``: add ``format`` and ``annotate`` to the view's documented query
    parameters (for a view without an argument schema declaring them)."""
    if view is None:
        return functools.partial(offers_formats, document_query=document_query)

    @functools.wraps(view)
    def negotiated(*args, **kwargs):
        g.representation = _chosen()
        response = view(*args, **kwargs)
        if "Vary" in response.headers:
            response.vary.add("Accept")
        else:  # most answers: one header added, none parsed
            response.headers.add("Vary", "Accept")
        return response

    return _document_formats(negotiated, document_query)


def _chosen() -> Format:
    current = request._get_current_object()
    args = current.args if current.query_string else {}  # most reads have no query
    annotate = args.get("annotate")
    if annotate is not None and annotate not in ANNOTATIONS:
        raise ValidationProblem({"annotate": [f"Must be one of: {', '.join(ANNOTATIONS)}."]})
    try:
        return _choose(current.headers.get("Accept"), args.get("format"))
    except UnknownFormat as exc:
        raise ValidationProblem({"format": [f"Must be one of: {', '.join(exc.available)}."]}
                                ) from exc
    except NotAcceptable as exc:
        raise Problem(406, "None of the representations of an article is acceptable: ask "
                      "for one of the available media types (Accept) or name one with "
                      f"?format= ({', '.join(FORMAT_NAMES)}).", headers={"Vary": "Accept"},
                      extra={"available": exc.available}) from exc


@functools.lru_cache(maxsize=256)
def _choose(accept: str | None, name: str | None) -> Format:
    """The representation for an ``Accept`` value and a ``?format=``: each distinct pair
    is parsed once (clients send a few values again and again)."""
    return choose(FORMATS, accept, name)


def represent(document: dict, json_answer: Callable[[], object], *, stored: bool):
    """The chosen representation of ``document``: ``json_answer()`` for JSON (data for the
    schema to dump, or a response), else the rendering, with links to the API for a
    ``stored`` article."""
    chosen: Format = g.representation
    if chosen.render is None:
        return json_answer()
    links = Links(request.host_url.rstrip("/") + wire.article_links(document["id"])["self"]
                  if stored else None)
    body = chosen.render(document, links, annotate=request.args.get("annotate") == "entities")
    response = Response(body, content_type=chosen.content_type)
    name = _SAFE_NAME.sub("_", document["id"])
    response.headers["Content-Disposition"] = f'inline; filename="{name}.{chosen.extension}"'
    return response

"""Response helpers shared by the views: JSON bytes, envelopes, offsets, request bodies."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote, urlencode

import orjson
from flask import Response, request
from marshmallow import ValidationError

from schemas.article import ArticleInputSchema
from service.errors import Problem, ValidationProblem
from service.nlp.offsets import convert_offsets, utf16_table
from service.nlp.pipeline import Request
from service.store.repository import Listing

_input_schema = ArticleInputSchema()


def json_response(data, status: int = 200, headers: dict | None = None) -> Response:
    response = Response(orjson.dumps(data), status=status, mimetype="application/json")
    if headers:
        response.headers.update(headers)
    return response


def with_offsets(data, text: str, mode: str):
    """``data`` with offsets in the unit the client asked for."""
    return convert_offsets(data, utf16_table(text)) if mode == "utf16" else data


def paged(listing: Listing, page: int, per_page: int) -> Response:
    """A list envelope with an RFC 8288 ``Link`` header.

    ``total`` counts the list up to a limit; ``total_exact`` is false when there are more
    (``total`` is then a lower bound, and there is no ``last`` link).
    """
    body = {"items": listing.items, "page": page, "per_page": per_page,
            "total": listing.total, "total_exact": listing.total_exact}
    return json_response(body, headers={"Link": _links(page, per_page, listing.total,
                                                       listing.total_exact)})


def page_slice(items: list, args: dict) -> Response:
    """Paginate a list held in memory."""
    page, per_page = args["page"], args["per_page"]
    start = (page - 1) * per_page
    return paged(Listing(items[start:start + per_page], len(items)), page, per_page)


def _links(page: int, per_page: int, total: int, exact: bool = True) -> str:
    # A lower bound means at least one item after the first ``total``.
    known = total if exact else total + 1
    last = max(1, -(-known // per_page))
    params = {k: v for k, v in request.args.items() if k not in {"page", "per_page"}}

    def url(number: int) -> str:
        # Percent-encoded: raw filter values may hold anything, newlines included.
        query = urlencode({**params, "page": number, "per_page": per_page})
        return f"<{quote(request.path)}?{query}>"

    links = [f'{url(1)}; rel="first"']
    if page > 1:
        links.append(f'{url(min(page - 1, last))}; rel="prev"')
    if page < last:
        links.append(f'{url(page + 1)}; rel="next"')
    if exact:
        links.append(f'{url(last)}; rel="last"')
    return ", ".join(links)


def article_request() -> Request:
    """The article in the request body: text/plain, text/html or JSON."""
    mimetype = request.mimetype
    if mimetype in {"text/plain", "text/html"}:
        text = _decoded_body()
        fmt = "html" if mimetype == "text/html" else "text"
        if not text.strip():
            raise ValidationProblem({"text": ["text is empty"]})
        return Request(text=text, format=fmt, published=_published_param())
    if mimetype == "application/json" or mimetype.endswith("+json"):
        return _json_request()
    raise Problem(415, "Send the article as text/plain, text/html or application/json.")


def _decoded_body() -> str:
    raw = request.get_data(cache=False)
    charset = request.mimetype_params.get("charset", "utf-8")
    try:
        text = raw.decode(charset)
    except (LookupError, UnicodeDecodeError) as exc:
        raise Problem(400, f"The body is not valid {charset} text.") from exc
    if "\x00" in text:
        raise ValidationProblem({"text": ["text contains NUL characters"]})
    return text


def _json_request() -> Request:
    try:
        payload = orjson.loads(request.get_data(cache=False))
    except orjson.JSONDecodeError as exc:
        raise Problem(400, f"The body is not valid JSON: {exc.msg}.") from exc
    if not isinstance(payload, dict):
        raise ValidationProblem({"_schema": ["the body must be a JSON object"]})
    try:
        data = _input_schema.load(payload)
    except ValidationError as exc:
        raise ValidationProblem(_messages(exc.messages)) from exc
    if not data["text"].strip():
        raise ValidationProblem({"text": ["text is empty"]})
    if "\x00" in data["text"]:
        raise ValidationProblem({"text": ["text contains NUL characters"]})
    return Request(text=data["text"], format=data["format"], published=data["published"],
                   source_url=data["source_url"])


def _published_param() -> dt.date | None:
    value = request.args.get("published")
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ValidationProblem({"published": ["Not a valid date."]}) from exc


def _messages(messages) -> dict[str, list[str]]:
    if isinstance(messages, dict):
        return {str(k): v if isinstance(v, list) else [str(v)] for k, v in messages.items()}
    return {"_schema": [str(m) for m in messages]}

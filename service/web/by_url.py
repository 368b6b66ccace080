"""Articles given by URL in ``POST /v1/articles`` and ``POST /v1/analyze``: a JSON body
``{"url": ...}`` is fetched by the service; any other body is read as before."""

from __future__ import annotations

import io

import orjson
from flask import current_app, request
from marshmallow import ValidationError

from schemas.sources import UrlInputSchema
from service import articles
from service.extensions import analyzer, store
from service.fetch import ingest as fetching
from service.web.common import article_request, read_body
from service.web.docs import ANALYZE_BODY, ARTICLE_BODY
from service.web.errors import ValidationProblem

_url_schema = UrlInputSchema()


def url_request() -> dict | None:
    """The loaded ``{"url", "published"}`` of a JSON body naming a URL (and no text), else
    None, the body left to be read again by the article reader."""
    if not (request.mimetype == "application/json" or request.mimetype.endswith("+json")):
        return None
    config = current_app.config
    raw = read_body(max(config["MAX_HTML_BODY_BYTES"], config["MAX_CONTENT_LENGTH"]))
    try:
        payload = orjson.loads(raw)
    except orjson.JSONDecodeError:
        payload = None
    if isinstance(payload, dict) and "url" in payload and "text" not in payload:
        try:
            return _url_schema.load(payload)
        except ValidationError as exc:
            raise ValidationProblem({str(k): v for k, v in exc.messages.items()}) from exc
    # Not a URL: the article reader reads the same bytes.
    request.environ["wsgi.input"] = io.BytesIO(raw)
    request.environ["CONTENT_LENGTH"] = str(len(raw))
    request.environ.pop("HTTP_TRANSFER_ENCODING", None)
    request.environ["wsgi.input_terminated"] = False
    return None


def ingest(min_free_bytes: int) -> tuple[dict, bool]:
    """The article of the request, stored (or found stored), and whether it is new."""
    if (target := url_request()) is not None:
        return fetching.ingest_url(store.current, analyzer.current, _fetcher(), target["url"],
                                   published=target["published"],
                                   min_free_bytes=min_free_bytes)
    return articles.ingest(store.current, analyzer.current, article_request, min_free_bytes)


def analyze() -> dict:
    """The analysis of the request's article, or of the page at its URL."""
    if (target := url_request()) is not None:
        return fetching.analyze_url(analyzer.current, _fetcher(), target["url"],
                                    target["published"])
    return articles.analyze(analyzer.current, article_request)


def _fetcher():
    return current_app.extensions["fetcher"]


def _with_url(body: dict) -> dict:
    json_body = body["content"]["application/json"]
    return {**body, "content": {**body["content"], "application/json": {
        **json_body, "schema": {"oneOf": [json_body["schema"], UrlInputSchema]}}}}


ARTICLE_OR_URL_BODY = _with_url(ARTICLE_BODY)
ANALYZE_OR_URL_BODY = _with_url(ANALYZE_BODY)

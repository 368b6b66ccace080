"""The one place that turns exceptions into RFC 9457 problem details."""

from __future__ import annotations

import logging
from collections.abc import Callable
from http import HTTPStatus

import orjson
from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

from service import errors as domain
from service.analysis.runner import AnalysisCrashed, AnalysisOverrun
from service.feeds.sources import SourceNotFound
from service.fetch.errors import FetchRefused, UpstreamError, UpstreamTimeout
from service.nlp.pipeline import InvalidText
from service.store.engine import UNAVAILABLE_ERRORS, first_line, is_unavailable

log = logging.getLogger(__name__)

PROBLEM_TYPE = "about:blank"
PROBLEM_MIMETYPE = "application/problem+json"
STORE_RETRY_AFTER = 10  # seconds
CRASH_RETRY_AFTER = 5  # seconds


class Problem(Exception):
    def __init__(self, status: int, detail: str, *, errors: dict | None = None,
                 headers: dict | None = None, extra: dict | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors
        self.headers = headers or {}
        self.extra = extra or {}

    def to_problem(self) -> dict:
        body = {"type": PROBLEM_TYPE, "title": HTTPStatus(self.status).phrase,
                "status": self.status, "detail": self.detail, "instance": request.path}
        if self.errors:
            body["errors"] = self.errors
        return {**body, **self.extra}


class ValidationProblem(Problem):
    def __init__(self, errors: dict[str, list[str]], detail: str = "The request is invalid."):
        super().__init__(422, detail, errors=errors)


def problem_response(problem: Problem) -> Response:
    response = Response(orjson.dumps(problem.to_problem()), status=problem.status,
                        mimetype=PROBLEM_MIMETYPE)
    response.headers.update(problem.headers)
    return response


def _flatten(messages) -> dict[str, list[str]]:
    """webargs' ``{location: {field: [msg]}}`` as ``{field: [msg]}``."""
    flat: dict[str, list[str]] = {}

    def walk(prefix: str, value) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), inner)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            flat.setdefault(prefix or "_schema", []).extend(value)
        else:
            flat.setdefault(prefix or "_schema", []).append(str(value))

    for location, fields in (messages or {}).items():
        walk("" if location in {"json", "query", "querystring", "form", "view_args"}
             else location, fields)
    return flat


DETAILS = {
    400: "The request body could not be parsed.",
    404: "No resource at this address.",
    405: "This method is not allowed on this resource.",
    413: "The request body is larger than the service accepts.",
    415: "This media type is not supported here.",
    422: "The request is invalid.",
}


def handle_http_exception(error: HTTPException) -> Response:
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    errors = _flatten(data["messages"]) if "messages" in data else None
    detail = DETAILS.get(status) or error.description or HTTPStatus(status).phrase
    problem = Problem(status, detail, errors=errors)
    if status == 405 and getattr(error, "valid_methods", None):
        problem.headers["Allow"] = ", ".join(error.valid_methods)
    return problem_response(problem)


def handle_store_unavailable(error: Exception) -> Response:
    """The store is down, read-only or full: 503, and one log line, not a traceback."""
    if not is_unavailable(error):
        return handle_unexpected(error)
    log.warning("store unavailable on %s %s: %s", request.method, request.path,
                first_line(error))
    return problem_response(Problem(
        503, "The article store is unavailable (unreachable, read-only or full); retry "
             "later.", headers={"Retry-After": str(STORE_RETRY_AFTER)}))


def handle_unexpected(error: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.path)
    return problem_response(Problem(500, "The service failed to answer this request."))


def handle_bad_framing(error: Exception) -> Response:
    """A body whose chunked framing cannot be parsed: 400, and the connection is closed,
    since where the next request starts on it is unknown."""
    from service.web.common import close_connection

    close_connection()
    log.info("malformed body framing on %s %s: %s", request.method, request.path,
             type(error).__name__)
    return problem_response(Problem(
        400, "The request body's framing is malformed (its chunked transfer coding "
             "cannot be parsed); the connection is closed.",
        headers={"Connection": "close"}))


def _framing_errors() -> tuple[type[Exception], ...]:
    try:
        from gunicorn.http.errors import NoMoreData, ParseException
    except ImportError:  # served by another server
        return ()
    return (ParseException, NoMoreData)  # NoMoreData: a chunked body cut short


def _status(status: int) -> Callable[[Exception], Problem]:
    return lambda error: Problem(status, str(error))


def _with_reason(status: int) -> Callable[[Exception], Problem]:
    return lambda error: Problem(status, str(error), extra={"reason": error.reason})


DOMAIN_PROBLEMS: dict[type[Exception], Callable[[Exception], Problem]] = {
    domain.ArticleNotFound: _status(404),
    domain.ItemNotFound: _status(404),
    domain.JobNotFound: _status(404),
    domain.JobEnded: _status(409),
    domain.PublishedConflict: lambda error: Problem(
        409, str(error), extra={"id": error.article_id, "published": error.stored}),
    domain.UnsupportedUpload: _status(415),
    domain.UploadTooLarge: _status(413),
    domain.JobTooLong: lambda error: Problem(413, str(error),
                                             extra={"max_lines": error.max_lines}),
    domain.MalformedUpload: _status(400),
    domain.InvalidInput: lambda error: Problem(422, str(error), errors=error.errors),
    InvalidText: lambda error: ValidationProblem({error.field: [str(error)]}),
    domain.AnalysisBusy: lambda error: Problem(
        503, str(error), headers={"Retry-After": str(error.retry_after)}),
    AnalysisOverrun: lambda error: Problem(
        422, f"The analysis took longer than {error.seconds:g} s and was stopped: this text "
             "cannot be analyzed within the time limit."),
    AnalysisCrashed: lambda _error: Problem(
        503, "The analysis process stopped during this analysis; retry later.",
        headers={"Retry-After": str(CRASH_RETRY_AFTER)}),
    # Fetching by URL and monitored sources: a refusal names its reason.
    FetchRefused: _with_reason(422),
    UpstreamError: _with_reason(502),
    UpstreamTimeout: _with_reason(504),
    SourceNotFound: _status(404),
}


def handle_domain_error(error: Exception) -> Response:
    render = next(DOMAIN_PROBLEMS[kind] for kind in type(error).__mro__
                  if kind in DOMAIN_PROBLEMS)
    return problem_response(render(error))


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(Problem, problem_response)
    for kind in DOMAIN_PROBLEMS:
        app.register_error_handler(kind, handle_domain_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    for error in _framing_errors():
        app.register_error_handler(error, handle_bad_framing)
    for error in UNAVAILABLE_ERRORS:
        app.register_error_handler(error, handle_store_unavailable)
    app.register_error_handler(Exception, handle_unexpected)

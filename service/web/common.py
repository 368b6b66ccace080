"""Request helpers shared by the views: bodies, the article in a request, control characters."""

from __future__ import annotations

import codecs
import datetime as dt
import re

import orjson
from apispec import BasePlugin
from flask import current_app, request
from marshmallow import ValidationError
from werkzeug.wsgi import get_input_stream

from schemas.article import ArticleInputSchema
from schemas.common import SANE_DATE
from service.nlp.pipeline import Request
from service.web.errors import DETAILS, Problem, ValidationProblem

_input_schema = ArticleInputSchema()
# The charsets a text body may be sent in (names as Python's codecs normalize them).
CHARSETS = frozenset({"utf-8", "ascii", "iso8859-1", "cp1252", "utf-16", "utf-16-le",
                      "utf-16-be"})
_CHUNK = 64 * 1024
CUT_BODY = ("The body ended before the length its Content-Length header declares: nothing "
            "was stored.")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def read_body(limit: int) -> bytes:
    """The whole request body, or a 413 problem when it is longer than ``limit`` bytes:
    never a part of it, whether its length was announced or it came in chunks.

    A body refused is read on and discarded up to ``BODY_DRAIN_BYTES``, so that a client
    still sending it reads the answer instead of finding the connection closed.
    """
    length = request.content_length
    # The announced length, or the whole chunked body (the server ends the stream).
    stream = get_input_stream(request.environ, safe_fallback=True, max_content_length=None)
    if length is not None and length > limit:
        _discard(stream)
        raise Problem(413, DETAILS[413])
    chunks, size = [], 0
    while chunk := stream.read(_CHUNK):
        size += len(chunk)
        if size > limit:
            _discard(stream)
            raise Problem(413, DETAILS[413])
        chunks.append(chunk)
    if length is not None and size < length:
        raise Problem(400, CUT_BODY)
    return b"".join(chunks)


class DeclaredLength:
    """A request body stream that raises a 400 problem when it ends before its declared
    ``Content-Length`` (the client went away): a cut upload must fail, not pass as whole.
    gunicorn's body reader ends such a stream as if it were complete."""

    def __init__(self, stream, length: int | None) -> None:
        self._stream = stream
        self._left = length

    def read(self, size: int = -1) -> bytes:
        chunk = self._stream.read(size)
        if self._left is not None:
            self._left -= len(chunk)
            if not chunk and size != 0 and self._left > 0:
                raise Problem(400, CUT_BODY)
        return chunk


def upload_stream():
    """The request body as a stream, checked against its declared length."""
    return DeclaredLength(request.stream, request.content_length)


def _discard(stream) -> None:
    left = current_app.config["BODY_DRAIN_BYTES"]
    while left > 0 and (chunk := stream.read(min(_CHUNK, left))):
        left -= len(chunk)


def article_request() -> Request:
    """The article in the request body: text/plain, text/html or JSON."""
    mimetype = request.mimetype
    if mimetype in {"text/plain", "text/html"}:
        text = _decoded_body(mimetype)
        fmt = "html" if mimetype == "text/html" else "text"
        if not text.strip():
            raise ValidationProblem({"text": ["text is empty"]})
        return Request(text=text, format=fmt, published=_published_param())
    if mimetype == "application/json" or mimetype.endswith("+json"):
        return _json_request()
    raise Problem(415, "Send the article as text/plain, text/html or application/json.")


def _decoded_body(mimetype: str) -> str:
    config = current_app.config
    raw = read_body(config["MAX_HTML_BODY_BYTES"] if mimetype == "text/html"
                    else config["MAX_CONTENT_LENGTH"])
    charset = request.mimetype_params.get("charset", "utf-8")
    try:
        codec = codecs.lookup(charset).name
    except LookupError:
        codec = None
    if codec not in CHARSETS:
        raise Problem(415, "The body's charset is not one the service reads: send utf-8 "
                           "(or us-ascii, iso-8859-1, windows-1252, utf-16).")
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError as exc:
        raise Problem(400, f"The body is not valid {charset} text.") from exc
    if "\x00" in text:
        raise ValidationProblem({"text": ["text contains NUL characters"]})
    return text


def _json_request() -> Request:
    # A JSON body may carry an HTML page: its format is known once it is read.
    config = current_app.config
    raw = read_body(max(config["MAX_HTML_BODY_BYTES"], config["MAX_CONTENT_LENGTH"]))
    try:
        payload = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise Problem(400, f"The body is not valid JSON: {exc.msg}.") from exc
    if not isinstance(payload, dict):
        raise ValidationProblem({"_schema": ["the body must be a JSON object"]})
    if payload.get("format") != "html" and len(raw) > config["MAX_CONTENT_LENGTH"]:
        raise Problem(413, DETAILS[413])
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
        return SANE_DATE(dt.date.fromisoformat(value))
    except ValueError as exc:
        raise ValidationProblem({"published": ["Not a valid date."]}) from exc
    except ValidationError as exc:
        raise ValidationProblem({"published": exc.messages}) from exc


def refuse_unreadable_bodies() -> None:
    """before_request: a body the service cannot read as sent is a 415 problem before any
    view reads it: one in a content coding other than identity (RFC 9110 15.5.16: the
    answer names the codings taken in Accept-Encoding), or JSON in a charset other than
    UTF-8 (RFC 8259 8.1)."""
    environ = request.environ
    if "HTTP_CONTENT_ENCODING" not in environ and not environ.get("CONTENT_TYPE"):
        return  # nothing to judge: most reads
    codings = [c.strip().lower() for c in request.headers.get("Content-Encoding", "").split(",")]
    if any(coding not in ("", "identity") for coding in codings):
        raise Problem(415, "The body is sent in a content coding the service does not "
                           "decode: send it unencoded (identity).",
                      headers={"Accept-Encoding": "identity"})
    mimetype = request.mimetype
    if mimetype == "application/json" or mimetype.endswith("+json"):
        charset = request.mimetype_params.get("charset")
        try:
            codec = codecs.lookup(charset).name if charset is not None else "utf-8"
        except LookupError:
            codec = None
        if codec != "utf-8":
            raise Problem(415, "A JSON body must be UTF-8 (RFC 8259): send it as "
                               "application/json or application/json; charset=utf-8.")


def close_connection() -> None:
    """Have the server close this request's connection after its answer: where the body
    ends is not known, so the next request on it cannot be found (gunicorn: the request's
    ``must_close``; other servers close on their own after a framing error)."""
    reader = getattr(request.environ.get("wsgi.input"), "reader", None)
    server_request = getattr(reader, "req", None)
    if server_request is not None:
        server_request.must_close = True


def refuse_control_characters() -> None:
    """before_request: a path or query parameter holding a control character (NUL, a line
    break, ...) is a 422 problem, before any view or database sees it."""
    errors = {}
    if _CONTROL.search(request.path):
        errors["path"] = ["the path may not hold control characters"]
    # Most reads have no query string, so no parameters to parse.
    for name, value in request.args.items(multi=True) if request.query_string else ():
        if _CONTROL.search(name) or _CONTROL.search(value):
            errors[_CONTROL.sub("?", name)] = ["may not hold control characters"]
    if errors:
        raise ValidationProblem(errors)


# What refuse_control_characters lets through, as the OpenAPI document says it.
NO_CONTROL_CHARACTERS = "^[^\\x00-\\x1f\\x7f-\\x9f]*$"


class ControlCharacterDocPlugin(BasePlugin):
    """Documents on every string parameter (path and query) that control characters are
    refused, so that clients and generated tests know it from the document."""

    def _mark(self, parameters) -> None:
        for parameter in parameters or ():
            schema = parameter.get("schema") if isinstance(parameter, dict) else None
            if isinstance(schema, dict) and schema.get("type") == "string" \
                    and "enum" not in schema and "format" not in schema:
                schema.setdefault("pattern", NO_CONTROL_CHARACTERS)

    def path_helper(self, path=None, operations=None, parameters=None, **kwargs):
        self._mark(parameters)

    def operation_helper(self, path=None, operations=None, **kwargs) -> None:
        for operation in (operations or {}).values():
            self._mark(operation.get("parameters"))


def document(spec) -> None:
    """Add the control-character rule to ``spec``'s parameters (after the plugins that
    make them)."""
    spec.plugins.append(ControlCharacterDocPlugin())


def _messages(messages) -> dict[str, list[str]]:
    if isinstance(messages, dict):
        return {str(k): v if isinstance(v, list) else [str(v)] for k, v in messages.items()}
    return {"_schema": [str(m) for m in messages]}

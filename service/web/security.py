"""API keys for writes (and the local development mode that does without them), CORS, and
the security headers of every answer.

Reads are public. A write (any POST, PUT, PATCH or DELETE under ``/v1`` except
``POST /v1/analyze``, which stores nothing) needs ``Authorization: Bearer <key>``.
The service keeps only the SHA-256 of each key (``API_KEY_HASHES``) and compares
digests in constant time. ``DEV_MODE`` accepts writes without a key: it is meant for
``make serve`` on the loopback address and announces itself in the log and in /readyz.

CORS is off unless ``CORS_ORIGINS`` lists origins (or ``*``); allowed origins may read
the ETag, Link, Location, RateLimit-*, Retry-After and X-Request-ID headers and send
Authorization, If-None-Match and X-Request-ID.

Every answer carries ``X-Content-Type-Options: nosniff`` and ``Referrer-Policy:
no-referrer``; HTML answers also carry a Content-Security-Policy that allows only the
service's own scripts, styles and images. The interactive documentation (/docs, Swagger
UI) starts with one inline script: its policy allows exactly that script by its SHA-256
hash, and inline styles, which Swagger UI sets.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import logging
import re
from collections.abc import Callable
from functools import lru_cache

from apispec import BasePlugin
from flask import Flask, Response, current_app, g, request
from flask_cors import CORS

from service.config import digest, parse_key_hashes
from service.web.errors import Problem
from service.web.observability import REQUEST_ID_HEADER

log = logging.getLogger(__name__)

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# POST endpoints that store nothing: public like the reads (rate-limited as writes).
OPEN_ENDPOINTS = frozenset({"analyze.analyze"})
OPEN_PATHS = frozenset({"/v1/analyze"})
SCHEME = "bearerAuth"
REALM = 'Bearer realm="article-api"'
_TOKEN = re.compile(r"[A-Za-z0-9._~+/=-]+")  # RFC 6750 b64token
_UNKNOWN = object()
EXPOSED_HEADERS = ["ETag", "Link", "Location", "RateLimit-Limit", "RateLimit-Remaining",
                   "RateLimit-Reset", "Retry-After", REQUEST_ID_HEADER]
ALLOWED_HEADERS = ["Authorization", "Content-Type", "If-None-Match", REQUEST_ID_HEADER]
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
DOCS_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            "script-src 'self' {hashes}; object-src 'none'; base-uri 'none'; "
            "frame-ancestors 'none'")
DOCS_ENDPOINT = "api-docs.openapi_swagger_ui"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL | re.IGNORECASE)


def is_write(method: str, endpoint: str | None, path: str) -> bool:
    """Whether a request to ``endpoint`` changes stored data and so needs a key."""
    return (method in WRITE_METHODS and path.startswith("/v1/")
            and endpoint not in OPEN_ENDPOINTS)


def key_id() -> str | None:
    """A short, non-secret id of the valid key this request presents, else None.

    Computed once per request; the rate limiter buckets requests by it.
    """
    if "HTTP_AUTHORIZATION" not in request.environ:
        return None  # none presented: most reads
    found = g.get("api_key_id", _UNKNOWN)
    if found is _UNKNOWN:
        found = g.api_key_id = _check_credentials(request.headers.get("Authorization"))[0]
    return found


def _check_credentials(header: str | None) -> tuple[str | None, str | None]:
    """(key id, None) for a valid key, else (None, why): "missing", "malformed", "invalid"."""
    if not header:
        return None, "missing"
    scheme, _, token = header.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not _TOKEN.fullmatch(token):
        return None, "malformed"
    presented = digest(token)
    matched = False
    for known in current_app.extensions["api_key_digests"]:
        # Every configured digest is compared, so timing says nothing about which matched.
        matched |= hmac.compare_digest(presented, known)
    if not matched:
        return None, "invalid"
    return presented.hex()[:12], None


def is_loopback(host: str | None) -> bool:
    """Whether ``host`` (a name or an address, IPv6 possibly in brackets) is this machine."""
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _local_request() -> bool:
    """The request came from this machine to an address of this machine only: its peer is
    a loopback address, and so is the address the server bound, when it gives one
    (gunicorn's ``SERVER_NAME`` is the listening socket's host, e.g. 0.0.0.0)."""
    environ = request.environ
    server = environ.get("SERVER_NAME", "")
    try:
        bound_elsewhere = not ipaddress.ip_address(server.strip("[]")).is_loopback
    except ValueError:
        bound_elsewhere = False  # a host name: the peer check decides
    return is_loopback(environ.get("REMOTE_ADDR")) and not bound_elsewhere


def waived() -> bool:
    """Whether this request needs no key: ``DEV_MODE``, from this machine."""
    return bool(current_app.config["DEV_MODE"]) and _local_request()


def require_key_for_writes() -> None:
    """before_request: a write without a valid key is a 401 or 403 problem."""
    if request.method not in WRITE_METHODS or request.routing_exception is not None:
        return
    if not is_write(request.method, request.endpoint, request.path):
        return
    # DEV_MODE waives the key for this machine only, whatever address the server bound.
    if current_app.config["DEV_MODE"] and _local_request():
        return
    found, why = _check_credentials(request.headers.get("Authorization"))
    g.api_key_id = found
    if found:
        return
    if why == "invalid":
        raise Problem(403, "The API key is not valid for this service.")
    if why == "malformed":
        raise Problem(401, "Send the API key as 'Authorization: Bearer <key>'.",
                      headers={"WWW-Authenticate": f'{REALM}, error="invalid_request"'})
    raise Problem(401, "This request changes stored data and needs an API key "
                       "('Authorization: Bearer <key>').",
                  headers={"WWW-Authenticate": REALM})


def init_app(app: Flask) -> None:
    """The configured key digests of ``app``; its hook is ``require_key_for_writes``."""
    app.extensions["api_key_digests"] = parse_key_hashes(app.config["API_KEY_HASHES"])


def warn_about_write_access(app: Flask) -> None:
    """Say at server start how writes are authorized (commands stay quiet)."""
    if app.config["DEV_MODE"]:
        log.warning("DEV_MODE is on: writes are accepted without an API key; "
                    "serve only on a loopback address")
    elif not app.extensions["api_key_digests"]:
        log.warning("no API_KEY_HASHES configured: every write will be refused "
                    "(run `article-api create-key`)")


class SecurityDocPlugin(BasePlugin):
    """Documents the bearer scheme on the write operations of the OpenAPI document."""

    def init_spec(self, spec) -> None:
        spec.components.security_scheme(SCHEME, {
            "type": "http", "scheme": "bearer",
            "description": "An API key made by `article-api create-key`. Needed by writes "
                           "(POST and DELETE of articles) unless the service runs in its "
                           "local development mode; reads and /v1/analyze are public."})

    def operation_helper(self, path=None, operations=None, **kwargs) -> None:
        if not path or not path.startswith("/v1/") or path in OPEN_PATHS:
            return
        for method, operation in (operations or {}).items():
            if method.upper() in WRITE_METHODS:
                operation.setdefault("security", [{SCHEME: []}])


def document(spec) -> None:
    """Add the bearer scheme to ``spec``; call before the blueprints are registered."""
    plugin = SecurityDocPlugin()
    plugin.init_spec(spec)
    spec.plugins.insert(0, plugin)  # ahead of the marshmallow plugin, which resolves schemas


# -- browsers -----------------------------------------------------------------------------

@lru_cache(maxsize=8)
def inline_script_hashes(html: str) -> str:
    """CSP source expressions for the inline scripts of a trusted page."""
    digests = (hashlib.sha256(script.encode()).digest()
               for script in _INLINE_SCRIPT.findall(html))
    return " ".join(f"'sha256-{base64.b64encode(d).decode()}'" for d in digests)


# On every answer, unless its view set them otherwise.
EVERYWHERE = (("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer"))
_EVERYWHERE_NAMES = frozenset(name.lower() for name, _ in EVERYWHERE)


def security_headers(response: Response) -> Response:
    """after_request: nosniff and no referrer everywhere, a strict policy on HTML."""
    headers = response.headers
    # One look at the names the answer has (most have none of these) and its content type.
    present, content_type = set(), None
    for name, value in headers.items():
        lowered = name.lower()
        if lowered in _EVERYWHERE_NAMES:
            present.add(lowered)
        elif content_type is None and lowered == "content-type":
            content_type = value
    for name, value in EVERYWHERE:
        if name.lower() not in present:
            headers.add(name, value)
    # The cheap test first: parsing the content type costs more than the rest.
    if (content_type or "")[:9].lower() == "text/html" \
            and response.mimetype == "text/html" and "Content-Security-Policy" not in headers:
        if request.endpoint == DOCS_ENDPOINT and not response.direct_passthrough:
            # The page is rendered from configuration only, never from request data.
            hashes = inline_script_hashes(response.get_data(as_text=True))
            headers["Content-Security-Policy"] = DOCS_CSP.format(hashes=hashes)
        else:
            headers["Content-Security-Policy"] = CSP
        headers.setdefault("X-Frame-Options", "DENY")
    return response


def vary_on_origin(response: Response) -> Response:
    """after_request: whether the grant is there depends on Origin, also with a single
    allowed origin (where flask-cors leaves Vary out): shared caches must know it."""
    if request.path.startswith("/v1/") or request.path == "/openapi.json":
        response.vary.add("Origin")
    return response


def cors(origins: list[str]) -> Callable[[Flask], None]:
    """The installer of CORS for ``origins`` (flask-cors registers its own hook, and wraps
    the error handlers so that error answers get the grant too)."""
    def install(app: Flask) -> None:
        CORS(app, resources={r"/v1/*": {}, r"/openapi.json": {}},
             origins="*" if origins == ["*"] else origins,
             expose_headers=EXPOSED_HEADERS, allow_headers=ALLOWED_HEADERS,
             methods=["GET", "HEAD", "POST", "DELETE", "OPTIONS"], max_age=600,
             supports_credentials=False, vary_header=False)

    return install

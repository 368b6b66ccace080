"""Browser-facing behaviour: CORS, security headers and response compression.

CORS is off unless ``CORS_ORIGINS`` lists origins (or ``*``); allowed origins may read
the ETag, Link, Location, RateLimit-*, Retry-After and X-Request-ID headers and send
Authorization, If-None-Match and X-Request-ID.

Every answer carries ``X-Content-Type-Options: nosniff`` and ``Referrer-Policy:
no-referrer``; HTML answers also carry a Content-Security-Policy that allows only the
service's own scripts, styles and images. The interactive documentation (/docs, Swagger
UI) starts with one inline script: its policy allows exactly that script by its SHA-256
hash, and inline styles, which Swagger UI sets.

JSON larger than ``COMPRESS_MIN_SIZE`` bytes is compressed (br or gzip) when the client
accepts it. The strong ETag is computed on the uncompressed body; a compressed answer's
tag gets the coding as a suffix (``"<hash>:br"``), so each byte sequence has its own
strong tag, ``If-None-Match`` with either answers 304, and every answer says
``Vary: Accept-Encoding``.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable
from functools import lru_cache

from flask import Flask, Response, request
from flask_compress import Compress
from flask_cors import CORS

from service.web.observability import REQUEST_ID_HEADER

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
    # One look at the names the answer has (most have none of these): then one extend.
    present = _EVERYWHERE_NAMES.intersection(name.lower() for name, _ in headers.items())
    headers.extend([item for item in EVERYWHERE if item[0].lower() not in present]
                   if present else EVERYWHERE)
    # The cheap test first: parsing the content type costs more than the rest.
    if headers.get("Content-Type", "")[:9].lower() == "text/html" \
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


def init_app(app: Flask) -> Compress:
    """Response compression for ``app`` (``COMPRESS_*``); its hook is ``after_request``."""
    compress = app.extensions["compress"] = Compress(app)
    return compress

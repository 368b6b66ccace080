"""API keys for writes, and the local development mode that does without them.

Reads are public. A write (any POST, PUT, PATCH or DELETE under ``/v1`` except
``POST /v1/analyze``, which stores nothing) needs ``Authorization: Bearer <key>``.
The service keeps only the SHA-256 of each key (``API_KEY_HASHES``) and compares
digests in constant time. ``DEV_MODE`` accepts writes without a key: it is meant for
``make serve`` on the loopback address and announces itself in the log and in /readyz.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import re

from apispec import BasePlugin
from flask import Flask, current_app, g, request

from service.config import digest, parse_key_hashes
from service.web.errors import Problem

log = logging.getLogger(__name__)

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# POST endpoints that store nothing: public like the reads (rate-limited as writes).
OPEN_ENDPOINTS = frozenset({"analyze.analyze"})
OPEN_PATHS = frozenset({"/v1/analyze"})
SCHEME = "bearerAuth"
REALM = 'Bearer realm="article-api"'
_TOKEN = re.compile(r"[A-Za-z0-9._~+/=-]+")  # RFC 6750 b64token
_UNKNOWN = object()


def is_write(method: str, endpoint: str | None, path: str) -> bool:
    """Whether a request to ``endpoint`` changes stored data and so needs a key."""
    return (method in WRITE_METHODS and path.startswith("/v1/")
            and endpoint not in OPEN_ENDPOINTS)


def key_id() -> str | None:
    """A short, non-secret id of the valid key this request presents, else None.

    Computed once per request; the rate limiter buckets requests by it.
    """
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

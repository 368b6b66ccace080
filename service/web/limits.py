"""Rate limits per API key or client address.

Rate limits (fixed windows, the ``limits`` library): every request under ``/v1``
counts against one of two budgets of its client, ``RATE_LIMIT_READ`` (GET, HEAD) or
``RATE_LIMIT_WRITE`` (POST, PUT, PATCH, DELETE; ``POST /v1/analyze`` stores nothing but
is the costliest call, so it spends the write budget); a request that analyzes also
spends its client's analysis seconds (service/web/analysis_budget.py). The client is its
valid API key when it sends one, else its address. Counters live in Redis when
``REDIS_URL`` is set, shared by every worker and instance; without it in one SQLite file that every
process of the instance shares (``shared://``, service/web/shared_limits.py), so that a
limit holds across its workers. Each answer under ``/v1`` carries
``RateLimit-Limit``, ``RateLimit-Remaining`` and ``RateLimit-Reset`` (seconds until the
window resets); a refused request is a 429 problem with ``Retry-After``. If the storage is
unreachable the service keeps answering without limits rather than failing every request
(logged).
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Mapping

from apispec import BasePlugin
from flask import Flask, g, request
from limits import parse
from limits.storage import storage_from_string

from service.web.analysis_budget import ANALYSES, AnalysisBudget
from service.web.docs import problems
from service.web.errors import Problem
from service.web.security import key_id
from service.web.shared_limits import SharedFileStorage

log = logging.getLogger(__name__)

READ_METHODS = ("GET", "HEAD")
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
HEADERS = ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")
RETRY_AFTER_DOC = {"description": "Seconds to wait before retrying.",
                   "schema": {"type": "integer", "minimum": 1}}


def client_key() -> str:
    """Whom a request is counted against: its valid API key, else its address."""
    found = key_id()
    return f"key:{found}" if found else f"addr:{request.environ.get('REMOTE_ADDR') or 'unknown'}"


class RateLimiter:
    """The two budgets of each client, over a ``limits`` storage (a shared SQLite file or Redis).

    The service has two application-wide limits and nothing per route, so it uses the
    ``limits`` library directly: flask-limiter's generic per-route machinery cost more per
    read than fetching the article (measured in bench/read_ceiling.py).
    """

    def __init__(self, config: Mapping) -> None:
        self.enabled = config["RATELIMIT_ENABLED"]
        self.prefix = config["RATELIMIT_KEY_PREFIX"]
        options = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5} \
            if config["RATELIMIT_STORAGE_URI"].startswith("redis") else {}
        options.update(config["RATELIMIT_STORAGE_OPTIONS"])
        self.storage = storage_from_string(config["RATELIMIT_STORAGE_URI"], **options)
        self.settings = {"read": config["RATE_LIMIT_READ"], "write": config["RATE_LIMIT_WRITE"]}
        self.analysis = AnalysisBudget(self.storage, config["ANALYSIS_SECONDS_PER_MINUTE"],
                                       self.prefix, self._storage_failed)
        self._items = {scope: parse(setting) for scope, setting in self.settings.items()}
        # Each budget's amount and window length in seconds, asked once.
        self._windows = {scope: (item.amount, item.get_expiry())
                         for scope, item in self._items.items()}
        # The embedded storage counts and says when the window ends in one call.
        self._counts = isinstance(self.storage, SharedFileStorage)
        self._keys: dict[tuple[str, str], str] = {}  # storage keys of recent clients
        self._warned_at = 0.0

    def _key(self, scope: str, client: str) -> str:
        key = self._keys.get((scope, client))
        if key is None:
            if len(self._keys) >= 4096:
                self._keys.clear()
            key = self._keys[scope, client] = self._items[scope].key_for(self.prefix, scope,
                                                                         client)
        return key

    def check(self) -> None:
        """before_request: count the request; a 429 problem when over the budget (of
        requests, or of analysis seconds for a request that analyzes)."""
        current = request._get_current_object()  # one look-up of the request, not four
        method, path = current.method, current.path
        scope = self.scope(method, path)
        if scope is None:
            return
        client = client_key()
        if self.analysis.enabled and (method, path) in ANALYSES:
            self.analysis.check(client)
        budget = self.hit(scope, client)
        if budget is None:
            return
        g.rate_limit = budget[:3]
        if budget[3]:
            raise Problem(429, f"Too many requests: the limit is {self._items[scope]}. Retry "
                               "after the number of seconds in Retry-After.",
                          headers={"Retry-After": str(max(1, budget[2]))})

    @staticmethod
    def scope(method: str, path: str) -> str | None:
        """The budget a request counts against: "read", "write" or None (not limited)."""
        if not path.startswith("/v1/"):
            return None
        if method in READ_METHODS:
            return "read"
        if method in WRITE_METHODS:
            return "write"
        return None

    def hit(self, scope: str, client: str) -> tuple[int, int, int, bool] | None:
        """Count one request of ``client``: (limit, remaining, reset seconds, refused), or
        None when the storage is unreachable (the request is then not limited)."""
        amount, expiry = self._windows[scope]
        key = self._key(scope, client)
        try:
            if self._counts:
                count, ends = self.storage.count(key, expiry)
            else:
                count = self.storage.incr(key, expiry)
                ends = self.storage.get_expiry(key)
        except Exception:  # a dead Redis must not take the API down
            self._storage_failed()
            return None
        reset = min(expiry, max(0, math.ceil(ends - time.time())))
        return amount, max(0, amount - count), reset, count > amount

    def _storage_failed(self) -> None:
        if time.monotonic() - self._warned_at > 60:
            self._warned_at = time.monotonic()
            log.warning("rate limit storage unavailable: requests are not limited",
                        exc_info=True)

    def headers(self, response):
        """after_request: charge the analysis seconds the request spent; the client's
        budget, on every answer that counted."""
        self.analysis.charge()
        budget = g.get("rate_limit")
        if budget is not None:  # added, not set: only this hook writes them
            add = response.headers.add
            for name, value in zip(HEADERS, budget, strict=True):
                add(name, str(value))
        return response


def init_app(app: Flask) -> RateLimiter:
    """The rate limiter of ``app``; its hooks are ``check`` and ``headers``."""
    limiter = app.extensions["rate_limiter"] = RateLimiter(app.config)
    return limiter


class LimitsDocPlugin(BasePlugin):
    """Documents, on every /v1 operation, 429 and 503 (busy analyzing, or the store
    unavailable) with Retry-After, and 422 (a control character in a parameter)."""

    def operation_helper(self, path=None, operations=None, **kwargs) -> None:
        if not path or not path.startswith("/v1/"):
            return
        for operation in (operations or {}).values():
            responses = operation.setdefault("responses", {})
            for status, response in problems(429, 503).items():
                responses.setdefault(status, response)
                responses[status].setdefault("headers", {})["Retry-After"] = RETRY_AFTER_DOC
            for status, response in problems(422).items():
                responses.setdefault(status, response)


def document(spec) -> None:
    """Add the rate limit answers to ``spec``; call before the blueprints are registered."""
    spec.plugins.insert(0, LimitsDocPlugin())

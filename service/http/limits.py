"""Rate limits per API key or client address, and the analysis time budget.

Rate limits (fixed windows, the ``limits`` library): every request under ``/v1``
counts against one of two budgets of its client, ``RATE_LIMIT_READ`` (GET, HEAD) or
``RATE_LIMIT_WRITE`` (POST, PUT, PATCH, DELETE; ``POST /v1/analyze`` stores nothing but
is the costliest call, so it spends the write budget). The client is its valid API key
when it sends one, else its address. Counters live in each process's memory (so under
gunicorn each worker counts its own share: with N workers a client may get up to N
times the limit) or, when ``REDIS_URL`` is set, in Redis, shared by every worker and
instance: set it in production. Each answer under ``/v1`` carries ``RateLimit-Limit``,
``RateLimit-Remaining`` and ``RateLimit-Reset`` (seconds until the window resets); a
refused request is a 429 problem with ``Retry-After``. If Redis is unreachable the
service keeps answering without limits rather than failing every request (logged).

Analysis limits (``ANALYSIS_TIMEOUT`` seconds): every analysis of a request runs in an
analysis child process of the worker (service/analysis_pool.py), which is killed and
replaced when it overruns, whatever the text makes the rules do:

- a text whose estimated analysis time alone exceeds the limit (from its size and a
  calibrated throughput, ``ANALYSIS_CHARS_PER_SECOND``) is refused with 422 before any
  work (a property of the text under this configuration: retrying cannot help);
- an analysis that runs past the limit anyway is stopped and answered with 422;
- each process analyzes at most ``ANALYSIS_CONCURRENCY`` articles at once; a request
  that cannot start its analysis within ``ANALYSIS_QUEUE_WAIT`` seconds, or finds
  ``ANALYSIS_QUEUE`` requests already waiting, is refused with 503 and ``Retry-After``:
  the service is busy, the same request can succeed later.
"""

from __future__ import annotations

import logging
import math
import threading
import time

from apispec import BasePlugin
from flask import Flask, g, has_request_context, request
from limits import RateLimitItem, parse
from limits.storage import Storage, storage_from_string

from service.analysis_pool import (
    AnalysisCrashed,
    AnalysisOverrun,
    AnalysisPool,
    PoolBusy,
    PoolSettings,
    time_limit,
)
from service.api.docs import problems
from service.http.errors import Problem
from service.http.observability import observe_analysis
from service.http.security import key_id
from service.nlp.pipeline import InvalidText

log = logging.getLogger(__name__)

READ_METHODS = ("GET", "HEAD")
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
HEADERS = ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")
COUNTED_ENVIRON_KEY = "article_api.rate_limit"
RETRY_AFTER_DOC = {"description": "Seconds to wait before retrying.",
                   "schema": {"type": "integer", "minimum": 1}}


class ProcessLocalStorage(Storage):
    """Fixed-window counters in this process's memory: the storage without ``REDIS_URL``.

    limits' own memory storage expires keys from a timer thread that it starts again
    every 10 ms under load (a thread start per few requests); here an expired window is
    replaced when next touched, and the stale ones are swept once a minute.
    """

    STORAGE_SCHEME = ["process"]
    SWEEP_SECONDS = 60.0

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False,
                 **options) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self._lock = threading.Lock()
        self._windows: dict[str, tuple[int, float]] = {}  # key -> (count, ends at)
        self._next_sweep = time.time() + self.SWEEP_SECONDS

    @property
    def base_exceptions(self):
        return ValueError

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        return self.count(key, expiry, amount)[0]

    def count(self, key: str, expiry: float, amount: int = 1) -> tuple[int, float]:
        """Add ``amount`` to the window of ``key``: its count and when it ends."""
        now = time.time()
        with self._lock:
            if now >= self._next_sweep:
                self._windows = {k: w for k, w in self._windows.items() if w[1] > now}
                self._next_sweep = now + self.SWEEP_SECONDS
            count, ends = self._windows.get(key, (0, 0.0))
            if ends <= now:
                count, ends = 0, now + expiry
            self._windows[key] = (count + amount, ends)
            return count + amount, ends

    def get(self, key: str) -> int:
        count, ends = self._windows.get(key, (0, 0.0))
        return count if ends > time.time() else 0

    def get_expiry(self, key: str) -> float:
        now = time.time()
        ends = self._windows.get(key, (0, 0.0))[1]
        return ends if ends > now else now

    def check(self) -> bool:
        return True

    def reset(self) -> int:
        with self._lock:
            cleared, self._windows = len(self._windows), {}
        return cleared

    def clear(self, key: str) -> None:
        with self._lock:
            self._windows.pop(key, None)


def client_key() -> str:
    """Whom a request is counted against: its valid API key, else its address."""
    found = key_id()
    return f"key:{found}" if found else f"addr:{request.remote_addr or 'unknown'}"


class RateLimiter:
    """The two budgets of each client, over a ``limits`` storage (process memory or Redis).

    The service has two application-wide limits and nothing per route, so it uses the
    ``limits`` library directly: flask-limiter's generic per-route machinery cost more per
    read than fetching the article (measured in bench/read_ceiling.py).
    """

    def __init__(self, app: Flask) -> None:
        config = app.config
        self.enabled = config["RATELIMIT_ENABLED"]
        self.prefix = config["RATELIMIT_KEY_PREFIX"]
        options = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5} \
            if config["RATELIMIT_STORAGE_URI"].startswith("redis") else {}
        options.update(config["RATELIMIT_STORAGE_OPTIONS"])
        self.storage = storage_from_string(config["RATELIMIT_STORAGE_URI"], **options)
        self.settings = {"read": config["RATE_LIMIT_READ"], "write": config["RATE_LIMIT_WRITE"]}
        self._items: dict[str, RateLimitItem] = {}
        self._keys: dict[tuple[str, str], str] = {}  # storage keys of recent clients
        self._warned_at = 0.0

    def _key(self, scope: str, client: str) -> str:
        key = self._keys.get((scope, client))
        if key is None:
            if len(self._keys) >= 4096:
                self._keys.clear()
            key = self._keys[scope, client] = self._item(scope).key_for(self.prefix, scope,
                                                                         client)
        return key

    def _item(self, scope: str) -> RateLimitItem:
        item = self._items.get(scope)
        if item is None:
            item = self._items[scope] = parse(self.settings[scope])
        return item

    def check(self) -> None:
        """before_request: count the request; a 429 problem when over the budget."""
        scope = self.scope(request.method, request.path)
        if scope is None:
            return
        # A request the read cache has counted already (service/http/read_cache.py).
        counted = request.environ.pop(COUNTED_ENVIRON_KEY, None)
        budget = counted or self.hit(scope, client_key())
        if budget is None:
            return
        g.rate_limit = budget[:3]
        if budget[3]:
            raise Problem(429, f"Too many requests: the limit is {self._item(scope)}. Retry "
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
        item = self._item(scope)
        key = self._key(scope, client)
        try:
            if isinstance(self.storage, ProcessLocalStorage):  # one call instead of two
                count, ends = self.storage.count(key, item.get_expiry())
            else:
                count = self.storage.incr(key, item.get_expiry())
                ends = self.storage.get_expiry(key)
        except Exception:  # a dead Redis must not take the API down
            self._storage_failed()
            return None
        reset = min(item.get_expiry(), max(0, math.ceil(ends - time.time())))
        return item.amount, max(0, item.amount - count), reset, count > item.amount

    def _storage_failed(self) -> None:
        if time.monotonic() - self._warned_at > 60:
            self._warned_at = time.monotonic()
            log.warning("rate limit storage unavailable: requests are not limited",
                        exc_info=True)

    @staticmethod
    def headers(response):
        """after_request: the client's budget, on every answer that counted."""
        if "rate_limit" in g:
            response.headers.update(dict(zip(HEADERS, map(str, g.rate_limit), strict=True)))
        return response


def init_app(app: Flask) -> None:
    """Rate limits and the analysis budget for ``app``."""
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "process://")
    app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", {})
    app.config.setdefault("RATELIMIT_KEY_PREFIX", "article-api")
    limiter = app.extensions["rate_limiter"] = RateLimiter(app)
    if limiter.enabled:
        app.before_request(limiter.check)
        app.after_request(limiter.headers)
    _guard_analyzer(app)


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


class AnalysisBudget:
    """Admission control for analyses: a size estimate, and the answers when refused."""

    def __init__(self, timeout: float, chars_per_second: float) -> None:
        self.timeout = float(timeout)
        self.chars_per_second = float(chars_per_second)

    @property
    def max_chars(self) -> int:
        return int(self.timeout * self.chars_per_second)

    def estimate(self, chars: int) -> float:
        return chars / self.chars_per_second

    def check_size(self, chars: int) -> None:
        """422 for a text that cannot be analyzed within the budget even on an idle core."""
        if self.estimate(chars) > self.timeout:
            raise InvalidText(f"text is too long to analyze within {self.timeout:g} s "
                              f"(at most about {self.max_chars} characters)")

    def busy(self, chars: int) -> Problem:
        retry = max(1, math.ceil(self.estimate(chars)))
        return Problem(503, "The service is busy analyzing other articles and could not "
                            "start this one in time; retry later.",
                       headers={"Retry-After": str(retry)})

    def overrun(self) -> Problem:
        return Problem(422, f"The analysis took longer than {self.timeout:g} s and was "
                            "stopped: this text cannot be analyzed within the time limit.")

    @staticmethod
    def crashed() -> Problem:
        return Problem(503, "The analysis process stopped during this analysis; retry later.",
                       headers={"Retry-After": "5"})


def _translate(exc: Exception) -> tuple | None:
    """An exception of the analysis child as picklable data (None: unexpected)."""
    if isinstance(exc, InvalidText):
        return "invalid", (str(exc), exc.field)
    if isinstance(exc, AnalysisOverrun):
        return "overrun", exc.seconds
    return None


def _restore(kind: str, detail) -> Exception:
    if kind == "invalid":
        return InvalidText(*detail)
    return AnalysisOverrun(detail)


class GuardedAnalyzer:
    """The application's analyzer: in requests, every analysis runs in the process's
    analysis pool (service/analysis_pool.py), under a hard wall-clock limit.

    ``analyze`` returns the analysis shaped as the API documents it (``shapes``): the
    shaping is done by the analysis child too, so that a request's thread only waits.
    Outside requests (the command line) the analysis runs in the calling process, limited
    by a timer signal.
    """

    shapes = True

    def __init__(self, inner, budget: AnalysisBudget, settings: PoolSettings) -> None:
        self.inner = inner
        self.budget = budget
        self.pool = AnalysisPool(self._work, settings, translate=_translate,
                                 restore=_restore)

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def _work(self, article_request) -> dict:
        """The whole analysis of one article, in the analysis child."""
        from service.articles import shape

        structure = self.inner.structure(article_request)
        self.budget.check_size(len(structure.text))
        return shape(next(self.inner.analyze_structures([structure])))

    def admit(self) -> None:
        """503 at once when the pool is saturated: before the request's body is read."""
        if has_request_context() and self.pool.saturated():
            raise self.budget.busy(0)

    def analyze(self, article_request) -> dict:
        started = time.monotonic()
        if not has_request_context():
            with time_limit(self.budget.timeout):
                analysis = self._work(article_request)
            observe_analysis(time.monotonic() - started)
            return analysis
        # HTML shrinks a lot once its markup is gone: only plain text is sized up front,
        # and a text over MAX_TEXT_CHARS is left to the pipeline, which says so.
        raw_chars = 0 if article_request.format == "html" else len(article_request.text)
        if raw_chars > self.inner.limits.max_chars:
            raw_chars = 0  # refused by the pipeline's first check, at no cost
        self.budget.check_size(raw_chars)
        try:
            analysis = self.pool.run(article_request)
        except PoolBusy:
            raise self.budget.busy(raw_chars) from None
        except AnalysisOverrun:
            raise self.budget.overrun() from None
        except AnalysisCrashed:
            raise self.budget.crashed() from None
        observe_analysis(time.monotonic() - started)
        return analysis


def pool_settings(config) -> PoolSettings:
    size = max(1, config["ANALYSIS_CONCURRENCY"])
    return PoolSettings(size=size, timeout=float(config["ANALYSIS_TIMEOUT"]),
                        queue=max(0, config["ANALYSIS_QUEUE"]),
                        queue_wait=float(config["ANALYSIS_QUEUE_WAIT"]),
                        max_jobs=max(1, config["ANALYSIS_CHILD_MAX_JOBS"]),
                        max_rss_bytes=config["ANALYSIS_CHILD_MAX_RSS_MB"] * 1024 * 1024,
                        nice=config["ANALYSIS_NICE"])


def _guard_analyzer(app: Flask) -> None:
    analyzer = app.extensions.get("analyzer")
    if analyzer is None or isinstance(analyzer, GuardedAnalyzer):
        return
    budget = AnalysisBudget(app.config["ANALYSIS_TIMEOUT"],
                            app.config["ANALYSIS_CHARS_PER_SECOND"])
    app.extensions["analyzer"] = GuardedAnalyzer(analyzer, budget, pool_settings(app.config))

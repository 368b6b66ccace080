"""Rate limits per API key or client address, and the analysis time budget.

Rate limits (flask-limiter): every request under ``/v1`` counts against one of two
budgets of its client, ``RATE_LIMIT_READ`` (GET, HEAD) or ``RATE_LIMIT_WRITE`` (POST,
PUT, PATCH, DELETE; ``POST /v1/analyze`` stores nothing but is the costliest call, so it
spends the write budget). The client is its valid API key when it sends one, else its
address. Counters live in memory (per process) or, when ``REDIS_URL`` is set, in Redis,
shared by every worker and instance. Each answer carries ``RateLimit-Limit``,
``RateLimit-Remaining`` and ``RateLimit-Reset`` (seconds until the window resets); a
refused request is a 429 problem with ``Retry-After``. If Redis is unreachable the
service keeps answering without limits rather than failing every request (logged).

Analysis budget (``ANALYSIS_TIMEOUT`` seconds): spaCy cannot be interrupted safely in
the middle of a document, so the budget is enforced before the work starts, from the
text's size and a calibrated throughput (``ANALYSIS_CHARS_PER_SECOND``):

- a text whose estimated analysis time alone exceeds the budget is refused with 422
  (a property of the text under this configuration: retrying cannot help);
- each process analyzes at most ``ANALYSIS_CONCURRENCY`` articles at once, finding the
  structure included (one per worker: each analysis has a core, so the estimate holds,
  and the other threads stay free for reads). A request that cannot start its analysis
  in time for the estimate to fit in what is left of the budget is refused with 503 and
  ``Retry-After``: the service is busy, the same request can succeed later.

An admitted analysis runs to its end; the estimate makes it end within the budget on a
core of the reference machine (calibrate ``ANALYSIS_CHARS_PER_SECOND`` elsewhere with
the ``article_analysis_duration_seconds`` metric).
"""

from __future__ import annotations

import logging
import math
import threading
import time
from contextlib import contextmanager

from apispec import BasePlugin
from flask import Flask, current_app, has_request_context, request
from flask_limiter import ApplicationLimit, Limiter
from flask_limiter.errors import RateLimitExceeded

from service.api.docs import problems
from service.errors import Problem, problem_response
from service.nlp.pipeline import InvalidText
from service.observability import observe_analysis
from service.security import key_id

log = logging.getLogger(__name__)

READ_METHODS = ("GET", "HEAD")
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
HEADERS = ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")
RETRY_AFTER_DOC = {"description": "Seconds to wait before retrying.",
                   "schema": {"type": "integer", "minimum": 1}}


def client_key() -> str:
    """Whom a request is counted against: its valid API key, else its address."""
    found = key_id()
    return f"key:{found}" if found else f"addr:{request.remote_addr or 'unknown'}"


def _not_api() -> bool:
    return not request.path.startswith("/v1/")


def init_app(app: Flask) -> None:
    """Rate limits and the analysis budget for ``app``."""
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    app.config.setdefault("RATELIMIT_STRATEGY", "fixed-window")
    app.config.setdefault("RATELIMIT_KEY_PREFIX", "article-api")
    # A dead Redis must not take the whole API down: limits are skipped and logged.
    app.config.setdefault("RATELIMIT_SWALLOW_ERRORS", True)
    limiter = Limiter(
        client_key,
        application_limits=[
            ApplicationLimit(lambda: current_app.config["RATE_LIMIT_READ"], scope="read",
                             methods=READ_METHODS, exempt_when=_not_api),
            ApplicationLimit(lambda: current_app.config["RATE_LIMIT_WRITE"], scope="write",
                             methods=WRITE_METHODS, exempt_when=_not_api),
        ],
        # flask-limiter's own headers give the reset as a timestamp and put Retry-After on
        # every answer; ours follow the IETF RateLimit header fields draft.
        headers_enabled=False,
    )
    limiter.init_app(app)
    app.extensions["rate_limiter"] = limiter
    if limiter.enabled:
        app.after_request(_rate_limit_headers)
    app.register_error_handler(RateLimitExceeded, _too_many_requests)
    _guard_analyzer(app)


def _rate_limit_headers(response):
    limiter: Limiter = current_app.extensions["rate_limiter"]
    current = limiter.current_limit
    if current is None:
        return response
    try:
        window = current.limit.get_expiry()
        reset = min(window, max(0, math.ceil(current.reset_at - time.time())))
        values = (current.limit.amount, max(0, current.remaining), reset)
    except Exception:  # the storage failed after the check: answer without the headers
        log.warning("rate limit storage unavailable for headers", exc_info=True)
        return response
    response.headers.update(dict(zip(HEADERS, map(str, values), strict=True)))
    if response.status_code == 429:
        response.headers["Retry-After"] = str(max(1, reset))
    return response


def _too_many_requests(error: RateLimitExceeded):
    return problem_response(Problem(
        429, f"Too many requests: the limit is {error.description}. Retry after the number "
             "of seconds in Retry-After."))


class LimitsDocPlugin(BasePlugin):
    """Documents 429 on every /v1 operation and 503 on the ones that analyze."""

    def operation_helper(self, path=None, operations=None, **kwargs) -> None:
        if not path or not path.startswith("/v1/"):
            return
        for method, operation in (operations or {}).items():
            responses = operation.setdefault("responses", {})
            extra = problems(429, 503) if method == "post" else problems(429)
            for status, response in extra.items():
                responses.setdefault(status, response)
                responses[status].setdefault("headers", {})["Retry-After"] = RETRY_AFTER_DOC


def document(spec) -> None:
    """Add the rate limit answers to ``spec``; call before the blueprints are registered."""
    spec.plugins.insert(0, LimitsDocPlugin())


class AnalysisBudget:
    """Admission control for analyses: a size estimate and a per-process concurrency cap."""

    def __init__(self, timeout: float, chars_per_second: float, concurrency: int) -> None:
        self.timeout = float(timeout)
        self.chars_per_second = float(chars_per_second)
        self.slots = threading.BoundedSemaphore(max(1, concurrency))

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

    def check_time(self, chars: int, started: float) -> None:
        """503 when what is left of the budget is too short for the estimated work."""
        if time.monotonic() - started + self.estimate(chars) > self.timeout:
            raise self.busy(chars)

    def busy(self, chars: int) -> Problem:
        retry = max(1, math.ceil(self.estimate(chars)))
        return Problem(503, "The service is busy analyzing other articles and could not "
                            "start this one within its time budget; retry later.",
                       headers={"Retry-After": str(retry)})

    @contextmanager
    def slot(self, chars: int, started: float):
        """Hold one of the process's analysis slots, waiting at most what the budget allows."""
        wait = self.timeout - self.estimate(chars) - (time.monotonic() - started)
        if wait < 0 or not self.slots.acquire(timeout=wait):
            raise self.busy(chars)
        try:
            yield
        finally:
            self.slots.release()


class GuardedAnalyzer:
    """The application's analyzer, timed and held to the analysis budget in requests.

    All the CPU work of a request's analysis, including finding the structure (which
    is where oversized inputs are refused), runs inside an analysis slot. Bulk ingest
    and re-analysis (CLI, no request) use the pipeline without a budget.
    """

    def __init__(self, inner, budget: AnalysisBudget) -> None:
        self.inner = inner
        self.budget = budget

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def analyze(self, article_request) -> dict:
        started = time.monotonic()
        if not has_request_context():
            analysis = self.inner.analyze(article_request)
            observe_analysis(time.monotonic() - started)
            return analysis
        # HTML shrinks a lot once its markup is gone: only plain text is sized up front,
        # and a text over MAX_TEXT_CHARS is left to the pipeline, which says so.
        raw_chars = 0 if article_request.format == "html" else len(article_request.text)
        if raw_chars > self.inner.limits.max_chars:
            raw_chars = 0  # refused by the pipeline's first check, at no cost
        self.budget.check_size(raw_chars)
        with self.budget.slot(raw_chars, started):
            structure = self.inner.structure(article_request)
            chars = len(structure.text)
            self.budget.check_size(chars)
            self.budget.check_time(chars, started)
            began = time.monotonic()
            analysis = next(self.inner.analyze_structures([structure]))
        observe_analysis(time.monotonic() - began)
        return analysis


def _guard_analyzer(app: Flask) -> None:
    analyzer = app.extensions.get("analyzer")
    if analyzer is None or isinstance(analyzer, GuardedAnalyzer):
        return
    budget = AnalysisBudget(app.config["ANALYSIS_TIMEOUT"],
                            app.config["ANALYSIS_CHARS_PER_SECOND"],
                            app.config["ANALYSIS_CONCURRENCY"])
    app.extensions["analyzer"] = GuardedAnalyzer(analyzer, budget)

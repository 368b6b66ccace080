"""Request ids, JSON logs and Prometheus metrics.

Every request gets an id: the client's ``X-Request-ID`` when it is sane (1 to 128
characters of ``A-Z a-z 0-9 . _ -``), else 32 new random hex digits. It is echoed in the
response's ``X-Request-ID`` and added to every log record written while the request is
handled (``request_id``); gunicorn's JSON access log (gunicorn.conf.py) takes it from
the response header.

``GET /metrics`` serves the Prometheus text format: ``http_requests_total`` and
``http_request_duration_seconds`` by method, route (the URL rule, such as
``/v1/articles/<article_id>``, never the raw path) and status, and
``article_analysis_duration_seconds`` (``Metrics.analysis``). Under gunicorn with
several workers each process only sees its own requests, so when
``PROMETHEUS_MULTIPROC_DIR`` is set (gunicorn.conf.py sets it) the samples go to files
in that directory and ``/metrics`` adds up every worker's.
"""

from __future__ import annotations

import logging
import os
import random
import re
import time

from flask import Flask, Response, current_app, g, has_request_context, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    ProcessCollector,
    disable_created_metrics,
    generate_latest,
    multiprocess,
)
from pythonjsonlogger.json import JsonFormatter

REQUEST_ID_HEADER = "X-Request-ID"
_REQUEST_ID_KEY = "HTTP_X_REQUEST_ID"  # the header in the WSGI environment
# Where the route label of an answered request is left for WSGI middleware.
_SANE_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
ANALYSIS_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120)


# -- request ids and logs -----------------------------------------------------------------

def request_id() -> str | None:
    """The current request's id (None outside a request)."""
    return g.get("request_id") if has_request_context() else None


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (None outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id()
        return True


def json_formatter() -> logging.Formatter:
    """One JSON object per line: time, level, logger, message, request_id and extras."""
    return JsonFormatter("{asctime}{levelname}{name}{message}", style="{",
                         rename_fields={"asctime": "time", "levelname": "level",
                                        "name": "logger"},
                         datefmt="%Y-%m-%dT%H:%M:%S%z")


def configure_json_logs(app: Flask) -> None:
    """Turn the root logger's console output into JSON lines carrying the request id.

    Only handlers that write to a console are reformatted (the one ``configure_logging``
    installs); handlers that test runners or embedders add are left alone.
    """
    if app.config["LOG_FORMAT"] != "json":
        return
    for handler in logging.getLogger().handlers:
        if type(handler) is logging.StreamHandler:
            handler.setFormatter(json_formatter())
            if not any(isinstance(f, RequestIdFilter) for f in handler.filters):
                handler.addFilter(RequestIdFilter())


def pick_request_id(given: str | None) -> str:
    """The client's request id when it is sane, else a new one."""
    if given and _SANE_ID.fullmatch(given):
        return given
    # 128 random bits from the process's generator (reseeded in every forked worker):
    # ids must be unique, not secret, and os.urandom's system call costs a GIL handoff.
    return f"{random.getrandbits(128):032x}"


def assign_request_id() -> None:
    """before_request: the request's id, and when it started."""
    context = g._get_current_object()
    context.request_id = pick_request_id(request.environ.get(_REQUEST_ID_KEY))
    context.request_started = time.perf_counter()


# -- metrics ----------------------------------------------------------------------------

class Metrics:
    """The service's Prometheus metrics, in their own registry (one per application)."""

    def __init__(self) -> None:
        # Not a setting: prometheus_client itself reads it from the environment.
        self.multiprocess = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))
        self.registry = CollectorRegistry(auto_describe=True)
        if not self.multiprocess:
            ProcessCollector(registry=self.registry)
        self.requests = Counter(
            "http_requests", "HTTP requests answered.", ("method", "route", "status"),
            registry=self.registry)
        self.latency = Histogram(
            "http_request_duration_seconds", "Time to answer HTTP requests.",
            ("method", "route"), buckets=LATENCY_BUCKETS, registry=self.registry)
        self.analysis = Histogram(
            "article_analysis_duration_seconds", "Time to analyze one article (NLP only).",
            buckets=ANALYSIS_BUCKETS, registry=self.registry)
        self._series: dict[tuple, tuple] = {}

    def record(self, method: str, route: str, status: int, seconds: float) -> None:
        """Count one answered request and its duration."""
        method = method if method in _METHODS else "other"
        series = self._series.get((method, route, status))
        if series is None:  # a few dozen combinations: routes are URL rules, not paths
            series = self._series[method, route, status] = (
                self.requests.labels(method, route, str(status)),
                self.latency.labels(method, route))
        series[0].inc()
        series[1].observe(seconds)

    def exposition(self) -> bytes:
        if self.multiprocess:
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
            return generate_latest(registry)
        return generate_latest(self.registry)


def finish(response: Response) -> Response:
    """after_request: the request id on the answer, and the request in the metrics."""
    context = g._get_current_object()  # one look-up of the request's globals
    # Added, not set: only this hook writes it.
    response.headers.add(REQUEST_ID_HEADER, context.get("request_id") or pick_request_id(None))
    started = context.get("request_started")
    if started is not None:
        current = request._get_current_object()
        rule = current.url_rule
        current_app.extensions["metrics"].record(
            current.method, rule.rule if rule is not None else "<unmatched>",
            response.status_code, time.perf_counter() - started)
    return response


def metrics_view() -> Response:
    """Prometheus metrics in the text exposition format."""
    body = current_app.extensions["metrics"].exposition()
    return Response(body, content_type=CONTENT_TYPE_LATEST,
                    headers={"Cache-Control": "no-store"})


def init_app(app: Flask) -> Metrics:
    """JSON logs, the metrics and /metrics for ``app``; its hooks are ``assign_request_id``
    and ``finish``."""
    configure_json_logs(app)
    disable_created_metrics()  # the *_created series only double the output
    metrics = app.extensions["metrics"] = Metrics()
    app.add_url_rule("/metrics", "metrics", metrics_view, methods=["GET"])
    return metrics

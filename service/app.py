"""Application factory: create_app(config) wires extensions, blueprints, errors, middleware."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask

from service.config import Config


def create_app(config: dict | None = None) -> Flask:
    """Build the application; ``config`` overrides settings read from the environment."""
    app = Flask(__name__)
    app.config.from_mapping(Config().as_mapping(config))
    configure_json(app)
    configure_logging(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_middleware(app, middleware(app))
    register_proxy(app)
    register_commands(app)
    return app


def configure_json(app: Flask) -> None:
    from service.web.representation import JSONProvider

    app.json = JSONProvider(app)


def configure_logging(app: Flask) -> None:
    logging.basicConfig(level=app.config["LOG_LEVEL"],
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def register_extensions(app: Flask) -> None:
    from service.extensions import analyzer, api, store
    from service.feeds import poll as feeds
    from service.jobs.queue import Queue
    from service.web import browser, common, limits, observability, security
    from service.web.answers import Answers

    metrics = observability.init_app(app)
    api.init_app(app, spec_kwargs={
        "info": {"description": "Turns news articles into structured, queryable JSON: "
                                "sections, entities, figures, dates and quotes."}})
    security.document(api.spec)
    limits.document(api.spec)
    common.document(api.spec)
    store.init_app(app)
    app.extensions["answers"] = Answers(app.config["READ_CACHE_BYTES"])
    analyzer.init_app(app, observe=metrics.analysis.observe)
    app.extensions["jobs"] = Queue(app.config, app.extensions["store"],
                                   app.extensions["analyzer"])
    feeds.init_app(app)
    limits.init_app(app)
    security.init_app(app)
    browser.init_app(app)


def register_blueprints(app: Flask) -> None:
    from service.extensions import api
    from service.web import (
        articles,
        entities,
        figures,
        health,
        jobs,
        sections,
        stories,
        timeline,
        viewer,
    )
    from service.web.sources import blp as sources_blp

    for module in (articles, sections, entities, figures, timeline, jobs):
        api.register_blueprint(module.blp)
    api.register_blueprint(sources_blp)
    api.register_blueprint(articles.analyze_blp)
    api.register_blueprint(health.blp)
    api.register_blueprint(stories.blp)
    app.register_blueprint(viewer.blp)


def register_errorhandlers(app: Flask) -> None:
    from service.web.errors import register_error_handlers

    register_error_handlers(app)


@dataclass(frozen=True)
class Layer:
    """One stage around the views: request hooks, or an extension that installs its own
    hooks."""

    name: str
    before: Callable | None = None
    after: Callable | None = None
    install: Callable[[Flask], None] | None = None
    enabled: bool = True


def middleware(app: Flask) -> list[Layer]:
    """Every stage around the views, in order: before_request hooks run in this order,
    after_request hooks in the reverse order."""
    from service.web import browser, hooks, observability, security
    from service.web.common import refuse_control_characters, refuse_unreadable_bodies

    config, extensions = app.config, app.extensions
    limiter = extensions["rate_limiter"]
    origins = config["CORS_ORIGINS"]
    layers = [
        # First and last: every later log line has the request id, and the metrics get
        # the final status and duration.
        Layer("request id and metrics", before=observability.assign_request_id,
              after=observability.finish),
        Layer("rate limits", before=limiter.check, after=limiter.headers,
              enabled=limiter.enabled),
        # After the rate limits, so that refused writes count too.
        Layer("API keys", before=security.require_key_for_writes),
        Layer("control characters", before=refuse_control_characters),
        Layer("body codings and charsets", before=refuse_unreadable_bodies),
        Layer("CORS", install=browser.cors(origins), enabled=bool(origins)),
        Layer("Vary: Origin", after=browser.vary_on_origin,
              enabled=bool(origins) and origins != ["*"]),
        # Its hook runs after conditional_get's: compression sees the final ETag and
        # re-evaluates If-None-Match on its own tag.
        Layer("compression", after=extensions["compress"].after_request),
        Layer("security headers", after=browser.security_headers),
        Layer("conditional GET", after=hooks.conditional_get),
    ]
    return [layer for layer in layers if layer.enabled]


def register_middleware(app: Flask, layers: list[Layer]) -> None:
    """Each run of layers without an installer as one before_request and one after_request
    hook, which call the layers' hooks in Flask's order (Flask looks up every hook it calls
    again on each request); an installer's own hooks keep their place between runs."""
    run: list[Layer] = []
    for layer in layers:
        if layer.install:
            _register_run(app, run)
            run = []
            layer.install(app)
        run.append(layer)
    _register_run(app, run)


def _register_run(app: Flask, layers: list[Layer]) -> None:
    befores = tuple(layer.before for layer in layers if layer.before)
    afters = tuple(layer.after for layer in reversed(layers) if layer.after)
    if befores:
        def before_request():
            for before in befores:
                answer = before()
                if answer is not None:  # as Flask does: the answer, and no later hook
                    return answer
            return None

        app.before_request(before_request)
    if afters:
        def after_request(response):
            for after in afters:
                response = after(response)
            return response

        app.after_request(after_request)


def register_proxy(app: Flask) -> None:
    """Trust the X-Forwarded-For and X-Forwarded-Proto of ``PROXY_HOPS`` proxies: the client's
    address and scheme are then those the nearest proxy saw (none trusted by default)."""
    hops = app.config["PROXY_HOPS"]
    if hops > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=0,
                                x_port=0, x_prefix=0)


def register_commands(app: Flask) -> None:
    from service.cli import commands

    for command in commands():
        app.cli.add_command(command)

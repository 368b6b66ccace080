"""Application factory: create_app(config) wires extensions, blueprints, errors, commands."""

from __future__ import annotations

import logging

from flask import Flask, request

from service.config import Config


def create_app(config: dict | None = None) -> Flask:
    """Build the application; ``config`` overrides settings read from the environment."""
    app = Flask(__name__)
    app.config.from_mapping(Config().as_mapping(config))
    app.json.sort_keys = False
    configure_logging(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_hooks(app)
    register_commands(app)
    register_read_cache(app)
    return app


def configure_logging(app: Flask) -> None:
    logging.basicConfig(level=app.config["LOG_LEVEL"],
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def register_extensions(app: Flask) -> None:
    from service.api import common
    from service.http import limits, observability, security, web
    from service.http.extensions import analyzer, api, store

    observability.init_app(app)  # first: its hooks wrap every other extension's
    api.init_app(app, spec_kwargs={
        "info": {"description": "Turns news articles into structured, queryable JSON: "
                                "sections, entities, figures, dates and quotes."}})
    security.document(api.spec)
    limits.document(api.spec)
    common.document(api.spec)
    store.init_app(app)
    analyzer.init_app(app)
    limits.init_app(app)  # after the analyzer, which it holds to the analysis budget
    security.init_app(app)  # after the limits, so that refused writes count too
    web.init_app(app)


def register_blueprints(app: Flask) -> None:
    from service.api import articles, entities, figures, health, jobs, sections, timeline
    from service.http import viewer
    from service.http.extensions import api

    for module in (articles, sections, entities, figures, timeline, jobs):
        api.register_blueprint(module.blp)
    api.register_blueprint(articles.analyze_blp)
    api.register_blueprint(health.blp)
    app.register_blueprint(viewer.blp)


def register_errorhandlers(app: Flask) -> None:
    from service.http.errors import register_error_handlers

    register_error_handlers(app)


def register_hooks(app: Flask) -> None:
    from service.api.common import refuse_control_characters

    app.before_request(refuse_control_characters)

    @app.after_request
    def conditional_get(response):
        # Strong validators for every successful read; If-None-Match then answers 304.
        if request.method in {"GET", "HEAD"} and response.status_code == 200 \
                and not response.direct_passthrough:
            response.add_etag()
            response.make_conditional(request)
        return response


def register_read_cache(app: Flask) -> None:
    from service.http import read_cache

    read_cache.init_app(app)  # last: it wraps the whole application


def register_commands(app: Flask) -> None:
    from service.cli import register

    register(app)

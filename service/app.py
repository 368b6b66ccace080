"""Application factory: create_app(config) wires extensions, blueprints, errors, middleware;
and the extension instances the views use (``api``, ``store``, ``analyzer``)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from inspect import iscoroutinefunction

from flask import Flask, current_app
from flask_smorest import Api

from schemas.common import ProblemSchema
from service.analysis.pipeline import build_pipeline
from service.analysis.runner import Runner, Settings
from service.config import Config
from service.store.repository import Store


class ProblemApi(Api):
    """flask-smorest, documenting errors as problem details."""

    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self):
        # Errors are rendered by service.web.errors for the whole application.
        pass


class StoreExtension:
    """The article store named by ``DATABASE_URL``."""

    def init_app(self, app: Flask) -> None:
        app.extensions["store"] = Store.from_url(app.config["DATABASE_URL"])

    @property
    def current(self) -> Store:
        return current_app.extensions["store"]


class AnalyzerExtension:
    """The NLP pipeline, loaded once per process when the application is created, and the
    runner of its analyses; ``observe(seconds)`` is told each analysis's duration."""

    def init_app(self, app: Flask, observe: Callable[[float], None]) -> None:
        if not app.config["LOAD_MODEL"]:
            app.extensions["analyzer"] = None
            return
        app.extensions["analyzer"] = Runner(build_pipeline(app.config),
                                            Settings.from_config(app.config), observe)

    @property
    def current(self) -> Runner | None:
        return current_app.extensions["analyzer"]


api = ProblemApi()
store = StoreExtension()
analyzer = AnalyzerExtension()


class App(Flask):
    """Flask, knowing once per function whether it is a coroutine function: Flask asks for
    every hook and view of every request (``ensure_sync``), and each answer costs a look at
    the function's code flags."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._synchronous: dict[Callable, bool] = {}

    def ensure_sync(self, func: Callable) -> Callable:
        key = getattr(func, "__func__", func)  # a method: of a view made per request
        try:
            synchronous = self._synchronous.get(key)
        except TypeError:  # not hashable: asked each time
            return super().ensure_sync(func)
        if synchronous is None:
            if len(self._synchronous) >= 4096:
                self._synchronous.clear()
            synchronous = self._synchronous[key] = not iscoroutinefunction(func)
        return func if synchronous else super().ensure_sync(func)


def create_app(config: dict | None = None) -> Flask:
    """Build the application; ``config`` overrides settings read from the environment."""
    app = App(__name__)
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
    from flask_compress import Compress

    from service.feeds import poll as feeds
    from service.jobs.queue import Queue
    from service.web import common, limits, observability, security
    from service.web.representation import Answers

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
    # Its hook is registered in the order of the middleware (COMPRESS_REGISTER off).
    app.extensions["compress"] = Compress(app)


def register_blueprints(app: Flask) -> None:
    import service.web.archive  # noqa: F401 (its views join the entities and figures blueprints)
    from service.web import articles, health, jobs, stories, viewer
    from service.web.sources import blp as sources_blp

    for blp in (articles.blp, articles.sections_blp, articles.entities_blp,
                articles.figures_blp, articles.timeline_blp, jobs.blp, sources_blp,
                articles.analyze_blp, health.blp, stories.blp):
        api.register_blueprint(blp)
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
    from service.web import observability, representation, security
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
        Layer("CORS", install=security.cors(origins), enabled=bool(origins)),
        Layer("Vary: Origin", after=security.vary_on_origin,
              enabled=bool(origins) and origins != ["*"]),
        # Its hook runs after conditional_get's: compression sees the final ETag and
        # re-evaluates If-None-Match on its own tag.
        Layer("compression", after=extensions["compress"].after_request),
        Layer("security headers", after=security.security_headers),
        Layer("conditional GET", after=representation.conditional_get),
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

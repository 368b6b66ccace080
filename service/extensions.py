"""Extension instances, bound to an application in ``create_app``."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, current_app
from flask_smorest import Api

from schemas.common import ProblemSchema
from service.analysis.pipeline import build_pipeline
from service.analysis.runner import Runner, Settings
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

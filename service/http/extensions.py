"""Extension instances, bound to an application in ``create_app``."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, current_app
from flask_smorest import Api

from schemas.common import ProblemSchema
from service.analysis_budget import BudgetedAnalyzer, budgeted
from service.nlp.caps import Caps
from service.nlp.model import load_model
from service.nlp.pipeline import Analyzer, Limits
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
    """The NLP pipeline, loaded once per process when the application is created, under
    the analysis budget; ``observe(seconds)`` is told each analysis's duration."""

    def init_app(self, app: Flask, observe: Callable[[float], None]) -> None:
        if not app.config["LOAD_MODEL"]:
            app.extensions["analyzer"] = None
            return
        caps = Caps(max_items=app.config["MAX_ITEMS_PER_LIST"],
                    sentence_chars=app.config["MAX_SENTENCE_CHARS"],
                    bytes_per_char=app.config["MAX_OUTPUT_BYTES_PER_CHAR"])
        limits = Limits(max_chars=app.config["MAX_TEXT_CHARS"],
                        max_paragraphs=app.config["MAX_PARAGRAPHS"], caps=caps)
        inner = Analyzer(load_model(app.config["NLP_MODEL"]), limits)
        inner.warm_up()
        app.extensions["analyzer"] = budgeted(inner, app.config, observe)

    @property
    def current(self) -> BudgetedAnalyzer | None:
        return current_app.extensions["analyzer"]


api = ProblemApi()
store = StoreExtension()
analyzer = AnalyzerExtension()

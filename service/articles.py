"""Use cases on articles: analyze, ingest, fetch; shared by the HTTP views and the CLI."""

from __future__ import annotations

from schemas.article import AnalysisSchema
from service.errors import ArticleNotFound, InvalidInput, ItemNotFound
from service.nlp.pipeline import Analyzer, Request
from service.store.repository import Store

_analysis_schema = AnalysisSchema()


def analyze(analyzer: Analyzer, request: Request) -> dict:
    """The whole analysis of one article, shaped as the API documents it (by the
    analyzer itself when it ``shapes``: the application's does it in its own process);
    ``InvalidText`` when the text cannot be analyzed."""
    analysis = analyzer.analyze(request)
    return analysis if getattr(analyzer, "shapes", False) else shape(analysis)


def admit(analyzer: Analyzer) -> None:
    """``AnalysisBusy`` when the analyzer has no room for an analysis, before its body is
    read."""
    check = getattr(analyzer, "admit", None)
    if check is not None:
        check()


def shape(analysis: dict) -> dict:
    """An analysis reduced to the documented fields."""
    return _analysis_schema.dump(analysis)


def ingest(store: Store, analyzer: Analyzer, request: Request,
           min_free_bytes: int = 0) -> tuple[dict, bool]:
    """Store an article unless the same content is stored already; ``StoreUnavailable``
    when the store cannot take it, found out before the analysis."""
    if request.format == "plain":
        raise InvalidInput({"format": ["format 'plain' is for /v1/analyze only"]})
    store.check_writable(min_free_bytes)  # before the analysis is spent
    return store.add(analyze(analyzer, request), request)


def get_article(store: Store, article_id: str) -> dict:
    document = store.get(article_id)
    if document is None:
        raise ArticleNotFound(article_id)
    return document


def find_item(items: list[dict], key: str, value, what: str, article_id: str) -> dict:
    """One item of an article's list by id or index, else ``ItemNotFound``."""
    for item in items:
        if item[key] == value:
            return item
    raise ItemNotFound(article_id, what, value)

"""Use cases on articles, shared by the HTTP views and the CLI (bulk ingest in ``bulk``,
what it reads in ``inputs``, the export in ``export``)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from schemas.article import AnalysisSchema
from service.analysis.runner import Budget, Runner
from service.errors import ArticleNotFound, InvalidInput, ItemNotFound, PublishedConflict
from service.nlp.pipeline import Analyzer, Request, content_hash
from service.store import documents
from service.store.repository import Store

log = logging.getLogger(__name__)
_analysis_schema = AnalysisSchema()


def analyze(runner: Runner, read: Callable[[], Request]) -> dict:
    """The shaped analysis of the article ``read`` gives; the body is read only once an
    analysis slot is held (else ``AnalysisBusy``)."""
    with runner.admitted():
        return analysis_of(runner, read())


def analysis_of(runner: Runner, request: Request) -> dict:
    runner.budget.check_request(request, runner.pipeline.limits.max_chars)
    return runner.run(_shaped_analysis, request, runner.budget)


def _shaped_analysis(pipeline: Analyzer, request: Request, budget: Budget) -> dict:
    """In an analysis process, shaping too, so that a request's thread only waits."""
    structure = pipeline.structure(request)
    budget.check(len(structure.text))
    return shape(next(pipeline.analyze_structures([structure])))


def shape(analysis: dict) -> dict:
    return _analysis_schema.dump(analysis)


def ingest(store: Store, runner: Runner, read: Callable[[], Request],
           min_free_bytes: int = 0) -> tuple[dict, bool]:
    """Store an article unless its content is stored already; ``StoreUnavailable`` is
    found out before the analysis."""
    with runner.admitted():
        request = read()
        if request.format == "plain":
            raise InvalidInput({"format": ["format 'plain' is for /v1/analyze only"]})
        store.check_writable(min_free_bytes)  # before the analysis is spent
        stored = store.get_by_hash(content_hash(request.text))
        if stored is not None:  # nothing to analyze
            return with_story(store, same_article(stored, request), False)
        analysis = analysis_of(runner, request)
    document, created = store.add(analysis, request)
    return with_story(store, document if created else same_article(document, request), created)


def add_each(store: Store, items: list[tuple[dict, Request | None]],
             errors: tuple[type[Exception], ...] = (Exception,)) -> list[tuple]:
    """Store analyses in one transaction, or if that raises ``errors`` one by one: (stored
    article, whether new) for each, or (why it failed, None)."""
    try:
        return store.add_many(items) if items else []
    except errors:
        log.warning("storing a batch of %d failed; storing its articles one by one",
                    len(items), exc_info=True)
    results = []
    for document, request in items:
        try:
            results.append(store.add(document, request))
        except errors as exc:
            log.exception("storing %s failed", document.get("id"))
            results.append((f"store error: {type(exc).__name__}", None))
    return results


def with_story(store: Store, document: dict, created: bool) -> tuple[dict, bool]:
    return documents.with_story(document, store.story_of(document["id"])), created


def same_article(document: dict, request: Request) -> dict:
    """``document``, stored for the text of ``request``; ``PublishedConflict`` when the
    request gives another publication date (a re-post never changes it silently)."""
    stored = (document.get("published") or {}).get("date")
    if request.published is not None and request.published.isoformat() != stored:
        raise PublishedConflict(document["id"], stored, request.published.isoformat())
    return document


def published_conflict(document: dict, request: Request | None) -> str | None:
    """Why ``request`` is not the stored ``document`` (for bulk runs), or None."""
    try:
        same_article(document, request) if request is not None else None
    except PublishedConflict as exc:
        return str(exc)
    return None


def get_article(store: Store, article_id: str) -> dict:
    document = store.get(article_id)
    if document is None:
        raise ArticleNotFound(article_id)
    return document


def find_item(items: list[dict], key: str, value, what: str, article_id: str) -> dict:
    for item in items:
        if item[key] == value:
            return item
    raise ItemNotFound(article_id, what, value)

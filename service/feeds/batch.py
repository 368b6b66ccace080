"""A source's pending items a batch at a time: its pages fetched at once, analyzed in one
``nlp.pipe`` and stored in one transaction while the next batch's pages are fetched."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from sqlalchemy.exc import SQLAlchemyError

from service.analysis.runner import Runner
from service.articles.bulk import analyze_batch
from service.articles.inputs import Source
from service.errors import ServiceError
from service.feeds.repository import SourceStore
from service.fetch.client import Fetched, Fetcher
from service.fetch.errors import FetchError, FetchRefused
from service.fetch.ingest import declared_canonical, page_request
from service.fetch.urls import article_for, remember
from service.store.repository import Store

log = logging.getLogger(__name__)
BATCH_SIZE = 16
MAX_ATTEMPTS = 3  # of an item whose fetch failed for a reason that may pass

Item = tuple[str, str, int]  # key, url, attempts before this one


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class Batches:
    sources: SourceStore
    store: Store
    runner: Runner
    fetcher: Fetcher
    clock: Callable[[], dt.datetime] = utcnow

    def run(self, source_id: str, items: list[Item], renew: Callable[[], None]) -> None:
        chunks = [items[at:at + BATCH_SIZE] for at in range(0, len(items), BATCH_SIZE)]
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="prefetch") as ahead:
            upcoming = ahead.submit(self._pages, source_id, chunks[0]) if chunks else None
            for index in range(len(chunks)):
                pages = upcoming.result()
                if index + 1 < len(chunks):
                    upcoming = ahead.submit(self._pages, source_id, chunks[index + 1])
                renew()
                self._store(source_id, pages)

    def _pages(self, source_id: str, items: list[Item]) -> list[tuple[Item, Fetched]]:
        """The fetched pages of the items not made into articles before (those settled)."""
        pending = []
        for key, url, attempts in items:
            article_id = article_for(self.store.engine, [url])
            if article_id and self.store.revision(article_id) is not None:
                self._settle(source_id, key, attempts > 0, article_id)
            else:
                pending.append((key, url, attempts))
        self.sources.attempt_many(source_id, [key for key, _, _ in pending])
        with ThreadPoolExecutor(max_workers=self.fetcher.gate.concurrency) as pool:
            fetched = list(pool.map(lambda item: self._fetch(source_id, item), pending))
        return [(item, page) for item, page in zip(pending, fetched, strict=True) if page]

    def _fetch(self, source_id: str, item: Item) -> Fetched | None:
        key, url, attempts = item
        try:
            return self.fetcher.fetch(url)
        except (FetchError, ServiceError) as exc:
            self._failed(source_id, key, attempts,
                         f"{getattr(exc, 'reason', type(exc).__name__)}: {exc}",
                         final=isinstance(exc, FetchRefused))
            return None

    def _store(self, source_id: str, pages: list[tuple[Item, Fetched]]) -> None:
        sources = [Source(str(index), page_request(page)) for index, (_, page) in enumerate(pages)]
        documents = []
        for source, outcome, payload in analyze_batch(self.runner, None, sources):
            item, page = pages[int(source.origin)]
            if outcome == "failed":
                self._failed(source_id, item[0], item[1], payload, final=True)
            else:
                documents.append((item, page, source.request,
                                  {**payload, "canonical_url": declared_canonical(page)}))
        if not documents:
            return
        try:
            results = self.store.add_many([(document, request)
                                           for _, _, request, document in documents])
        except SQLAlchemyError as exc:
            log.warning("storing %d items of source %s failed", len(documents), source_id,
                        exc_info=True)
            for item, *_ in documents:
                self._failed(source_id, item[0], item[1], f"store error: {type(exc).__name__}",
                             final=False)
            return
        for (item, page, _, document), (stored, created) in zip(documents, results,
                                                                 strict=True):
            remember(self.store.engine,
                           [item[1], page.url, document["canonical_url"]], stored["id"])
            self._settle(source_id, item[0], created or item[2] > 0, stored["id"])

    def _settle(self, source_id: str, key: str, mine: bool, article_id: str) -> None:
        self.sources.settle(source_id, key, "ingested" if mine else "skipped", self.clock(),
                            article_id=article_id)

    def _failed(self, source_id: str, key: str, attempts: int, reason: str,
                final: bool) -> None:
        if final or attempts + 1 >= MAX_ATTEMPTS:
            self.sources.settle(source_id, key, "failed", self.clock(), reason=reason)
        else:
            self.sources.release(source_id, key, reason, self.clock())

"""The source store's list: each source's item counts and its latest failures, read for a
whole page at once (a fixed number of queries), the same as reading each source alone."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import create_engine, event

from service.feeds.repository import LAST_ERRORS, SourceStore
from service.fetch.urls import url_key
from service.store.values import Page

T0 = dt.datetime(2030, 3, 1, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def store(migrated_url):
    engine = create_engine(migrated_url)
    yield SourceStore(engine)
    engine.dispose()


def _source(store: SourceStore, n: int, failed: int, ingested: int, pending: int) -> str:
    created = T0 + dt.timedelta(minutes=n)
    source_id = store.create(f"http://gazette{n}.test/rss", "feed",
                             f"http://gazette{n}.test/rss", "feed", 600, created)
    urls = [f"http://gazette{n}.test/story-{k}" for k in range(failed + ingested + pending)]
    store.add_items(source_id, urls, created)
    for k, url in enumerate(urls[:failed]):
        store.settle(source_id, url_key(url), "failed", created + dt.timedelta(seconds=k),
                     reason=f"reason {n}-{k}")
    for url in urls[failed:failed + ingested]:
        store.settle(source_id, url_key(url), "ingested", created)
    return source_id


def test_a_page_of_sources_has_each_ones_counts_and_latest_failures(store):
    shapes = [(0, 0, 0), (LAST_ERRORS + 3, 2, 1), (1, 0, 4), (2, 5, 0)]
    ids = [_source(store, n, *shape) for n, shape in enumerate(shapes)]
    listed = store.list(Page(1, 10))
    assert listed.total == 4
    assert [view.id for view in listed.items] == ids[::-1]  # newest first
    for view, (failed, ingested, pending) in zip(listed.items, shapes[::-1], strict=True):
        assert view.items["seen"] == failed + ingested + pending
        assert (view.items["failed"], view.items["ingested"], view.items["pending"]) == (
            failed, ingested, pending)
        assert len(view.last_errors) == min(failed, LAST_ERRORS)
        times = [error["at"] for error in view.last_errors]
        assert times == sorted(times, reverse=True)  # latest first
        assert view == store.get(view.id)
    fourth = listed.items[2]  # the source with more failures than are listed
    assert fourth.last_errors[0]["reason"] == f"reason 1-{LAST_ERRORS + 2}"


def test_listing_a_page_takes_the_same_queries_for_one_source_or_many(store):
    for n in range(12):
        _source(store, n, failed=1, ingested=1, pending=1)
    statements = []
    event.listen(store.engine, "before_cursor_execute",
                 lambda *args: statements.append(args[2]))
    store.list(Page(1, 1))
    one = len(statements)
    statements.clear()
    store.list(Page(1, 12))
    assert len(statements) == one <= 4

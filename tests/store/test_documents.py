"""Reading one stored article: a few of the pool's connections are kept checked out
between reads (the pool's checkout cost more than the read); a disposed pool's and a
failed one are not used again."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from service.store import documents
from service.store.migrations import upgrade_database
from service.store.repository import Store
from tests.store.test_store import _document


@pytest.fixture
def stored(database_url):
    upgrade_database(database_url)
    store = Store.from_url(database_url)
    store.add(_document())
    checkouts = []
    event.listen(store.engine, "checkout", lambda *_: checkouts.append(1))
    yield store, checkouts
    store.engine.dispose()


def test_reads_reuse_a_kept_connection_and_see_every_change(stored):
    store, checkouts = stored
    first = documents.read(store, "2024-01-01-a")
    assert first.document["headline"] == "A" and first.json is not None
    again = documents.read(store, "2024-01-01-a", first.version)
    assert again.version == first.version and again.json is None  # known: not read
    changed = {**_document(), "headline": "B"}
    store.replace("2024-01-01-a", changed)
    after = documents.read(store, "2024-01-01-a", first.version)
    assert after.version != first.version and after.document["headline"] == "B"
    assert documents.read(store, "2024-01-01-z") is None
    # One checkout for the reads (the replace's own connection comes from the pool).
    reads = len(checkouts) - 1
    assert reads == 1, checkouts


def test_a_disposed_pool_s_kept_connections_are_not_used_again(stored):
    store, checkouts = stored
    documents.read(store, "2024-01-01-a")
    before = len(checkouts)
    store.engine.dispose()
    assert documents.read(store, "2024-01-01-a").document["id"] == "2024-01-01-a"
    assert len(checkouts) == before + 1  # from the new pool


def test_a_kept_connection_that_fails_is_dropped_and_the_read_made_again(stored):
    store, checkouts = stored
    documents.read(store, "2024-01-01-a")
    (kept,) = documents._kept(store.engine).connections
    kept.dbapi_connection.close()  # gone while kept (a restarted server, say)
    assert documents.read(store, "2024-01-01-a").document["id"] == "2024-01-01-a"
    assert documents._kept(store.engine).connections != [kept]
    assert len(checkouts) == 2

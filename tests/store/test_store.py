"""The store on SQLite and PostgreSQL: migrations, uniqueness, indexes kept in step."""

from __future__ import annotations

import multiprocessing

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from service.store.migrations import include_object, upgrade_database
from service.store.models import Base
from service.store.repository import ArticleFilter, FigureFilter, Page, Store, make_engine


def _document(content_hash: str = "sha256:abc", article_id: str = "2024-01-01-a") -> dict:
    return {
        "id": article_id, "content_hash": content_hash, "headline": "A", "text": "A text",
        "published": {"date": "2024-01-01", "inferred": False, "basis": "given"},
        "pipeline": {"version": "1", "model": "m", "model_version": "1"},
        "entities": [{"id": "zoe-lukasz", "name": "Zoë Łukasz", "type": "PERSON",
                      "salience": 1.0, "aliases": ["Łukasz"], "descriptions": [],
                      "mention_count": 2, "mentions": []}],
        "figures": [{"id": "f1", "kind": "money", "unit": "EUR", "value": 50000.0,
                     "entities": ["zoe-lukasz"]}],
    }


def test_migrations_create_the_schema_the_models_describe(database_url):
    upgrade_database(database_url)
    engine = make_engine(database_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": include_object})
        diff = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert diff == []


def test_migrations_are_idempotent(database_url):
    upgrade_database(database_url)
    upgrade_database(database_url)


def _add_in_process(url: str, queue) -> None:
    store = Store.from_url(url)
    _, created = store.add(_document())
    queue.put(created)


def test_the_same_article_added_by_two_processes_is_stored_once(database_url):
    upgrade_database(database_url)
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = [context.Process(target=_add_in_process, args=(database_url, queue))
               for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    outcomes = sorted(queue.get(timeout=5) for _ in workers)
    assert outcomes == [False, True]
    items, total = Store.from_url(database_url).list_articles(ArticleFilter(), Page())
    assert total == 1


def test_a_clashing_id_gets_a_suffix(database_url):
    store = Store.from_url(database_url)
    upgrade_database(database_url)
    first, _ = store.add(_document("sha256:aaaa1111"))
    second, created = store.add(_document("sha256:bbbb2222"))
    assert created
    assert first["id"] == "2024-01-01-a"
    assert second["id"].startswith("2024-01-01-a-") and second["id"] != first["id"]


def test_entity_totals_follow_adds_and_deletes(database_url):
    store = Store.from_url(database_url)
    upgrade_database(database_url)
    store.add(_document("sha256:1", "a1"))
    store.add(_document("sha256:2", "a2"))
    items, total = store.list_entities("łuk", None, Page())
    assert total == 1
    assert (items[0]["key"], items[0]["article_count"], items[0]["mention_count"]) == (
        "zoe-lukasz", 2, 4)
    store.delete("a1")
    assert store.get_entity_total("zoe-lukasz")["article_count"] == 1
    store.delete("a2")
    assert store.get_entity_total("zoe-lukasz") is None


def test_figures_filter_by_value_unit_and_entity(database_url):
    store = Store.from_url(database_url)
    upgrade_database(database_url)
    store.add(_document())
    assert store.list_figures(FigureFilter(unit="EUR", min_value=1000), Page())[1] == 1
    assert store.list_figures(FigureFilter(max_value=10), Page())[1] == 0
    items, total = store.list_figures(FigureFilter(entity="ŁUKASZ"), Page())
    assert total == 1 and items[0]["article_id"] == "2024-01-01-a"
    assert store.list_figures(FigureFilter(entity="nobody"), Page())[1] == 0


def test_cached_documents_follow_reanalysis_and_readding(database_url):
    store = Store.from_url(database_url)
    store.create_schema()
    other = Store.from_url(database_url)  # another process's view of the same database
    store.add(_document())
    assert other.get("2024-01-01-a")["headline"] == "A"
    store.replace("2024-01-01-a", {**_document(), "headline": "B"})
    assert other.get("2024-01-01-a")["headline"] == "B"
    store.delete("2024-01-01-a")
    assert other.get("2024-01-01-a") is None
    store.add({**_document(), "headline": "C"})
    assert other.get("2024-01-01-a")["headline"] == "C"

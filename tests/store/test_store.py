"""The store on SQLite and PostgreSQL: migrations, uniqueness, indexes kept in step."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from collections import Counter

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from service.store.engine import make_engine
from service.store.migrations import include_object, upgrade_database
from service.store.models import Base
from service.store.repository import Store
from service.store.rows import SUMMARY_FIELDS
from service.store.values import ArticleFilter, FigureFilter, Page


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
    assert Store.from_url(database_url).list_articles(ArticleFilter(), Page()).total == 1


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
    listing = store.list_entities("łuk", None, Page())
    items = listing.items
    assert listing.total == 1
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
    assert store.list_figures(FigureFilter(unit="EUR", min_value=1000), Page()).total == 1
    assert store.list_figures(FigureFilter(max_value=10), Page()).total == 0
    listing = store.list_figures(FigureFilter(entity="ŁUKASZ"), Page())
    assert listing.total == 1 and listing.items[0]["article_id"] == "2024-01-01-a"
    assert store.list_figures(FigureFilter(entity="nobody"), Page()).total == 0
    assert store.list_figures(FigureFilter(entity="zoë łukasz", kind="money", unit="EUR",
                                           min_value=50000), Page()).total == 1
    assert store.list_figures(FigureFilter(entity="łukasz", max_value=49999), Page()).total == 0
    assert store.list_figures(FigureFilter(entity="łukasz", unit="USD"), Page()).total == 0


def test_reads_follow_reanalysis_and_readding_by_another_process(database_url):
    store = Store.from_url(database_url)
    store.create_schema()
    other = Store.from_url(database_url)  # another process's view of the same database
    store.add(_document())
    first = other.read("2024-01-01-a")
    assert first.document["headline"] == "A"
    assert first.version == other.revision("2024-01-01-a")
    store.replace("2024-01-01-a", {**_document(), "headline": "B"})
    second = other.read("2024-01-01-a")
    assert second.document["headline"] == "B"
    assert second.version[0] == first.version[0] and second.version[1] == first.version[1] + 1
    store.delete("2024-01-01-a")
    assert other.read("2024-01-01-a") is None and other.revision("2024-01-01-a") is None
    store.add({**_document(), "headline": "C"})
    third = other.read("2024-01-01-a")
    assert third.document["headline"] == "C"
    assert third.version[0] > first.version[0]


def test_a_read_leaves_out_the_document_only_while_the_known_version_is_stored(database_url):
    store = Store.from_url(database_url)
    store.create_schema()
    other = Store.from_url(database_url)
    store.add(_document())
    first = other.read("2024-01-01-a")
    same = other.read("2024-01-01-a", known=first.version)
    assert same.json is None and same.version == first.version
    # A version of another article, or an older one, reads the document.
    assert other.read("2024-01-01-a", known=(first.version[0] + 1, *first.version[1:])).json
    store.replace("2024-01-01-a", {**_document(), "headline": "B"})
    changed = other.read("2024-01-01-a", known=first.version)
    assert changed.version[1] == first.version[1] + 1
    assert changed.document["headline"] == "B"
    assert other.read("2024-01-01-a", known=changed.version).json is None
    store.delete("2024-01-01-a")
    assert other.read("2024-01-01-a", known=changed.version) is None


def _person(name: str, mentions: int = 1) -> dict:
    entity_id = name.lower().replace(" ", "-")
    return {"id": entity_id, "name": name, "type": "PERSON", "salience": 0.5,
            "aliases": [name.split()[-1]], "descriptions": [], "mention_count": mentions,
            "mentions": []}


def _batch() -> list[dict]:
    """Articles sharing some entities, one of them twice under two entity ids."""
    docs = []
    for n, names in enumerate([["Ana Lima", "Bo Chen"], ["Bo Chen", "Cy Dube"],
                               ["Ana Lima", "Dee Ek", "Ana Lima"]]):
        doc = _document(f"sha256:batch{n}", f"2024-01-0{n + 1}-b")
        entities = [_person(name, mentions=k + 1) for k, name in enumerate(names)]
        entities[-1] = {**entities[-1], "id": f"{entities[-1]['id']}-{n}"}
        doc["entities"] = entities
        doc["figures"] = [{"id": "f1", "kind": "money", "unit": "EUR", "value": 10.0 * (n + 1),
                           "entities": [e["id"] for e in entities]}]
        docs.append(doc)
    return docs


def _tables(store: Store) -> dict[str, list]:
    """Every row of every table, articles named by id rather than primary key."""
    with store.engine.connect() as conn:
        ids = dict(conn.execute(text("SELECT pk, id FROM articles")).all())
        tables = {"articles": sorted(ids.values())}
        for table in ("article_entities", "entity_names", "article_figures",
                      "figure_entities"):
            result = conn.execute(text(f"SELECT * FROM {table}"))
            rows = [{**row._asdict(), "article_pk": ids[row.article_pk]} for row in result]
            tables[table] = sorted(map(repr, rows))
        for table in ("entity_totals", "entity_aliases"):
            tables[table] = sorted(map(tuple, conn.execute(text(f"SELECT * FROM {table}"))))
    return tables


def test_a_batch_writes_the_rows_and_totals_adding_one_by_one_writes(database_url):
    upgrade_database(database_url)
    store = Store.from_url(database_url)
    for doc in _batch():
        store.add(doc)
    one_by_one = _tables(store)
    for doc in _batch():
        store.delete(doc["id"])
    assert _tables(store)["entity_totals"] == [] and _tables(store)["entity_aliases"] == []
    outcomes = store.add_many((doc, None) for doc in _batch())
    assert [(doc["id"], created) for doc, created in outcomes] == [
        (doc["id"], True) for doc in _batch()]
    assert _tables(store) == one_by_one
    assert store.get_entity_total("ana-lima")["article_count"] == 3
    assert store.get_entity_total("ana-lima")["mention_count"] == 1 + 1 + 3


def test_content_repeated_in_a_batch_or_already_stored_is_stored_once(database_url):
    upgrade_database(database_url)
    store = Store.from_url(database_url)
    first, second, third = _batch()
    store.add(first)
    outcomes = store.add_many([(first, None), (second, None), (second, None), (third, None)])
    assert [(doc["id"], created) for doc, created in outcomes] == [
        (first["id"], False), (second["id"], True), (second["id"], False),
        (third["id"], True)]
    assert store.list_articles(ArticleFilter(), Page()).total == 3
    assert store.get_entity_total("bo-chen")["article_count"] == 2


def test_a_batch_with_a_taken_id_gives_the_new_content_a_variant_id(database_url):
    upgrade_database(database_url)
    store = Store.from_url(database_url)
    outcomes = store.add_many([(_document("sha256:aaaa1111"), None),
                               (_document("sha256:bbbb2222"), None)])
    (first, new_first), (second, new_second) = outcomes
    assert new_first and new_second
    assert first["id"] == "2024-01-01-a"
    assert second["id"].startswith("2024-01-01-a-") and second["id"] != first["id"]
    assert store.get(second["id"])["content_hash"] == "sha256:bbbb2222"


def test_a_failing_batch_stores_nothing(database_url):
    upgrade_database(database_url)
    store = Store.from_url(database_url)
    first, second, third = _batch()
    broken = {**third, "figures": [{**third["figures"][0], "kind": None}]}
    with pytest.raises(IntegrityError):
        store.add_many([(first, None), (second, None), (broken, None)])
    assert store.list_articles(ArticleFilter(), Page()).total == 0
    tables = _tables(store)
    assert all(rows == [] for rows in tables.values()), tables
    outcomes = store.add_many([(first, None), (second, None)])
    assert [created for _, created in outcomes] == [True, True]


def _add_many_in_process(url: str, hashes: list[str], queue) -> None:
    store = Store.from_url(url)
    docs = [_document(f"sha256:{h}", f"2024-01-01-{h}") for h in hashes]
    queue.put([(doc["content_hash"], created)
               for doc, created in store.add_many((doc, None) for doc in docs)])


def test_overlapping_batches_of_two_processes_store_each_article_once(database_url):
    upgrade_database(database_url)
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    batches = [["a1", "b2", "c3"], ["c3", "b2", "d4"]]
    workers = [context.Process(target=_add_many_in_process, args=(database_url, batch, queue))
               for batch in batches]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    outcomes = [queue.get(timeout=5) for _ in workers]
    created = Counter(h for outcome in outcomes for h, new in outcome if new)
    assert created == {"sha256:a1": 1, "sha256:b2": 1, "sha256:c3": 1, "sha256:d4": 1}
    store = Store.from_url(database_url)
    assert store.list_articles(ArticleFilter(), Page()).total == 4
    assert store.get_entity_total("zoe-lukasz")["article_count"] == 4


def _migrate(url: str, revision: str, downgrade: bool = False) -> None:
    from alembic import command
    from alembic.config import Config

    from service.store.migrations import ROOT

    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["database_url"] = url
    (command.downgrade if downgrade else command.upgrade)(config, revision)


def test_the_upgrade_to_bounded_queries_fills_names_and_dates_from_stored_articles(
        database_url):
    upgrade_database(database_url)
    store = Store.from_url(database_url)
    store.add_many((doc, None) for doc in _batch())
    written = _tables(store)
    store.engine.dispose()
    _migrate(database_url, "0004", downgrade=True)
    _migrate(database_url, "heads")
    store = Store.from_url(database_url)
    assert _tables(store) == written
    assert store.list_entities("lim", None, Page()).items[0]["aliases"] == ["Lima"]
    listing = store.list_articles(ArticleFilter(entity="bo chen"), Page())
    assert [a["id"] for a in listing.items] == ["2024-01-02-b", "2024-01-01-b"]


def test_the_upgrade_to_list_items_fills_them_from_stored_documents(database_url):
    upgrade_database(database_url)
    store = Store.from_url(database_url)
    store.add_many((doc, None) for doc in _batch())
    listed = store.list_articles(ArticleFilter(), Page()).items
    figures = store.list_figures(FigureFilter(), Page(size=100)).items
    store.engine.dispose()
    _migrate(database_url, "0005", downgrade=True)
    _migrate(database_url, "heads")
    store = Store.from_url(database_url)
    # Stories (migration 0013) are placed again by `article-api stories`, not by upgrades.
    assert _storyless(store.list_articles(ArticleFilter(), Page()).items) == _storyless(listed)
    assert store.list_figures(FigureFilter(), Page(size=100)).items == figures
    assert len(figures) == len(_batch())
    for figure in figures:
        document = store.get(figure["article_id"])
        assert figure == {**document["figures"][0], "article_id": document["id"]}
    assert len(listed) == len({doc["content_hash"] for doc in _batch()})
    for item in store.list_articles(ArticleFilter(), Page()).items:
        document = store.get(item["id"])
        assert item == {key: document.get(key)
                        for key in (*SUMMARY_FIELDS, "story_id", "relation")}


def _storyless(items: list[dict]) -> list[dict]:
    return [{k: v for k, v in item.items() if k not in ("story_id", "relation")}
            for item in items]


def _searchable(n: int) -> dict:
    words = ["alpha"]
    if n % 5 == 0:
        words.append("beta")
    if n in (0, 1, 57, 58, 59):
        words.append("zeta")
    doc = _document(f"sha256:search{n}", f"2024-02-01-s{n}")
    doc["text"] = " ".join(["Ministers met", *words, "today."])
    return doc


@pytest.mark.parametrize(("sample", "window"), [(200, 10_000), (20, 7), (10, 10_000), (4, 7)])
@pytest.mark.parametrize(("q", "matching"), [
    ("alpha", range(60)),
    ("beta", range(0, 60, 5)),
    ("alpha beta", range(0, 60, 5)),
    ("zeta", (0, 1, 57, 58, 59)),
    ("omega", ()),
])
def test_search_ranks_the_newest_matches_however_common_the_words(database_url, sample,
                                                                  window, q, matching):
    """Every way of finding the candidates gives the newest matching articles: on
    PostgreSQL, chosen by how many of the ``sample`` newest articles match; on SQLite, the
    recent index of the newest ``window`` articles, or the whole index when the recent one
    holds too few matches."""
    upgrade_database(database_url)
    store = Store.from_url(database_url)
    store.search_window = window
    store.add_many((_searchable(n), None) for n in range(60))
    store.search_sample = sample
    for candidates in (3, 100):
        store.search_candidates = candidates
        listing = store.list_articles(ArticleFilter(q=q), Page(size=100))
        newest = sorted(matching, reverse=True)[:candidates]
        assert {item["id"] for item in listing.items} == {f"2024-02-01-s{n}" for n in newest}
        assert (listing.total, listing.total_exact) == (len(newest),
                                                        len(matching) <= candidates)


@pytest.mark.parametrize(("sample", "window"), [(200, 10_000), (10, 10_000), (10, 7)])
def test_search_with_a_filter_ranks_the_newest_filtered_matches(database_url, sample, window):
    """Filters narrow the matches on every way of finding them, the recent index's
    included (odd articles are published in March: the newest ten sparsely match)."""
    upgrade_database(database_url)
    store = Store.from_url(database_url)
    store.search_window = window
    documents = []
    for n in range(60):
        doc = _searchable(n)
        doc["published"] = {**doc["published"], "date": f"2024-0{1 + 2 * (n % 2)}-01"}
        documents.append((doc, None))
    store.add_many(documents)
    store.search_sample = sample
    march = ArticleFilter(q="beta", published_from=dt.date(2024, 2, 1))
    for candidates, newest in ((3, (55, 45, 35)), (100, (55, 45, 35, 25, 15, 5))):
        store.search_candidates = candidates
        listing = store.list_articles(march, Page(size=100))
        assert {item["id"] for item in listing.items} == {f"2024-02-01-s{n}" for n in newest}
        assert (listing.total, listing.total_exact) == (len(newest), candidates == 100)


def test_tidying_the_search_index_keeps_every_match(database_url):
    upgrade_database(database_url)
    store = Store.from_url(database_url)
    for first in range(0, 60, 6):  # one index segment (SQLite) per transaction
        store.add_many((_searchable(n), None) for n in range(first, first + 6))

    def found() -> dict:
        return {q: {item["id"] for item in store.list_articles(
            ArticleFilter(q=q), Page(size=100)).items} for q in ("alpha", "alpha beta", "zeta")}

    before = found()
    store.optimize()
    assert found() == before
    assert before["zeta"] == {f"2024-02-01-s{n}" for n in (0, 1, 57, 58, 59)}
    assert len(before["alpha"]) == 60 and len(before["alpha beta"]) == 12


_RECENT_MATCHES = {
    "sqlite": "SELECT rowid FROM articles_fts_recent WHERE articles_fts_recent MATCH :word "
              "ORDER BY rowid",
    "postgresql": "SELECT pk FROM articles_search_recent "
                  "WHERE search_vector @@ to_tsquery('english', :word) ORDER BY pk",
}


def _recent_index(store: Store, word: str) -> tuple[int, list[int]]:
    """The recent search index: its lower bound, and the rows matching ``word``."""
    with store.engine.connect() as conn:
        low = conn.scalar(text("SELECT low FROM search_window"))
        rows = conn.scalars(text(_RECENT_MATCHES[store.dialect]), {"word": word}).all()
    return low, rows


def test_the_recent_search_index_holds_exactly_the_newest_articles(database_url):
    """Through adds one by one and in batches, deletes and reanalyses, inside and outside
    the window, the recent index holds the articles past its bound, with their current
    text, and searches find the same articles as through the whole index."""
    upgrade_database(database_url)
    store = Store.from_url(database_url)
    store.search_window = 4
    for n in range(7):
        store.add(_searchable(n))
    assert _recent_index(store, "alpha") == (2, [3, 4, 5, 6, 7])
    store.add_many((_searchable(n), None) for n in range(7, 20))
    low, rows = _recent_index(store, "alpha")
    assert (low, rows) == (16, [17, 18, 19, 20])
    # Article sN has primary key N + 1.
    store.delete("2024-02-01-s17")  # in the window
    store.delete("2024-02-01-s3")  # long gone from it
    renamed = {**_searchable(18), "text": "Ministers met omega today."}
    store.replace("2024-02-01-s18", renamed)
    store.replace("2024-02-01-s2", {**_searchable(2), "text": "Ministers met omega."})
    assert _recent_index(store, "alpha") == (16, [17, 20])
    assert _recent_index(store, "omega") == (16, [19])
    if store.dialect == "sqlite":
        with store.engine.begin() as conn:
            for index in ("articles_fts", "articles_fts_recent"):
                conn.execute(text(f"INSERT INTO {index}({index}) VALUES ('integrity-check')"))
    store.search_candidates = 1
    found = store.list_articles(ArticleFilter(q="omega"), Page())
    assert [item["id"] for item in found.items] == ["2024-02-01-s18"]
    assert (found.total, found.total_exact) == (1, False)  # s2, older, matches too
    store.search_candidates = 100
    found = store.list_articles(ArticleFilter(q="omega"), Page())
    assert {item["id"] for item in found.items} == {"2024-02-01-s18", "2024-02-01-s2"}
    assert (found.total, found.total_exact) == (2, True)


def test_the_upgrade_to_a_recent_search_index_fills_it_from_stored_articles(database_url):
    upgrade_database(database_url)
    store = Store.from_url(database_url)
    store.add_many((_searchable(n), None) for n in range(12))
    store.engine.dispose()
    _migrate(database_url, "0006", downgrade=True)
    engine = make_engine(database_url)
    with engine.connect() as conn:
        assert not {"articles_fts_recent", "articles_search_recent", "search_window"} & set(
            inspect(conn).get_table_names())
    engine.dispose()
    _migrate(database_url, "heads")
    store = Store.from_url(database_url)
    assert _recent_index(store, "alpha") == (0, list(range(1, 13)))
    assert _recent_index(store, "beta") == (0, [1, 6, 11])


def test_search_orders_equal_scores_newest_published_first(database_url):
    """The same text scores the same: then the later publication date comes first, however
    the articles were stored, and better matches still come before them."""
    upgrade_database(database_url)
    store = Store.from_url(database_url)
    docs = []
    for n, day in enumerate(["2024-03-02", "2024-03-09", "2024-03-05", "2024-03-01"]):
        doc = _document(f"sha256:tie{n}", f"tie-{n}")
        doc["text"] = "Harbour cranes stood idle on Monday."
        doc["published"] = {"date": day, "inferred": False, "basis": "given"}
        docs.append(doc)
    better = _document("sha256:tie-better", "tie-better")
    better["text"] = "Harbour cranes, harbour cranes: cranes idle."
    docs.insert(2, better)
    store.add_many((doc, None) for doc in docs)
    listing = store.list_articles(ArticleFilter(q="harbour cranes"), Page())
    assert [item["id"] for item in listing.items] == [
        "tie-better", "tie-1", "tie-2", "tie-0", "tie-3"]


def test_an_entity_search_counts_its_matches_on_every_page(database_url):
    upgrade_database(database_url)
    store = Store.from_url(database_url)
    names = ["Zed Abe", "Zed Bo", "Zed Cy", "Zed Di", "Zed Ek", "Other One"]
    for n, named in enumerate([6, 4, 2]):  # Abe and Bo in 3 articles, Cy and Di in 2, Ek in 1
        doc = _document(f"sha256:zed{n}", f"2024-03-0{n + 1}-z")
        doc["entities"] = [_person(name) for name in names[:named]]
        store.add(doc)
    pages = [store.list_entities("zed", None, Page(number, 2)) for number in (1, 2, 3, 4)]
    assert [listing.total for listing in pages] == [5, 5, 5, 5]
    assert all(listing.total_exact for listing in pages)
    keys = [[item["key"] for item in listing.items] for listing in pages]
    assert keys == [["zed-abe", "zed-bo"], ["zed-cy", "zed-di"], ["zed-ek"], []]

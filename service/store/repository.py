"""Reading and writing articles and their cross-article indexes."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

import orjson
from sqlalchemy import (
    Select,
    and_,
    bindparam,
    column,
    create_engine,
    delete,
    event,
    func,
    insert,
    literal_column,
    or_,
    select,
    table,
    text,
    update,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from service.nlp.entities.gazetteer import identifiers
from service.nlp.slug import slugify
from service.store.changes import ChangeCounter
from service.store.models import (
    Article,
    ArticleSummary,
    EntityAlias,
    EntityName,
    EntityRow,
    EntityTotal,
    FigureEntity,
    FigureRow,
)

SUMMARY_FIELDS = (
    "id", "headline", "subheadline", "dateline", "published", "language", "word_count",
    "counts", "content_hash", "source_url", "created_at", "pipeline", "links",
)
ARTICLE_LISTS = ("sections", "entities", "figures", "dates", "quotes")
_WORD = re.compile(r"\w+")
_FTS = table("articles_fts", column("rowid"))
# The same index over the most recently stored articles only (SQLite; migration 0007).
_FTS_RECENT = table("articles_fts_recent", column("rowid"))
# PostgreSQL's recent search vectors (migration 0008).
_RECENT = table("articles_search_recent", column("pk"), column("search_vector"))
# Both recent indexes hold the articles whose primary key is above ``low``.
_WINDOW = table("search_window", column("low"))
# Lists count their items up to this many; past it, ``total`` is a lower bound (the
# convention of Elasticsearch's track_total_hits).
TOTAL_LIMIT = 10_000
# Full-text search ranks the most recently stored matching articles, at most this many.
SEARCH_CANDIDATES = 200
# PostgreSQL search first tests this many of the newest articles, to learn how common the
# query's words are and so how to find the candidates (see Store._pg_candidates).
SEARCH_SAMPLE = 200
# SQLite's recent full-text index keeps about this many of the newest articles (it lets go
# of the older ones a quarter window at a time).
SEARCH_WINDOW = 10_000
# The tables of rows derived from one article (written by _index_rows, keyed by article_pk).
_ARTICLE_ROWS = (ArticleSummary, EntityRow, EntityName, FigureRow, FigureEntity)
# Attempts at a free article id: the analysis's own, then variants with more of the hash.
_ID_ATTEMPTS = 3


@dataclass(frozen=True)
class Page:
    number: int = 1
    size: int = 20

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size


@dataclass(frozen=True)
class Listing:
    """A page of a list, with how many items the list has: exactly, or at least."""

    items: list[dict]
    total: int
    total_exact: bool = True


@dataclass(frozen=True)
class Source:
    """The input an analysis was made from, kept so that it can be re-analyzed."""

    text: str
    format: str = "text"
    published: dt.date | None = None
    source_url: str | None = None


@dataclass(frozen=True)
class ArticleFilter:
    q: str | None = None
    entity: str | None = None
    type: str | None = None
    published_from: dt.date | None = None
    published_to: dt.date | None = None


@dataclass(frozen=True)
class FigureFilter:
    kind: str | None = None
    unit: str | None = None
    min_value: float | None = None
    max_value: float | None = None
    entity: str | None = None


def entity_key(name: str) -> str:
    """The archive-wide key of an entity: the slug of its canonical name."""
    return slugify(name) or "entity"


def article_links(article_id: str) -> dict:
    base = f"/v1/articles/{article_id}"
    return {"self": base, **{name: f"{base}/{name}" for name in ARTICLE_LISTS}}


def make_engine(url: str, **kwargs) -> Engine:
    """An engine for SQLite (foreign keys on, WAL) or PostgreSQL."""
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    kwargs.setdefault("json_deserializer", orjson.loads)
    kwargs.setdefault("json_serializer", lambda value: orjson.dumps(value).decode())
    if url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {"check_same_thread": False, "timeout": 30})
    else:
        kwargs.setdefault("pool_pre_ping", True)
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class StoreUnavailable(Exception):
    """The store cannot take writes now (read-only, full or unreachable): a later
    attempt may succeed. ``state`` says which: "unreachable", "read-only", "full"."""

    def __init__(self, message: str, state: str = "unreachable") -> None:
        super().__init__(message)
        self.state = state

    @classmethod
    def of(cls, exc: Exception) -> StoreUnavailable:
        message = _first_line(exc)
        lowered = message.lower()
        state = ("read-only" if "readonly" in lowered or "read-only" in lowered
                 else "full" if "full" in lowered or "no space" in lowered
                 else "busy" if "locked" in lowered or "busy" in lowered else "unreachable")
        return cls(message, state)


def _driver_errors() -> tuple[type[Exception], ...]:
    errors: list[type[Exception]] = [sqlite3.OperationalError]
    with contextlib.suppress(ImportError):
        import psycopg

        errors += [psycopg.OperationalError, psycopg.errors.ReadOnlySqlTransaction]
    return tuple(errors)


# What a store that is down, read-only, full or locked raises (the revision probes use the
# drivers directly; SQLAlchemy wraps them in a DBAPIError): each means "try again later",
# not a fault of the request.
DRIVER_UNAVAILABLE_ERRORS = _driver_errors()
UNAVAILABLE_ERRORS = (StoreUnavailable, DBAPIError, *DRIVER_UNAVAILABLE_ERRORS)


def is_unavailable(exc: Exception) -> bool:
    """Whether ``exc`` says that the store is unavailable (rather than a bug)."""
    if isinstance(exc, (StoreUnavailable, OperationalError, *DRIVER_UNAVAILABLE_ERRORS)):
        return True
    return isinstance(exc, DBAPIError) and isinstance(exc.orig, DRIVER_UNAVAILABLE_ERRORS)


def _first_line(exc: Exception) -> str:
    return (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [""])[0][:200]


class Store:
    """Articles in a relational database (SQLite or PostgreSQL)."""

    def __init__(self, engine: Engine, cache_size: int = 256, *,
                 total_limit: int = TOTAL_LIMIT,
                 search_candidates: int = SEARCH_CANDIDATES,
                 search_sample: int = SEARCH_SAMPLE,
                 search_window: int = SEARCH_WINDOW) -> None:
        self.engine = engine
        self.total_limit = total_limit
        self.search_candidates = search_candidates
        self.search_sample = search_sample
        self.search_window = search_window
        self.sessions = sessionmaker(engine, expire_on_commit=False)
        self.documents = DocumentCache(cache_size)
        self._probes = threading.local()
        self._probes_lock = threading.Lock()
        self._probe_connections: list = []
        self._counter = ChangeCounter.beside(engine.url.database) \
            if engine.dialect.name == "sqlite" else None

    @classmethod
    def from_url(cls, url: str) -> Store:
        return cls(make_engine(url))

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def create_schema(self) -> None:
        """Create or upgrade the schema through the migrations."""
        from service.store.migrations import upgrade_database

        upgrade_database(self.engine.url.render_as_string(hide_password=False))

    def ping(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    def check_writable(self, min_free_bytes: int = 0) -> None:
        """Raise ``StoreUnavailable`` unless the store would take a write now: reachable,
        not read-only, and (SQLite) with ``min_free_bytes`` free beside the database.

        Cheap enough to run before work whose result is to be stored: SQLite takes the
        write lock and changes a row in a transaction it rolls back; PostgreSQL says
        whether it is a read-only server.
        """
        try:
            with self.engine.connect() as conn:
                if self.dialect == "sqlite":
                    self._check_sqlite_writable(conn, min_free_bytes)
                elif not conn.execute(text(
                        "SELECT NOT pg_is_in_recovery() "
                        "AND current_setting('transaction_read_only') = 'off'")).scalar():
                    raise StoreUnavailable("the database is read-only", "read-only")
        except UNAVAILABLE_ERRORS as exc:
            if isinstance(exc, StoreUnavailable) or not is_unavailable(exc):
                raise
            raise StoreUnavailable.of(exc) from exc

    def _check_sqlite_writable(self, conn: Connection, min_free_bytes: int) -> None:
        path = self.engine.url.database
        if min_free_bytes and path and path != ":memory:":
            stats = os.statvfs(os.path.dirname(os.path.abspath(path)))
            if stats.f_bavail * stats.f_frsize < min_free_bytes:
                raise StoreUnavailable("the disk of the database is full", "full")
        driver = conn.connection.dbapi_connection
        driver.commit()  # no transaction of the pool's may be open here
        try:
            driver.execute("BEGIN IMMEDIATE")
            driver.execute("UPDATE search_window SET low = low WHERE id = 1")
        finally:
            driver.rollback()

    # -- articles -------------------------------------------------------------------------

    def add(self, document: dict, source: Source | None = None, *,
            now: dt.datetime | None = None) -> tuple[dict, bool]:
        """Store an analysis; returns the stored article and whether it was new.

        The same content posted twice (even concurrently) is stored once: the unique
        content hash decides, not a check before the insert.
        """
        return self.add_many([(document, source)], now=now)[0]

    def add_many(self, items: Iterable[tuple[dict, Source | None]], *,
                 now: dt.datetime | None = None) -> list[tuple[dict, bool]]:
        """Store analyses in one transaction; returns, in input order, each stored article
        and whether it was new.

        Every new article of the batch is stored, or (when the transaction fails) none is.
        Content already stored, or repeated within the batch, is stored once: an insert
        that conflicts on the unique content hash does nothing (the database decides, so
        concurrent writers of the same content store it once) and the article is reported
        with ``False``. Rows go in as multi-row INSERTs, entity totals as one upsert.
        """
        items = list(items)
        created_at = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
        stamp = created_at.isoformat().replace("+00:00", "Z")
        first_of: dict[str, int] = {}
        for index, (document, _) in enumerate(items):
            first_of.setdefault(document["content_hash"], index)
        pending = sorted(set(first_of.values()))
        stored: dict[str, tuple[dict, bool]] = {}
        with self.engine.begin() as conn:
            for attempt in range(_ID_ATTEMPTS):
                if not pending:
                    break
                batch: dict[str, dict] = {}
                for index in pending:
                    document, source = items[index]
                    article_id = document["id"] if attempt == 0 else _variant_id(document, attempt)
                    batch[document["content_hash"]] = {
                        **document, "id": article_id, "created_at": stamp,
                        "links": article_links(article_id)}
                rows = [_article_row(doc, created_at, items[index][1])
                        for index, doc in zip(pending, batch.values(), strict=True)]
                new = dict(conn.execute(self._insert_articles, rows).all())
                self._write_index(conn, [(new[h], doc) for h, doc in batch.items() if h in new])
                stored.update((h, (doc, True)) for h, doc in batch.items() if h in new)
                missed = [h for h in batch if h not in new]
                if missed:
                    stored.update((h, (doc, False)) for h, doc in conn.execute(
                        select(Article.content_hash, Article.document)
                        .where(Article.content_hash.in_(missed))))
                # Not new and not stored: its id is taken by other content; try a variant.
                pending = [first_of[h] for h in missed if h not in stored]
            if pending:
                ids = [items[index][0]["id"] for index in pending]
                raise RuntimeError(f"could not find a free id for articles {ids!r}")
            stored_any = any(created for _, created in stored.values())
            if stored_any:
                self._slide_search_window(conn)
        if stored_any:
            self._changed()
        results = []
        for index, (document, _) in enumerate(items):
            doc, created = stored[document["content_hash"]]
            results.append((doc, created and first_of[document["content_hash"]] == index))
        return results

    @property
    def _insert_articles(self):
        # No conflict target: a taken content hash or a taken id both skip the row.
        return (_upsert_insert(self.dialect)(Article).on_conflict_do_nothing()
                .returning(Article.content_hash, Article.pk))

    def _write_index(self, conn: Connection, articles: list[tuple[int, dict]]) -> None:
        """The cross-article rows of stored articles, and their share of entity totals."""
        rows: dict[type, list[dict]] = {model: [] for model in _ARTICLE_ROWS}
        for pk, doc in articles:
            _index_rows(pk, doc, rows)
        for model, values in rows.items():
            if values:
                conn.execute(insert(model), values)
        totals = _entity_totals(doc for _, doc in articles)
        if totals:
            upsert = _upsert_insert(self.dialect)(EntityTotal)
            upsert = upsert.on_conflict_do_update(
                index_elements=[EntityTotal.key],
                set_={"article_count": EntityTotal.article_count
                      + upsert.excluded.article_count,
                      "mention_count": EntityTotal.mention_count
                      + upsert.excluded.mention_count})
            # In key order, so that concurrent batches lock the rows in the same order.
            conn.execute(upsert, [totals[key] for key in sorted(totals)])
        aliases = _alias_counts(rows[EntityName])
        if aliases:
            upsert = _upsert_insert(self.dialect)(EntityAlias)
            upsert = upsert.on_conflict_do_update(
                index_elements=[EntityAlias.key, EntityAlias.name],
                set_={"row_count": EntityAlias.row_count + upsert.excluded.row_count})
            conn.execute(upsert, [aliases[name] for name in sorted(aliases)])

    def _slide_search_window(self, conn: Connection) -> None:
        """Let the recent search index go of the articles older than the newest
        ``search_window``, once a quarter window more has been stored."""
        low, top = conn.execute(text(
            "SELECT low, (SELECT max(pk) FROM articles) FROM search_window")).one()
        if top is None or top - low <= self.search_window + self.search_window // 4:
            return
        new_low = top - self.search_window
        if self.dialect == "sqlite":
            # External content: FTS5 removes a row given the text it indexed, the stored text.
            conn.execute(text(
                "INSERT INTO articles_fts_recent (articles_fts_recent, rowid, search_text) "
                "SELECT 'delete', pk, search_text FROM articles "
                "WHERE pk > :low AND pk <= :new_low"), {"low": low, "new_low": new_low})
        else:
            conn.execute(text("DELETE FROM articles_search_recent WHERE pk <= :new_low"),
                         {"new_low": new_low})
        # Never lowered: a concurrent writer may have slid it further already.
        conn.execute(text("UPDATE search_window SET low = :new_low WHERE low < :new_low"),
                     {"new_low": new_low})

    @staticmethod
    def _uncount(conn: Connection, pk: int, doc: dict) -> None:
        """Take an article's share out of the entity totals and names, dropping emptied
        ones (before its rows are deleted)."""
        names = conn.execute(select(EntityName.key, EntityName.name, EntityName.name_lower)
                             .where(EntityName.article_pk == pk)).mappings().all()
        aliases = _alias_counts(names)
        if aliases:
            conn.execute(
                update(EntityAlias).where(EntityAlias.key == bindparam("alias_key"),
                                          EntityAlias.name == bindparam("alias_name"))
                .values(row_count=EntityAlias.row_count - bindparam("rows")),
                [{"alias_key": key, "alias_name": name, "rows": count["row_count"]}
                 for (key, name), count in sorted(aliases.items())])
            conn.execute(delete(EntityAlias).where(EntityAlias.row_count <= 0))
        totals = _entity_totals([doc])
        if not totals:
            return
        conn.execute(
            update(EntityTotal).where(EntityTotal.key == bindparam("total_key")).values(
                article_count=EntityTotal.article_count - bindparam("articles"),
                mention_count=EntityTotal.mention_count - bindparam("mentions")),
            [{"total_key": key, "articles": total["article_count"],
              "mentions": total["mention_count"]} for key, total in sorted(totals.items())])
        conn.execute(delete(EntityTotal).where(EntityTotal.article_count <= 0))

    def get(self, article_id: str) -> dict | None:
        """An article's document; the decoded JSON is reused while its row is unchanged.

        Every call asks the database for the row's revision (a small indexed read), so a
        write by another process is seen at once; only the large document is cached.
        """
        revision = self.revision(article_id)
        if revision is None:
            return None
        document = self.documents.get(article_id, revision)
        if document is None:
            with self.engine.connect() as conn:
                document = conn.execute(
                    select(Article.document).where(Article.pk == revision[0])).scalar()
            if document is None:  # deleted since its revision was read
                return None
            self.documents.put(article_id, revision, document)
        return document

    def revision(self, article_id: str) -> tuple | None:
        """What identifies the stored analysis of an article now (None when absent).

        One indexed read, without the ORM, on a connection each thread keeps for this
        (outside the pool, in autocommit: it never holds a transaction or a snapshot
        between reads). Callers that keep something derived from a document
        (service/http/read_cache.py) ask it for every request.
        """
        connection = getattr(self._probes, "connection", None)
        if connection is None:
            connection = self._probes.connection = self._probe_connection()
        try:
            cursor = connection.execute(self._revision_sql, (article_id,))
            rows = cursor.fetchall()  # to the end: SQLite then ends the read at once
        except Exception:
            self._probes.connection = None
            self._close_probe(connection)
            raise
        return tuple(rows[0]) if rows else None

    def _probe_connection(self):
        fairy = self.engine.raw_connection()
        connection = fairy.driver_connection
        fairy.detach()
        if self.dialect == "postgresql":
            connection.autocommit = True
        else:
            connection.isolation_level = None  # autocommit
        with self._probes_lock:
            self._probe_connections.append(connection)
        return connection

    def _close_probe(self, connection) -> None:
        with self._probes_lock:
            if connection in self._probe_connections:
                self._probe_connections.remove(connection)
        # Closing a broken connection may fail; it is gone either way.
        with contextlib.suppress(Exception):
            connection.close()

    def close(self) -> None:
        """Close every connection of the store (the pool and the revision probes)."""
        with self._probes_lock:
            probes, self._probe_connections = self._probe_connections, []
        for connection in probes:
            self._close_probe(connection)
        self._probes = threading.local()
        if self._counter is not None:
            self._counter.close()
            self._counter = None
        self.engine.dispose()

    def changes(self) -> int | None:
        """How many article changes were committed to this SQLite database so far, by any
        process (None on PostgreSQL; see service/store/changes.py). Read from memory."""
        return self._counter.value() if self._counter is not None else None

    def _changed(self) -> None:
        if self._counter is not None:
            self._counter.bump()

    @property
    def _revision_sql(self) -> str:
        mark = "?" if self.engine.dialect.paramstyle == "qmark" else "%s"
        # The content hash too: whatever is keyed by a revision changes with the content,
        # even should a key ever be reused.
        return f"SELECT pk, revision, content_hash FROM articles WHERE id = {mark}"

    def get_by_hash(self, content_hash: str) -> dict | None:
        with self.sessions() as session:
            return session.scalar(
                select(Article.document).where(Article.content_hash == content_hash))

    def optimize(self) -> None:
        """Tidy the full-text index after many writes (a bulk ingest): SQLite's FTS5 merges
        its segments into one (and ``PRAGMA optimize`` refreshes the planner's statistics);
        PostgreSQL moves the GIN index's pending entries into the index. A search then
        reads one structure, not one per batch written."""
        with self.engine.begin() as conn:
            if self.dialect == "sqlite":
                for index in ("articles_fts", "articles_fts_recent"):
                    conn.execute(text(f"INSERT INTO {index}({index}) VALUES ('optimize')"))
                conn.execute(text("PRAGMA optimize"))
            else:
                for index in ("ix_articles_search_vector", "ix_articles_search_recent_vector"):
                    conn.execute(text(f"SELECT gin_clean_pending_list('{index}')"))

    def delete(self, article_id: str) -> bool:
        """Remove an article and everything derived from it."""
        with self.engine.begin() as conn:
            row = conn.execute(select(Article.pk, Article.document)
                               .where(Article.id == article_id)).first()
            if row is None:
                return False
            self._uncount(conn, row.pk, row.document)
            conn.execute(delete(Article).where(Article.pk == row.pk))
        self._changed()
        return True

    def list_articles(self, filters: ArticleFilter, page: Page) -> Listing:
        """Article summaries, newest first (or best match first with ``q``)."""
        if filters.entity and not filters.q:
            # From the name's rows, newest first (ix_entity_names_newest).
            query = select(EntityName.article_pk, EntityName.published).distinct().where(
                EntityName.name_lower == filters.entity.strip().lower())
            if filters.type:
                query = query.where(EntityName.type == filters.type)
            return self._page_of_summaries(_published_within(query, EntityName, filters),
                                           _newest(EntityName), page)
        query = select(Article.pk)
        if filters.entity:
            names = select(EntityName.article_pk).where(
                EntityName.name_lower == filters.entity.strip().lower())
            if filters.type:
                names = names.where(EntityName.type == filters.type)
            query = query.where(Article.pk.in_(names))
        query = _published_within(query, Article, filters)
        if filters.q:
            return self._search(query, filters.q, page)
        return self._page_of_summaries(query, [Article.published.desc().nulls_last(),
                                               Article.pk.desc()], page)

    def _search(self, query: Select, q: str, page: Page) -> Listing:
        """Full-text match, best first (FTS5 bm25 on SQLite, ts_rank on PostgreSQL).

        Only the ``search_candidates`` most recently stored matching articles are ranked
        and counted, so that a common word costs no more in a large archive than in a
        small one; ``total`` is then a lower bound. FTS5's bm25 counts the articles
        holding each word on every search, and a GIN index reads each word's whole posting
        list, so both stores look first in a recent index of the newest ``search_window``
        articles (on SQLite, their word counts stand for the archive's), which answers
        whenever it holds more than the candidates. What still grows with the archive:
        searches with fewer matches than that among the recent articles go through the
        whole index.
        """
        limit = self.search_candidates
        if self.dialect == "postgresql":
            with self.sessions() as session:
                # A subquery, which PostgreSQL evaluates once per statement: the function
                # itself would be evaluated again for every row tested and ranked.
                tsquery = select(func.websearch_to_tsquery("english", q)).scalar_subquery()
                rows = self._pg_candidates(session, query, tsquery, limit + 1)
                return self._ranked_page(session, rows, limit, page)
        words = _WORD.findall(q)
        if not words:
            return Listing([], 0, True)
        match = " ".join(f'"{word}"' for word in words)
        with self.sessions() as session:
            # When the recent index holds more than ``limit`` matches, they are the newest
            # ones; otherwise (or when it holds every article) the whole index answers.
            rows = session.execute(_fts_candidates(_FTS_RECENT, query, match, limit)).all()
            if len(rows) <= limit and session.scalar(text("SELECT low FROM search_window")):
                rows = session.execute(_fts_candidates(_FTS, query, match, limit)).all()
            return self._ranked_page(session, rows, limit, page)

    def _ranked_page(self, session: Session, rows: list, limit: int, page: Page) -> Listing:
        """One page of the best of the candidates (pk, published, score); the first
        ``limit`` newest are ranked, one more says that there are more matches."""
        rows = sorted(rows, key=lambda row: -row[0])
        best = sorted(rows[:limit], key=_best_match)
        pks = [row[0] for row in best[page.offset:page.offset + page.size]]
        return Listing(self._summaries(session, pks), min(len(rows), limit), len(rows) <= limit)

    def _pg_candidates(self, session: Session, query: Select, tsquery, wanted: int) -> list:
        """The ``wanted`` most recently stored matches (pk, published, -ts_rank).

        Testing an article's vector costs about a microsecond per article walked, while
        a GIN index costs a little per match in all the articles it holds. So the newest
        ``search_sample`` articles are tested first: when they hold every filtered article,
        their matches are the answer; when at least half of them match, walking the newest
        articles backwards finds the candidates soonest; otherwise the GIN index of the
        newest ``search_window`` articles lists their matches, and when they are too few,
        the GIN index of all articles.
        """
        vector = literal_column("articles.search_vector")
        matches = vector.op("@@")(tsquery)
        # The recent index's bound comes along (evaluated once), saving a round trip.
        sample = session.execute(query.add_columns(matches,
                                                   select(_WINDOW.c.low).scalar_subquery())
                                 .order_by(Article.pk.desc()).limit(self.search_sample)).all()
        hits = [pk for pk, hit, _ in sample if hit]

        def ranked(found: Select) -> list:
            found = found.add_columns(Article.published, vector.label("vector")).subquery()
            # Ranked outside the query that finds them, so that only candidates are ranked.
            return session.execute(select(found.c.pk, found.c.published,
                                          -func.ts_rank(found.c.vector, tsquery))).all()

        if len(sample) < self.search_sample:
            return ranked(select(Article.pk).where(Article.pk.in_(hits))) if hits else []
        newest = query.where(matches).order_by(Article.pk.desc()).limit(wanted)
        if 2 * len(hits) >= len(sample):
            # Common: walking the primary key backwards (the planner, not knowing the
            # words, might list every match through the GIN index first).
            _plan_without(session, "seqscan", "bitmapscan")
            return ranked(newest)
        # Sparse: through a GIN index only, first the recent one (its posting lists do not
        # grow with the archive), which answers when it holds ``wanted`` matches or every
        # article.
        _plan_without(session, "seqscan", "indexscan")
        recent = _RECENT.c.search_vector.op("@@")(tsquery)
        if query.whereclause is None:
            # Nothing to filter on: the recent vectors alone, the dates from the small rows.
            found = (select(_RECENT.c.pk, _RECENT.c.search_vector).where(recent)
                     .order_by(_RECENT.c.pk.desc()).limit(wanted).subquery())
            rows = session.execute(
                select(found.c.pk, ArticleSummary.published,
                       -func.ts_rank(found.c.search_vector, tsquery))
                .join(ArticleSummary, ArticleSummary.article_pk == found.c.pk)).all()
        else:
            rows = ranked(query.join(_RECENT, _RECENT.c.pk == Article.pk).where(recent)
                          .order_by(Article.pk.desc()).limit(wanted))
        if len(rows) >= wanted or not sample[0][2]:
            return rows
        return ranked(newest)

    def _page_of_summaries(self, query: Select, order: list, page: Page) -> Listing:
        with self.sessions() as session:
            total, exact = self._count(session, query)
            pks = session.scalars(
                query.order_by(*order).limit(page.size).offset(page.offset)).all()
            items = self._summaries(session, pks)
        return Listing(items, total, exact)

    @staticmethod
    def _summaries(session: Session, pks: list[int]) -> list[dict]:
        if not pks:
            return []
        summaries = dict(session.execute(
            select(ArticleSummary.article_pk, ArticleSummary.summary)
            .where(ArticleSummary.article_pk.in_(pks))).all())
        return [summaries[pk] for pk in pks]

    def _count(self, session: Session, query: Select) -> tuple[int, bool]:
        """How many rows ``query`` gives, counted up to ``total_limit``; and whether that
        is the exact number (else it is a lower bound)."""
        found = session.scalar(select(func.count()).select_from(
            query.limit(self.total_limit + 1).subquery()))
        return min(found, self.total_limit), found <= self.total_limit

    # -- entities across articles ---------------------------------------------------------

    def list_entities(self, q: str | None, type_: str | None, page: Page) -> Listing:
        """Entities across the archive, most written about first."""
        query = select(EntityTotal).where(EntityTotal.article_count > 0)
        if type_:
            query = query.where(EntityTotal.type == type_)
        if q:
            # A range rather than LIKE, so that the name index serves it on both databases.
            prefix = q.strip().lower()
            keys = select(EntityAlias.key).where(EntityAlias.name_lower >= prefix,
                                                 EntityAlias.name_lower < prefix + "\U0010ffff")
            query = query.where(EntityTotal.key.in_(keys))
        order = (EntityTotal.article_count.desc(), EntityTotal.key)
        with self.sessions() as session:
            rows = []
            if q and self.dialect == "postgresql":
                # From each matching name to its total: the planner would rather hash
                # every total in the archive once the names run to a few hundred.
                _plan_without(session, "hashjoin", "mergejoin")
            if q:
                # The matching names are all read to order them anyway: the same pass
                # counts them (exactly). Ordered by an expression, so that the planner
                # starts from the names rather than walking every total in rank order.
                found = session.execute(
                    query.add_columns(func.count().over())
                    .order_by((EntityTotal.article_count + 0).desc(), EntityTotal.key)
                    .limit(page.size).offset(page.offset)).all()
                rows = [row for row, _ in found]
            if rows:
                total, exact = found[0][1], True
            else:
                total, exact = self._count(session, query.with_only_columns(EntityTotal.key))
            if not q:
                rows = session.scalars(
                    query.order_by(*order).limit(page.size).offset(page.offset)).all()
            aliases = self._aliases(session, [row.key for row in rows])
        return Listing([_entity_total(row, aliases.get(row.key, [])) for row in rows],
                       total, exact)

    def _aliases(self, session: Session, keys: list[str]) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        if keys:
            for key, name in session.execute(
                select(EntityAlias.key, EntityAlias.name).where(EntityAlias.key.in_(keys))
                .order_by(EntityAlias.key, EntityAlias.name).limit(50 * len(keys))
            ):
                found.setdefault(key, []).append(name)
        return found

    def get_entity_total(self, key: str) -> dict | None:
        with self.sessions() as session:
            row = session.get(EntityTotal, key)
            if row is None or row.article_count <= 0:
                return None
            return _entity_total(row, self._aliases(session, [key]).get(key, []))

    def entity_articles(self, key: str, page: Page) -> Listing:
        """The articles naming an entity, newest first (ix_entities_newest)."""
        query = select(EntityRow.article_pk, EntityRow.published).distinct().where(
            EntityRow.key == key)
        return self._page_of_summaries(query, _newest(EntityRow), page)

    # -- figures across articles ----------------------------------------------------------

    def list_figures(self, filters: FigureFilter, page: Page) -> Listing:
        """Figures across the archive, newest articles first (the order of an index)."""
        with self.sessions() as session:
            query, table = select(FigureRow.article_pk, FigureRow.figure_id), FigureRow
            if filters.entity:
                keys = session.scalars(select(EntityAlias.key).distinct().where(
                    EntityAlias.name_lower == filters.entity.strip().lower())).all()
                if not keys:
                    return Listing([], 0, True)
                if len(keys) == 1:
                    # From the entity's figures, newest first (ix_figure_entities_newest),
                    # filtered and counted on the copies of the figures' columns there.
                    query = query.join(FigureEntity, and_(
                        FigureEntity.article_pk == FigureRow.article_pk,
                        FigureEntity.figure_id == FigureRow.figure_id)).where(
                        FigureEntity.key == keys[0])
                    table = FigureEntity
                else:
                    query = query.where(select(FigureEntity.key).where(
                        FigureEntity.article_pk == FigureRow.article_pk,
                        FigureEntity.figure_id == FigureRow.figure_id,
                        FigureEntity.key.in_(keys)).exists())
            # Counted from one index ((kind, value), or the entity's (key, kind, value)),
            # without the join; the page is read from the newest-first index, filtering
            # as it goes, which SQLite's planner must be told (the unary + keeps a
            # column's condition from choosing an index).
            counted = query if table is FigureRow else select(FigureEntity.value).where(
                FigureEntity.key == keys[0])
            total, exact = self._count(session, _figure_filters(
                counted, filters, table, _column).with_only_columns(table.value))
            unindexed = _column if self.dialect == "postgresql" else _unindexed
            found = session.execute(
                _figure_filters(query.add_columns(FigureRow.data), filters, table, unindexed)
                .order_by(*_newest(table), FigureRow.position)
                .limit(page.size).offset(page.offset)).all()
            ids = dict(session.execute(select(Article.pk, Article.id).where(
                Article.pk.in_({pk for pk, _, _ in found}))).all()) if found else {}
        items = [{**figure, "article_id": ids[pk]} for pk, _, figure in found]
        return Listing(items, total, exact)

    # -- provenance -----------------------------------------------------------------------

    def outdated(self, provenance: dict | None) -> list[str]:
        """Ids of articles analyzed by another pipeline version or model (all when None)."""
        query = select(Article.id).order_by(Article.pk)
        if provenance is not None:
            query = query.where(or_(
                Article.pipeline_version != provenance["version"],
                Article.model != provenance["model"],
                Article.model_version != provenance["model_version"]))
        with self.sessions() as session:
            return list(session.scalars(query))

    def source(self, article_id: str) -> Source | None:
        """The input an article was analyzed from."""
        with self.sessions() as session:
            row = session.execute(select(
                Article.raw_text, Article.raw_format, Article.published_given,
                Article.source_url).where(Article.id == article_id)).first()
        return Source(*row) if row else None

    def replace(self, article_id: str, document: dict) -> None:
        """Swap an article's analysis for a new one, atomically, keeping id and creation."""
        with self.engine.begin() as conn:
            row = conn.execute(select(Article.pk, Article.document)
                               .where(Article.id == article_id)).one()
            self._uncount(conn, row.pk, row.document)
            for table in _ARTICLE_ROWS:
                conn.execute(delete(table).where(table.article_pk == row.pk))
            doc = {**document, "id": article_id, "created_at": row.document["created_at"],
                   "links": article_links(article_id)}
            conn.execute(update(Article).where(Article.pk == row.pk).values(
                **_derived_columns(doc), revision=Article.revision + 1))
            self._write_index(conn, [(row.pk, doc)])
        self._changed()


class DocumentCache:
    """A small least-recently-used map of decoded documents, checked against a revision."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[str, tuple[tuple, dict]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str, revision: tuple) -> dict | None:
        with self._lock:
            item = self._items.get(key)
            if item is None or item[0] != revision:
                return None
            self._items.move_to_end(key)
            return item[1]

    def put(self, key: str, revision: tuple, document: dict) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._items[key] = (revision, document)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


def summary(document: dict) -> dict:
    return {key: document.get(key) for key in SUMMARY_FIELDS}


def _entity_total(row: EntityTotal, aliases: list[str]) -> dict:
    return {"key": row.key, "name": row.name, "type": row.type,
            "aliases": [a for a in aliases if a != row.name],
            "article_count": row.article_count, "mention_count": row.mention_count,
            "links": {"articles": f"/v1/entities/{row.key}/articles"},
            **identifiers(row.type, [row.name, *aliases])}


def _article_row(doc: dict, created_at: dt.datetime, source: Source | None) -> dict:
    """The ``articles`` row of a stored document."""
    source = source or Source(doc["text"])
    return {"id": doc["id"], "content_hash": doc["content_hash"], "created_at": created_at,
            **_derived_columns(doc), "raw_text": source.text, "raw_format": source.format,
            "published_given": source.published, "revision": 1}


def _derived_columns(doc: dict) -> dict:
    """The columns of an ``articles`` row that follow from its analysis."""
    return {"headline": doc.get("headline"), "published": _published(doc),
            "source_url": doc.get("source_url"), "pipeline_version": doc["pipeline"]["version"],
            "model": doc["pipeline"]["model"], "model_version": doc["pipeline"]["model_version"],
            "document": doc, "search_text": doc.get("text", "")}


def _fts_candidates(index, query: Select, match: str, limit: int) -> Select:
    """The ``limit + 1`` newest matches in an FTS5 ``index``: (pk, published, bm25)."""
    score = literal_column(f"bm25({index.name})")
    where = text(f"{index.name} MATCH :match").bindparams(match=match)
    if query.whereclause is None:
        # Nothing to filter on: the dates from the small rows, not from the articles.
        candidates = (select(index.c.rowid, ArticleSummary.published, score)
                      .select_from(index)
                      .join(ArticleSummary, ArticleSummary.article_pk == index.c.rowid))
    else:
        candidates = query.add_columns(Article.published, score).select_from(index).where(
            Article.pk == index.c.rowid)
    # FTS5 gives matches newest first (rowid descending) and stops at the limit.
    return candidates.where(where).order_by(index.c.rowid.desc()).limit(limit + 1)


def _plan_without(session: Session, *methods: str) -> None:
    """Turn planner methods off (``enable_<method>``) for the rest of the session's
    transaction, on PostgreSQL: where its estimates pick a plan that grows with the
    archive. JIT compilation goes off too: a statement left with only disabled plans
    (a small table read by a sequential scan) is costed past JIT's thresholds, and
    compiling it takes milliseconds."""
    session.execute(text("; ".join([*(f"SET LOCAL enable_{method} = off" for method in methods),
                                    "SET LOCAL jit = off"])))


def _best_match(row) -> tuple:
    """Sort key of a search candidate (pk, published, score; lower scores are better):
    best score, then newest published first."""
    pk, published, score = row
    return score, published is None, -(published.toordinal() if published else 0), -pk


def _figure_filters(query: Select, filters: FigureFilter, table, column) -> Select:
    """``query`` with the figure filters on ``table``'s columns (each through ``column``)."""
    if filters.kind:
        query = query.where(column(table.kind) == filters.kind)
    if filters.unit:
        query = query.where(column(table.unit) == filters.unit)
    if filters.min_value is not None:
        query = query.where(column(table.value) >= filters.min_value)
    if filters.max_value is not None:
        query = query.where(column(table.value) <= filters.max_value)
    return query


def _column(column):
    return column


def _unindexed(column):
    """``+column``: to SQLite, the same value, but not one an index may serve."""
    return literal_column(f"+{column.table.name}.{column.name}", column.type)


def _newest(model) -> list:
    """Newest first, as the migrations' ``ix_*_newest`` indexes give a table's rows."""
    return [model.published.desc().nulls_last(), model.article_pk.desc()]


def _published_within(query: Select, model, filters: ArticleFilter) -> Select:
    if filters.published_from:
        query = query.where(model.published >= filters.published_from)
    if filters.published_to:
        query = query.where(model.published <= filters.published_to)
    return query


def _published(doc: dict) -> dt.date | None:
    date = (doc.get("published") or {}).get("date")
    return dt.date.fromisoformat(date) if date else None


def _alias_counts(rows: list[dict]) -> dict[tuple[str, str], dict]:
    """How many entity name rows give each (key, name)."""
    counts: dict[tuple[str, str], dict] = {}
    for row in rows:
        count = counts.setdefault((row["key"], row["name"]), {
            "key": row["key"], "name": row["name"], "name_lower": row["name_lower"],
            "row_count": 0})
        count["row_count"] += 1
    return counts


def _index_rows(pk: int, doc: dict, rows: dict[type, list[dict]]) -> None:
    """Append the entity, name, figure and figure-entity rows of one article to ``rows``."""
    published = _published(doc)
    rows[ArticleSummary].append({"article_pk": pk, "published": published,
                                 "summary": summary(doc)})
    keys: dict[str, str] = {}
    for entity in doc.get("entities", []):
        key = keys[entity["id"]] = entity_key(entity["name"])
        rows[EntityRow].append({
            "article_pk": pk, "entity_id": entity["id"], "key": key, "name": entity["name"],
            "type": entity["type"], "salience": entity["salience"],
            "mention_count": entity["mention_count"], "published": published})
        names = {n.lower(): n for n in (*entity["aliases"], entity["name"])}
        rows[EntityName].extend(
            {"article_pk": pk, "entity_id": entity["id"], "name_lower": lower, "name": name,
             "key": key, "type": entity["type"], "published": published}
            for lower, name in names.items())
    for position, figure in enumerate(doc.get("figures", [])):
        rows[FigureRow].append({
            "article_pk": pk, "figure_id": figure["id"], "position": position,
            "kind": figure["kind"], "unit": figure["unit"], "value": figure["value"],
            "published": published, "data": figure})
        rows[FigureEntity].extend(
            {"article_pk": pk, "figure_id": figure["id"], "key": key, "published": published,
             "kind": figure["kind"], "unit": figure["unit"], "value": figure["value"]}
            for key in sorted({keys[e] for e in figure.get("entities", []) if e in keys}))


def _entity_totals(docs: Iterable[dict]) -> dict[str, dict]:
    """What articles add to the entity totals, by key (the first name seen names a key)."""
    totals: dict[str, dict] = {}
    for doc in docs:
        for entity in doc.get("entities", []):
            key = entity_key(entity["name"])
            total = totals.setdefault(key, {"key": key, "name": entity["name"],
                                            "type": entity["type"], "article_count": 0,
                                            "mention_count": 0})
            total["article_count"] += 1
            total["mention_count"] += entity["mention_count"]
    return totals


def _variant_id(document: dict, attempt: int) -> str:
    digest = document["content_hash"].split(":")[-1]
    return f"{document['id'][:100]}-{digest[: 4 + 2 * attempt]}"


def _upsert_insert(dialect: str):
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert

"""Reading and writing articles and their cross-article indexes."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass

import orjson
from sqlalchemy import (
    Select,
    create_engine,
    delete,
    event,
    false,
    func,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from service.nlp.slug import slugify
from service.store.models import (
    Article,
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
# What identifies one stored analysis of an article: a re-added article gets a new pk,
# a re-analysis a new revision.
_REVISION = text("SELECT pk, revision FROM articles WHERE id = :id")


@dataclass(frozen=True)
class Page:
    number: int = 1
    size: int = 20

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size


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


class Store:
    """Articles in a relational database (SQLite or PostgreSQL)."""

    def __init__(self, engine: Engine, cache_size: int = 256) -> None:
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)
        self.documents = DocumentCache(cache_size)
        self._probes = threading.local()
        self._probes_lock = threading.Lock()
        self._probe_connections: list = []

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

    # -- articles -------------------------------------------------------------------------

    def add(self, document: dict, source: Source | None = None, *,
            now: dt.datetime | None = None) -> tuple[dict, bool]:
        """Store an analysis; returns the stored article and whether it was new.

        The same content posted twice (even concurrently) is stored once: the unique
        content hash decides, not a check before the insert.
        """
        created_at = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
        for attempt in range(3):
            article_id = document["id"] if attempt == 0 else _variant_id(document, attempt)
            stored = {**document, "id": article_id,
                      "created_at": created_at.isoformat().replace("+00:00", "Z"),
                      "links": article_links(article_id)}
            try:
                with self.sessions.begin() as session:
                    self._insert(session, stored, created_at, source or Source(stored["text"]))
                return stored, True
            except IntegrityError:
                existing = self.get_by_hash(document["content_hash"])
                if existing is not None:
                    return existing, False
        raise RuntimeError(f"could not find a free id for article {document['id']!r}")

    def _insert(self, session: Session, doc: dict, created_at: dt.datetime,
                source: Source) -> None:
        published = (doc.get("published") or {}).get("date")
        article = Article(
            id=doc["id"], content_hash=doc["content_hash"], headline=doc.get("headline"),
            published=dt.date.fromisoformat(published) if published else None,
            created_at=created_at, source_url=doc.get("source_url"),
            pipeline_version=doc["pipeline"]["version"], model=doc["pipeline"]["model"],
            model_version=doc["pipeline"]["model_version"], document=doc,
            search_text=doc.get("text", ""), raw_text=source.text, raw_format=source.format,
            published_given=source.published, revision=1,
        )
        session.add(article)
        session.flush()
        self._index(session, article.pk, doc)

    def _index(self, session: Session, pk: int, doc: dict) -> None:
        keys: dict[str, str] = {}
        for entity in doc.get("entities", []):
            key = keys[entity["id"]] = entity_key(entity["name"])
            session.add(EntityRow(
                article_pk=pk, entity_id=entity["id"], key=key, name=entity["name"],
                type=entity["type"], salience=entity["salience"],
                mention_count=entity["mention_count"]))
            names = {n.lower(): n for n in (*entity["aliases"], entity["name"])}
            for lower, name in names.items():
                session.add(EntityName(article_pk=pk, entity_id=entity["id"], name_lower=lower,
                                       name=name, key=key, type=entity["type"]))
            self._count_entity(session, key, entity, +1)
        for position, figure in enumerate(doc.get("figures", [])):
            session.add(FigureRow(article_pk=pk, figure_id=figure["id"], position=position,
                                  kind=figure["kind"], unit=figure["unit"],
                                  value=figure["value"]))
            for key in {keys[e] for e in figure.get("entities", []) if e in keys}:
                session.add(FigureEntity(article_pk=pk, figure_id=figure["id"], key=key))

    def _count_entity(self, session: Session, key: str, entity: dict, sign: int) -> None:
        if sign > 0:
            insert = _upsert_insert(self.dialect)
            stmt = insert(EntityTotal).values(
                key=key, name=entity["name"], type=entity["type"], article_count=1,
                mention_count=entity["mention_count"])
            stmt = stmt.on_conflict_do_update(
                index_elements=[EntityTotal.key],
                set_={"article_count": EntityTotal.article_count + 1,
                      "mention_count": EntityTotal.mention_count + entity["mention_count"]})
            session.execute(stmt)
            return
        session.execute(
            EntityTotal.__table__.update().where(EntityTotal.key == key).values(
                article_count=EntityTotal.article_count - 1,
                mention_count=EntityTotal.mention_count - entity["mention_count"]))

    def get(self, article_id: str) -> dict | None:
        """An article's document; the decoded JSON is reused while its row is unchanged.

        Every call asks the database for the row's revision (a small indexed read), so a
        write by another process is seen at once; only the large document is cached.
        """
        with self.engine.connect() as conn:
            row = conn.execute(_REVISION, {"id": article_id}).first()
            if row is None:
                return None
            revision = tuple(row)
            document = self.documents.get(article_id, revision)
            if document is None:
                document = conn.execute(
                    select(Article.document).where(Article.pk == row.pk)).scalar_one()
                self.documents.put(article_id, revision, document)
        return document

    def revision(self, article_id: str) -> tuple | None:
        """What identifies the stored analysis of an article now (None when absent).

        One indexed read, without the ORM, on a connection each thread keeps for this
        (outside the pool, in autocommit: it never holds a transaction or a snapshot
        between reads). Callers that keep something derived from a document
        (service/read_cache.py) ask it for every request.
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
        self.engine.dispose()

    @property
    def _revision_sql(self) -> str:
        mark = "?" if self.engine.dialect.paramstyle == "qmark" else "%s"
        return f"SELECT pk, revision FROM articles WHERE id = {mark}"

    def get_by_hash(self, content_hash: str) -> dict | None:
        with self.sessions() as session:
            return session.scalar(
                select(Article.document).where(Article.content_hash == content_hash))

    def delete(self, article_id: str) -> bool:
        """Remove an article and everything derived from it."""
        with self.sessions.begin() as session:
            article = session.scalar(select(Article).where(Article.id == article_id))
            if article is None:
                return False
            for entity in article.document.get("entities", []):
                self._count_entity(session, entity_key(entity["name"]), entity, -1)
            session.execute(delete(EntityTotal).where(EntityTotal.article_count <= 0))
            session.delete(article)
        return True

    def list_articles(self, filters: ArticleFilter, page: Page) -> tuple[list[dict], int]:
        """Article summaries, newest first (or best match first with ``q``)."""
        query = select(Article.pk)
        if filters.entity:
            names = select(EntityName.article_pk).where(
                EntityName.name_lower == filters.entity.strip().lower())
            if filters.type:
                names = names.where(EntityName.type == filters.type)
            query = query.where(Article.pk.in_(names))
        if filters.published_from:
            query = query.where(Article.published >= filters.published_from)
        if filters.published_to:
            query = query.where(Article.published <= filters.published_to)
        order = [Article.published.desc().nulls_last(), Article.pk.desc()]
        if filters.q:
            query, order = self._search(query, filters.q, order)
        return self._page_of_summaries(query, order, page)

    def _search(self, query: Select, q: str, order: list):
        """Full-text match, best first (FTS5 bm25 on SQLite, ts_rank on PostgreSQL)."""
        if self.dialect == "postgresql":
            tsquery = func.websearch_to_tsquery("english", q)
            vector = literal_column("articles.search_vector")
            return (query.where(vector.op("@@")(tsquery)),
                    [func.ts_rank(vector, tsquery).desc(), *order])
        words = _WORD.findall(q)
        if not words:
            return query.where(false()), order
        match = " ".join(f'"{word}"' for word in words)
        fts = (select(literal_column("rowid").label("pk"),
                      literal_column("bm25(articles_fts)").label("rank"))
               .select_from(text("articles_fts"))
               .where(text("articles_fts MATCH :match").bindparams(match=match))
               .subquery())
        return query.join(fts, fts.c.pk == Article.pk), [fts.c.rank.asc(), *order]

    def _page_of_summaries(self, query: Select, order: list, page: Page):
        with self.sessions() as session:
            total = session.scalar(select(func.count()).select_from(query.subquery()))
            pks = session.scalars(
                query.order_by(*order).limit(page.size).offset(page.offset)).all()
            documents = dict(session.execute(
                select(Article.pk, Article.document).where(Article.pk.in_(pks))).all())
        return [summary(documents[pk]) for pk in pks], total

    # -- entities across articles ---------------------------------------------------------

    def list_entities(self, q: str | None, type_: str | None, page: Page):
        query = select(EntityTotal).where(EntityTotal.article_count > 0)
        if type_:
            query = query.where(EntityTotal.type == type_)
        if q:
            # A range rather than LIKE, so that the name index serves it on both databases.
            prefix = q.strip().lower()
            keys = select(EntityName.key).where(EntityName.name_lower >= prefix,
                                                EntityName.name_lower < prefix + "\U0010ffff")
            query = query.where(EntityTotal.key.in_(keys))
        with self.sessions() as session:
            total = session.scalar(select(func.count()).select_from(query.subquery()))
            rows = session.scalars(
                query.order_by(EntityTotal.article_count.desc(), EntityTotal.key)
                .limit(page.size).offset(page.offset)).all()
            aliases = self._aliases(session, [row.key for row in rows])
        return [_entity_total(row, aliases.get(row.key, [])) for row in rows], total

    def _aliases(self, session: Session, keys: list[str]) -> dict[str, list[str]]:
        found: dict[str, set[str]] = {}
        if keys:
            for key, name in session.execute(
                select(EntityName.key, EntityName.name).where(EntityName.key.in_(keys))
                .distinct().limit(50 * len(keys))
            ):
                found.setdefault(key, set()).add(name)
        return {key: sorted(names) for key, names in found.items()}

    def get_entity_total(self, key: str) -> dict | None:
        with self.sessions() as session:
            row = session.get(EntityTotal, key)
            if row is None or row.article_count <= 0:
                return None
            return _entity_total(row, self._aliases(session, [key]).get(key, []))

    def entity_articles(self, key: str, page: Page) -> tuple[list[dict], int]:
        query = select(Article.pk).where(
            Article.pk.in_(select(EntityRow.article_pk).where(EntityRow.key == key)))
        order = [Article.published.desc().nulls_last(), Article.pk.desc()]
        return self._page_of_summaries(query, order, page)

    # -- figures across articles ----------------------------------------------------------

    def list_figures(self, filters: FigureFilter, page: Page) -> tuple[list[dict], int]:
        query = select(FigureRow.article_pk, FigureRow.figure_id)
        if filters.kind:
            query = query.where(FigureRow.kind == filters.kind)
        if filters.unit:
            query = query.where(FigureRow.unit == filters.unit)
        if filters.min_value is not None:
            query = query.where(FigureRow.value >= filters.min_value)
        if filters.max_value is not None:
            query = query.where(FigureRow.value <= filters.max_value)
        if filters.entity:
            keys = select(EntityName.key).where(
                EntityName.name_lower == filters.entity.strip().lower())
            query = query.where(
                select(FigureEntity.key).where(
                    FigureEntity.article_pk == FigureRow.article_pk,
                    FigureEntity.figure_id == FigureRow.figure_id,
                    FigureEntity.key.in_(keys)).exists())
        order = [Article.published.desc().nulls_last(), Article.pk.desc(), FigureRow.position]
        with self.sessions() as session:
            # Every figure's article exists (foreign key): count without joining it.
            total = session.scalar(select(func.count()).select_from(query.subquery()))
            rows = session.execute(
                query.join(Article, Article.pk == FigureRow.article_pk)
                .add_columns(Article.id, Article.document)
                .order_by(*order).limit(page.size).offset(page.offset)).all()
        items = []
        for _pk, figure_id, article_id, document in rows:
            figure = next(f for f in document["figures"] if f["id"] == figure_id)
            items.append({**figure, "article_id": article_id})
        return items, total

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
        with self.sessions.begin() as session:
            article = session.scalar(select(Article).where(Article.id == article_id))
            for entity in article.document.get("entities", []):
                self._count_entity(session, entity_key(entity["name"]), entity, -1)
            for table in (EntityRow, EntityName, FigureRow, FigureEntity):
                session.execute(delete(table).where(table.article_pk == article.pk))
            doc = {**document, "id": article_id, "created_at": article.document["created_at"],
                   "links": article_links(article_id)}
            article.document = doc
            article.revision += 1
            article.pipeline_version = doc["pipeline"]["version"]
            article.model = doc["pipeline"]["model"]
            article.model_version = doc["pipeline"]["model_version"]
            self._index(session, article.pk, doc)
            session.execute(delete(EntityTotal).where(EntityTotal.article_count <= 0))


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
            "links": {"articles": f"/v1/entities/{row.key}/articles"}}


def _variant_id(document: dict, attempt: int) -> str:
    digest = document["content_hash"].split(":")[-1]
    return f"{document['id'][:100]}-{digest[: 4 + 2 * attempt]}"


def _upsert_insert(dialect: str):
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert

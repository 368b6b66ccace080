"""The article store: the writes of articles with everything derived from them, and the
reads of the modules beside this one as methods."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import delete, or_, select, text, update
from sqlalchemy.engine import Connection

from service.nlp.pipeline import Request
from service.store import archive, documents, search, stories, story_reads
from service.store.engine import Database, check_writable, make_engine, upsert_insert
from service.store.models import Article
from service.store.rows import (
    ARTICLE_ROWS,
    article_row,
    decoded,
    derived_columns,
    encoded,
    uncount,
    write_index,
)

# Attempts at a free article id: the analysis's own, then variants with more of the hash.
_ID_ATTEMPTS = 3


class Store(Database):
    """Articles in a relational database (SQLite or PostgreSQL)."""

    @classmethod
    def from_url(cls, url: str) -> Store:
        return cls(make_engine(url))

    def create_schema(self) -> None:
        from service.store.migrations import upgrade_database

        upgrade_database(self.engine.url.render_as_string(hide_password=False))

    def add(self, document: dict, source: Request | None = None, *,
            now: dt.datetime | None = None) -> tuple[dict, bool]:
        """Store an analysis: the stored article and whether it was new."""
        return self.add_many([(document, source)], now=now)[0]

    def add_many(self, items: Iterable[tuple[dict, Request | None]], *,
                 now: dt.datetime | None = None) -> list[tuple[dict, bool]]:
        """Store analyses in one transaction: each stored article, in input order, and
        whether it was new. Content stored already, or repeated in the batch, is stored
        once: the unique content hash decides (an insert that conflicts does nothing),
        so that concurrent writers of the same content store it once.
        """
        items = list(items)
        created_at = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
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
                    document = items[index][0]
                    article_id = document["id"] if attempt == 0 else _variant_id(document, attempt)
                    batch[document["content_hash"]] = encoded(
                        {**document, "id": article_id, "created_at": created_at})
                rows = [article_row(doc, created_at, items[index][1])
                        for index, doc in zip(pending, batch.values(), strict=True)]
                new = dict(conn.execute(_insert_articles(self.dialect), rows).all())
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
                _slide_search_window(self, conn)
        results = []
        for index, (document, _) in enumerate(items):
            doc, created = stored[document["content_hash"]]
            results.append((decoded(doc), created and first_of[document["content_hash"]] == index))
        return results

    def _write_index(self, conn: Connection, articles: list[tuple[int, dict]]) -> None:
        """The rows derived from added or re-analyzed articles (one method for both)."""
        write_index(self, conn, articles)
        stories.join(self, conn, articles)

    def replace(self, article_id: str, document: dict) -> None:
        with self.engine.begin() as conn:
            row = conn.execute(select(Article.pk, Article.document)
                               .where(Article.id == article_id)).one()
            uncount(conn, row.pk, row.document)
            for table in ARTICLE_ROWS:
                conn.execute(delete(table).where(table.article_pk == row.pk))
            doc = {**document, "id": article_id, "created_at": row.document["created_at"]}
            conn.execute(update(Article).where(Article.pk == row.pk).values(
                **derived_columns(doc), revision=Article.revision + 1))
            self._write_index(conn, [(row.pk, doc)])

    def delete(self, article_id: str) -> bool:
        story = stories.membership(self, article_id)
        with self.engine.begin() as conn:
            row = conn.execute(select(Article.pk, Article.document)
                               .where(Article.id == article_id)).first()
            if row is None:
                return False
            uncount(conn, row.pk, row.document)
            conn.execute(delete(Article).where(Article.pk == row.pk))
        if story is not None:
            stories.after_delete(self, story[0])
        return True

    def source(self, article_id: str) -> Request | None:
        with self.sessions() as session:
            row = session.execute(select(
                Article.raw_text, Article.raw_format, Article.published_given,
                Article.source_url).where(Article.id == article_id)).first()
        return Request(*row) if row else None

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

    def optimize(self) -> None:
        """Tidy the full-text index after a bulk ingest (FTS5 merges its segments, the GIN
        index takes in its pending list), so that a search reads one structure."""
        with self.engine.begin() as conn:
            if self.dialect == "sqlite":
                for index in ("articles_fts", "articles_fts_recent"):
                    conn.execute(text(f"INSERT INTO {index}({index}) VALUES ('optimize')"))
                conn.execute(text("PRAGMA optimize"))
            else:
                for index in ("ix_articles_search_vector", "ix_articles_search_recent_vector"):
                    conn.execute(text(f"SELECT gin_clean_pending_list('{index}')"))

    def get(self, article_id: str) -> dict | None:
        stored = documents.read(self, article_id)
        return stored.document if stored is not None else None

    check_writable = check_writable
    read = documents.read  # an article's document and version (not read when ``known``)
    get_by_hash = documents.by_hash
    revision = documents.version  # (key, revision, content hash) of the stored analysis
    list_articles = search.list_articles
    list_entities = archive.list_entities
    get_entity_total = archive.get_entity_total
    entity_articles = archive.entity_articles
    list_figures = archive.list_figures
    list_stories = story_reads.list_stories
    get_story = story_reads.get_story
    related = story_reads.related  # the other members of an article's story
    story_of = stories.membership  # an article's story id and its relation there
    story_origin = story_reads.origin_id


def _insert_articles(dialect: str):
    # No conflict target: a taken content hash or a taken id both skip the row.
    return (upsert_insert(dialect)(Article).on_conflict_do_nothing()
            .returning(Article.content_hash, Article.pk))


def _slide_search_window(db: Database, conn: Connection) -> None:
    """Drop from the recent search index the articles older than the newest
    ``search_window``, once a quarter window more is stored."""
    low, top = conn.execute(text(
        "SELECT low, (SELECT max(pk) FROM articles) FROM search_window")).one()
    if top is None or top - low <= db.search_window + db.search_window // 4:
        return
    new_low = top - db.search_window
    if db.dialect == "sqlite":
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


def _variant_id(document: dict, attempt: int) -> str:
    digest = document["content_hash"].split(":")[-1]
    return f"{document['id'][:100]}-{digest[: 4 + 2 * attempt]}"

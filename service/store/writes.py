"""Writing articles: adds, re-analyses and deletes, with everything derived from them
(entity totals and names, the recent search index's window)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from functools import partial

from sqlalchemy import bindparam, delete, insert, or_, select, text, update
from sqlalchemy.engine import Connection

from service.nlp.pipeline import Request
from service.store.engine import Database, upsert_insert
from service.store.models import Article, EntityAlias, EntityName, EntityTotal
from service.store.rows import (
    ARTICLE_ROWS,
    alias_counts,
    article_row,
    decoded,
    derived_columns,
    encoded,
    entity_totals,
    index_rows,
)

# Writes the rows derived from stored articles, given (primary key, document) pairs.
IndexWriter = Callable[[Connection, list[tuple[int, dict]]], None]
# Attempts at a free article id: the analysis's own, then variants with more of the hash.
_ID_ATTEMPTS = 3


def add_many(db: Database, items: Iterable[tuple[dict, Request | None]], *,
             now: dt.datetime | None = None,
             write_rows: IndexWriter | None = None) -> list[tuple[dict, bool]]:
    """Store analyses in one transaction; returns, in input order, each stored article
    and whether it was new. ``write_rows`` writes the rows derived from the new articles
    (``write_index`` unless given).

    Every new article of the batch is stored, or (when the transaction fails) none is.
    Content already stored, or repeated within the batch, is stored once: an insert
    that conflicts on the unique content hash does nothing (the database decides, so
    concurrent writers of the same content store it once) and the article is reported
    with ``False``. Rows go in as multi-row INSERTs, entity totals as one upsert.
    """
    items = list(items)
    write_rows = write_rows or partial(write_index, db)
    created_at = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    first_of: dict[str, int] = {}
    for index, (document, _) in enumerate(items):
        first_of.setdefault(document["content_hash"], index)
    pending = sorted(set(first_of.values()))
    stored: dict[str, tuple[dict, bool]] = {}
    with db.engine.begin() as conn:
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
            new = dict(conn.execute(_insert_articles(db), rows).all())
            write_rows(conn, [(new[h], doc) for h, doc in batch.items() if h in new])
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
            _slide_search_window(db, conn)
    results = []
    for index, (document, _) in enumerate(items):
        doc, created = stored[document["content_hash"]]
        results.append((decoded(doc), created and first_of[document["content_hash"]] == index))
    return results


def _insert_articles(db: Database):
    # No conflict target: a taken content hash or a taken id both skip the row.
    return (upsert_insert(db.dialect)(Article).on_conflict_do_nothing()
            .returning(Article.content_hash, Article.pk))


def write_index(db: Database, conn: Connection, articles: list[tuple[int, dict]]) -> None:
    """The cross-article rows of stored articles, and their share of entity totals."""
    rows: dict[type, list[dict]] = {model: [] for model in ARTICLE_ROWS}
    for pk, doc in articles:
        index_rows(pk, doc, rows)
    for model, values in rows.items():
        if values:
            conn.execute(insert(model), values)
    totals = entity_totals(doc for _, doc in articles)
    if totals:
        upsert = upsert_insert(db.dialect)(EntityTotal)
        upsert = upsert.on_conflict_do_update(
            index_elements=[EntityTotal.key],
            set_={"article_count": EntityTotal.article_count
                  + upsert.excluded.article_count,
                  "mention_count": EntityTotal.mention_count
                  + upsert.excluded.mention_count})
        # In key order, so that concurrent batches lock the rows in the same order.
        conn.execute(upsert, [totals[key] for key in sorted(totals)])
    aliases = alias_counts(rows[EntityName])
    if aliases:
        upsert = upsert_insert(db.dialect)(EntityAlias)
        upsert = upsert.on_conflict_do_update(
            index_elements=[EntityAlias.key, EntityAlias.name],
            set_={"row_count": EntityAlias.row_count + upsert.excluded.row_count})
        conn.execute(upsert, [aliases[name] for name in sorted(aliases)])


def _slide_search_window(db: Database, conn: Connection) -> None:
    """Let the recent search index go of the articles older than the newest
    ``search_window``, once a quarter window more has been stored."""
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


def _uncount(conn: Connection, pk: int, doc: dict) -> None:
    """Take an article's share out of the entity totals and names, dropping emptied
    ones (before its rows are deleted)."""
    names = conn.execute(select(EntityName.key, EntityName.name, EntityName.name_lower)
                         .where(EntityName.article_pk == pk)).mappings().all()
    aliases = alias_counts(names)
    if aliases:
        conn.execute(
            update(EntityAlias).where(EntityAlias.key == bindparam("alias_key"),
                                      EntityAlias.name == bindparam("alias_name"))
            .values(row_count=EntityAlias.row_count - bindparam("rows")),
            [{"alias_key": key, "alias_name": name, "rows": count["row_count"]}
             for (key, name), count in sorted(aliases.items())])
        conn.execute(delete(EntityAlias).where(EntityAlias.row_count <= 0))
    totals = entity_totals([doc])
    if not totals:
        return
    conn.execute(
        update(EntityTotal).where(EntityTotal.key == bindparam("total_key")).values(
            article_count=EntityTotal.article_count - bindparam("articles"),
            mention_count=EntityTotal.mention_count - bindparam("mentions")),
        [{"total_key": key, "articles": total["article_count"],
          "mentions": total["mention_count"]} for key, total in sorted(totals.items())])
    conn.execute(delete(EntityTotal).where(EntityTotal.article_count <= 0))


def replace(db: Database, article_id: str, document: dict,
            write_rows: IndexWriter | None = None) -> None:
    """Swap an article's analysis for a new one, atomically, keeping id and creation."""
    write_rows = write_rows or partial(write_index, db)
    with db.engine.begin() as conn:
        row = conn.execute(select(Article.pk, Article.document)
                           .where(Article.id == article_id)).one()
        _uncount(conn, row.pk, row.document)
        for table in ARTICLE_ROWS:
            conn.execute(delete(table).where(table.article_pk == row.pk))
        doc = {**document, "id": article_id, "created_at": row.document["created_at"]}
        conn.execute(update(Article).where(Article.pk == row.pk).values(
            **derived_columns(doc), revision=Article.revision + 1))
        write_rows(conn, [(row.pk, doc)])


def delete_article(db: Database, article_id: str) -> bool:
    """Remove an article and everything derived from it."""
    with db.engine.begin() as conn:
        row = conn.execute(select(Article.pk, Article.document)
                           .where(Article.id == article_id)).first()
        if row is None:
            return False
        _uncount(conn, row.pk, row.document)
        conn.execute(delete(Article).where(Article.pk == row.pk))
    return True


def source(db: Database, article_id: str) -> Request | None:
    """The request an article was analyzed from, to analyze it again."""
    with db.sessions() as session:
        row = session.execute(select(
            Article.raw_text, Article.raw_format, Article.published_given,
            Article.source_url).where(Article.id == article_id)).first()
    return Request(*row) if row else None


def outdated(db: Database, provenance: dict | None) -> list[str]:
    """Ids of articles analyzed by another pipeline version or model (all when None)."""
    query = select(Article.id).order_by(Article.pk)
    if provenance is not None:
        query = query.where(or_(
            Article.pipeline_version != provenance["version"],
            Article.model != provenance["model"],
            Article.model_version != provenance["model_version"]))
    with db.sessions() as session:
        return list(session.scalars(query))


def optimize(db: Database) -> None:
    """Tidy the full-text index after many writes (a bulk ingest): SQLite's FTS5 merges
    its segments into one (and ``PRAGMA optimize`` refreshes the planner's statistics);
    PostgreSQL moves the GIN index's pending entries into the index. A search then
    reads one structure, not one per batch written."""
    with db.engine.begin() as conn:
        if db.dialect == "sqlite":
            for index in ("articles_fts", "articles_fts_recent"):
                conn.execute(text(f"INSERT INTO {index}({index}) VALUES ('optimize')"))
            conn.execute(text("PRAGMA optimize"))
        else:
            for index in ("ix_articles_search_vector", "ix_articles_search_recent_vector"):
                conn.execute(text(f"SELECT gin_clean_pending_list('{index}')"))


def _variant_id(document: dict, attempt: int) -> str:
    digest = document["content_hash"].split(":")[-1]
    return f"{document['id'][:100]}-{digest[: 4 + 2 * attempt]}"

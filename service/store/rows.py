"""Adding articles: the rows an article's document is stored in (its own, its list item,
and the rows the cross-article queries read, with the entity totals and names they add
to) and the stories it joins, in one transaction per batch."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from sqlalchemy import bindparam, delete, insert, select, text, update
from sqlalchemy.engine import Connection

from service.nlp.pipeline import Request
from service.nlp.slug import slugify
from service.store import stories
from service.store.engine import Database, aware, upsert_insert
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
    "counts", "content_hash", "source_url", "created_at", "pipeline",
)
# The tables of rows derived from one article (keyed by article_pk).
ARTICLE_ROWS = (ArticleSummary, EntityRow, EntityName, FigureRow, FigureEntity)


def entity_key(name: str) -> str:
    """The archive-wide key of an entity: the slug of its canonical name."""
    return slugify(name) or "entity"


def encoded(document: dict) -> dict:
    return {**document, "created_at": document["created_at"].isoformat()}


def decoded(document: dict) -> dict:
    return {**document, "created_at": aware(dt.datetime.fromisoformat(document["created_at"]))}


def summary(document: dict) -> dict:
    return {key: document.get(key) for key in SUMMARY_FIELDS}


def published_of(doc: dict) -> dt.date | None:
    date = (doc.get("published") or {}).get("date")
    return dt.date.fromisoformat(date) if date else None


def article_row(doc: dict, created_at: dt.datetime, source: Request | None) -> dict:
    source = source or Request(doc["text"])
    return {"id": doc["id"], "content_hash": doc["content_hash"], "created_at": created_at,
            **derived_columns(doc), "raw_text": source.text, "raw_format": source.format,
            "published_given": source.published, "revision": 1}


def derived_columns(doc: dict) -> dict:
    return {"headline": doc.get("headline"), "published": published_of(doc),
            "source_url": doc.get("source_url"), "pipeline_version": doc["pipeline"]["version"],
            "model": doc["pipeline"]["model"], "model_version": doc["pipeline"]["model_version"],
            "document": doc, "search_text": doc.get("text", "")}


def index_rows(pk: int, doc: dict, rows: dict[type, list[dict]]) -> None:
    published = published_of(doc)
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


def alias_counts(rows: list[dict]) -> dict[tuple[str, str], dict]:
    counts = Counter((row["key"], row["name"], row["name_lower"]) for row in rows)
    return {(key, name): {"key": key, "name": name, "name_lower": lower, "row_count": count}
            for (key, name, lower), count in counts.items()}


def entity_totals(docs: Iterable[dict]) -> dict[str, dict]:
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


def write_index(db: Database, conn: Connection, articles: list[tuple[int, dict]]) -> None:
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


def uncount(conn: Connection, pk: int, doc: dict) -> None:
    """Take an article's share out of the entity totals and names (before its rows
    are deleted)."""
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


# Attempts at a free article id: the analysis's own, then variants with more of the hash.
_ID_ATTEMPTS = 3


def add(db: Database, document: dict, source: Request | None = None, *,
        now: dt.datetime | None = None) -> tuple[dict, bool]:
    """Store an analysis: the stored article and whether it was new."""
    return add_many(db, [(document, source)], now=now)[0]


def add_many(db: Database, items: Iterable[tuple[dict, Request | None]], *,
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
            # No conflict target: a taken content hash or a taken id both skip the row.
            new = dict(conn.execute(upsert_insert(db.dialect)(Article)
                                    .on_conflict_do_nothing()
                                    .returning(Article.content_hash, Article.pk), rows).all())
            db._write_index(conn, [(new[h], doc) for h, doc in batch.items() if h in new])
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
        if any(created for _, created in stored.values()):
            _slide_search_window(db, conn)
    results = []
    for index, (document, _) in enumerate(items):
        doc, created = stored[document["content_hash"]]
        results.append((decoded(doc), created and first_of[document["content_hash"]] == index))
    return results


def write_derived(db: Database, conn: Connection, articles: list[tuple[int, dict]]) -> None:
    """The rows derived from added or re-analyzed articles: ``Store._write_index``, one
    method for both write paths, so that they can be observed, or made to fail, together."""
    write_index(db, conn, articles)
    stories.join(db, conn, articles)


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

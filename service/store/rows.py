"""The rows an article's document is stored in: its own, its list item, and the rows the
cross-article queries read (with the entity totals and names they add to)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.engine import Connection

from service.nlp.pipeline import Request
from service.nlp.slug import slugify
from service.store.engine import Database, aware, upsert_insert
from service.store.models import (
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
    counts: dict[tuple[str, str], dict] = {}
    for row in rows:
        count = counts.setdefault((row["key"], row["name"]), {
            "key": row["key"], "name": row["name"], "name_lower": row["name_lower"],
            "row_count": 0})
        count["row_count"] += 1
    return counts


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

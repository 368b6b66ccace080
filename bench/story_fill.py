"""Large archives for bench/stories.py without analyzing every article: the rows of
made-up articles written in bulk straight into the store's tables, as the store would
hold them, and the query plans of the story lookups.

Each made-up article has an ``articles`` row (a small document: its list item's fields),
its list item (``article_summaries``), a place in a story (``story_members``: an origin
and, for one story in two, one to six copies, rewrites or updates sharing most of its
MinHash signature) and the 40 band hashes of its signature (``story_bands``), as
``service/store/stories.py`` would have written them. No entity or figure rows: the
lookups measured do not read them.
"""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
from sqlalchemy import insert, select, text

from service.store.models import Article, ArticleSummary, Story, StoryMember
from service.store.rows import encoded, summary
from service.stories.grouping import NUM_PERM, Signature, band_hashes

# Members of the made-up stories, in turn: half alone, the rest of two to seven members.
STORY_SIZES = (1, 1, 1, 1, 2, 3, 2, 5, 7, 4)
RELATIONS = ("copy", "rewrite", "update")
CHUNK = 5000


def _document(template: dict, index: int) -> dict:
    doc = {key: template.get(key) for key in (
        "headline", "subheadline", "dateline", "published", "language", "word_count",
        "counts", "source_url", "pipeline")}
    doc.update(id=f"filler-{index}", content_hash=f"filler:{index}", text="",
               sections=[], entities=[], figures=[], dates=[], quotes=[],
               created_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    return encoded(doc)


def fill(store, count: int, template: dict, rng: random.Random) -> None:
    """Write ``count`` made-up articles in stories into ``store``."""
    if count <= 0:
        return
    engine = store.engine
    published = dt.date(2023, 1, 1)
    made_at = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    summaries = {}
    with engine.begin() as conn:
        for start in range(0, count, CHUNK):
            docs = [_document(template, i) for i in range(start, min(count, start + CHUNK))]
            summaries.update((doc["id"], summary(doc)) for doc in docs)
            conn.execute(insert(Article), [{
                "id": doc["id"], "content_hash": doc["content_hash"],
                "headline": doc["headline"], "created_at": made_at,
                "published": published + dt.timedelta(days=i % 700),
                "source_url": f"https://filler{i % 97}.example/{i}",
                "pipeline_version": "1", "model": "filler", "model_version": "1",
                "document": doc, "raw_text": "", "raw_format": "text",
                "revision": 1, "search_text": doc["headline"] or ""}
                for i, doc in enumerate(docs, start)])
        rows = conn.execute(select(Article.pk, Article.id, Article.published)
                            .where(Article.model == "filler").order_by(Article.pk)).all()
        pks = [row.pk for row in rows]
        for start in range(0, len(rows), CHUNK):
            conn.execute(insert(ArticleSummary), [
                {"article_pk": row.pk, "published": row.published,
                 "summary": summaries[row.id]} for row in rows[start:start + CHUNK]])
        groups, at, turn = [], 0, 0
        while at < len(pks):
            size = STORY_SIZES[turn % len(STORY_SIZES)]
            groups.append(pks[at:at + size])
            at, turn = at + size, turn + 1
        story_ids = []
        for start in range(0, len(groups), CHUNK):
            story_ids += conn.execute(
                insert(Story).returning(Story.id, sort_by_parameter_order=True),
                [{"created_at": made_at, "member_count": len(group)}
                 for group in groups[start:start + CHUNK]]).scalars().all()
        members, bands = [], []
        for story_id, group in zip(story_ids, groups, strict=True):
            values = np.array([rng.getrandbits(32) for _ in range(NUM_PERM)], dtype=np.uint64)
            for place, pk in enumerate(group):
                own = values.copy()
                if place:  # a version: a few of its MinHash values differ
                    changed = rng.sample(range(NUM_PERM), rng.randint(1, 30))
                    own[changed] = [rng.getrandbits(32) for _ in changed]
                sig = Signature(own, 300)
                members.append({
                    "article_pk": pk, "story_id": story_id,
                    "relation": "origin" if not place else rng.choice(RELATIONS),
                    "similarity": 1.0 if not place else 0.8, "signature": sig.to_bytes(),
                    "size": sig.size, "agency": None})
                bands += [(band, pk) for band in band_hashes(sig)]
        for start in range(0, len(members), CHUNK):
            conn.execute(insert(StoryMember), members[start:start + CHUNK])
        _write_bands(conn, bands)
    _analyze(store)


def _write_bands(conn, bands: list[tuple[int, int]]) -> None:
    if conn.dialect.name == "postgresql":
        cursor = conn.connection.driver_connection.cursor()
        with cursor.copy("COPY story_bands (band, article_pk) FROM STDIN") as copy:
            for row in bands:
                copy.write_row(row)
        return
    for start in range(0, len(bands), 100_000):
        conn.exec_driver_sql("INSERT INTO story_bands (band, article_pk) VALUES (?, ?)",
                             bands[start:start + 100_000])


def _analyze(store) -> None:
    """The planner's statistics refreshed, as autovacuum (PostgreSQL) or ``PRAGMA
    optimize`` after a bulk ingest (SQLite) would."""
    store.optimize()
    if store.dialect == "postgresql":
        with store.engine.begin() as conn:
            conn.execute(text("ANALYZE"))


def plans(store, statements: list[tuple[str, object, dict]]) -> list[tuple[str, str, bool]]:
    """The plan of each named statement (EXPLAIN on PostgreSQL, EXPLAIN QUERY PLAN on
    SQLite): (name, plan in one line, whether it reads a whole table)."""
    found = []
    with store.engine.connect() as conn:
        for name, statement, params in statements:
            compiled = statement.compile(conn, compile_kwargs={"render_postcompile": True})
            sql = str(compiled)
            bound = compiled.construct_params(params)
            positional = [bound[key] for key in compiled.positiontup] \
                if compiled.positiontup else bound
            if conn.dialect.name == "postgresql":
                rows = conn.exec_driver_sql("EXPLAIN " + sql, positional).all()
                lines = [row[0].strip() for row in rows]
                scans = any("Seq Scan" in line for line in lines)
                sorts = any("Sort" in line for line in lines)
            else:
                rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql,
                                            tuple(positional)).all()
                lines = [row[-1] for row in rows]
                scans = any(line.startswith("SCAN") and "USING" not in line
                            for line in lines)
                sorts = any("TEMP B-TREE" in line for line in lines)
            # A walk in the order asked for, unsorted, stops at the limit.
            walks = " LIMIT " in sql and not sorts
            found.append((name, " | ".join(lines), scans and not walks))
    return found

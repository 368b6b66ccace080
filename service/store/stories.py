"""Writing stories: a stored article joins the story of the members it copies or rewrites
(found through shared band hashes), or starts its own; a story whose members change is
settled again (its origin, each member's relation)."""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import bindparam, delete, insert, select, text, update
from sqlalchemy.engine import Connection

from service.store.engine import Database
from service.store.models import Article, Story, StoryBand, StoryMember
from service.stories.grouping import (
    ORIGIN,
    Member,
    Signature,
    band_hashes,
    body_paragraphs,
    choose_origin,
    facts,
    relation,
    same_story,
    signature,
)

# Candidates confirmed per new article: the members sharing the most bands with it.
CANDIDATES = 50
# PostgreSQL: writers of articles sharing a band hash take turns (a transaction-scoped
# advisory lock per band, taken in order), so that two copies stored at once by two
# workers find each other. SQLite writers take turns anyway.
_LOCK_BANDS = text("SELECT count(pg_advisory_xact_lock(k)) FROM "
                   "(SELECT unnest(CAST(:keys AS bigint[])) AS k ORDER BY k) AS bands")


@dataclass(frozen=True)
class _Placed:
    pk: int
    signature: Signature
    bands: frozenset[int]
    agency: str | None
    facts: frozenset


def _placed(pk: int, doc: dict) -> _Placed:
    sig = signature(body_paragraphs(doc))
    return _Placed(pk, sig, frozenset(band_hashes(sig)) if sig.size else frozenset(),
                   (doc.get("dateline") or {}).get("agency") or None, facts(doc))


def join(db: Database, conn: Connection, articles: list[tuple[int, dict]]) -> None:
    """Place newly stored (or re-analyzed) articles in stories, in the transaction that
    stores them: one query finds the batch's candidates, one statement writes a table."""
    if not articles:
        return
    batch = [_placed(pk, doc) for pk, doc in articles]
    if db.dialect == "postgresql":
        conn.execute(_LOCK_BANDS, {"keys": sorted(set().union(*(p.bands for p in batch)))})
    known = dict(conn.execute(_STORY_OF, {"pks": [p.pk for p in batch]}).all())
    again = [p for p in batch if p.pk in known]
    if again:  # re-analyzed: the same story, its signature anew
        conn.execute(delete(StoryBand).where(StoryBand.article_pk.in_([p.pk for p in again])))
        conn.execute(_REFRESH, [{"member_pk": p.pk, "new_signature": p.signature.to_bytes(),
                                 "new_size": p.signature.size, "new_agency": p.agency}
                                for p in again])
    fresh = [p for p in batch if p.pk not in known]
    stories = _choose_stories(conn, fresh)
    new_refs = sorted({ref for ref in stories.values() if isinstance(ref, tuple)})
    made: dict[tuple, int] = {}
    if new_refs:
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        sizes = Counter(stories.values())
        ids = conn.execute(insert(Story).returning(Story.id, sort_by_parameter_order=True),
                           [{"created_at": now, "member_count": sizes[ref]}
                            for ref in new_refs]).scalars().all()
        made = dict(zip(new_refs, ids, strict=True))
        stories = {pk: made.get(ref, ref) for pk, ref in stories.items()}
    if fresh:
        conn.execute(insert(StoryMember), [
            {"article_pk": p.pk, "story_id": stories[p.pk], "relation": ORIGIN,
             "similarity": 1.0, "signature": p.signature.to_bytes(),
             "size": p.signature.size, "agency": p.agency} for p in fresh])
    rows = [(band, p.pk) for p in batch for band in sorted(p.bands)]
    if rows:
        # Through the driver: 40 rows an article, too many to build one by one.
        marker = "%s" if conn.dialect.name == "postgresql" else "?"
        conn.exec_driver_sql("INSERT INTO story_bands (band, article_pk) "
                             f"VALUES ({marker}, {marker})", rows)
    # Settled again: the stories stored before that gained members, the new stories of
    # more than one member, and those of re-analyzed articles.
    started = set(made.values())
    changed = {story_id for story_id, count in Counter(stories.values()).items()
               if count > 1 or story_id not in started}
    for story_id in sorted(changed | {known[p.pk] for p in again}):
        settle(conn, story_id, fresh={p.pk for p in fresh})


def _choose_stories(conn: Connection, fresh: list[_Placed]) -> dict[int, int | tuple]:
    """The story of each new article: that of its most similar confirmed candidate,
    among the stored members sharing most bands with it and the articles before it in
    the batch; else a new story (``("new", pk)``, given an id once made)."""
    if not fresh:
        return {}
    holders: dict[int, list[int]] = {}
    bands = sorted(set().union(*(p.bands for p in fresh)))
    for start in range(0, len(bands), 5000):
        for band, pk in _holders(conn, bands[start:start + 5000]):
            holders.setdefault(band, []).append(pk)
    shared = {p.pk: Counter(pk for band in p.bands for pk in holders.get(band, ()))
              for p in fresh}
    wanted = sorted({pk for counts in shared.values()
                     for pk, _ in counts.most_common(CANDIDATES)})
    stored = {row.article_pk: (row.story_id, Signature.from_bytes(row.signature, row.size),
                               _stored_facts(conn, row.article_pk))
              for row in conn.execute(_CANDIDATES, {"pks": wanted})} if wanted else {}
    locked: set[int] = set()
    chosen: dict[int, int | tuple] = {}
    earlier: list[_Placed] = []
    for placed in fresh:
        options = [stored[pk] for pk, _ in shared[placed.pk].most_common(CANDIDATES)
                   if pk in stored]
        options += [(chosen[p.pk], p.signature, lambda p=p: p.facts)
                    for p in earlier if p.bands & placed.bands]
        best, best_similarity = None, -1.0
        for story, sig, known_facts in options:
            confirmed, similarity = same_story(
                placed.signature, sig,
                lambda f=known_facts, mine=placed.facts: len(mine & f()))
            if confirmed and similarity > best_similarity:
                best, best_similarity = story, similarity
        if isinstance(best, int) and best not in locked:
            # Locked (PostgreSQL), so that a delete settling it waits; gone meanwhile: none.
            best = conn.scalar(_LOCK_STORY if conn.dialect.name == "postgresql"
                               else _STORY, {"story_id": best})
            if best is not None:
                locked.add(best)
        chosen[placed.pk] = best if best is not None else ("new", placed.pk)
        earlier.append(placed)
    return chosen


def _stored_facts(conn: Connection, pk: int):

    @functools.cache
    def read() -> frozenset:
        return facts(conn.execute(_DOCUMENT, {"pk": pk}).scalar_one())

    return read


def _holders(conn: Connection, bands: list[int]) -> list[tuple[int, int]]:
    """The (band, article) rows of ``bands``, through the driver (thousands of values)."""
    query = "SELECT band, article_pk FROM story_bands WHERE band "
    if conn.dialect.name == "postgresql":
        return conn.exec_driver_sql(query + "= ANY(%s)", (bands,)).all()
    return conn.exec_driver_sql(query + f"IN ({', '.join('?' * len(bands))})",
                                tuple(bands)).all()


_STORY_OF = select(StoryMember.article_pk, StoryMember.story_id).where(
    StoryMember.article_pk.in_(bindparam("pks", expanding=True)))
_REFRESH = update(StoryMember).where(StoryMember.article_pk == bindparam("member_pk")).values(
    signature=bindparam("new_signature"), size=bindparam("new_size"),
    agency=bindparam("new_agency"))
_CANDIDATES = select(StoryMember.article_pk, StoryMember.story_id, StoryMember.signature,
                     StoryMember.size).where(
    StoryMember.article_pk.in_(bindparam("pks", expanding=True)))
_MEMBERS = select(StoryMember.article_pk, StoryMember.signature, StoryMember.size,
                  StoryMember.agency, StoryMember.relation, StoryMember.similarity,
                  Article.published, Article.source_url) \
    .join(Article, Article.pk == StoryMember.article_pk) \
    .where(StoryMember.story_id == bindparam("story_id"))
_DOCUMENT = select(Article.document).where(Article.pk == bindparam("pk"))
_STORY = select(Story.id).where(Story.id == bindparam("story_id"))
_LOCK_STORY = _STORY.with_for_update()


def settle(conn: Connection, story_id: int, fresh: set[int] = frozenset()) -> None:
    """Choose the story's origin again and each member's relation to it; articles whose
    relation changed get a new revision (their stored answers change), but for ``fresh``
    ones, stored in this transaction. An empty story is deleted."""
    rows = conn.execute(_MEMBERS, {"story_id": story_id}).all()
    if not rows:
        conn.execute(delete(Story).where(Story.id == story_id))
        return
    conn.execute(update(Story).where(Story.id == story_id, Story.member_count != len(rows))
                 .values(member_count=len(rows)))
    members = [Member(row.article_pk, Signature.from_bytes(row.signature, row.size),
                      row.agency, row.published, row.source_url) for row in rows]
    origin = choose_origin(members)
    changed = []
    for row, member in zip(rows, members, strict=True):
        kind, similarity = relation(member, origin, members)
        if kind != row.relation or abs(similarity - row.similarity) > 1e-9:
            changed.append({"member_pk": member.pk, "new_relation": kind,
                            "new_similarity": similarity, "moved": kind != row.relation})
    if not changed:
        return
    conn.execute(update(StoryMember).where(StoryMember.article_pk == bindparam("member_pk"))
                 .values(relation=bindparam("new_relation"),
                         similarity=bindparam("new_similarity")),
                 [{k: v for k, v in c.items() if k != "moved"} for c in changed])
    revised = sorted(c["member_pk"] for c in changed if c["moved"] and c["member_pk"]
                     not in fresh)
    if revised:
        conn.execute(update(Article).where(Article.pk.in_(revised))
                     .values(revision=Article.revision + 1))


def membership(db: Database, article_id: str) -> tuple[int, str] | None:
    with db.engine.connect() as conn:
        row = conn.execute(_MEMBERSHIP, {"id": article_id}).first()
    return tuple(row) if row is not None else None


_MEMBERSHIP = select(StoryMember.story_id, StoryMember.relation).join(
    Article, Article.pk == StoryMember.article_pk).where(Article.id == bindparam("id"))


def after_delete(db: Database, story_id: int) -> None:
    """Settle a story after one of its members was deleted."""
    with db.engine.begin() as conn:
        if db.dialect == "postgresql":
            conn.execute(_LOCK_STORY, {"story_id": story_id})
        else:  # SQLite: take the write lock before reading the members
            conn.execute(update(Story).where(Story.id == story_id).values(id=Story.id))
        settle(conn, story_id)


def unplaced(db: Database, after_pk: int = 0, limit: int = 500) -> list[int]:
    with db.engine.connect() as conn:
        return list(conn.scalars(
            select(Article.pk).where(Article.pk > after_pk, ~select(StoryMember.article_pk)
                                     .where(StoryMember.article_pk == Article.pk).exists())
            .order_by(Article.pk).limit(limit)))


def place(db: Database, pks: list[int]) -> None:
    with db.engine.begin() as conn:
        if db.dialect == "sqlite":  # the write lock first, as an insert would take it
            conn.execute(text("UPDATE stories SET id = id WHERE 0"))
        docs = conn.execute(select(Article.pk, Article.document)
                            .where(Article.pk.in_(pks)).order_by(Article.pk)).all()
        join(db, conn, [(pk, doc) for pk, doc in docs])

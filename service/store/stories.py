"""Writing stories: every stored article joins the story of the members it copies or
rewrites (found through their shared band hashes), or starts its own; the story's origin
and each member's relation to it are settled again when its members change."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import bindparam, delete, func, insert, select, text, update
from sqlalchemy.engine import Connection

from service.store.engine import Database
from service.store.models import Article
from service.store.story_tables import Story, StoryBand, StoryMember
from service.stories.relations import ORIGIN, Member, choose_origin, relation, same_story
from service.stories.signatures import Signature, band_hashes, body_paragraphs, signature

# Candidates confirmed per new article: the members sharing the most bands with it.
CANDIDATES = 50
# PostgreSQL: writers of articles sharing a band hash take turns (a transaction-scoped
# advisory lock per band, taken in order), so that two copies stored at once by two
# workers find each other. SQLite writers take turns anyway.
_LOCK_BANDS = text("SELECT count(pg_advisory_xact_lock(k)) FROM "
                   "(SELECT unnest(CAST(:keys AS bigint[])) AS k ORDER BY k) AS bands")


def join(db: Database, conn: Connection, articles: list[tuple[int, dict]]) -> None:
    """Place newly stored (or re-analyzed) articles in stories, in the transaction that
    stores them."""
    if not articles:
        return
    prepared = [(pk, doc, signature(body_paragraphs(doc))) for pk, doc in articles]
    bands = {pk: band_hashes(sig) if sig.size else [] for pk, _, sig in prepared}
    if db.dialect == "postgresql":
        conn.execute(_LOCK_BANDS, {"keys": sorted({b for found in bands.values()
                                                   for b in found})})
    known = set(conn.scalars(select(StoryMember.article_pk).where(
        StoryMember.article_pk.in_([pk for pk, _, _ in prepared]))))
    for pk, doc, sig in prepared:
        agency = ((doc.get("dateline") or {}).get("agency") or None)
        if pk in known:  # re-analyzed: the same story, its signature anew
            conn.execute(delete(StoryBand).where(StoryBand.article_pk == pk))
            conn.execute(update(StoryMember).where(StoryMember.article_pk == pk).values(
                signature=sig.to_bytes(), size=sig.size, agency=agency))
            story_id = conn.scalar(select(StoryMember.story_id)
                                   .where(StoryMember.article_pk == pk))
        else:
            story_id = _story_of_candidates(db, conn, sig, bands[pk])
            if story_id is None:
                story_id = conn.execute(insert(Story).values(
                    created_at=dt.datetime.now(dt.UTC).replace(microsecond=0))
                    .returning(Story.id)).scalar_one()
            conn.execute(insert(StoryMember).values(
                article_pk=pk, story_id=story_id, relation=ORIGIN, similarity=1.0,
                signature=sig.to_bytes(), size=sig.size, agency=agency))
        if bands[pk]:
            conn.execute(insert(StoryBand), [{"band": band, "article_pk": pk}
                                             for band in sorted(set(bands[pk]))])
        settle(conn, story_id, fresh={pk})


def _story_of_candidates(db: Database, conn: Connection, sig: Signature,
                         bands: list[int]) -> int | None:
    """The story of the most similar confirmed candidate (one indexed query finds them
    and their signatures), else None. Its row is locked (PostgreSQL) so that a delete
    settling it waits; a story gone meanwhile is none."""
    if not bands:
        return None
    shared = (select(StoryBand.article_pk).where(StoryBand.band.in_(bands))
              .group_by(StoryBand.article_pk).order_by(func.count().desc())
              .limit(CANDIDATES).scalar_subquery())
    best, best_similarity = None, -1.0
    for story_id, data, size in conn.execute(
            select(StoryMember.story_id, StoryMember.signature, StoryMember.size)
            .where(StoryMember.article_pk.in_(shared))):
        confirmed, similarity = same_story(sig, Signature.from_bytes(data, size))
        if confirmed and similarity > best_similarity:
            best, best_similarity = story_id, similarity
    if best is None:
        return None
    lock = select(Story.id).where(Story.id == best)
    if db.dialect == "postgresql":
        lock = lock.with_for_update()
    return conn.scalar(lock)


def settle(conn: Connection, story_id: int, fresh: set[int] = frozenset()) -> None:
    """Choose the story's origin again and each member's relation to it; articles whose
    relation changed get a new revision (their stored answers change), but for ``fresh``
    ones, stored in this transaction. An empty story is deleted."""
    rows = conn.execute(
        select(StoryMember.article_pk, StoryMember.signature, StoryMember.size,
               StoryMember.agency, StoryMember.relation, StoryMember.similarity,
               Article.published, Article.source_url)
        .join(Article, Article.pk == StoryMember.article_pk)
        .where(StoryMember.story_id == story_id)).all()
    if not rows:
        conn.execute(delete(Story).where(Story.id == story_id))
        return
    members = [Member(row.article_pk, Signature.from_bytes(row.signature, row.size),
                      row.agency, row.published, row.source_url) for row in rows]
    origin = choose_origin(members)
    changed = []
    for row, member in zip(rows, members, strict=True):
        kind, similarity = relation(member, origin)
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


def story_of(db: Database, article_id: str) -> int | None:
    """The story of a stored article (None when it has none yet)."""
    with db.engine.connect() as conn:
        return conn.scalar(select(StoryMember.story_id).join(
            Article, Article.pk == StoryMember.article_pk).where(Article.id == article_id))


def after_delete(db: Database, story_id: int) -> None:
    """Settle a story after one of its members was deleted: a new origin when it was
    the origin, nothing left when it was the last."""
    with db.engine.begin() as conn:
        lock = select(Story.id).where(Story.id == story_id)
        if db.dialect == "postgresql":
            conn.execute(lock.with_for_update())
        else:  # SQLite: take the write lock before reading the members
            conn.execute(update(Story).where(Story.id == story_id).values(id=Story.id))
        settle(conn, story_id)


def unplaced(db: Database, after_pk: int = 0, limit: int = 500) -> list[int]:
    """Primary keys of stored articles in no story yet, in order, after ``after_pk``."""
    with db.engine.connect() as conn:
        return list(conn.scalars(
            select(Article.pk).where(Article.pk > after_pk, ~select(StoryMember.article_pk)
                                     .where(StoryMember.article_pk == Article.pk).exists())
            .order_by(Article.pk).limit(limit)))


def place(db: Database, pks: list[int]) -> None:
    """Place stored articles in stories (those stored before stories were kept)."""
    with db.engine.begin() as conn:
        if db.dialect == "sqlite":  # the write lock first, as an insert would take it
            conn.execute(text("UPDATE stories SET id = id WHERE 0"))
        docs = conn.execute(select(Article.pk, Article.document)
                            .where(Article.pk.in_(pks)).order_by(Article.pk)).all()
        join(db, conn, [(pk, doc) for pk, doc in docs])

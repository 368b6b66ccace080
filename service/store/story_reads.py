"""Reading stories: the list of stories, one story's members, an article's related
articles, and lists that count each story once (``collapse=story``)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import aliased

from service.store.engine import Database, aware
from service.store.models import Article, Story, StoryMember
from service.store.values import Listing, Page


def collapsed(query: Select, article_pk) -> Select:
    """``query`` (of rows keyed by ``article_pk``) without the articles that are another
    article's copy, rewrite or update: each story counted once, by its origin (articles
    in no story yet stand alone)."""
    return query.where(~select(StoryMember.article_pk).where(
        StoryMember.article_pk == article_pk, StoryMember.relation != "origin").exists())


# What a member is answered with (``_member``) and sorted by (``_member_order``).
_MEMBER_COLUMNS = (StoryMember.relation, StoryMember.similarity, Article.id, Article.headline,
                   Article.published, Article.source_url, Article.pk)


def _member_rows(session, story_ids: list[int]) -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = {story_id: [] for story_id in story_ids}
    if not story_ids:
        return found
    rows = session.execute(
        select(StoryMember.story_id, *_MEMBER_COLUMNS)
        .join(Article, Article.pk == StoryMember.article_pk)
        .where(StoryMember.story_id.in_(story_ids))).all()
    for row in sorted(rows, key=_member_order):
        found[row.story_id].append(_member(row))
    return found


def _member_order(row) -> tuple:
    return (row.relation != "origin", row.published is None, row.published or 0, row.pk)


def _member(row) -> dict:
    return {"id": row.id, "headline": row.headline, "published": row.published,
            "source_url": row.source_url, "relation": row.relation,
            "similarity": round(row.similarity, 4)}


def _story(story_id: int, created_at: dt.datetime, members: list[dict]) -> dict:
    origin = next((m for m in members if m["relation"] == "origin"), None)
    return {"id": story_id, "created_at": aware(created_at), "member_count": len(members),
            "origin": origin, "members": members}


def list_stories(db: Database, page: Page, min_members: int = 1) -> Listing:
    query = select(Story.id)
    if min_members > 1:
        query = query.where(Story.member_count >= min_members)
    with db.sessions() as session:
        total, exact = db.count(session, query)
        stories = session.execute(query.add_columns(Story.created_at)
                                  .order_by(Story.id.desc())
                                  .limit(page.size).offset(page.offset)).all()
        members = _member_rows(session, [story.id for story in stories])
    return Listing([_story(story.id, story.created_at, members[story.id]) for story in stories],
                   total, exact)


def get_story(db: Database, story_id: int) -> dict | None:
    with db.engine.connect() as conn:
        rows = conn.execute(_STORY_MEMBERS, {"story_id": story_id}).all()
    if not rows:  # a story is deleted with its last member
        return None
    return _story(story_id, rows[0].created_at,
                  [_member(row) for row in sorted(rows, key=_member_order)])


_STORY_MEMBERS = select(*_MEMBER_COLUMNS, Story.created_at) \
    .join(Article, Article.pk == StoryMember.article_pk) \
    .join(Story, Story.id == StoryMember.story_id) \
    .where(StoryMember.story_id == bindparam("story_id"))


def related(db: Database, article_id: str) -> list[dict] | None:
    """The other members of an article's story, or None when there is no such article."""
    with db.engine.connect() as conn:
        rows = conn.execute(_RELATED, {"id": article_id}).all()
    if not rows:
        return None
    return [_member(row) for row in sorted(rows, key=_member_order)
            if row.pk is not None and row.pk != row.asked]


_ASKED, _MINE = aliased(Article), aliased(StoryMember)
_RELATED = select(_ASKED.pk.label("asked"), *_MEMBER_COLUMNS) \
    .select_from(_ASKED) \
    .outerjoin(_MINE, _MINE.article_pk == _ASKED.pk) \
    .outerjoin(StoryMember, StoryMember.story_id == _MINE.story_id) \
    .outerjoin(Article, Article.pk == StoryMember.article_pk) \
    .where(_ASKED.id == bindparam("id"))


def origin_id(db: Database, story_id: int) -> str | None:
    with db.engine.connect() as conn:
        return conn.scalar(origin_query(story_id))


def origin_query(story_id: int) -> Select:
    return select(Article.id).join(StoryMember, StoryMember.article_pk == Article.pk).where(
        StoryMember.story_id == story_id, StoryMember.relation == "origin").limit(1)

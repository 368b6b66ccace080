"""Lists of articles: filtered and newest first, or best match first for a full-text
query (FTS5 on SQLite, text search vectors on PostgreSQL)."""

from __future__ import annotations

import re

from sqlalchemy import Select, column, func, literal_column, select, table, text
from sqlalchemy.orm import Session

from service.store.engine import Database, plan_without
from service.store.models import Article, ArticleSummary, EntityName, StoryMember
from service.store.rows import decoded, summary
from service.store.story_reads import collapsed
from service.store.values import ArticleFilter, Listing, Page

_WORD = re.compile(r"\w+")
_FTS = table("articles_fts", column("rowid"))
# The same index over the most recently stored articles only (SQLite; migration 0007).
_FTS_RECENT = table("articles_fts_recent", column("rowid"))
# PostgreSQL's recent search vectors (migration 0008).
_RECENT = table("articles_search_recent", column("pk"), column("search_vector"))
# Both recent indexes hold the articles whose primary key is above ``low``.
_WINDOW = table("search_window", column("low"))


def list_articles(db: Database, filters: ArticleFilter, page: Page) -> Listing:
    """Article summaries, newest first (or best match first with ``q``)."""
    if filters.entity and not filters.q:
        # From the name's rows, newest first (ix_entity_names_newest).
        query = _named(filters, EntityName.article_pk, EntityName.published).distinct()
        if filters.collapse:
            query = collapsed(query, EntityName.article_pk)
        return page_of_summaries(db, _published_within(query, EntityName, filters),
                                 newest(EntityName), page)
    query = select(Article.pk)
    if filters.entity:
        query = query.where(Article.pk.in_(_named(filters, EntityName.article_pk)))
    query = _published_within(query, Article, filters)
    if filters.collapse:
        query = collapsed(query, Article.pk)
    if filters.q:
        return _search(db, query, filters.q, page)
    return page_of_summaries(db, query, [Article.published.desc().nulls_last(),
                                         Article.pk.desc()], page)


def _named(filters: ArticleFilter, *columns) -> Select:
    """The entity name rows of ``filters.entity`` (and ``filters.type``)."""
    query = select(*columns).where(EntityName.name_lower == filters.entity.strip().lower())
    return query.where(EntityName.type == filters.type) if filters.type else query


def _search(db: Database, query: Select, q: str, page: Page) -> Listing:
    """Full-text match, best first. Only the ``search_candidates`` newest matches are
    ranked and counted (``total`` is then a lower bound), found first in a recent index
    of the newest ``search_window`` articles, so that a common word costs no more in a
    large archive."""
    limit = db.search_candidates
    if db.dialect == "postgresql":
        with db.sessions() as session:
            # A subquery, which PostgreSQL evaluates once per statement: the function
            # itself would be evaluated again for every row tested and ranked.
            tsquery = select(func.websearch_to_tsquery("english", q)).scalar_subquery()
            rows = _pg_candidates(db, session, query, tsquery, limit + 1)
            return _ranked_page(session, rows, limit, page)
    words = _WORD.findall(q)
    if not words:
        return Listing([], 0, True)
    match = " ".join(f'"{word}"' for word in words)
    with db.sessions() as session:
        # When the recent index holds more than ``limit`` matches, they are the newest
        # ones; otherwise (or when it holds every article) the whole index answers.
        rows = session.execute(_fts_candidates(_FTS_RECENT, query, match, limit)).all()
        if len(rows) <= limit and session.scalar(text("SELECT low FROM search_window")):
            rows = session.execute(_fts_candidates(_FTS, query, match, limit)).all()
        return _ranked_page(session, rows, limit, page)


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


def _ranked_page(session: Session, rows: list, limit: int, page: Page) -> Listing:
    """One page of the best of the ``limit`` newest candidates (pk, published, score);
    one more says that there are more matches."""
    rows = sorted(rows, key=lambda row: -row[0])
    best = sorted(rows[:limit], key=_best_match)
    pks = [row[0] for row in best[page.offset:page.offset + page.size]]
    return Listing(summaries(session, pks), min(len(rows), limit), len(rows) <= limit)


def _best_match(row) -> tuple:
    pk, published, score = row
    return score, published is None, -(published.toordinal() if published else 0), -pk


def _pg_candidates(db: Database, session: Session, query: Select, tsquery,
                   wanted: int) -> list:
    """The ``wanted`` newest matches (pk, published, -ts_rank). The newest
    ``search_sample`` articles are tested first: when they are all the filtered ones, their
    matches answer; when half of them match, walking backwards finds the candidates
    soonest; otherwise the recent GIN index, then the whole one."""
    vector = literal_column("articles.search_vector")
    matches = vector.op("@@")(tsquery)
    # The recent index's bound comes along (evaluated once), saving a round trip.
    sample = session.execute(query.add_columns(matches,
                                               select(_WINDOW.c.low).scalar_subquery())
                             .order_by(Article.pk.desc()).limit(db.search_sample)).all()
    hits = [pk for pk, hit, _ in sample if hit]

    def ranked(found: Select) -> list:
        found = found.add_columns(Article.published, vector.label("vector")).subquery()
        # Ranked outside the query that finds them, so that only candidates are ranked.
        return session.execute(select(found.c.pk, found.c.published,
                                      -func.ts_rank(found.c.vector, tsquery))).all()

    if len(sample) < db.search_sample:
        return ranked(select(Article.pk).where(Article.pk.in_(hits))) if hits else []
    newest_first = query.where(matches).order_by(Article.pk.desc()).limit(wanted)
    if 2 * len(hits) >= len(sample):
        # Common: walking the primary key backwards (the planner, not knowing the
        # words, might list every match through the GIN index first).
        plan_without(session, "seqscan", "bitmapscan")
        return ranked(newest_first)
    # Sparse: through a GIN index only, first the recent one (its posting lists do not
    # grow with the archive), which answers when it holds ``wanted`` matches or every
    # article.
    plan_without(session, "seqscan", "indexscan")
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
    return ranked(newest_first)


def page_of_summaries(db: Database, query: Select, order: list, page: Page) -> Listing:
    """A page of the summaries of the articles ``query`` gives, in ``order``; the count."""
    with db.sessions() as session:
        total, exact = db.count(session, query)
        pks = session.scalars(
            query.order_by(*order).limit(page.size).offset(page.offset)).all()
        items = summaries(session, pks)
    return Listing(items, total, exact)


def summaries(session: Session, pks: list[int]) -> list[dict]:
    """The list items of articles, in the order of ``pks``, with story and relation."""
    if not pks:
        return []
    found = {row.article_pk: row for row in session.execute(
        select(ArticleSummary.article_pk, ArticleSummary.summary, StoryMember.story_id,
               StoryMember.relation)
        .outerjoin(StoryMember, StoryMember.article_pk == ArticleSummary.article_pk)
        .where(ArticleSummary.article_pk.in_(pks)))}
    return [{**decoded(summary(found[pk].summary)), "story_id": found[pk].story_id,
             "relation": found[pk].relation} for pk in pks]


def newest(model) -> list:
    """Newest first, as the migrations' ``ix_*_newest`` indexes give a table's rows."""
    return [model.published.desc().nulls_last(), model.article_pk.desc()]


def _published_within(query: Select, model, filters: ArticleFilter) -> Select:
    if filters.published_from:
        query = query.where(model.published >= filters.published_from)
    if filters.published_to:
        query = query.where(model.published <= filters.published_to)
    return query

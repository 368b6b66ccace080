"""The archive across articles: its entities, the articles naming one, its figures."""

from __future__ import annotations

from sqlalchemy import Select, and_, func, literal_column, select
from sqlalchemy.orm import Session

from service.nlp.entities.gazetteer import identifiers
from service.store.engine import Database, plan_without
from service.store.models import (
    Article,
    EntityAlias,
    EntityRow,
    EntityTotal,
    FigureEntity,
    FigureRow,
    StoryMember,
)
from service.store.search import newest, page_of_summaries
from service.store.story_reads import collapsed
from service.store.values import FigureFilter, Listing, Page


def list_entities(db: Database, q: str | None, type_: str | None, page: Page,
                  collapse: str | None = None) -> Listing:
    """Entities across the archive, most written about first."""
    if collapse:
        return _list_entities_by_story(db, q, type_, page)
    query = select(EntityTotal).where(EntityTotal.article_count > 0)
    if type_:
        query = query.where(EntityTotal.type == type_)
    if q:
        query = query.where(EntityTotal.key.in_(_keys_named(q)))
    order = (EntityTotal.article_count.desc(), EntityTotal.key)
    with db.sessions() as session:
        rows = []
        if q and db.dialect == "postgresql":
            # From each matching name to its total: the planner would rather hash
            # every total in the archive once the names run to a few hundred.
            plan_without(session, "hashjoin", "mergejoin")
        if q:
            # The matching names are all read to order them anyway: the same pass
            # counts them (exactly). Ordered by an expression, so that the planner
            # starts from the names rather than walking every total in rank order.
            found = session.execute(
                query.add_columns(func.count().over())
                .order_by((EntityTotal.article_count + 0).desc(), EntityTotal.key)
                .limit(page.size).offset(page.offset)).all()
            rows = [row for row, _ in found]
        if rows:
            total, exact = found[0][1], True
        else:
            total, exact = db.count(session, query.with_only_columns(EntityTotal.key))
        if not q:
            rows = session.scalars(
                query.order_by(*order).limit(page.size).offset(page.offset)).all()
        aliases = _aliases(session, [row.key for row in rows])
    return Listing([_entity_total(row, aliases.get(row.key, [])) for row in rows],
                   total, exact)


def _keys_named(q: str) -> Select:
    """Keys of entities with a name starting with ``q`` (a range, not LIKE: indexed)."""
    prefix = q.strip().lower()
    return select(EntityAlias.key).where(EntityAlias.name_lower >= prefix,
                                         EntityAlias.name_lower < prefix + "\U0010ffff")


def _list_entities_by_story(db: Database, q: str | None, type_: str | None,
                           page: Page) -> Listing:
    """``list_entities``, ``article_count`` counting each story once."""
    story = func.coalesce(StoryMember.story_id, -EntityRow.article_pk)
    counts = (select(EntityRow.key, func.count(story.distinct()).label("stories"))
              .outerjoin(StoryMember, StoryMember.article_pk == EntityRow.article_pk)
              .group_by(EntityRow.key))
    if type_:
        counts = counts.where(EntityRow.type == type_)
    if q:
        counts = counts.where(EntityRow.key.in_(_keys_named(q)))
    counts = counts.subquery()
    query = (select(EntityTotal, counts.c.stories)
             .join(counts, counts.c.key == EntityTotal.key)
             .where(EntityTotal.article_count > 0))
    with db.sessions() as session:
        # One aggregation: the page and the number of entities (counted in the same pass).
        rows = session.execute(query.add_columns(func.count().over())
                               .order_by(counts.c.stories.desc(), EntityTotal.key)
                               .limit(page.size).offset(page.offset)).all()
        if rows:
            total, exact = rows[0][2], True
        else:  # past the last page
            total, exact = db.count(session, query.with_only_columns(EntityTotal.key))
        aliases = _aliases(session, [row.key for row, _, _ in rows])
    items = [{**_entity_total(row, aliases.get(row.key, [])), "article_count": stories}
             for row, stories, _ in rows]
    return Listing(items, total, exact)


def _aliases(session: Session, keys: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    if keys:
        for key, name in session.execute(
            select(EntityAlias.key, EntityAlias.name).where(EntityAlias.key.in_(keys))
            .order_by(EntityAlias.key, EntityAlias.name).limit(50 * len(keys))
        ):
            found.setdefault(key, []).append(name)
    return found


def get_entity_total(db: Database, key: str) -> dict | None:
    with db.sessions() as session:
        row = session.get(EntityTotal, key)
        if row is None or row.article_count <= 0:
            return None
        return _entity_total(row, _aliases(session, [key]).get(key, []))


def _entity_total(row: EntityTotal, aliases: list[str]) -> dict:
    return {"key": row.key, "name": row.name, "type": row.type,
            "aliases": [a for a in aliases if a != row.name],
            "article_count": row.article_count, "mention_count": row.mention_count,
            **identifiers(row.type, [row.name, *aliases])}


def entity_articles(db: Database, key: str, page: Page) -> Listing:
    """The articles naming an entity, newest first (ix_entities_newest)."""
    query = select(EntityRow.article_pk, EntityRow.published).distinct().where(
        EntityRow.key == key)
    return page_of_summaries(db, query, newest(EntityRow), page)


def list_figures(db: Database, filters: FigureFilter, page: Page) -> Listing:
    """Figures across the archive, newest articles first (the order of an index)."""
    with db.sessions() as session:
        query, table = select(FigureRow.article_pk, FigureRow.figure_id), FigureRow
        if filters.entity:
            keys = session.scalars(select(EntityAlias.key).distinct().where(
                EntityAlias.name_lower == filters.entity.strip().lower())).all()
            if not keys:
                return Listing([], 0, True)
            if len(keys) == 1:
                # From the entity's figures, newest first (ix_figure_entities_newest),
                # filtered and counted on the copies of the figures' columns there.
                query = query.join(FigureEntity, and_(
                    FigureEntity.article_pk == FigureRow.article_pk,
                    FigureEntity.figure_id == FigureRow.figure_id)).where(
                    FigureEntity.key == keys[0])
                table = FigureEntity
            else:
                query = query.where(select(FigureEntity.key).where(
                    FigureEntity.article_pk == FigureRow.article_pk,
                    FigureEntity.figure_id == FigureRow.figure_id,
                    FigureEntity.key.in_(keys)).exists())
        if filters.collapse:
            query = collapsed(query, FigureRow.article_pk)
        # Counted from one index ((kind, value), or the entity's (key, kind, value)),
        # without the join; the page is read from the newest-first index, filtering
        # as it goes, which SQLite's planner must be told (the unary + keeps a
        # column's condition from choosing an index).
        counted = query if table is FigureRow else select(FigureEntity.value).where(
            FigureEntity.key == keys[0])
        if filters.collapse and table is FigureEntity:
            counted = collapsed(counted, FigureEntity.article_pk)
        total, exact = db.count(session, _figure_filters(
            counted, filters, table, _column).with_only_columns(table.value))
        unindexed = _column if db.dialect == "postgresql" else _unindexed
        found = session.execute(
            _figure_filters(query.add_columns(FigureRow.data), filters, table, unindexed)
            .order_by(*newest(table), FigureRow.position)
            .limit(page.size).offset(page.offset)).all()
        ids = dict(session.execute(select(Article.pk, Article.id).where(
            Article.pk.in_({pk for pk, _, _ in found}))).all()) if found else {}
    items = [{**figure, "article_id": ids[pk]} for pk, _, figure in found]
    return Listing(items, total, exact)


def _figure_filters(query: Select, filters: FigureFilter, table, column) -> Select:
    """``query`` with the figure filters on ``table``'s columns (each through ``column``)."""
    if filters.kind:
        query = query.where(column(table.kind) == filters.kind)
    if filters.unit:
        query = query.where(column(table.unit) == filters.unit)
    if filters.min_value is not None:
        query = query.where(column(table.value) >= filters.min_value)
    if filters.max_value is not None:
        query = query.where(column(table.value) <= filters.max_value)
    return query


def _column(column):
    return column


def _unindexed(column):
    """``+column``: to SQLite, the same value, but not one an index may serve."""
    return literal_column(f"+{column.table.name}.{column.name}", column.type)

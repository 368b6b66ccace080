"""Tables: articles with their stored analysis, indexes for cross-article queries, and the
stories articles are grouped in."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Article(Base):
    """One stored article; ``document`` holds the full analysis as served."""

    __tablename__ = "articles"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(120), unique=True)
    content_hash: Mapped[str] = mapped_column(String(80), unique=True)
    headline: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    source_url: Mapped[str | None] = mapped_column(Text)
    pipeline_version: Mapped[str] = mapped_column(String(40))
    model: Mapped[str] = mapped_column(String(120))
    model_version: Mapped[str] = mapped_column(String(40))
    document: Mapped[dict] = mapped_column(JSON)
    raw_text: Mapped[str] = mapped_column(Text, default="")
    raw_format: Mapped[str] = mapped_column(String(10), default="text")
    published_given: Mapped[dt.date | None] = mapped_column(Date)
    revision: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    search_text: Mapped[str] = mapped_column(Text, default="")

    # SQLite: keys of deleted articles are never handed out again (migration 0009).
    __table_args__ = (Index("ix_articles_order", "published", "pk"),
                      {"sqlite_autoincrement": True})


class OfArticle:
    """A row of one article's, deleted with it; its primary key begins with the article's."""

    article_pk: Mapped[int] = mapped_column(
        ForeignKey("articles.pk", ondelete="CASCADE"), primary_key=True, sort_order=-1
    )


class ArticleSummary(OfArticle, Base):
    """The list item of an article: a list page reads these small rows, as the columns of
    an ``articles`` row after its document lie in overflow pages or TOAST."""

    __tablename__ = "article_summaries"

    # Orders search results of equal score (as in the tables below).
    published: Mapped[dt.date | None] = mapped_column(Date)
    summary: Mapped[dict] = mapped_column(JSON)


class OfEntity(OfArticle):
    """A row of one of an article's entities: its id, key, name and type."""

    entity_id: Mapped[str] = mapped_column(String(160), primary_key=True)
    key: Mapped[str] = mapped_column(String(160))
    name: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(20))
    # The article's publication date, so that an index lists articles newest first
    # (as in figures and the tables below; the indexes are made by migration 0005).
    published: Mapped[dt.date | None] = mapped_column(Date)


class EntityRow(OfEntity, Base):
    """An entity of one article."""

    __tablename__ = "article_entities"

    salience: Mapped[float] = mapped_column(Float)
    mention_count: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_article_entities_key", "key"),)


class EntityName(OfEntity, Base):
    """A lower-cased name or alias under which an article's entity can be found."""

    __tablename__ = "entity_names"

    # After the entity's columns, so that the primary key is (article, entity, name).
    name_lower: Mapped[str] = mapped_column(String(300), primary_key=True, sort_order=1)

    __table_args__ = (
        Index("ix_entity_names_lookup", "name_lower", "type"),
        Index("ix_entity_names_key", "key", "name"),
    )


class EntityAlias(Base):
    """A name of an entity key with the number of article rows giving it: prefix search
    reads this vocabulary, which grows with the names in use, not with the articles."""

    __tablename__ = "entity_aliases"

    key: Mapped[str] = mapped_column(String(160), primary_key=True)
    name: Mapped[str] = mapped_column(Text, primary_key=True)
    name_lower: Mapped[str] = mapped_column(String(300))
    row_count: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_entity_aliases_name", "name_lower", "key"),)


class EntityTotal(Base):
    """Running totals per entity key across the archive (kept in step on write)."""

    __tablename__ = "entity_totals"

    key: Mapped[str] = mapped_column(String(160), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(20))
    article_count: Mapped[int] = mapped_column(Integer, default=0)
    mention_count: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (
        Index("ix_entity_totals_rank", "article_count", "key"),
        Index("ix_entity_totals_type_rank", "type", "article_count", "key"),
        # Counts entities of a type from a narrow index (totals that fell to 0 stay as rows).
        Index("ix_entity_totals_live_type", "type", postgresql_where=text("article_count > 0"),
              sqlite_where=text("article_count > 0")),
    )


class FigureRow(OfArticle, Base):
    """A figure of one article, for filtering across the archive."""

    __tablename__ = "article_figures"

    figure_id: Mapped[str] = mapped_column(String(20), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    unit: Mapped[str | None] = mapped_column(String(40))
    value: Mapped[float] = mapped_column(Float)
    published: Mapped[dt.date | None] = mapped_column(Date)
    # The figure as served, so that a page of figures does not read whole documents.
    data: Mapped[dict | None] = mapped_column(JSON)

    __table_args__ = (
        Index("ix_figures_kind_unit_value", "kind", "unit", "value"),
        Index("ix_figures_kind_value", "kind", "value"),
        Index("ix_figures_value", "value"),
    )


class FigureEntity(OfArticle, Base):
    """Which entity keys a figure's sentence names (to list the figures of an entity)."""

    __tablename__ = "figure_entities"

    figure_id: Mapped[str] = mapped_column(String(20), primary_key=True)
    key: Mapped[str] = mapped_column(String(160), primary_key=True)
    published: Mapped[dt.date | None] = mapped_column(Date)
    # The figure's own filters, copied, so that one index counts an entity's figures.
    kind: Mapped[str | None] = mapped_column(String(20))
    unit: Mapped[str | None] = mapped_column(String(40))
    value: Mapped[float | None] = mapped_column(Float)

    __table_args__ = (
        Index("ix_figure_entities_key", "key"),
        Index("ix_figure_entities_filter", "key", "kind", "value", "unit"),
    )


# -- stories -------------------------------------------------------------------------------

class Story(Base):
    """One story: the articles that are versions of one text (its members)."""

    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    # Kept by the writes that place and settle members (migration 0015), so that a list
    # of stories of at least so many members reads no member.
    member_count: Mapped[int] = mapped_column(Integer, server_default="1")

    # SQLite: the ids of deleted stories are never handed out again.
    __table_args__ = ({"sqlite_autoincrement": True},)


class StoryMember(OfArticle, Base):
    """An article's place in its story: its relation to the story's origin, their
    similarity, and what grouping needs again (MinHash signature, size, agency)."""

    __tablename__ = "story_members"

    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"))
    relation: Mapped[str] = mapped_column(String(10))
    similarity: Mapped[float] = mapped_column(Float)
    signature: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer)
    agency: Mapped[str | None] = mapped_column(String(80))

    __table_args__ = (Index("ix_story_members_story", "story_id", "article_pk"),)


class StoryBand(Base):
    """One band hash of an article's signature (locality-sensitive hashing): articles
    sharing one are candidates to be one story."""

    __tablename__ = "story_bands"

    band: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    article_pk: Mapped[int] = mapped_column(
        ForeignKey("articles.pk", ondelete="CASCADE"), primary_key=True)

    __table_args__ = (Index("ix_story_bands_article", "article_pk"),)


# The job tables, and those of monitored sources and fetched URLs, share this metadata,
# so that migrations and their checks see them.
from service.feeds import tables as _sources  # noqa: E402, F401
from service.jobs import tables as _jobs  # noqa: E402, F401

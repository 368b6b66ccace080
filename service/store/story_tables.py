"""Tables of stories: each story, its members (with their signatures) and the band hashes
through which a new article finds the members it may copy or rewrite."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from service.store.models import Base, OfArticle


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
    """An article's place in its story: its relation to the story's origin (``origin``
    for the origin itself), their similarity, and what grouping needs again (the
    article's MinHash signature, its number of shingles, the agency it names)."""

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

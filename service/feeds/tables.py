"""Tables of monitored sources, their items, and the URLs fetched (no URL ingested twice)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from service.store.models import Base


class Source(Base):
    """A feed or sitemap polled every ``interval`` seconds; ``poll_url`` is what is
    fetched (the feed a homepage links, for ``auto``); its counts come from its items."""

    __tablename__ = "sources"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(12))
    poll_url: Mapped[str] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(12))
    interval: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    last_poll_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    next_poll_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    last_status: Mapped[str | None] = mapped_column(String(24))
    last_error: Mapped[str | None] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)


class SourceItem(Base):
    """One URL a source listed: ``pending`` until ingested, ``skipped`` (stored before)
    or ``failed`` (with its reason, after ``attempts`` tries)."""

    __tablename__ = "source_items"

    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"),
                                           primary_key=True)
    url_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(12))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    article_id: Mapped[str | None] = mapped_column(String(120))
    reason: Mapped[str | None] = mapped_column(Text)
    seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_source_items_state", "source_id", "state", "updated_at"),)


class FetchedUrl(Base):
    __tablename__ = "fetched_urls"

    url_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    article_id: Mapped[str] = mapped_column(String(120), index=True)
    fetched_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

"""Tables of bulk analysis jobs: the job, its batches (the units of work) and its lines."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from service.store.models import Base


class Job(Base):
    """One submitted batch of articles; its counts are derived from ``job_items``."""

    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    status: Mapped[str] = mapped_column(String(12))
    total: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Who made it ("key:<key id>", "anonymous" in the development mode): only they see it.
    owner: Mapped[str] = mapped_column(String(64), server_default="unknown")

    __table_args__ = (Index("ix_jobs_owner_created_at", "owner", "created_at"),
                      Index("ix_jobs_finished_at", "finished_at"))


class JobBatch(Base):
    """Lines run by one task: ``queued``, ``running`` (until ``lease_until``, renewed),
    ``done`` or ``skipped``; ``lines`` holds ``[line, text]`` pairs until it is done."""

    __tablename__ = "job_batches"

    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"),
                                        primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    state: Mapped[str] = mapped_column(String(12))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    lines: Mapped[list] = mapped_column(JSON)

    __table_args__ = (Index("ix_job_batches_state", "state", "lease_until"),)


class JobItem(Base):
    """What became of one line: ``storing`` (left for a retried batch to settle if its
    worker dies), ``ingested``, ``skipped`` (stored before) or ``failed``."""

    __tablename__ = "job_items"

    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"),
                                        primary_key=True)
    line: Mapped[int] = mapped_column(Integer, primary_key=True)
    outcome: Mapped[str] = mapped_column(String(12))
    content_hash: Mapped[str | None] = mapped_column(String(80))
    article_id: Mapped[str | None] = mapped_column(String(120))
    reason: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_job_items_outcome", "job_id", "outcome", "line"),)

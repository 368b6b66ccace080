"""Reading jobs: a job with its counts and first failures, a client's jobs, and the
articles of a job's lines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, func, select

from service.jobs.tables import Job, JobItem
from service.store.engine import aware
from service.store.values import Listing, Page

# A job shows at most this many failures (the first by line); the counts stay exact.
SHOWN_FAILURES = 1_000


@dataclass
class JobView:
    id: str
    status: str
    total: int
    ingested: int
    skipped: int
    failed_count: int
    failed: list[dict]
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None

    @property
    def done(self) -> int:
        return self.ingested + self.skipped + self.failed_count


class JobReads:
    """The reading half of ``JobStore`` (``engine`` and ``sessions`` are its)."""

    def get(self, job_id: str, owner: str | None = None) -> JobView | None:
        with self.sessions() as session:
            job = session.get(Job, job_id)
            if job is None or (owner is not None and job.owner != owner):
                return None
            counts = dict(session.execute(
                select(JobItem.outcome, func.count()).where(JobItem.job_id == job_id)
                .group_by(JobItem.outcome)).all())
            failures = session.execute(
                select(JobItem.line, JobItem.reason).where(
                    JobItem.job_id == job_id, JobItem.outcome == "failed")
                .order_by(JobItem.line).limit(SHOWN_FAILURES)).all()
        return JobView(
            id=job.id, status=job.status, total=job.total,
            ingested=counts.get("ingested", 0), skipped=counts.get("skipped", 0),
            failed_count=counts.get("failed", 0),
            failed=[{"line": line, "reason": reason} for line, reason in failures],
            created_at=aware(job.created_at), started_at=aware(job.started_at),
            finished_at=aware(job.finished_at))

    def list(self, page: Page, owner: str) -> Listing:
        with self.engine.connect() as conn:
            ids = list(conn.scalars(select(Job.id).where(Job.owner == owner)
                                    .order_by(Job.created_at.desc(), Job.id.desc())
                                    .offset(page.offset).limit(page.size)))
            total = conn.scalar(select(func.count()).select_from(Job)
                                .where(Job.owner == owner))
        return Listing([self.get(job_id) for job_id in ids], total)

    def articles(self, job_id: str, page: Page) -> Listing:
        """The articles of a job's lines, ingested or found stored, by line."""
        where = and_(JobItem.job_id == job_id, JobItem.outcome.in_(("ingested", "skipped")))
        with self.engine.connect() as conn:
            rows = conn.execute(select(JobItem.line, JobItem.outcome, JobItem.article_id)
                                .where(where).order_by(JobItem.line)
                                .offset(page.offset).limit(page.size)).all()
            total = conn.scalar(select(func.count()).select_from(JobItem).where(where))
        return Listing([{"line": line, "outcome": outcome, "id": article_id}
                        for line, outcome, article_id in rows], total)


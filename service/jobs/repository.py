"""Jobs in the database: their batches, their lines' outcomes and the counts made from them.

Every change is a conditional statement, so that the database decides between workers:
a batch is claimed by one worker at a time (``queued`` to ``running``), an outcome is
written once per line (the primary key ``(job_id, line)``), and a job is finished by
whichever worker settles its last batch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Engine, and_, exists, func, select, update
from sqlalchemy.orm import sessionmaker

from service.store.jobs import Job, JobBatch, JobItem
from service.store.models import Article
from service.store.values import Listing, Page

ACTIVE = ("queued", "running")
FINAL_OUTCOMES = ("ingested", "skipped", "failed")
# A job shows at most this many failures (the first by line); the counts stay exact.
SHOWN_FAILURES = 1_000


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    # SQLite keeps no time zone; every time written here is UTC.
    return value.replace(tzinfo=dt.UTC) if value is not None and value.tzinfo is None else value


@dataclass(frozen=True)
class Outcome:
    """What became of one line."""

    line: int
    outcome: str
    content_hash: str | None = None
    article_id: str | None = None
    reason: str | None = None


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
    links: dict = field(default_factory=dict)

    @property
    def done(self) -> int:
        return self.ingested + self.skipped + self.failed_count


class JobStore:
    """The job tables of the article database at ``engine``."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)

    def _insert(self):
        if self.engine.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        return insert

    # -- submitting -------------------------------------------------------------------------

    def create(self, job_id: str, batches: Iterable[list[list]]) -> list[int]:
        """Store a job and its batches (``[line, text]`` pairs) in one transaction; returns
        the batch numbers. Nothing is visible to workers before it commits."""
        numbers = []
        total = 0
        with self.engine.begin() as conn:
            conn.execute(Job.__table__.insert().values(
                id=job_id, status="queued", total=0, created_at=now()))
            for number, lines in enumerate(batches, 1):
                conn.execute(JobBatch.__table__.insert().values(
                    job_id=job_id, number=number, state="queued", attempts=0, lines=lines))
                numbers.append(number)
                total += len(lines)
            conn.execute(update(Job).where(Job.id == job_id).values(total=total))
        return numbers

    # -- working ----------------------------------------------------------------------------

    def claim(self, job_id: str, number: int, lease_seconds: float) -> list[list] | None:
        """The lines of a queued batch, now running for this worker; None when another
        worker has it, it is done, or its job was cancelled (the batch is then skipped)."""
        stamp = now()
        with self.engine.begin() as conn:
            status = conn.scalar(select(Job.status).where(Job.id == job_id))
            if status is None:
                return None
            if status == "cancelled":
                conn.execute(update(JobBatch).where(
                    JobBatch.job_id == job_id, JobBatch.number == number,
                    JobBatch.state == "queued").values(state="skipped", lines=[]))
                return None
            claimed = conn.execute(update(JobBatch).where(
                JobBatch.job_id == job_id, JobBatch.number == number,
                JobBatch.state == "queued").values(
                state="running", attempts=JobBatch.attempts + 1,
                lease_until=stamp + dt.timedelta(seconds=lease_seconds)))
            if claimed.rowcount != 1:
                return None
            conn.execute(update(Job).where(Job.id == job_id, Job.status == "queued")
                         .values(status="running", started_at=stamp))
            return conn.scalar(select(JobBatch.lines).where(
                JobBatch.job_id == job_id, JobBatch.number == number))

    def attempts(self, job_id: str, number: int) -> int:
        with self.engine.connect() as conn:
            return conn.scalar(select(JobBatch.attempts).where(
                JobBatch.job_id == job_id, JobBatch.number == number)) or 0

    def renew(self, job_id: str, number: int, lease_seconds: float) -> None:
        """Keep a running batch claimed for another lease."""
        with self.engine.begin() as conn:
            conn.execute(update(JobBatch).where(
                JobBatch.job_id == job_id, JobBatch.number == number,
                JobBatch.state == "running").values(
                lease_until=now() + dt.timedelta(seconds=lease_seconds)))

    def outcomes(self, job_id: str, lines: list[int]) -> dict[int, JobItem]:
        """The outcomes already written for ``lines`` (by an earlier attempt)."""
        if not lines:
            return {}
        wanted = set(lines)
        with self.sessions() as session:
            rows = session.scalars(select(JobItem).where(
                JobItem.job_id == job_id, JobItem.line.between(min(lines), max(lines))))
            return {row.line: row for row in rows if row.line in wanted}

    def ingested_hashes(self, job_id: str, hashes: list[str]) -> set[str]:
        """Which of ``hashes`` this job has already ingested (on another line)."""
        if not hashes:
            return set()
        with self.engine.connect() as conn:
            return set(conn.scalars(select(JobItem.content_hash).where(
                JobItem.job_id == job_id, JobItem.outcome == "ingested",
                JobItem.content_hash.in_(hashes))))

    def stored_ids(self, hashes: list[str]) -> dict[str, str]:
        """The ids of the stored articles with these content hashes."""
        if not hashes:
            return {}
        with self.engine.connect() as conn:
            return dict(conn.execute(select(Article.content_hash, Article.id)
                                     .where(Article.content_hash.in_(hashes))).all())

    def record(self, job_id: str, outcomes: list[Outcome], *,
               batch: int | None = None) -> None:
        """Write outcomes (replacing ``storing`` ones); with ``batch``, also mark that
        batch done, in the same transaction."""
        with self.engine.begin() as conn:
            if outcomes:
                insert = self._insert()(JobItem).values([
                    {"job_id": job_id, "line": o.line, "outcome": o.outcome,
                     "content_hash": o.content_hash, "article_id": o.article_id,
                     "reason": o.reason} for o in outcomes])
                conn.execute(insert.on_conflict_do_update(
                    index_elements=[JobItem.job_id, JobItem.line],
                    set_={"outcome": insert.excluded.outcome,
                          "content_hash": insert.excluded.content_hash,
                          "article_id": insert.excluded.article_id,
                          "reason": insert.excluded.reason},
                    where=JobItem.outcome == "storing"))
            if batch is not None:
                conn.execute(update(JobBatch).where(
                    JobBatch.job_id == job_id, JobBatch.number == batch,
                    JobBatch.state == "running").values(state="done", lines=[]))

    def finish(self, job_id: str) -> None:
        """Mark the job finished if no batch is left: ``done``, or ``failed`` when no line
        could be stored. Run after each settled batch, so the last one to commit does it."""
        with self.engine.begin() as conn:
            left = exists().where(JobBatch.job_id == job_id, JobBatch.state.in_(ACTIVE))
            stored = exists().where(JobItem.job_id == job_id,
                                    JobItem.outcome.in_(("ingested", "skipped")))
            conn.execute(update(Job).where(Job.id == job_id, Job.status.in_(ACTIVE), ~left)
                         .values(status="done", finished_at=now()))
            conn.execute(update(Job).where(Job.id == job_id, Job.status == "done",
                                           Job.total > 0, ~stored)
                         .values(status="failed"))

    def cancel(self, job_id: str) -> bool:
        """Cancel a queued or running job: its batches not yet started are skipped (a
        running one finishes). False when the job had already ended."""
        with self.engine.begin() as conn:
            cancelled = conn.execute(update(Job).where(Job.id == job_id,
                                                       Job.status.in_(ACTIVE))
                                     .values(status="cancelled", finished_at=now()))
            if cancelled.rowcount != 1:
                return False
            conn.execute(update(JobBatch).where(JobBatch.job_id == job_id,
                                                JobBatch.state == "queued")
                         .values(state="skipped", lines=[]))
            return True

    def expired(self) -> list[tuple[str, int]]:
        """Running batches whose worker stopped renewing its lease (it died): put back in
        the queue, each by exactly one caller."""
        stamp = now()
        with self.engine.begin() as conn:
            rows = conn.execute(select(JobBatch.job_id, JobBatch.number).where(
                JobBatch.state == "running", JobBatch.lease_until < stamp)).all()
            requeued = []
            for job_id, number in rows:
                result = conn.execute(update(JobBatch).where(
                    JobBatch.job_id == job_id, JobBatch.number == number,
                    JobBatch.state == "running", JobBatch.lease_until < stamp)
                    .values(state="queued"))
                if result.rowcount == 1:
                    requeued.append((job_id, number))
            return requeued

    def queued(self, limit: int = 1000) -> list[tuple[str, int]]:
        with self.engine.connect() as conn:
            return [tuple(row) for row in conn.execute(
                select(JobBatch.job_id, JobBatch.number).where(JobBatch.state == "queued")
                .order_by(JobBatch.job_id, JobBatch.number).limit(limit))]

    # -- reading ----------------------------------------------------------------------------

    def get(self, job_id: str) -> JobView | None:
        with self.sessions() as session:
            job = session.get(Job, job_id)
            if job is None:
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
            created_at=_aware(job.created_at), started_at=_aware(job.started_at),
            finished_at=_aware(job.finished_at))

    def list(self, page: Page) -> Listing:
        """Jobs, newest first (the counts are those of ``get``)."""
        with self.engine.connect() as conn:
            ids = list(conn.scalars(select(Job.id).order_by(Job.created_at.desc(),
                                                            Job.id.desc())
                                    .offset(page.offset).limit(page.size)))
            total = conn.scalar(select(func.count()).select_from(Job))
        return Listing([self.get(job_id) for job_id in ids], total)

    def articles(self, job_id: str, page: Page) -> Listing:
        """The articles of a job's lines that were stored, by line: ingested by it, or
        found already stored."""
        where = and_(JobItem.job_id == job_id, JobItem.outcome.in_(("ingested", "skipped")))
        with self.engine.connect() as conn:
            rows = conn.execute(select(JobItem.line, JobItem.outcome, JobItem.article_id)
                                .where(where).order_by(JobItem.line)
                                .offset(page.offset).limit(page.size)).all()
            total = conn.scalar(select(func.count()).select_from(JobItem).where(where))
        return Listing([{"line": line, "outcome": outcome, "id": article_id}
                        for line, outcome, article_id in rows], total)

"""Jobs in the database: their batches, their lines' outcomes and the counts made from
them. Every change is a conditional statement, so that the database decides between
workers: one claims a batch, an outcome is written once per line, and whichever worker
settles the last batch finishes the job."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Engine, and_, delete, exists, func, select, update
from sqlalchemy.orm import sessionmaker

from service.jobs.tables import Job, JobBatch, JobItem
from service.store.engine import aware, upsert_insert
from service.store.models import Article
from service.store.values import Listing, Page

__all__ = ["ACTIVE", "FINAL_OUTCOMES", "JobStore", "JobView", "Outcome", "TooManyLines"]

ACTIVE = ("queued", "running")
FINAL_OUTCOMES = ("ingested", "skipped", "failed")
MAX_REASON_CHARS = 300  # a failure reason may quote its line
_PRUNE_BATCH = 500  # jobs removed per statement
SHOWN_FAILURES = 1_000  # of a job, the first by line (the counts stay exact)


class TooManyLines(Exception):
    def __init__(self, max_lines: int) -> None:
        super().__init__(max_lines)
        self.max_lines = max_lines


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Outcome:
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

    @property
    def done(self) -> int:
        return self.ingested + self.skipped + self.failed_count


class JobStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)

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

    def create(self, job_id: str, batches: Iterable[list[list]], *, owner: str = "anonymous",
               max_lines: int | None = None) -> list[int]:
        """Store a job and its batches (``[line, text]`` pairs) in one transaction; the
        batch numbers. Past ``max_lines`` nothing is stored (``TooManyLines``)."""
        numbers = []
        total = 0
        with self.engine.begin() as conn:
            conn.execute(Job.__table__.insert().values(
                id=job_id, status="queued", total=0, created_at=now(), owner=owner))
            for number, lines in enumerate(batches, 1):
                total += len(lines)
                if max_lines is not None and total > max_lines:
                    raise TooManyLines(max_lines)
                conn.execute(JobBatch.__table__.insert().values(
                    job_id=job_id, number=number, state="queued", attempts=0, lines=lines))
                numbers.append(number)
            conn.execute(update(Job).where(Job.id == job_id).values(total=total))
        return numbers

    def claim(self, job_id: str, number: int, lease_seconds: float) -> list[list] | None:
        """The lines of a queued batch, now running for this worker; None when another
        worker has it, it is done, or its job was cancelled."""
        stamp = now()
        with self.engine.begin() as conn:
            status = conn.scalar(select(Job.status).where(Job.id == job_id))
            if status is None:
                return None
            if status == "cancelled":
                conn.execute(_batch(job_id, number, "queued").values(state="skipped", lines=[]))
                return None
            claimed = conn.execute(_batch(job_id, number, "queued").values(
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
        with self.engine.begin() as conn:
            conn.execute(_batch(job_id, number, "running").values(
                lease_until=now() + dt.timedelta(seconds=lease_seconds)))

    def outcomes(self, job_id: str, lines: list[int]) -> dict[int, JobItem]:
        if not lines:
            return {}
        wanted = set(lines)
        with self.sessions() as session:
            rows = session.scalars(select(JobItem).where(
                JobItem.job_id == job_id, JobItem.line.between(min(lines), max(lines))))
            return {row.line: row for row in rows if row.line in wanted}

    def ingested_hashes(self, job_id: str, hashes: list[str]) -> set[str]:
        if not hashes:
            return set()
        with self.engine.connect() as conn:
            return set(conn.scalars(select(JobItem.content_hash).where(
                JobItem.job_id == job_id, JobItem.outcome == "ingested",
                JobItem.content_hash.in_(hashes))))

    def stored_ids(self, hashes: list[str]) -> dict[str, str]:
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
                insert = upsert_insert(self.engine.dialect.name)(JobItem).values([
                    {"job_id": job_id, "line": o.line, "outcome": o.outcome,
                     "content_hash": o.content_hash, "article_id": o.article_id,
                     "reason": _short(o.reason)} for o in outcomes])
                conn.execute(insert.on_conflict_do_update(
                    index_elements=[JobItem.job_id, JobItem.line],
                    set_={"outcome": insert.excluded.outcome,
                          "content_hash": insert.excluded.content_hash,
                          "article_id": insert.excluded.article_id,
                          "reason": insert.excluded.reason},
                    where=JobItem.outcome == "storing"))
            if batch is not None:
                conn.execute(_batch(job_id, batch, "running").values(state="done", lines=[]))

    def finish(self, job_id: str) -> None:
        """Mark the job ``done`` if no batch is left (``failed`` if no line was stored)."""
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
        """Cancel a job and skip its unstarted batches; False when it had ended."""
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
        """Running batches whose lease ran out, queued again, each by one caller."""
        stamp = now()
        with self.engine.begin() as conn:
            rows = conn.execute(select(JobBatch.job_id, JobBatch.number).where(
                JobBatch.state == "running", JobBatch.lease_until < stamp)).all()
            requeued = []
            for job_id, number in rows:
                result = conn.execute(_batch(job_id, number, "running")
                                      .where(JobBatch.lease_until < stamp).values(state="queued"))
                if result.rowcount == 1:
                    requeued.append((job_id, number))
            return requeued

    def queued(self, limit: int = 1000) -> list[tuple[str, int]]:
        with self.engine.connect() as conn:
            return [tuple(row) for row in conn.execute(
                select(JobBatch.job_id, JobBatch.number).where(JobBatch.state == "queued")
                .order_by(JobBatch.job_id, JobBatch.number).limit(limit))]

    def prune(self, ended_before: dt.datetime) -> int:
        removed = 0
        while True:
            with self.engine.begin() as conn:
                ids = list(conn.scalars(select(Job.id).where(
                    Job.status.not_in(ACTIVE), Job.finished_at < ended_before)
                    .limit(_PRUNE_BATCH)))
                if not ids:
                    return removed
                conn.execute(delete(JobItem).where(JobItem.job_id.in_(ids)))
                conn.execute(delete(JobBatch).where(JobBatch.job_id.in_(ids)))
                conn.execute(delete(Job).where(Job.id.in_(ids)))
                removed += len(ids)


def _batch(job_id: str, number: int, state: str):
    """An UPDATE of one batch, if it is in ``state``."""
    return update(JobBatch).where(JobBatch.job_id == job_id, JobBatch.number == number,
                                  JobBatch.state == state)


def _short(reason: str | None) -> str | None:
    if reason is None or len(reason) <= MAX_REASON_CHARS:
        return reason
    return reason[:MAX_REASON_CHARS - 1] + "\u2026"

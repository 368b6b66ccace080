"""Jobs in the database. Every change is a conditional statement, so that the database
decides between workers: one claims a batch, an outcome is written once per line, and
whichever worker settles the last batch finishes the job."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Engine, delete, exists, select, update
from sqlalchemy.orm import sessionmaker

from service.jobs.tables import Job, JobBatch, JobItem
from service.jobs.views import JobReads, JobView
from service.store.engine import upsert_insert
from service.store.models import Article

__all__ = ["ACTIVE", "FINAL_OUTCOMES", "JobStore", "JobView", "Outcome", "TooManyLines"]

ACTIVE = ("queued", "running")
FINAL_OUTCOMES = ("ingested", "skipped", "failed")
MAX_REASON_CHARS = 300  # a failure reason may quote its line
_PRUNE_BATCH = 500  # jobs removed per statement


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


class JobStore(JobReads):
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)

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
        with self.engine.begin() as conn:
            conn.execute(update(JobBatch).where(
                JobBatch.job_id == job_id, JobBatch.number == number,
                JobBatch.state == "running").values(
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
                conn.execute(update(JobBatch).where(
                    JobBatch.job_id == job_id, JobBatch.number == batch,
                    JobBatch.state == "running").values(state="done", lines=[]))

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


def _short(reason: str | None) -> str | None:
    if reason is None or len(reason) <= MAX_REASON_CHARS:
        return reason
    return reason[:MAX_REASON_CHARS - 1] + "\u2026"

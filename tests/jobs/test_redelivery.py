"""A batch run again (its worker died, or its message came twice) stores nothing twice and
keeps every count exact."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import update

from service.jobs import submit as jobs
from service.jobs.tables import JobBatch
from service.jobs.work import run_batch, settle_lines
from tests.jobs.articles import article


def _submit(queue, job_id: str, records: list) -> list[int]:
    job = jobs.submit_records(queue, job_id, iter([[n, json.dumps(r)]
                                                   for n, r in enumerate(records, 1)]))
    return list(range(1, -(-job.total // jobs.BATCH_SIZE) + 1))


def test_a_batch_whose_worker_died_after_storing_is_settled_as_ingested_once(app):
    queue = app.extensions["jobs"]
    analyzer, store = app.extensions["analyzer"], app.extensions["store"]
    with app.app_context():
        numbers = _submit(queue, "job-r", [article(n) for n in range(20)])
        assert numbers == [1, 2]
        # The first worker stores batch 1's articles, then dies before writing outcomes.
        lines = queue.jobs.claim("job-r", 1, 60)
        settle_lines(analyzer, store, queue.jobs, "job-r", lines)
        assert queue.jobs.get("job-r").ingested == 0
        # Its lease runs out; a consumer puts the batch back in the queue.
        with store.engine.begin() as conn:
            conn.execute(update(JobBatch).where(JobBatch.number == 1).values(
                lease_until=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))
        assert queue.jobs.expired() == [("job-r", 1)]
        assert queue.jobs.expired() == []  # put back once
        for number in numbers:
            assert run_batch(analyzer, store, queue.jobs, "job-r", number, 60)
        # A message delivered twice finds its batch done.
        assert not run_batch(analyzer, store, queue.jobs, "job-r", 1, 60)
        job = queue.jobs.get("job-r")
    assert (job.status, job.ingested, job.skipped, job.failed_count) == ("done", 20, 0, 0)
    assert queue.jobs.attempts("job-r", 1) == 2
    assert app.test_client().get("/v1/articles").get_json()["total"] == 20


def test_a_line_settled_before_the_worker_died_is_not_run_again(app):
    queue = app.extensions["jobs"]
    analyzer, store = app.extensions["analyzer"], app.extensions["store"]
    with app.app_context():
        _submit(queue, "job-s", [article(1), "not an object", article(1)])
        lines = queue.jobs.claim("job-s", 1, 60)
        first = settle_lines(analyzer, store, queue.jobs, "job-s", lines)
        queue.jobs.record("job-s", first)  # written, but the batch was not marked done
        again = settle_lines(analyzer, store, queue.jobs, "job-s", lines)
    assert sorted((o.line, o.outcome) for o in first) == [(1, "ingested"), (2, "failed"),
                                                          (3, "skipped")]
    assert again == []


def test_a_batch_whose_worker_keeps_dying_fails_its_lines(app):
    queue = app.extensions["jobs"]
    analyzer, store = app.extensions["analyzer"], app.extensions["store"]
    with app.app_context():
        _submit(queue, "job-d", [article(n) for n in range(3)])
        for _ in range(3):
            assert queue.jobs.claim("job-d", 1, 60) is not None
            with store.engine.begin() as conn:
                conn.execute(update(JobBatch).values(state="queued"))
        assert run_batch(analyzer, store, queue.jobs, "job-d", 1, 60)
        job = queue.jobs.get("job-d")
    assert (job.status, job.failed_count) == ("failed", 3)
    assert "stopped 3 times" in job.failed[0]["reason"]

"""Jobs on the broker deployment: Redis, and two `article-api worker` processes that share
the database with the API. Workers are killed with SIGKILL; nothing is lost or doubled."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from sqlalchemy import func, select

from service.jobs.tables import JobBatch
from service.store.models import Article
from tests.conftest import create_test_app
from tests.jobs.articles import article, jsonl, mixed_job

ROOT = Path(__file__).resolve().parents[2]
REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
NDJSON = "application/x-ndjson"
LEASE = 4


@pytest.fixture
def broker():
    """Settings of one deployment: its own queue name on the test Redis database."""
    client = redis.Redis.from_url(REDIS)
    client.ping()  # CI runs Redis: a missing server is a failure, not a skip
    name = f"test-{uuid.uuid4().hex[:12]}"
    yield {"BROKER_URL": REDIS, "JOBS_QUEUE": name, "JOBS_LEASE_SECONDS": LEASE}
    for key in client.scan_iter(f"huey.*{name.replace('-', '')}*"):
        client.delete(key)


class Workers:
    """`article-api worker` processes on one database and queue."""

    def __init__(self, env: dict, logs: Path) -> None:
        self.env, self.logs = env, logs
        self.processes: list[subprocess.Popen] = []

    def start(self, count: int) -> None:
        for _ in range(count):
            log = self.logs / f"worker-{len(self.processes)}.log"
            with log.open("wb") as out:
                self.processes.append(subprocess.Popen(
                    [sys.executable, "-c", "from service.cli import main; main()", "worker"],
                    cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT))

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def output(self) -> str:
        return "\n".join(path.read_text(errors="replace")[-2000:]
                         for path in sorted(self.logs.glob("worker-*.log")))


@pytest.fixture
def workers(migrated_url, broker, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": migrated_url,
           "DEV_MODE": "0", "LOG_FORMAT": "text",
           **{key: str(value) for key, value in broker.items()}}
    workers = Workers(env, tmp_path)
    yield workers
    workers.stop()


def api(migrated_url, broker):
    return create_test_app(migrated_url, DEV_MODE=True, LOAD_MODEL=False, **broker)


def wait_for(client, location: str, workers: Workers, timeout: float = 120,
             until=lambda job: job["status"] not in ("queued", "running")) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(location).get_json()
        if until(job):
            return job
        time.sleep(0.2)
    raise AssertionError(f"job not there after {timeout}s: {job}\n{workers.output()}")


def test_two_workers_run_a_job_submitted_before_they_started(migrated_url, broker, workers,
                                                              app):
    lines, stored, reasons = mixed_job(count=200, bad_at=(17, 88, 150), stored=10)
    seeded = app.test_client()  # stores the 10 articles with the model loaded
    for record in stored:
        assert seeded.post("/v1/articles", json=record).status_code == 201
    # Submitted through one API instance, which then goes away: the job waits in Redis.
    response = api(migrated_url, broker).test_client().post("/v1/jobs", data=jsonl(lines),
                                                            content_type=NDJSON)
    assert response.status_code == 202
    workers.start(2)
    client = api(migrated_url, broker).test_client()
    job = wait_for(client, response.headers["Location"], workers)

    assert job["status"] == "done", workers.output()
    assert (job["total"], job["ingested"], job["skipped"], job["failed_count"]) == \
        (200, 187, 10, 3)
    assert {f["line"] for f in job["failed"]} == set(reasons)
    for failure in job["failed"]:
        assert reasons[failure["line"]] in failure["reason"]
    articles = client.get(f"{response.headers['Location']}/articles?per_page=100&page=2")
    assert articles.get_json()["total"] == 197
    with app.extensions["store"].engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Article)) == 197


def test_a_worker_killed_mid_job_loses_nothing_and_stores_nothing_twice(migrated_url, broker,
                                                                         workers, app):
    records = [article(n) for n in range(160)]
    client = api(migrated_url, broker).test_client()
    workers.start(2)
    response = client.post("/v1/jobs", data=jsonl(records), content_type=NDJSON)
    location = response.headers["Location"]
    engine = app.extensions["store"].engine
    job_id = response.get_json()["id"]

    def running() -> int:
        with engine.connect() as conn:
            return conn.scalar(select(func.count()).select_from(JobBatch).where(
                JobBatch.job_id == job_id, JobBatch.state == "running"))

    # Both workers busy (each holds a batch); kill one in the middle of its batch.
    deadline = time.monotonic() + 120
    while running() < 2:
        assert time.monotonic() < deadline, workers.output()
        time.sleep(0.05)
    victim = workers.processes[0]
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait(10)
    job = wait_for(client, location, workers)

    assert job["status"] == "done", workers.output()
    assert (job["ingested"], job["skipped"], job["failed_count"]) == (160, 0, 0)
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Article)) == 160
        assert conn.scalar(select(func.count(func.distinct(Article.content_hash)))) == 160
        retried = conn.scalar(select(func.max(JobBatch.attempts))
                              .where(JobBatch.job_id == job_id))
    assert retried == 2  # the victim's batch ran again, on the other worker
    listed = client.get(f"{location}/articles?per_page=100").get_json()
    assert listed["total"] == 160

"""`article-api worker` on the embedded SQLite queue: the process that runs jobs beside the
web workers (which run none). Killed in the middle of a job, it loses nothing: the job
resumes when it starts again."""

from __future__ import annotations

import os
import signal
import time

from sqlalchemy import func, select

from service.jobs.tables import JobBatch
from service.store.models import Article
from tests.conftest import create_test_app
from tests.jobs.articles import article, jsonl
from tests.jobs.test_broker import ROOT, Workers, wait_for

NDJSON = "application/x-ndjson"
LEASE = 3


def test_a_worker_killed_mid_job_loses_nothing_once_it_starts_again(migrated_url, tmp_path):
    jobs_dir = tmp_path / "jobs"
    settings = {"JOBS_DIR": str(jobs_dir), "JOBS_LEASE_SECONDS": LEASE}
    api = create_test_app(migrated_url, DEV_MODE=True, LOAD_MODEL=False, **settings)
    client, engine = api.test_client(), api.extensions["store"].engine
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": migrated_url,
           "DEV_MODE": "0", "LOG_FORMAT": "text", "ANALYSIS_NICE": "0",
           **{key: str(value) for key, value in settings.items()}}
    env.pop("BROKER_URL", None)
    workers = Workers(env, tmp_path)
    try:
        response = client.post("/v1/jobs", data=jsonl([article(n) for n in range(48)]),
                                content_type=NDJSON)
        assert response.status_code == 202, response.get_json()
        location, job_id = response.headers["Location"], response.get_json()["id"]
        time.sleep(1)
        assert client.get(location).get_json()["status"] == "queued"  # nobody runs it

        workers.start(1)

        def running() -> int:
            with engine.connect() as conn:
                return conn.scalar(select(func.count()).select_from(JobBatch).where(
                    JobBatch.job_id == job_id, JobBatch.state == "running"))

        deadline = time.monotonic() + 120
        while running() < 1:
            assert time.monotonic() < deadline, workers.output()
            time.sleep(0.05)
        victim = workers.processes[0]
        os.kill(victim.pid, signal.SIGKILL)  # in the middle of its batch
        victim.wait(10)
        assert client.get(location).get_json()["status"] in ("queued", "running")

        workers.start(1)
        job = wait_for(client, location, workers)
        assert job["status"] == "done", workers.output()
        assert (job["ingested"], job["skipped"], job["failed_count"]) == (48, 0, 0)
        with engine.connect() as conn:
            assert conn.scalar(select(func.count()).select_from(Article)) == 48
            assert conn.scalar(select(func.count(func.distinct(Article.content_hash)))) == 48
            assert conn.scalar(select(func.max(JobBatch.attempts))
                               .where(JobBatch.job_id == job_id)) == 2
    finally:
        workers.stop()
        api.extensions["store"].close()

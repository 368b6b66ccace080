"""Jobs on the embedded default: a SQLite queue, consumed here by a thread of the test
process standing in for `article-api worker` (the web workers run no consumer)."""

from __future__ import annotations

import io
import json
import time

import pytest

from tests.conftest import assert_problem, create_test_app
from tests.jobs.articles import article, jsonl, mixed_job

NDJSON = "application/x-ndjson"


@pytest.fixture
def queue(app):
    queue = app.extensions["jobs"]
    queue.start_consumer()
    yield queue
    queue.stop_consumer()


def wait_for(client, location: str, timeout: float = 180, headers: dict | None = None) -> dict:
    """The job at ``location`` once it has ended (neither queued nor running)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(location, headers=headers).get_json()
        if job["status"] not in ("queued", "running"):
            return job
        time.sleep(0.2)
    raise AssertionError(f"job still {job['status']} after {timeout}s: {job}")


def test_a_job_ingests_skips_and_fails_each_line_exactly_once(client, queue):
    lines, stored, reasons = mixed_job(count=60, bad_at=(5, 30, 59), stored=10)
    for record in stored:
        assert client.post("/v1/articles", json=record).status_code == 201
    response = client.post("/v1/jobs", data=jsonl(lines), content_type=NDJSON)
    assert response.status_code == 202, response.get_json()
    created = response.get_json()
    assert response.headers["Location"] == f"/v1/jobs/{created['id']}"
    assert created["total"] == 60 and created["status"] in ("queued", "running")

    job = wait_for(client, response.headers["Location"])
    assert job["status"] == "done"
    assert (job["ingested"], job["skipped"], job["failed_count"]) == (47, 10, 3)
    assert [f["line"] for f in job["failed"]] == [5, 30, 59]
    for failure in job["failed"]:
        assert reasons[failure["line"]] in failure["reason"]
    assert job["started_at"] and job["finished_at"] >= job["started_at"]

    listed = client.get(f"/v1/jobs/{job['id']}/articles?per_page=100").get_json()
    assert listed["total"] == 57
    assert {item["outcome"] for item in listed["items"]} == {"ingested", "skipped"}
    ids = [item["id"] for item in listed["items"]]
    assert len(set(ids)) == 57
    assert client.get(listed["items"][0]["links"]["self"]).status_code == 200
    assert client.get("/v1/articles?per_page=1").get_json()["total"] == 57


def test_a_json_array_is_a_job_numbered_by_position(client, queue):
    body = [article(1), {"text": 5}, article(2)]
    response = client.post("/v1/jobs", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 202
    job = wait_for(client, response.headers["Location"])
    assert (job["total"], job["ingested"], job["skipped"]) == (3, 2, 0)
    assert job["failed"] == [{"line": 2, "reason": "each line must be an object with a "
                                                     "string 'text'"}]


def test_the_same_article_twice_in_a_job_is_stored_once(client, queue):
    response = client.post("/v1/jobs", data=jsonl([article(3), article(3)]),
                           content_type=NDJSON)
    job = wait_for(client, response.headers["Location"])
    assert (job["ingested"], job["skipped"]) == (1, 1)


def test_a_job_of_only_bad_lines_failed(client, queue):
    response = client.post("/v1/jobs", data=b'{"text": 1}\nnot json\n', content_type=NDJSON)
    job = wait_for(client, response.headers["Location"])
    assert job["status"] == "failed" and job["failed_count"] == 2


def test_jobs_are_listed_newest_first(client, queue):
    first = client.post("/v1/jobs", data=jsonl([article(4)]), content_type=NDJSON)
    second = client.post("/v1/jobs", data=jsonl([article(5)]), content_type=NDJSON)
    listed = client.get("/v1/jobs").get_json()
    assert [job["id"] for job in listed["items"]] == [second.get_json()["id"],
                                                      first.get_json()["id"]]
    assert listed["total"] == 2


@pytest.mark.parametrize(("body", "content_type", "status"), [
    (b"", NDJSON, 422),
    (b"\n  \n", NDJSON, 422),
    (b'{"text": "a"}', "application/json", 400),
    (b'[{"text": "a"}', "application/json", 400),
    (b'{"text": "a"}', "text/plain", 415),
])
def test_a_body_that_is_no_list_of_articles_makes_no_job(client, queue, body, content_type,
                                                           status):
    body_problem = assert_problem(client.post("/v1/jobs", data=body,
                                              content_type=content_type), status)
    assert body_problem["instance"] == "/v1/jobs"
    assert client.get("/v1/jobs").get_json()["total"] == 0


def test_a_body_over_the_bound_is_refused(migrated_url, tmp_path):
    app = create_test_app(migrated_url, DEV_MODE=True, LOAD_MODEL=False, JOBS_MAX_BYTES=100)
    client = app.test_client()
    body = jsonl([article(n) for n in range(3)])
    assert_problem(client.post("/v1/jobs", data=body, content_type=NDJSON), 413)

    # No Content-Length (a chunked upload): the bound holds while streaming.
    chunked = client.post("/v1/jobs", input_stream=io.BytesIO(body), content_type=NDJSON,
                          environ_overrides={"wsgi.input_terminated": True})
    assert_problem(chunked, 413)
    assert client.get("/v1/jobs").get_json()["total"] == 0
    assert list((app.extensions["jobs"].uploads).iterdir()) == []


def test_a_body_over_the_request_bound_but_under_the_jobs_bound_is_taken(client, queue, app):
    app.config["MAX_CONTENT_LENGTH"] = 200
    response = client.post("/v1/jobs", data=jsonl([article(n) for n in range(3)]),
                           content_type=NDJSON)
    assert response.status_code == 202


def test_cancelling_skips_what_has_not_run(migrated_url):
    # No consumer runs: nothing runs before the cancel.
    app = create_test_app(migrated_url, DEV_MODE=True, LOAD_MODEL=False)
    queue = app.extensions["jobs"]
    from service.jobs import submit as jobs

    with app.app_context():
        job = jobs.submit_records(queue, "job-1", iter([[n, json.dumps(article(n))]
                                                        for n in range(1, 40)]))
    assert job.status == "queued"
    client = app.test_client()
    cancelled = client.delete("/v1/jobs/job-1")
    assert cancelled.status_code == 200
    assert cancelled.get_json()["status"] == "cancelled"
    assert cancelled.get_json()["finished_at"]
    with app.app_context():
        ran = [queue.jobs.claim("job-1", number, 10) for number in (1, 2, 3)]
    assert ran == [None, None, None]
    assert_problem(client.delete("/v1/jobs/missing"), 404)
    assert client.delete("/v1/jobs/job-1").get_json()["status"] == "cancelled"


def test_a_finished_job_cannot_be_cancelled(client, queue):
    response = client.post("/v1/jobs", data=jsonl([article(6)]), content_type=NDJSON)
    wait_for(client, response.headers["Location"])
    assert_problem(client.delete(response.headers["Location"]), 409)


def test_an_unknown_job_is_a_404_problem(client):
    assert_problem(client.get("/v1/jobs/nope"), 404)
    assert_problem(client.get("/v1/jobs/nope/articles"), 404)


def test_jobs_need_a_key_outside_dev_mode(migrated_url):
    app = create_test_app(migrated_url, LOAD_MODEL=False)
    client = app.test_client()
    assert_problem(client.post("/v1/jobs", data=jsonl([article(1)]), content_type=NDJSON), 401)
    assert_problem(client.delete("/v1/jobs/any"), 401)
    # A job and its failure reasons are its key's only: reading them needs the key too.
    assert_problem(client.get("/v1/jobs"), 401)
    assert_problem(client.get("/v1/jobs/any"), 401)

"""Each article of a job is held to the analysis time limit: one that overruns fails
alone, with the reason, and the rest of its batch is stored."""

from __future__ import annotations

import time

import pytest

from tests.conftest import create_test_app
from tests.jobs.articles import article, jsonl
from tests.jobs.test_jobs_api import NDJSON, wait_for

STALL = {"text": "Stalled council\n\nThe council met for 3 hours on Monday and said nothing."}


@pytest.fixture
def stalling_app(migrated_url, monkeypatch):
    from service.nlp import pipeline

    real = pipeline.extract_quotes

    def stalling(doc, structure, entities, *rest):
        if "Stalled" in doc.text:  # a rule stuck in a loop: only a process can be stopped
            while True:
                time.sleep(0.01)
        return real(doc, structure, entities, *rest)

    monkeypatch.setattr(pipeline, "extract_quotes", stalling)
    app = create_test_app(migrated_url, DEV_MODE=True, ANALYSIS_TIMEOUT=3)
    app.extensions["jobs"].start_consumer()  # as `article-api worker` would
    yield app
    app.extensions["jobs"].stop_consumer()
    app.extensions["analyzer"].close()
    app.extensions["store"].close()


def test_an_article_that_overruns_fails_alone_and_its_batch_is_stored(stalling_app):
    client = stalling_app.test_client()
    lines = [article(1), STALL, article(2)]
    response = client.post("/v1/jobs", data=jsonl(lines), content_type=NDJSON)
    assert response.status_code == 202, response.get_json()

    job = wait_for(client, response.headers["Location"], timeout=120)
    assert job["status"] == "done"
    assert (job["ingested"], job["failed_count"]) == (2, 1)
    assert job["failed"][0]["line"] == 2
    assert "longer than 3 s" in job["failed"][0]["reason"]
    assert client.get("/v1/articles").get_json()["total"] == 2

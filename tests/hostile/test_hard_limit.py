"""The hard limit through the API: an analysis that overruns is stopped, its process
replaced, and reads are answered meanwhile (both stores)."""

from __future__ import annotations

import os
import threading
import time

import pytest

from tests.conftest import assert_problem, create_test_app

STALL = "Stalled council\n\nThe council met for 3 hours on Monday and said nothing.\n"
FINE = "Open council\n\nThe council met for 2 hours on Tuesday and voted.\n"


@pytest.fixture
def limited_app(migrated_url, monkeypatch):
    from service.nlp import pipeline

    real = pipeline.extract_quotes

    def stalling(doc, structure, entities, *rest):
        if "Stalled" in doc.text:  # any rule stuck in a loop: the process must be stopped
            while True:
                time.sleep(0.01)
        return real(doc, structure, entities, *rest)

    monkeypatch.setattr(pipeline, "extract_quotes", stalling)
    app = create_test_app(migrated_url, DEV_MODE=True, ANALYSIS_TIMEOUT=6, ANALYSIS_NICE=0,
                          ANALYSIS_CHARS_PER_SECOND=1_000_000, ANALYSIS_QUEUE_WAIT=0.2)
    yield app
    app.extensions["analyzer"].close()
    app.extensions["store"].close()


def _pid(_pipeline) -> int:
    return os.getpid()


def test_an_overrun_is_a_422_and_the_analysis_process_is_replaced(limited_app):
    client = limited_app.test_client()
    runner = limited_app.extensions["analyzer"]
    before = runner.run(_pid)
    started = time.monotonic()
    response = client.post("/v1/analyze", data=STALL, content_type="text/plain")
    assert time.monotonic() - started < 20
    assert "longer than 6 s" in assert_problem(response, 422)["detail"]
    assert runner.run(_pid) != before
    after = client.post("/v1/articles", data=FINE, content_type="text/plain")
    assert after.status_code == 201, after.get_json()
    assert after.get_json()["headline"] == "Open council"


def test_reads_are_answered_while_an_analysis_runs_and_more_are_refused(limited_app):
    client = limited_app.test_client()
    stored = client.post("/v1/articles", data=FINE, content_type="text/plain").get_json()
    results = {}

    def stall():
        results["stall"] = limited_app.test_client().post("/v1/analyze", data=STALL,
                                                          content_type="text/plain")

    thread = threading.Thread(target=stall)
    thread.start()
    time.sleep(0.3)  # the analysis has started
    read_times = []
    for _ in range(10):
        began = time.monotonic()
        read = client.get(stored["links"]["self"])
        read_times.append(time.monotonic() - began)
        assert read.status_code == 200
        assert read.get_json()["headline"] == "Open council"
    busy = client.post("/v1/analyze", data=FINE, content_type="text/plain")
    thread.join(30)
    assert max(read_times) < 1.0
    body = assert_problem(busy, 503)
    assert "busy" in body["detail"] and int(busy.headers["Retry-After"]) >= 1
    assert_problem(results["stall"], 422)

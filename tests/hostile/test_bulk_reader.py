"""One reader for bulk sources (``ingest`` and jobs): lazy, each line decoded under a depth
and size bound, a bad line failing alone with its number and the true reason, a leading
byte-order mark accepted, invalid UTF-8 refused as the API refuses it (both stores)."""

from __future__ import annotations

import io
import json
import time

import pytest

from service.articles.inputs import MAX_DEPTH, jsonl_lines, too_deep
from tests.conftest import assert_problem
from tests.jobs.articles import article
from tests.jobs.test_jobs_api import wait_for

NDJSON = "application/x-ndjson"

# Lines that must fail alone, each with a fragment of its true reason.
HOSTILE_LINES = (
    (b"[" * 1000 + b"]" * 1000, "deeper than"),
    (b'{"text": ' + b"[" * 3000 + b"]" * 3000 + b"}", "deeper than"),
    (b'{"text": {"a": {"b": {"c": {"d": {"e": {"f": {"g": {"h": {}}}}}}}}}}', "deeper than"),
    (b'{"text": "Caf\xe9 closes\\n\\nThe caf\xe9 closed."}', "not valid UTF-8"),
    (b'{"text": "Broken \xed\xa0\x80 surrogate bytes"}', "not valid UTF-8"),
    (b'{"text": "Cut \xe2\x82"}', "not valid UTF-8"),
)


def _feed(records: list) -> bytes:
    return b"".join((r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n"
                    for r in records)


@pytest.mark.parametrize(("depth", "deep"), [(1, False), (MAX_DEPTH, False),
                                             (MAX_DEPTH + 1, True), (5000, True)])
def test_depth_is_counted_outside_strings(depth, deep):
    assert too_deep("[" * depth + "]" * depth) is deep
    assert too_deep('{"text": "' + "[{" * depth + '"}') is False
    assert too_deep('{"text": "\\"' + "[" * depth + '"}') is False


def test_the_depth_check_is_linear():
    started = time.perf_counter()
    for size in (10_000, 1_000_000):
        too_deep("[]" * size)
        too_deep('"' + 'a\\"' * size + '"')
    assert time.perf_counter() - started < 5


def test_lines_are_read_lazily_with_numbers_bom_and_bounds():
    body = (b"\xef\xbb\xbf" + json.dumps({"text": "first"}).encode() + b"\n\n"
            + b"x" * 500 + b"\n" + b'{"text": "\xff"}\n' + b'{"text": "last"}')
    read = list(jsonl_lines(io.BytesIO(body), max_bytes=100))
    assert read[0] == (1, '{"text": "first"}', None)
    assert read[1][0] == 3 and read[1][1] is None and "longer than 100 bytes" in read[1][2]
    assert read[2][0] == 4 and "not valid UTF-8" in read[2][2]
    assert read[3] == (5, '{"text": "last"}', None)


def test_reading_does_not_hold_the_whole_file():
    class Endless(io.RawIOBase):
        """A stream that never ends: reading it whole would never return."""

        def readable(self):
            return True

        def readinto(self, buffer):
            line = b'{"text": "again"}\n'
            data = (line * (len(buffer) // len(line) + 1))[:len(buffer)]
            buffer[:len(data)] = data
            return len(data)

    lines = jsonl_lines(io.BufferedReader(Endless()))
    assert [next(lines)[0] for _ in range(3)] == [1, 2, 3]


@pytest.mark.parametrize(("bad", "reason"), HOSTILE_LINES)
def test_ingest_fails_a_bad_line_alone_with_its_number(client, runner, tmp_path, bad,
                                                       reason):
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(b"\xef\xbb\xbf" + _feed([article(1), bad, article(2)]))
    later = tmp_path / "later.jsonl"
    later.write_bytes(_feed([article(3)]))
    result = runner.invoke(args=["ingest", "--no-progress", "--workers", "1", str(feed),
                                 str(later)])
    assert result.exit_code == 1, result.output
    assert "ingested 3, skipped 0 (already stored), failed 1" in result.output
    assert f"{feed}:2: " in result.output and reason in result.output
    assert client.get("/v1/articles").get_json()["total"] == 3


@pytest.mark.parametrize(("bad", "reason"), HOSTILE_LINES)
def test_ingest_through_the_queue_fails_a_bad_line_alone(app, client, runner, tmp_path,
                                                         bad, reason):
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(_feed([article(4), bad, article(5)]))
    result = runner.invoke(args=["ingest", "--queue", "--no-progress", str(feed)])
    assert "ingested 2" in result.output and "failed 1" in result.output, result.output
    assert f"{feed}:2: " in result.output and reason in result.output


def _wait(client, location: str) -> dict:
    return wait_for(client, location, timeout=60)


@pytest.fixture
def queue(app):
    queue = app.extensions["jobs"]
    queue.start_consumer()
    yield queue
    queue.stop_consumer()


@pytest.mark.parametrize(("bad", "reason"), HOSTILE_LINES)
def test_a_job_fails_a_bad_line_alone_and_its_batch_goes_on(client, queue, bad, reason):
    body = b"\xef\xbb\xbf" + _feed([article(6), bad, article(7)])
    response = client.post("/v1/jobs", data=body, content_type=NDJSON)
    assert response.status_code == 202, response.get_json()
    job = _wait(client, response.headers["Location"])
    assert (job["ingested"], job["failed_count"]) == (2, 1), job
    assert job["failed"][0]["line"] == 2 and reason in job["failed"][0]["reason"]
    assert "stopped" not in job["failed"][0]["reason"]


@pytest.mark.parametrize("depth", [1000, 5000, 100_000])
def test_a_deeply_nested_json_array_body_is_a_client_error(client, queue, depth):
    response = client.post("/v1/jobs", data="[" * depth + "]" * depth,
                           content_type="application/json")
    assert response.status_code in (400, 422), response.get_data(as_text=True)[:200]
    if response.status_code == 400:
        assert_problem(response, 400)
    else:
        assert_problem(response, 422)


def test_a_deep_element_of_a_json_array_fails_alone(client, queue):
    deep = "[" * 50 + "]" * 50
    body = f"[{json.dumps(article(8))}, {deep}, {json.dumps(article(9))}]"
    response = client.post("/v1/jobs", data=body, content_type="application/json")
    assert response.status_code == 202, response.get_json()
    job = _wait(client, response.headers["Location"])
    assert (job["ingested"], job["failed_count"]) == (2, 1), job
    assert "deeper than" in job["failed"][0]["reason"]


@pytest.mark.parametrize("body", [b"[\xff]", b'[{"text": "caf\xe9"}]'])
def test_a_json_array_body_that_is_not_utf8_is_refused_like_the_api(client, queue, body):
    response = client.post("/v1/jobs", data=body, content_type="application/json")
    assert "UTF-8" in assert_problem(response, 400)["detail"]

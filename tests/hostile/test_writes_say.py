"""Writes say what they did: a re-post of a stored text with another publication date is a
409 naming the stored date (never a silent 200 with the old one), in the API, ``ingest``
and jobs; the content hash covers the whole text as received, so texts that differ only in
what the structure drops as furniture are two articles (both stores)."""

from __future__ import annotations

import json
import time

import pytest

from tests.conftest import assert_problem

STORY = ("Tram line extended\n\n"
         "GRENHAM, March 4 -- The city extended its tram line by 3 km on Monday, the "
         "transport office said, adding four stops near the river.\n")
UNDATED = ("Library opens a reading garden\n\n"
           "The public library of Westcombe opened a reading garden on Tuesday, its "
           "director said, with 40 new benches.\n")


def _post(client, text: str, published: str | None = None):
    body = {"text": text} if published is None else {"text": text, "published": published}
    return client.post("/v1/articles", json=body)


@pytest.mark.parametrize(("first", "again"), [
    (None, "2021-06-01"),
    ("2024-03-04", "2024-03-05"),
    ("2024-03-04", "1999-12-31"),
])
@pytest.mark.parametrize("text", [STORY, UNDATED])
def test_a_repost_with_another_date_is_409_naming_the_stored_one(client, text, first, again):
    created = _post(client, text, first)
    assert created.status_code == 201, created.get_json()
    stored = created.get_json()
    response = _post(client, text, again)
    body = assert_problem(response, 409)
    assert body["id"] == stored["id"]
    assert body["published"] == stored["published"]["date"]
    assert (stored["published"]["date"] or "unknown date") in body["detail"]
    assert again in body["detail"]
    assert client.get(stored["links"]["self"]).get_json()["published"] == stored["published"]


@pytest.mark.parametrize("again", [None, "same"])
def test_a_repost_with_no_date_or_the_same_date_is_the_stored_article(client, again):
    stored = _post(client, STORY, "2024-03-04").get_json()
    response = _post(client, STORY, "2024-03-04" if again == "same" else None)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["id"] == stored["id"]


@pytest.mark.parametrize("first_line", ["12345", "1 2 3", "2024", "0042-17", "7"])
def test_texts_that_differ_only_in_a_line_of_numbers_are_two_articles(client, first_line):
    plain = _post(client, STORY)
    numbered = _post(client, f"{first_line}\n\n{STORY}")
    assert (plain.status_code, numbered.status_code) == (201, 201), numbered.get_json()
    assert plain.get_json()["content_hash"] != numbered.get_json()["content_hash"]
    assert client.get("/v1/articles").get_json()["total"] == 2


@pytest.mark.parametrize("variant", [STORY + "\n", STORY.replace("\n", "\r\n"),
                                     "Advertisement\n\n" + STORY])
def test_any_difference_in_the_received_text_is_another_article(client, variant):
    assert _post(client, STORY).status_code == 201
    assert _post(client, variant).status_code == 201


def test_the_content_hash_is_the_sha256_of_the_received_text(client):
    import hashlib

    stored = _post(client, UNDATED).get_json()
    digest = hashlib.sha256(UNDATED.encode()).hexdigest()
    assert stored["content_hash"] == f"sha256:{digest}"


def test_ingest_fails_a_line_that_gives_another_date_for_a_stored_text(client, runner,
                                                                       tmp_path):
    assert _post(client, STORY, "2024-03-04").status_code == 201
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in (
        {"text": STORY, "published": "2024-03-09"},
        {"text": STORY},
        {"text": UNDATED})) + "\n", encoding="utf-8")
    result = runner.invoke(args=["ingest", "--no-progress", "--workers", "1", str(feed)])
    assert "ingested 1, skipped 1 (already stored), failed 1" in result.output, result.output
    assert f"{feed}:1: " in result.output and "2024-03-04" in result.output


def test_a_job_fails_a_line_that_gives_another_date_for_a_stored_text(app, client):
    assert _post(client, STORY, "2024-03-04").status_code == 201
    queue = app.extensions["jobs"]
    queue.start_consumer()
    try:
        body = "".join(json.dumps(r) + "\n" for r in (
            {"text": UNDATED}, {"text": STORY, "published": "2020-01-01"}, {"text": STORY}))
        response = client.post("/v1/jobs", data=body, content_type="application/x-ndjson")
        assert response.status_code == 202, response.get_json()
        deadline = time.monotonic() + 60
        while (job := client.get(response.headers["Location"]).get_json())["status"] in (
                "queued", "running"):
            assert time.monotonic() < deadline
            time.sleep(0.2)
    finally:
        queue.stop_consumer()
    assert (job["ingested"], job["skipped"], job["failed_count"]) == (1, 1, 1), job
    assert job["failed"][0]["line"] == 2 and "2024-03-04" in job["failed"][0]["reason"]

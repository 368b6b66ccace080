"""Job lines naming a URL: the page is fetched and stored; a refused URL fails its line."""

from __future__ import annotations

import json
import time

from tests.fetch import site as s


def test_a_job_line_may_name_a_url(app, client, site):
    site.routes["/news/1.html"] = s.html(s.story(31))
    site.routes["/news/2.html"] = s.html(s.story(32))
    lines = [{"url": site.url("/news/1.html")},
             {"url": site.url("/news/2.html"), "published": "2026-12-01"},
             {"url": "http://10.0.0.1/secret"},
             {"text": "PARIS, May 3 (AFP) - The mayor of Southbridge, Lena Holt, opened "
                      "a new bridge on Friday, her office said."}]
    queue = app.extensions["jobs"]
    queue.start_consumer()
    try:
        response = client.post("/v1/jobs", data="\n".join(json.dumps(x) for x in lines),
                               content_type="application/x-ndjson")
        assert response.status_code == 202
        deadline = time.monotonic() + 120
        while (job := client.get(response.headers["Location"]).get_json())["status"] in \
                ("queued", "running") and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        queue.stop_consumer()
    assert (job["ingested"], job["failed_count"]) == (3, 1)
    assert job["failed"][0]["line"] == 3 and "private address" in job["failed"][0]["reason"]
    stored = client.get("/v1/articles?per_page=10").get_json()["items"]
    assert {item["source_url"] for item in stored} >= {site.url("/news/1.html"),
                                                       site.url("/news/2.html")}

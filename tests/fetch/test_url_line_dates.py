"""A job line naming a URL is held to the same 'published' rules as a line with its text:
a date as YYYY-MM-DD within the service's dates, checked before anything is fetched."""

from __future__ import annotations

import json

import pytest

from service.articles.inputs import json_source
from service.fetch.ingest import url_or_json_source


class NoFetcher:
    """A fetcher a refused line must never reach."""

    def fetch(self, url):
        raise AssertionError(f"fetched {url}")


@pytest.mark.parametrize("published, reason", [
    ("1799-12-31", "'published' must be from 1800-01-01 to 2200-12-31, not 1799-12-31"),
    ("2201-01-01", "'published' must be from 1800-01-01 to 2200-12-31, not 2201-01-01"),
    ("0001-01-01", "'published' must be from 1800-01-01 to 2200-12-31, not 0001-01-01"),
    ("June 2", "'published' must be a date as YYYY-MM-DD, not 'June 2'"),
])
def test_a_url_line_and_a_text_line_refuse_the_same_dates_alike(published, reason):
    url_line = json.dumps({"url": "https://news.example/a.html", "published": published})
    text_line = json.dumps({"text": "A made-up story.", "published": published})
    by_url = url_or_json_source(NoFetcher(), "job:1", url_line)
    by_text = json_source("job:2", text_line)
    assert by_url.request is None and by_url.error == reason
    assert by_text.request is None and by_text.error == reason

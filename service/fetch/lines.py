"""A job line that names a URL (``{"url": ..., "published"?}``): the page is fetched and
becomes the line's article; any other line is read as before."""

from __future__ import annotations

import datetime as dt
import json

from service.articles.inputs import Source, json_source, too_deep
from service.fetch.client import Fetcher
from service.fetch.errors import FetchError
from service.fetch.ingest import page_request


def url_or_json_source(fetcher: Fetcher, origin: str, line: str) -> Source:
    if too_deep(line):  # refused by the plain reader, with its reason
        return json_source(origin, line)
    try:
        record = json.loads(line.strip())
    except json.JSONDecodeError:
        return json_source(origin, line)
    if not isinstance(record, dict) or "url" not in record or "text" in record:
        return json_source(origin, line)
    url, published = record["url"], record.get("published")
    if not isinstance(url, str) or not isinstance(published, str | None):
        return Source(origin, None, "'url' and 'published' must be strings")
    try:
        date = dt.date.fromisoformat(published) if published else None
    except ValueError:
        return Source(origin, None, f"'published' must be a date as YYYY-MM-DD, "
                                    f"not {published!r}")
    try:
        fetched = fetcher.fetch(url)
    except FetchError as exc:
        return Source(origin, None, f"{exc.reason}: {exc}")
    return Source(origin, page_request(fetched, date))

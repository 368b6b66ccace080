"""Use cases on sources: register one (finding what it is), read, list, delete."""

from __future__ import annotations

import datetime as dt

from service.errors import InvalidInput, ServiceError
from service.feeds import parse
from service.feeds.repository import SourceStore, SourceView
from service.fetch.client import SOURCE_TYPES, Fetcher


class SourceNotFound(ServiceError):
    def __init__(self, source_id: str) -> None:
        super().__init__(f"No source with id {source_id!r}.")


def _invalid(message: str) -> InvalidInput:
    return InvalidInput({"url": [message]}, "The URL is not a source the service can poll.")


def discover(fetcher: Fetcher, url: str, kind: str) -> tuple[str, str]:
    """The URL to poll and its format ("feed" or "sitemap"); for ``auto``, a page's feed."""
    fetched = fetcher.fetch(url, accept=SOURCE_TYPES)
    found = parse.format_of(fetched)
    if found == "page":
        if kind != "auto":
            raise _invalid(f"the URL is a web page, not a {kind}; register it as 'auto' "
                           "to use the feed it links")
        link = parse.linked_feed(fetched)
        if link is None:
            raise _invalid("the page links no feed (<link rel=\"alternate\" "
                           "type=\"application/rss+xml\" ...>)")
        return discover(fetcher, link, "feed")
    if kind != "auto" and found != kind:
        raise _invalid(f"the URL is a {found}, not a {kind}")
    try:
        (parse.feed_items if found == "feed" else parse.sitemap_items)(fetched)
    except parse.NotASource as exc:
        raise _invalid(str(exc)) from exc
    return fetched.url, found


def register(sources: SourceStore, fetcher: Fetcher, url: str, kind: str, interval: int,
             min_interval: int, now: dt.datetime | None = None) -> SourceView:
    if interval < min_interval:
        raise InvalidInput({"interval": [f"must be at least {min_interval} seconds"]})
    poll_url, format_ = discover(fetcher, url, kind)
    source_id = sources.create(url, kind, poll_url, format_, interval,
                               now or dt.datetime.now(dt.UTC))
    return get_source(sources, source_id)


def get_source(sources: SourceStore, source_id: str) -> SourceView:
    view = sources.get(source_id)
    if view is None:
        raise SourceNotFound(source_id)
    return view


def delete_source(sources: SourceStore, source_id: str) -> None:
    if not sources.delete(source_id):
        raise SourceNotFound(source_id)

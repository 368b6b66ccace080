"""Use cases by URL: fetch a page and analyze it, or store it once per URL; and job lines
naming a URL (``{"url": ..., "published"?}``), whose page becomes the line's article."""

from __future__ import annotations

import datetime as dt
import json

from lxml import html

from service import articles
from service.analysis.runner import Runner
from service.articles.inputs import Source, json_source, published_date, too_deep
from service.fetch.client import Fetched, Fetcher
from service.fetch.errors import FetchError
from service.fetch.urls import article_for, remember
from service.nlp.pipeline import Request
from service.store.repository import Store


def page_request(fetched: Fetched, published: dt.date | None = None) -> Request:
    return Request(text=fetched.text, format="html", published=published,
                   source_url=fetched.url)


def declared_canonical(fetched: Fetched) -> str | None:
    """The URL a page declares as its own (``<link rel=canonical>``, then ``og:url``)."""
    try:
        tree = html.fromstring(fetched.text)
    except (ValueError, html.etree.ParserError):
        return None
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            return _absolute(link.get("href"))
    for meta in tree.iter("meta"):
        if (meta.get("property") or "").lower() == "og:url" and meta.get("content"):
            return _absolute(meta.get("content"))
    return None


def _absolute(url: str) -> str | None:
    url = url.strip()
    return url if url.startswith(("http://", "https://")) else None


def analyze_url(runner: Runner, fetcher: Fetcher, url: str,
                published: dt.date | None = None) -> dict:
    fetched = fetcher.fetch(url)
    return {**articles.analyze(runner, lambda: page_request(fetched, published)),
            "canonical_url": declared_canonical(fetched)}


def ingest_url(store: Store, runner: Runner, fetcher: Fetcher, url: str, *,
               published: dt.date | None = None,
               min_free_bytes: int = 0) -> tuple[dict, bool]:
    """The article stored from ``url`` before (no fetch), or fetched and stored now; and
    whether it was created."""
    stored = _stored(store, [url])
    if stored is not None:
        return stored, False
    fetched = fetcher.fetch(url)
    canonical_url = declared_canonical(fetched)
    stored, created = _stored(store, [fetched.url, canonical_url]), False
    if stored is None:
        request = page_request(fetched, published)
        with runner.admitted():
            store.check_writable(min_free_bytes)
            analysis = articles.analysis_of(runner, request)
        stored, created = store.add({**analysis, "canonical_url": canonical_url}, request)
    remember(store.engine, [url, fetched.url, canonical_url], stored["id"])
    return stored, created


def _stored(store: Store, urls: list[str | None]) -> dict | None:
    article_id = article_for(store.engine, [url for url in urls if url])
    return store.get(article_id) if article_id else None


def url_or_json_source(fetcher: Fetcher, origin: str, line: str) -> Source:
    try:  # what is not a record naming a URL goes to the plain reader (too deep: refused)
        record = None if too_deep(line) else json.loads(line.strip())
    except json.JSONDecodeError:
        record = None
    if not isinstance(record, dict) or "url" not in record or "text" in record:
        return json_source(origin, line)
    url, published = record["url"], record.get("published")
    if not isinstance(url, str) or not isinstance(published, str | None):
        return Source(origin, None, "'url' and 'published' must be strings")
    try:
        date = published_date(published)
    except ValueError as exc:
        return Source(origin, None, str(exc))
    try:
        fetched = fetcher.fetch(url)
    except FetchError as exc:
        return Source(origin, None, f"{exc.reason}: {exc}")
    return Source(origin, page_request(fetched, date))

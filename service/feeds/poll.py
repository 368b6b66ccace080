"""Polling a source: list its items (conditionally), record the new ones, then fetch and
store each pending item once. An item is settled only after its article is stored, so a
worker that dies mid-poll leaves its items pending for the next poll.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from functools import partial

from flask import Flask
from huey import crontab
from huey.api import Huey

from service.feeds import parse
from service.feeds.batch import Batches
from service.feeds.repository import SourceStore, SourceView
from service.fetch.client import SOURCE_TYPES, Fetcher
from service.fetch.errors import FetchError
from service.fetch.ingest import url_or_json_source

log = logging.getLogger(__name__)
TASK_NAME = "article_api.feeds.poll_due"
LEASE = dt.timedelta(minutes=10)  # a source held by its poller (renewed as it goes)
MAX_SITEMAPS = 50  # read from one sitemap index per poll


@dataclass
class Poller(Batches):
    """Polls sources and settles their items (``Batches``)."""

    max_items: int = 1000

    def poll_due(self) -> int:
        polled = 0
        for source_id in self.sources.due(self.clock()):
            if not self.sources.claim(source_id, self.clock(), LEASE):
                continue
            try:
                self.poll(source_id)
            except Exception:
                # The source stays held until its lease ends, then is polled again.
                log.exception("polling source %s failed", source_id)
            polled += 1
        return polled

    def poll(self, source_id: str) -> None:
        source = self.sources.get(source_id)
        if source is None:
            return
        validators, status, error = None, "ok", None
        try:
            urls, validators, status = self._list(source)
            self.sources.add_items(source_id, urls, self.clock())
        except (FetchError, parse.NotASource) as exc:
            status = getattr(exc, "reason", "not a source")
            error = str(exc)
            log.info("source %s: %s", source_id, error)
        self._ingest_pending(source_id)
        self.sources.finish(source_id, self.clock(), status, error, validators)

    def _list(self, source: SourceView) -> tuple[list[str], tuple, str]:
        fetched = self.fetcher.fetch(source.poll_url, accept=SOURCE_TYPES, etag=source.etag,
                                     last_modified=source.last_modified)
        if fetched.not_modified:
            return [], (source.etag, source.last_modified), "not modified"
        validators = (fetched.etag, fetched.last_modified)
        if source.format == "feed":
            return parse.feed_items(fetched).urls, validators, "ok"
        listing = parse.sitemap_items(fetched)
        urls = list(listing.urls)
        for sitemap in listing.sitemaps[:MAX_SITEMAPS]:
            try:
                urls += parse.sitemap_items(self.fetcher.fetch(sitemap, accept=SOURCE_TYPES)).urls
            except (FetchError, parse.NotASource) as exc:
                log.info("sitemap %s skipped: %s", sitemap, exc)
        return urls, validators, "ok"

    def _ingest_pending(self, source_id: str) -> None:
        if items := self.sources.pending(source_id, self.max_items):
            self.run(source_id, items,
                     lambda: self.sources.renew(source_id, self.clock(), LEASE))


def init_app(app: Flask) -> None:
    """The fetcher and source tables of ``app``, its polling task and job lines by URL."""
    app.extensions["fetcher"] = Fetcher(app.config)
    app.extensions["sources"] = SourceStore(app.extensions["store"].engine)
    app.extensions["jobs"].periodic.append(lambda huey: register(huey, app))
    app.extensions["jobs"].read_line = partial(url_or_json_source, app.extensions["fetcher"])


def poller(app: Flask) -> Poller:
    return Poller(app.extensions["sources"], app.extensions["store"],
                  app.extensions["analyzer"], app.extensions["fetcher"],
                  max_items=app.config["FEEDS_MAX_ITEMS"])


def register(huey: Huey, app: Flask) -> None:
    def poll_due() -> None:
        if polled := poller(app).poll_due():
            log.info("polled %d sources", polled)

    huey.periodic_task(crontab(minute="*"), name=TASK_NAME)(poll_due)

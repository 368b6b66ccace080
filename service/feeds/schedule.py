"""Wiring: the application's fetcher and source tables, the periodic task of the job queue
that polls the sources due (run by ``article-api worker``), and job lines naming a URL."""

from __future__ import annotations

import logging
from functools import partial

from flask import Flask
from huey import crontab
from huey.api import Huey

from service.feeds.poll import Poller
from service.feeds.repository import SourceStore
from service.fetch.client import Fetcher
from service.fetch.ingest import url_or_json_source

log = logging.getLogger(__name__)
TASK_NAME = "article_api.feeds.poll_due"


def init_app(app: Flask) -> None:
    """Make the fetcher and the source tables of ``app``, and register the polling task
    on its job queue."""
    store = app.extensions["store"]
    app.extensions["fetcher"] = Fetcher(app.config)
    app.extensions["sources"] = SourceStore(store.engine)
    app.extensions["jobs"].periodic.append(lambda huey: register(huey, app))
    app.extensions["jobs"].read_line = partial(url_or_json_source, app.extensions["fetcher"])


def poller(app: Flask) -> Poller:
    return Poller(app.extensions["sources"], app.extensions["store"],
                  app.extensions["analyzer"], app.extensions["fetcher"],
                  max_items=app.config["FEEDS_MAX_ITEMS"])


def register(huey: Huey, app: Flask) -> None:
    """The periodic task: every minute, poll the sources that are due."""

    def poll_due() -> None:
        polled = poller(app).poll_due()
        if polled:
            log.info("polled %d sources", polled)

    huey.periodic_task(crontab(minute="*"), name=TASK_NAME)(poll_due)

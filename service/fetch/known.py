"""The URLs already made into articles (``fetched_urls``): looked up before a fetch,
written after a store, so that a URL is fetched and ingested once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from service.feeds.tables import FetchedUrl
from service.fetch.urls import canonical, url_key


def article_for(engine: Engine, urls: list[str]) -> str | None:
    """The article made from any of ``urls`` (by canonical form), if one was."""
    keys = [url_key(url) for url in urls if url]
    if not keys:
        return None
    with engine.connect() as conn:
        return conn.execute(select(FetchedUrl.article_id)
                            .where(FetchedUrl.url_key.in_(keys)).limit(1)).scalar()


def remember(engine: Engine, urls: list[str], article_id: str,
             now: dt.datetime | None = None) -> None:
    """Record that ``urls`` (the asked, the final and the declared canonical URL) gave
    ``article_id`` (replacing what they gave before, an article since deleted)."""
    now = now or dt.datetime.now(dt.UTC)
    rows = {url_key(url): canonical(url) for url in urls if url}
    for key, url in rows.items():
        try:
            with engine.begin() as conn:
                conn.execute(delete(FetchedUrl).where(FetchedUrl.url_key == key,
                                                      FetchedUrl.article_id != article_id))
                if conn.execute(select(FetchedUrl.url_key)
                                .where(FetchedUrl.url_key == key)).first() is None:
                    conn.execute(FetchedUrl.__table__.insert().values(
                        url_key=key, url=url, article_id=article_id, fetched_at=now))
        except IntegrityError:
            continue  # recorded meanwhile by a concurrent ingest of the same URL

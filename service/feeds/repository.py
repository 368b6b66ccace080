"""The sources' rows: registration, claims of due polls, items and their outcomes."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from sqlalchemy import and_, delete, func, select, update
from sqlalchemy.engine import Engine

from service.feeds.tables import Source, SourceItem
from service.fetch.urls import canonical, url_key
from service.store.engine import aware, upsert_insert
from service.store.values import Listing, Page

LAST_ERRORS = 20
SETTLED = ("ingested", "skipped", "failed")


@dataclass
class SourceView:
    """A source as read: its row, its item counts and its latest failures."""

    id: str
    url: str
    kind: str
    poll_url: str
    format: str
    interval: int
    created_at: dt.datetime
    last_poll_at: dt.datetime | None
    next_poll_at: dt.datetime
    last_status: str | None
    last_error: str | None
    etag: str | None = None
    last_modified: str | None = None
    items: dict = field(default_factory=dict)
    last_errors: list = field(default_factory=list)


_COLUMNS = Source.__table__.columns  # in the order of SourceView's fields


class SourceStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def create(self, url: str, kind: str, poll_url: str, format_: str, interval: int,
               now: dt.datetime) -> str:
        source_id = str(uuid.uuid4())
        with self.engine.begin() as conn:
            conn.execute(Source.__table__.insert().values(
                id=source_id, url=url, kind=kind, poll_url=poll_url, format=format_,
                interval=interval, created_at=now, next_poll_at=now))
        return source_id

    def get(self, source_id: str) -> SourceView | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(*_COLUMNS).where(Source.id == source_id)).first()
            return self._views(conn, [row])[0] if row is not None else None

    def list(self, page: Page) -> Listing:
        with self.engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(Source)).scalar_one()
            rows = conn.execute(select(*_COLUMNS)
                                .order_by(Source.created_at.desc(), Source.id)
                                .limit(page.size).offset(page.offset)).all()
            return Listing(self._views(conn, rows), total)

    def _views(self, conn, rows: list) -> list[SourceView]:
        views = {row.id: self._view(row) for row in rows}
        ids = list(views)
        for source_id, state, count in conn.execute(
                select(SourceItem.source_id, SourceItem.state, func.count())
                .where(SourceItem.source_id.in_(ids))
                .group_by(SourceItem.source_id, SourceItem.state)):
            views[source_id].items[state] = count
        rank = func.row_number().over(partition_by=SourceItem.source_id,
                                      order_by=SourceItem.updated_at.desc()).label("rank")
        failed = (select(SourceItem.source_id, SourceItem.url, SourceItem.reason,
                         SourceItem.updated_at, rank)
                  .where(SourceItem.source_id.in_(ids), SourceItem.state == "failed")
                  .subquery())
        for source_id, url, reason, at in conn.execute(
                select(failed.c.source_id, failed.c.url, failed.c.reason, failed.c.updated_at)
                .where(failed.c.rank <= LAST_ERRORS)
                .order_by(failed.c.source_id, failed.c.rank)):
            views[source_id].last_errors.append({"url": url, "reason": reason, "at": aware(at)})
        for view in views.values():
            view.items = {"seen": sum(view.items.values()),
                          **{state: view.items.get(state, 0) for state in (*SETTLED, "pending")}}
        return list(views.values())

    def _view(self, row) -> SourceView:
        values = row._asdict()
        for name in ("created_at", "last_poll_at", "next_poll_at"):
            values[name] = aware(values[name])
        return SourceView(**values)

    def delete(self, source_id: str) -> bool:
        with self.engine.begin() as conn:
            conn.execute(delete(SourceItem).where(SourceItem.source_id == source_id))
            return conn.execute(delete(Source).where(Source.id == source_id)).rowcount > 0

    def due(self, now: dt.datetime) -> list[str]:
        with self.engine.connect() as conn:
            return list(conn.execute(select(Source.id).where(Source.next_poll_at <= now)
                                     .order_by(Source.next_poll_at)).scalars())

    def claim(self, source_id: str, now: dt.datetime, lease: dt.timedelta) -> bool:
        """Take a due source for one poll: its next poll moves past the lease (due again
        if this worker dies)."""
        with self.engine.begin() as conn:
            return conn.execute(update(Source).where(
                Source.id == source_id, Source.next_poll_at <= now)
                .values(next_poll_at=now + lease)).rowcount == 1

    def finish(self, source_id: str, now: dt.datetime, status: str, error: str | None,
               validators: tuple[str | None, str | None] | None) -> None:
        values = {"last_poll_at": now, "last_status": status, "last_error": error}
        if validators is not None:
            values["etag"], values["last_modified"] = validators
        with self.engine.begin() as conn:
            interval = conn.execute(select(Source.interval)
                                    .where(Source.id == source_id)).scalar()
            if interval is None:
                return  # deleted meanwhile
            values["next_poll_at"] = now + dt.timedelta(seconds=interval)
            conn.execute(update(Source).where(Source.id == source_id).values(**values))

    def add_items(self, source_id: str, urls: list[str], now: dt.datetime) -> int:
        """Record the URLs a poll found, those seen before left alone; how many were new."""
        rows = {url_key(url): canonical(url) for url in urls}
        if not rows:
            return 0
        with self.engine.begin() as conn:
            known = set(conn.execute(select(SourceItem.url_key).where(
                SourceItem.source_id == source_id,
                SourceItem.url_key.in_(list(rows)))).scalars())
            new = [{"source_id": source_id, "url_key": key, "url": url, "state": "pending",
                    "attempts": 0, "seen_at": now, "updated_at": now}
                   for key, url in rows.items() if key not in known]
            if new:
                insert = upsert_insert(self.engine.dialect.name)
                conn.execute(insert(SourceItem).on_conflict_do_nothing(), new)
        return len(new)

    def pending(self, source_id: str, limit: int) -> list[tuple[str, str, int]]:
        with self.engine.connect() as conn:
            return [tuple(row) for row in conn.execute(
                select(SourceItem.url_key, SourceItem.url, SourceItem.attempts)
                .where(SourceItem.source_id == source_id, SourceItem.state == "pending")
                .order_by(SourceItem.seen_at, SourceItem.url_key).limit(limit))]

    def renew(self, source_id: str, now: dt.datetime, lease: dt.timedelta) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(Source).where(Source.id == source_id)
                         .values(next_poll_at=now + lease))

    def _item(self, source_id: str, key: str, **values) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(SourceItem).where(
                and_(SourceItem.source_id == source_id, SourceItem.url_key == key))
                .values(**values))

    def attempt_many(self, source_id: str, keys: list[str]) -> None:
        """Count a try of items before it is made, so that one cut short counts too."""
        if not keys:
            return
        with self.engine.begin() as conn:
            conn.execute(update(SourceItem).where(
                SourceItem.source_id == source_id, SourceItem.url_key.in_(keys))
                .values(attempts=SourceItem.attempts + 1))

    def release(self, source_id: str, key: str, reason: str, now: dt.datetime) -> None:
        self._item(source_id, key, reason=reason, updated_at=now)

    def settle(self, source_id: str, key: str, state: str, now: dt.datetime, *,
               article_id: str | None = None, reason: str | None = None) -> None:
        self._item(source_id, key, state=state, article_id=article_id, reason=reason,
                   updated_at=now)

    def articles(self, source_id: str, page: Page) -> Listing:
        where = and_(SourceItem.source_id == source_id,
                     SourceItem.state.in_(("ingested", "skipped")))
        with self.engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(SourceItem)
                                 .where(where)).scalar_one()
            rows = conn.execute(select(SourceItem.article_id, SourceItem.url, SourceItem.state)
                                .where(where).order_by(SourceItem.updated_at.desc(),
                                                       SourceItem.url_key)
                                .limit(page.size).offset(page.offset)).all()
        return Listing([{"id": article_id, "url": url, "outcome": state}
                        for article_id, url, state in rows], total)

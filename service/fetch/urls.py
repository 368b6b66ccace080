"""URLs in their canonical form, the key stored for one, and the URLs already made into
articles (looked up before a fetch, written after a store: a URL is ingested once)."""

from __future__ import annotations

import datetime as dt
import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from courlan import normalize_url
from sqlalchemy import select
from sqlalchemy.engine import Engine

from service.feeds.tables import FetchedUrl
from service.store.engine import upsert_insert

_TRACKING = ("utm_", "mtm_", "pk_", "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid",
             "igshid", "yclid", "_ga", "_hsenc", "_hsmi")


def canonical(url: str) -> str:
    """Scheme and host lower-cased, default port, fragment and tracking parameters gone."""
    parts = urlsplit(url.strip())
    query = [(name, value) for name, value in parse_qsl(parts.query, keep_blank_values=True)
             if not name.lower().startswith(_TRACKING)]
    cleaned = urlunsplit(parts._replace(query=urlencode(query), fragment=""))
    try:
        normal = normalize_url(cleaned, strict=False)
    except (ValueError, AttributeError):
        normal = cleaned
    parts = urlsplit(normal)
    host = (parts.hostname or "").lower().rstrip(".")
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    netloc = f"[{host}]" if ":" in host else host
    if parts.port and parts.port != default:
        netloc += f":{parts.port}"
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))


def url_key(url: str) -> str:
    return hashlib.sha256(canonical(url).encode()).hexdigest()


def article_for(engine: Engine, urls: list[str]) -> str | None:
    keys = [url_key(url) for url in urls if url]
    if not keys:
        return None
    with engine.connect() as conn:
        return conn.execute(select(FetchedUrl.article_id)
                            .where(FetchedUrl.url_key.in_(keys)).limit(1)).scalar()


def remember(engine: Engine, urls: list[str], article_id: str,
             now: dt.datetime | None = None) -> None:
    """Record that ``urls`` gave ``article_id`` (replacing an article since deleted)."""
    rows = {url_key(url): canonical(url) for url in urls if url}
    if not rows:
        return
    insert = upsert_insert(engine.dialect.name)(FetchedUrl)
    with engine.begin() as conn:
        conn.execute(insert.on_conflict_do_update(
            index_elements=[FetchedUrl.url_key],
            set_={"url": insert.excluded.url, "article_id": insert.excluded.article_id,
                  "fetched_at": insert.excluded.fetched_at},
            where=FetchedUrl.article_id != insert.excluded.article_id),
            [{"url_key": key, "url": rows[key], "article_id": article_id,
              "fetched_at": now or dt.datetime.now(dt.UTC)} for key in sorted(rows)])

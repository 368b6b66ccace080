"""URLs in their canonical form (scheme and host lower-cased, default port, fragment and
tracking parameters removed), the short key stored for one, and the URLs already made into
articles (``fetched_urls``): looked up before a fetch, written after a store, so that a URL
is fetched and ingested once."""

from __future__ import annotations

import datetime as dt
import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from courlan import normalize_url
from sqlalchemy import delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from service.feeds.tables import FetchedUrl

_TRACKING = ("utm_", "mtm_", "pk_", "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid",
             "igshid", "yclid", "_ga", "_hsenc", "_hsmi")


def canonical(url: str) -> str:
    """The canonical form of ``url``; the same page written differently has one form."""
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
    port = parts.port
    netloc = f"[{host}]" if ":" in host else host
    if port and port != default:
        netloc += f":{port}"
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))


def url_key(url: str) -> str:
    """The digest of ``url``'s canonical form: what the store indexes."""
    return hashlib.sha256(canonical(url).encode()).hexdigest()


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

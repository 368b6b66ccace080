"""URLs in their canonical form (scheme and host lower-cased, default port, fragment and
tracking parameters removed), and the short key stored for one."""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from courlan import normalize_url

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

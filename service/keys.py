"""API keys: made by `article-api create-key`, configured as their SHA-256 only."""

from __future__ import annotations

import hashlib
import re
import secrets

HASH_PREFIX = "sha256:"
_HASH = re.compile(r"sha256:[0-9a-f]{64}")


def new_key() -> str:
    return secrets.token_urlsafe(32)


def digest(key: str) -> bytes:
    return hashlib.sha256(key.encode()).digest()


def hash_key(key: str) -> str:
    """The configuration line for ``key``: ``sha256:<hex digest>``."""
    return HASH_PREFIX + digest(key).hex()


def parse_key_hashes(values: list[str] | str) -> list[bytes]:
    """The configured key digests; a malformed entry stops start-up."""
    if isinstance(values, str):
        values = [v for v in values.split(",") if v.strip()]
    digests = []
    for position, value in enumerate(values, 1):
        value = value.strip().lower()
        if not _HASH.fullmatch(value):
            raise ValueError(f"API_KEY_HASHES entry {position} is not 'sha256:' followed by "
                             "64 hex digits (run `article-api create-key` to make one)")
        digests.append(bytes.fromhex(value.removeprefix(HASH_PREFIX)))
    return digests

"""Bodies as text: the charset from the headers, then the document's own declaration, then
detection; and compressed bodies inflated under a cap."""

from __future__ import annotations

import codecs
import re
import zlib

from service.fetch.errors import FetchRefused

_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)"""
                       rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.I)
_SNIFF_BYTES = 4096


def codec_of(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def declared_charset(body: bytes) -> str | None:
    match = _DECLARED.search(body[:_SNIFF_BYTES])
    if match is None:
        return None
    return (match.group(1) or match.group(2)).decode("ascii")


def decode(body: bytes, header_charset: str | None) -> str:
    """``body`` as text: the first of header, declared and detected charset that reads it."""
    if body.startswith(codecs.BOM_UTF8):
        return body[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
    for candidate in (header_charset, declared_charset(body), "utf-8"):
        codec = codec_of(candidate)
        if codec is None:
            continue
        try:
            return body.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
    from charset_normalizer import from_bytes

    if (best := from_bytes(body).best()) is not None:
        return str(best)
    return body.decode("utf-8", errors="replace")


class Inflater:
    """A body's decoded bytes, never inflating past ``max_bytes`` (a gzip bomb stops)."""

    def __init__(self, encoding: str | None, max_bytes: int) -> None:
        encoding = (encoding or "identity").strip().lower()
        if encoding in {"gzip", "x-gzip"}:
            self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._inflater = zlib.decompressobj(zlib.MAX_WBITS)
        elif encoding == "identity":
            self._inflater = None
        else:
            raise FetchRefused("content encoding", f"The body's encoding {encoding!r} is "
                                                   "not one the service reads.")
        self.max_bytes = max_bytes
        self.size = 0
        self._chunks: list[bytes] = []

    def feed(self, chunk: bytes) -> None:
        if self._inflater is None:
            self._add(chunk)
            return
        try:
            data = self._inflater.decompress(chunk, self.max_bytes - self.size + 1)
            self._add(data)
            while self._inflater.unconsumed_tail:
                data = self._inflater.decompress(self._inflater.unconsumed_tail,
                                                 self.max_bytes - self.size + 1)
                self._add(data)
        except zlib.error as exc:
            raise FetchRefused("bad compression", "The body's compression is broken.") from exc

    def _add(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.max_bytes:
            raise FetchRefused("too large", f"The body is larger than {self.max_bytes} bytes "
                                            "once decompressed.")
        self._chunks.append(data)

    def body(self) -> bytes:
        return b"".join(self._chunks)

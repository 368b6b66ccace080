"""Articles to ingest, read from files, folders and JSON lines, each with its origin."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import BinaryIO

from schemas.common import EARLIEST_DATE, LATEST_DATE
from service.nlp.pipeline import Request

FORMATS_BY_SUFFIX = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html"}
# One JSONL line may hold an HTML page (MAX_HTML_BODY_BYTES) with its JSON escapes.
MAX_LINE_BYTES = 16 * 1024 * 1024
# An article record is an object of strings: nothing in it nests deeper than this.
MAX_DEPTH = 8
_CHUNK = 64 * 1024
_BOM = b"\xef\xbb\xbf"
_STRINGS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?', re.DOTALL)
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")
_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")


@dataclass
class Source:
    origin: str
    request: Request | None
    error: str | None = None


def sources(paths: Iterable[Path]) -> Iterator[Source]:
    for path in paths:
        if path.is_dir():
            yield from sources(article_files([path]))
        elif path.suffix == ".jsonl":
            yield from _jsonl_sources(path)
        else:
            yield _file_source(path)


def _file_source(path: Path) -> Source:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return Source(str(path), None, f"unreadable: {exc}")
    return Source(str(path), Request(text=text, format=FORMATS_BY_SUFFIX.get(path.suffix, "text")))


def _jsonl_sources(path: Path) -> Iterator[Source]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield Source(str(path), None, f"unreadable: {exc}")
        return
    with handle:
        for number, text, error in jsonl_lines(handle):
            origin = f"{path}:{number}"
            yield Source(origin, None, error) if text is None else json_source(origin, text)


def jsonl_lines(handle: BinaryIO, max_bytes: int = MAX_LINE_BYTES
                ) -> Iterator[tuple[int, str | None, str | None]]:
    """(line number, text, None) for each non-blank line of a JSONL stream, or (line
    number, None, why) for one not UTF-8 or longer than ``max_bytes`` (never held). Only
    "\\n" ends a line (a stray "\\r" or U+2028 in a record must not split it).
    """
    number = 0
    for raw, too_long in _raw_lines(handle, max_bytes):
        number += 1
        if number == 1 and raw.startswith(_BOM):
            raw = raw[len(_BOM):]
        if too_long:
            yield number, None, f"the line is longer than {max_bytes} bytes"
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield number, None, f"not valid UTF-8 text (byte {exc.start + 1} of the line)"
            continue
        if text.strip():
            yield number, text.strip(), None


def _raw_lines(handle: BinaryIO, max_bytes: int) -> Iterator[tuple[bytes, bool]]:
    """(line, False) for each line, or (a prefix, True) for one over ``max_bytes``."""
    while line := handle.readline(max_bytes + 1):
        if line.endswith(b"\n"):
            yield line[:-1], False
        elif len(line) <= max_bytes:  # the last line, with no "\n" after it
            yield line, False
        else:
            while (rest := handle.readline(_CHUNK)) and not rest.endswith(b"\n"):
                pass
            yield line[:64], True


def too_deep(text: str, bound: int = MAX_DEPTH) -> bool:
    """Whether JSON ``text`` nests deeper than ``bound``, in linear time (strings are
    skipped whole; the depth is a running sum)."""
    if text.count("[") + text.count("{") <= bound:
        return False
    brackets = _NOT_BRACKETS.sub("", _STRINGS.sub("", text)).encode("ascii")
    steps = memoryview(brackets.translate(_STEPS)).cast("b")  # +1 opens, -1 closes
    return max(accumulate(steps), default=0) > bound


def published_date(value: str | None) -> dt.date | None:
    """A line's ``published`` (YYYY-MM-DD, from EARLIEST_DATE to LATEST_DATE) as a date;
    ``ValueError`` says why it is not one."""
    if not value:
        return None
    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"'published' must be a date as YYYY-MM-DD, not {value!r}") from None
    if not EARLIEST_DATE <= date <= LATEST_DATE:
        raise ValueError(f"'published' must be from {EARLIEST_DATE} to {LATEST_DATE}, "
                         f"not {date}")
    return date


def json_source(origin: str, line: str) -> Source:
    if too_deep(line):
        return Source(origin, None, f"the line nests arrays or objects deeper than "
                                    f"{MAX_DEPTH} levels: not an article")
    try:
        record = json.loads(line.strip())
    except json.JSONDecodeError as exc:
        return Source(origin, None, f"not valid JSON at column {exc.colno}: {exc.msg}")
    except RecursionError:  # only past too_deep's bound, kept as a second guard
        return Source(origin, None, "the line nests too deeply: not an article")
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        return Source(origin, None, "each line must be an object with a string 'text'")
    for name in ("format", "published", "source_url"):
        if not isinstance(record.get(name), str | None):
            return Source(origin, None, f"'{name}' must be a string")
    try:
        published = published_date(record.get("published"))
    except ValueError as exc:
        return Source(origin, None, str(exc))
    for name in ("text", "source_url"):
        if problem := _unstorable(record.get(name)):
            return Source(origin, None, f"'{name}' {problem}")
    return Source(origin, Request(text=record["text"], format=record.get("format") or "text",
                                  published=published, source_url=record.get("source_url")))


def _unstorable(value: str | None) -> str | None:
    if value is None:
        return None
    if "\x00" in value:
        return "contains NUL characters"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate, e.g. from a "\ud800" escape
        return (f"holds a lone surrogate (U+{ord(value[exc.start]):04X}) at character "
                f"{exc.start}: not text")
    return None


def count_sources(paths: Iterable[Path]) -> int:
    """How many articles ``sources(paths)`` gives (for a progress bar)."""
    count = 0
    for path in article_files(paths):
        if path.suffix != ".jsonl":
            count += 1
            continue
        try:
            with path.open("rb") as handle:
                count += sum(1 for _ in jsonl_lines(handle))
        except OSError:
            count += 1
    return count


def article_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given, and the article and JSONL files of folders (recursively, sorted)."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file()
                              and (p.suffix in FORMATS_BY_SUFFIX or p.suffix == ".jsonl"))
        else:
            yield path

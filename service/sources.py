"""Articles to ingest, read from files, folders and JSON lines, each with its origin."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from schemas.common import EARLIEST_DATE, LATEST_DATE
from service.nlp.pipeline import Request

FORMATS_BY_SUFFIX = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html"}


@dataclass
class Source:
    """One article to ingest and where it came from (for the summary)."""

    origin: str
    request: Request | None
    error: str | None = None


def sources(paths: Iterable[Path]) -> Iterator[Source]:
    """Articles from files, folders (recursively, sorted) and JSONL files."""
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
    with path.open(encoding="utf-8", errors="replace") as lines:
        for number, line in enumerate(lines, 1):
            if line.strip():
                yield json_source(f"{path}:{number}", line)


def json_source(origin: str, line: str) -> Source:
    try:
        record = json.loads(line.strip())
    except json.JSONDecodeError as exc:
        return Source(origin, None, f"not valid JSON at column {exc.colno}: {exc.msg}")
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        return Source(origin, None, "each line must be an object with a string 'text'")
    for name in ("format", "published", "source_url"):
        if not isinstance(record.get(name), str | None):
            return Source(origin, None, f"'{name}' must be a string")
    try:
        published = record.get("published")
        published = dt.date.fromisoformat(published) if published else None
    except ValueError:
        return Source(origin, None, f"'published' must be a date as YYYY-MM-DD, "
                                    f"not {record['published']!r}")
    if published is not None and not EARLIEST_DATE <= published <= LATEST_DATE:
        return Source(origin, None, f"'published' must be from {EARLIEST_DATE} to "
                                    f"{LATEST_DATE}, not {published}")
    for name in ("text", "source_url"):
        problem = _unstorable(record.get(name))
        if problem:
            return Source(origin, None, f"'{name}' {problem}")
    return Source(origin, Request(text=record["text"], format=record.get("format") or "text",
                                  published=published, source_url=record.get("source_url")))


def _unstorable(value: str | None) -> str | None:
    """Why a string cannot be analyzed and stored as text (None: it can)."""
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


def article_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The files of ``paths``: files as given, and the article and JSONL files of folders
    (recursively, sorted)."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file()
                              and (p.suffix in FORMATS_BY_SUFFIX or p.suffix == ".jsonl"))
        else:
            yield path

"""Bulk ingest of files, folders and JSONL, batched through the NLP pipeline."""

from __future__ import annotations

import datetime as dt
import json
import logging
import multiprocessing
import os
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from tqdm import tqdm

from schemas.common import EARLIEST_DATE, LATEST_DATE
from service import articles
from service.analysis_pool import AnalysisOverrun, time_limit
from service.http.errors import ValidationProblem
from service.http.extensions import analyzer as analyzer_ext
from service.http.extensions import store as store_ext
from service.nlp.pipeline import Analyzer, InvalidText, Request
from service.store.repository import Store

log = logging.getLogger(__name__)
MAX_AUTO_WORKERS = 8
FORMATS_BY_SUFFIX = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html"}


@dataclass
class Source:
    """One article to ingest and where it came from (for the summary)."""

    origin: str
    request: Request | None
    error: str | None = None


@dataclass
class Summary:
    ingested: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)

    def describe(self) -> str:
        lines = [f"ingested {self.ingested}, skipped {self.skipped} (already stored), "
                 f"failed {len(self.failed)}"]
        lines += [f"  failed: {origin}: {reason}" for origin, reason in self.failed]
        return "\n".join(lines)


def sources(paths: Iterable[Path]) -> Iterator[Source]:
    """Articles from files, folders (recursively, sorted) and JSONL files."""
    for path in paths:
        if path.is_dir():
            yield from sources(sorted(p for p in path.rglob("*") if p.is_file()
                                      and (p.suffix in FORMATS_BY_SUFFIX or p.suffix == ".jsonl")))
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
                yield _json_source(f"{path}:{number}", line)


def _json_source(origin: str, line: str) -> Source:
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


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def analyze_batch(analyzer: Analyzer, store: Store | None, batch: list[Source],
                  timeout: float = 0):
    """Structure each source, skip stored content, analyze the rest in one ``nlp.pipe``.

    Yields (source, outcome, payload): outcome is "analyzed" (payload: the analysis),
    "skipped" or "failed" (payload: the reason). Whatever one article does (an error, or
    more than ``timeout`` seconds of analysis when given), it fails alone.
    """
    pending = []
    for source in batch:
        if source.request is None:
            yield source, "failed", source.error
            continue
        try:
            with time_limit(timeout):
                structure = analyzer.structure(source.request)
        except (InvalidText, AnalysisOverrun) as exc:
            yield source, "failed", str(exc)
            continue
        except Exception as exc:
            log.exception("finding the structure failed for %s", source.origin)
            yield source, "failed", f"analysis failed: {type(exc).__name__}"
            continue
        if store is not None and store.get_by_hash(structure.content_hash) is not None:
            yield source, "skipped", None
            continue
        pending.append((source, structure))
    analyses = analyze_each(analyzer, [(source.origin, s) for source, s in pending], timeout)
    for (source, _), analysis in zip(pending, analyses, strict=True):
        if isinstance(analysis, str):
            yield source, "failed", analysis
        else:
            yield source, "analyzed", articles.shape(analysis)


def analyze_each(analyzer: Analyzer, labelled: list, timeout: float = 0) -> list:
    """The analysis of each (label, structure), or the reason it failed, in order: one
    ``nlp.pipe`` over them all; if that fails, one by one, so that one bad article fails
    alone. With ``timeout`` each article has that many seconds (the batch as many each)."""
    try:
        with time_limit(timeout * len(labelled)):
            return list(analyzer.analyze_structures(s for _, s in labelled))
    except Exception:
        log.warning("analyzing a batch failed; analyzing its articles one by one",
                    exc_info=True)
    results = []
    for label, structure in labelled:
        try:
            with time_limit(timeout):
                results.append(next(analyzer.analyze_structures([structure])))
        except AnalysisOverrun as exc:
            results.append(str(exc))
        except Exception as exc:
            log.exception("analysis failed for %s", label)
            results.append(f"analysis failed: {type(exc).__name__}")
    return results


def ingest_sources(analyzer: Analyzer, store: Store, items: Iterable[Source], *,
                   batch_size: int = 16, workers: int = 1, progress: bool = True,
                   total: int | None = None, timeout: float = 0) -> Summary:
    """Store every source and count the outcomes.

    Each batch is analyzed in one ``nlp.pipe`` and stored in one transaction
    (``Store.add_many``); when that transaction fails, its articles are stored one by one,
    so that one bad article fails alone.
    """
    summary = Summary()
    bar = tqdm(total=total, unit="article", disable=not progress, file=sys.stderr,
               dynamic_ncols=True)
    for results in _analyzed(analyzer, store, items, batch_size, workers, timeout):
        for source, outcome, payload in _stored(store, results):
            if outcome == "ingested":
                summary.ingested += 1
            elif outcome == "skipped":
                summary.skipped += 1
            else:
                summary.failed.append((source.origin, payload))
            bar.update(1)
    bar.close()
    return summary


def _stored(store: Store, results: list) -> Iterator[tuple[Source, str, object]]:
    """The outcomes of one analyzed batch once its analyses are stored."""
    analyzed = [(source, payload) for source, outcome, payload in results
                if outcome == "analyzed"]
    try:
        stored = store.add_many((payload, source.request)
                                for source, payload in analyzed) if analyzed else []
    except Exception:  # a database error, or a document the database cannot take
        log.warning("storing a batch of %d failed; storing its articles one by one",
                    len(analyzed), exc_info=True)
        stored = [_add_one(store, source, payload) for source, payload in analyzed]
    outcomes = iter(stored)
    for source, outcome, payload in results:
        if outcome != "analyzed":
            yield source, outcome, payload
            continue
        stored_or_reason, created = next(outcomes)
        if created is None:
            yield source, "failed", stored_or_reason
        else:
            yield source, "ingested" if created else "skipped", None


def _add_one(store: Store, source: Source, document: dict) -> tuple[object, bool | None]:
    try:
        return store.add(document, source.request)
    except Exception as exc:
        log.exception("storing %s failed", source.origin)
        return f"store error: {type(exc).__name__}", None


def _analyzed(analyzer, store, items, batch_size, workers, timeout=0) -> Iterator[list]:
    """The analysis results, one list per batch, in input order."""
    batches = _batches(items, batch_size)
    if workers <= 1:
        for batch in batches:
            yield list(analyze_batch(analyzer, store, batch, timeout))
        return
    # Forked workers inherit the loaded model (shared pages, no pickling, no reload);
    # each opens its own database connections for the duplicate checks.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                             initializer=_worker_init,
                             initargs=(analyzer, store.engine.url, timeout)) as pool:
        yield from pool.map(_worker_batch, batches)


_worker: dict = {}


def _worker_init(analyzer: Analyzer, database_url, timeout: float = 0) -> None:
    _worker["timeout"] = timeout
    _worker["analyzer"] = analyzer
    _worker["store"] = Store.from_url(database_url.render_as_string(hide_password=False))


def _worker_batch(batch: list[Source]) -> list:
    return list(analyze_batch(_worker["analyzer"], _worker["store"], batch,
                              _worker.get("timeout", 0)))


def default_workers() -> int:
    """One analyzing process per CPU this process may run on, at most ``MAX_AUTO_WORKERS``."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, MAX_AUTO_WORKERS))


def _workers(value: str | None) -> int:
    if value is None or value == "auto":
        return default_workers()
    try:
        count = int(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is neither a number nor 'auto'") from None
    if not 1 <= count <= 64:
        raise click.BadParameter(f"{count} is not between 1 and 64")
    return count


def ingest_paths(paths: list[Path], *, batch_size: int = 16, workers: int = 1,
                 progress: bool = True) -> Summary:
    items = list(sources(paths))
    # More processes than batches only costs their start-up.
    workers = min(workers, -(-len(items) // batch_size))
    return ingest_sources(analyzer_ext.current, store_ext.current, items,
                          batch_size=batch_size, workers=workers, progress=progress,
                          total=len(items), timeout=current_app.config["ANALYSIS_TIMEOUT"])


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("--batch-size", default=16, show_default=True, type=click.IntRange(1, 512))
@click.option("--workers", default="auto", show_default=True,
              callback=lambda _ctx, _param, value: _workers(value),
              help="Processes analyzing in parallel, 1 to 64; 'auto' is one per CPU "
                   f"(at most {MAX_AUTO_WORKERS}).")
@click.option("--no-progress", is_flag=True, help="Hide the progress bar.")
@click.option("--optimize/--no-optimize", default=True, show_default=True,
              help="Tidy the full-text index at the end, when anything was ingested.")
@click.option("--queue", is_flag=True,
              help="Submit the articles as one job to the job queue and follow it.")
@with_appcontext
def ingest_command(paths: tuple[Path, ...], batch_size: int, workers: int,
                   no_progress: bool, optimize: bool, queue: bool) -> None:
    """Ingest article files (.txt, .html), folders of them and JSONL files."""
    if queue:
        from service.jobs.cli import ingest_queued

        summary = ingest_queued(list(paths), progress=not no_progress)
    else:
        summary = ingest_paths(list(paths), batch_size=batch_size, workers=workers,
                               progress=not no_progress)
    if optimize and summary.ingested:
        store_ext.current.optimize()
    click.echo(summary.describe())
    if summary.failed:
        sys.exit(1)


@click.command("reanalyze")
@click.option("--all", "everything", is_flag=True, help="Re-analyze every article.")
@with_appcontext
def reanalyze_command(everything: bool) -> None:
    """Re-analyze articles stored by an older pipeline version or another model.

    An article that cannot be re-analyzed (an error, or more than ANALYSIS_TIMEOUT
    seconds) keeps its stored analysis and is listed; the command then exits with 1.
    """
    analyzer, store = analyzer_ext.current, store_ext.current
    ids = store.outdated(None if everything else analyzer.provenance)
    failed: list[tuple[str, str]] = []
    for article_id in tqdm(ids, unit="article", file=sys.stderr):
        try:
            _reanalyze(analyzer, store, article_id)
        except Exception as exc:
            log.warning("re-analysis of %s failed", article_id, exc_info=True)
            failed.append((article_id, _reason(exc)))
    click.echo(f"re-analyzed {len(ids) - len(failed)} article(s), failed {len(failed)}")
    for article_id, reason in failed:
        click.echo(f"  failed: {article_id}: {reason}")
    if failed:
        sys.exit(1)


def _reanalyze(analyzer, store: Store, article_id: str) -> None:
    request = store.source(article_id)
    if request is None:
        raise LookupError("deleted meanwhile")
    store.replace(article_id, articles.analyze(analyzer, request))


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationProblem):
        return "; ".join(m for messages in exc.errors.values() for m in messages)
    if isinstance(exc, AnalysisOverrun | LookupError):
        return str(exc)
    return f"{type(exc).__name__}"

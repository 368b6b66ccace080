"""Bulk ingest of files, folders and JSONL, and the re-analysis of stored articles."""

from __future__ import annotations

import logging
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from service import articles
from service.analysis.runner import AnalysisOverrun, Runner, chunks
from service.articles.inputs import Source, count_sources, sources
from service.nlp.pipeline import InvalidText
from service.store.repository import Store

log = logging.getLogger(__name__)
MAX_AUTO_WORKERS = 8


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


def analyze_batch(runner: Runner, store: Store | None, batch: list[Source]):
    """Structure each source, skip stored content, analyze the rest in one ``nlp.pipe``:
    (source, "analyzed" | "skipped" | "failed", the analysis or the reason) each."""
    readable = [source for source in batch if source.request is not None]
    structured = iter(runner.structures([source.request for source in readable]))
    pending = []
    for source in batch:
        structure = source.error if source.request is None else next(structured)
        if isinstance(structure, str):
            yield source, "failed", structure
        elif store is not None and (stored := store.get_by_hash(structure.content_hash)):
            conflict = articles.published_conflict(stored, source.request)
            yield (source, "failed", conflict) if conflict else (source, "skipped", None)
        else:
            pending.append((source, structure))
    analyses = runner.analyses([structure for _, structure in pending])
    for (source, _), analysis in zip(pending, analyses, strict=True):
        if isinstance(analysis, str):
            yield source, "failed", analysis
        else:
            yield source, "analyzed", articles.shape(analysis)


def ingest_sources(runner: Runner, store: Store, items: Iterable[Source], *,
                   batch_size: int = 16, workers: int = 1, progress: bool = True,
                   total: int | None = None) -> Summary:
    """Store every source, a batch per transaction; ``workers`` batches analyzed at once
    (the runner needs as many processes)."""
    summary = Summary()
    bar = tqdm(total=total, unit="article", disable=not progress, file=sys.stderr,
               dynamic_ncols=True)
    for results in _analyzed(runner, store, items, batch_size, workers):
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
    analyzed = [(source, payload) for source, outcome, payload in results
                if outcome == "analyzed"]
    stored = articles.add_each(store, [(payload, source.request)
                                       for source, payload in analyzed])
    outcomes = iter(stored)
    for source, outcome, payload in results:
        if outcome != "analyzed":
            yield source, outcome, payload
            continue
        stored, created = next(outcomes)
        if created is None:
            yield source, "failed", stored
        elif not created and (reason := articles.published_conflict(stored, source.request)):
            yield source, "failed", reason
        else:
            yield source, "ingested" if created else "skipped", None


def _analyzed(runner: Runner, store: Store, items: Iterable[Source], batch_size: int,
              workers: int) -> Iterator[list]:
    def analyzed(batch: list[Source]) -> list:
        return list(analyze_batch(runner, store, batch))

    if workers <= 1:
        yield from map(analyzed, chunks(items, batch_size))
        return
    # Executor.map would read every batch at once: at most two per worker are in flight.
    with ThreadPoolExecutor(workers, thread_name_prefix="ingest") as threads:
        running: deque = deque()
        for batch in chunks(items, batch_size):
            running.append(threads.submit(analyzed, batch))
            if len(running) >= 2 * workers:
                yield running.popleft().result()
        while running:
            yield running.popleft().result()


def default_workers() -> int:
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, MAX_AUTO_WORKERS))


def ingest_paths(paths: list[Path], *, runner: Runner, store: Store,
                 batch_size: int = 16, workers: int = 1, progress: bool = True) -> Summary:
    """Store the articles of files, folders and JSONL files, read lazily."""
    total = count_sources(paths) if progress or workers > 1 else None
    if total is not None:  # more processes than batches only costs their start-up
        workers = max(1, min(workers, -(-total // batch_size)))
    return ingest_sources(runner, store, sources(paths), batch_size=batch_size,
                          workers=workers, progress=progress, total=total)


def reanalyze(runner: Runner, store: Store, *, everything: bool = False,
              progress: bool = True) -> tuple[int, list[tuple[str, str]]]:
    """Re-analyze the articles of another pipeline version or model (or all): how many,
    and (id, reason) of each that failed (it keeps its analysis)."""
    ids = store.outdated(None if everything else runner.provenance)
    failed: list[tuple[str, str]] = []
    for article_id in tqdm(ids, unit="article", file=sys.stderr, disable=not progress):
        try:
            request = store.source(article_id)
            if request is None:
                raise LookupError("deleted meanwhile")
            store.replace(article_id, articles.analysis_of(runner, request))
        except Exception as exc:
            log.warning("re-analysis of %s failed", article_id, exc_info=True)
            known = isinstance(exc, InvalidText | AnalysisOverrun | LookupError)
            failed.append((article_id, str(exc) if known else type(exc).__name__))
    return len(ids), failed

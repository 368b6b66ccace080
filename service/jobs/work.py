"""One batch of a job: parse, analyze in one ``nlp.pipe``, store, record each outcome. A
batch may run more than once; lines are written as ``storing`` before storing, so that a
later run finding that content stored knows this job stored it (ingested, not skipped)."""

from __future__ import annotations

import logging
import threading
from contextlib import contextmanager

from sqlalchemy.exc import SQLAlchemyError

from service import articles
from service.analysis.runner import Runner
from service.articles.inputs import Source, json_source
from service.jobs.repository import FINAL_OUTCOMES, JobStore, Outcome
from service.store.repository import Store

log = logging.getLogger(__name__)
# A batch whose worker died this many times has its unsettled lines failed.
MAX_ATTEMPTS = 3


def run_batch(runner: Runner, store: Store, jobs: JobStore, job_id: str, number: int,
              lease_seconds: float, read_line=json_source) -> bool:
    lines = jobs.claim(job_id, number, lease_seconds)
    if lines is None:
        return False
    with _lease_kept(jobs, job_id, number, lease_seconds):
        if jobs.attempts(job_id, number) > MAX_ATTEMPTS:
            outcomes = _given_up(jobs, job_id, lines)
        else:
            outcomes = settle_lines(runner, store, jobs, job_id, lines, read_line)
    jobs.record(job_id, outcomes, batch=number)
    jobs.finish(job_id)
    return True


@contextmanager
def _lease_kept(jobs: JobStore, job_id: str, number: int, lease_seconds: float):
    """Renew the batch's lease while the work runs: only a dead worker loses it."""
    stop = threading.Event()

    def renew() -> None:
        while not stop.wait(lease_seconds / 4):
            try:
                jobs.renew(job_id, number, lease_seconds)
            except SQLAlchemyError:
                log.warning("could not renew the lease of batch %s/%s", job_id, number,
                            exc_info=True)

    keeper = threading.Thread(target=renew, name=f"lease-{job_id}-{number}", daemon=True)
    keeper.start()
    try:
        yield
    finally:
        stop.set()
        keeper.join()


def _given_up(jobs: JobStore, job_id: str, lines: list[list]) -> list[Outcome]:
    known = jobs.outcomes(job_id, [line for line, *_ in lines])
    return [Outcome(line, "failed", reason=f"not analyzed: its worker stopped "
                                           f"{MAX_ATTEMPTS} times")
            for line, *_ in lines
            if line not in known or known[line].outcome not in FINAL_OUTCOMES]


def settle_lines(runner: Runner, store: Store, jobs: JobStore, job_id: str,
                 lines: list[list], read_line=json_source) -> list[Outcome]:
    known = jobs.outcomes(job_id, [line for line, *_ in lines])
    storing = {line: item.content_hash for line, item in known.items()
               if item.outcome == "storing"}
    outcomes: list[Outcome] = []
    readable = []  # (line, request)
    for line, text, *unreadable in lines:
        if line in known and known[line].outcome in FINAL_OUTCOMES:
            continue
        source = (read_line(f"line {line}", text) if text is not None
                  else Source(f"line {line}", None, unreadable[0]))
        if source.request is None:
            outcomes.append(Outcome(line, "failed", reason=source.error))
        elif source.request.format == "plain":
            outcomes.append(Outcome(line, "failed", reason="format 'plain' is for "
                                                           "/v1/analyze only"))
        else:
            readable.append((line, source.request))
    structured = []  # (line, request, structure)
    found = runner.structures([request for _, request in readable])
    for (line, request), structure in zip(readable, found, strict=True):
        if isinstance(structure, str):
            outcomes.append(Outcome(line, "failed", reason=structure))
        else:
            structured.append((line, request, structure))

    hashes = [structure.content_hash for _, _, structure in structured]
    stored = jobs.stored_ids(hashes)
    ingested = jobs.ingested_hashes(job_id, hashes)
    pending = []
    for line, request, structure in structured:
        content_hash = structure.content_hash
        if content_hash in stored:
            # Stored before this job, or by an earlier run of this very line.
            mine = line in storing and content_hash not in ingested
            if mine:
                ingested.add(content_hash)
            conflict = None if mine else _conflict(store, content_hash, request)
            outcomes.append(Outcome(line, "failed", content_hash, reason=conflict)
                            if conflict else
                            Outcome(line, "ingested" if mine else "skipped", content_hash,
                                    stored[content_hash]))
        else:
            pending.append((line, request, structure))
    if pending:
        jobs.record(job_id, [Outcome(line, "storing", structure.content_hash)
                             for line, _, structure in pending])
        analyses = runner.analyses([structure for _, _, structure in pending])
        analyzed = [(line, request, analysis)
                    for (line, request, _), analysis in zip(pending, analyses, strict=True)]
        outcomes += _store(store, analyzed, storing, ingested)
    return outcomes


def _store(store: Store, analyzed: list, storing: dict, ingested: set) -> list[Outcome]:
    outcomes = []
    good = [(line, request, articles.shape(analysis)) for line, request, analysis in analyzed
            if not isinstance(analysis, str)]
    outcomes += [Outcome(line, "failed", reason=analysis) for line, _, analysis in analyzed
                 if isinstance(analysis, str)]
    items = [(document, request) for _, request, document in good]
    results = articles.add_each(store, items, (SQLAlchemyError,))
    for (line, request, document), (stored, created) in zip(good, results, strict=True):
        content_hash = document["content_hash"]
        if created is None:
            outcomes.append(Outcome(line, "failed", content_hash, reason=stored))
            continue
        # Not created but written as storing by an earlier run: that run stored it.
        mine = created or (line in storing and content_hash not in ingested)
        if mine:
            ingested.add(content_hash)
        elif conflict := articles.published_conflict(stored, request):
            outcomes.append(Outcome(line, "failed", content_hash, reason=conflict))
            continue
        outcomes.append(Outcome(line, "ingested" if mine else "skipped", content_hash,
                                stored["id"]))
    return outcomes


def _conflict(store: Store, content_hash: str, request) -> str | None:
    """Why a line whose text is stored already fails (another date), or None."""
    if request.published is None:
        return None
    stored = store.get_by_hash(content_hash)
    return articles.published_conflict(stored, request) if stored else None


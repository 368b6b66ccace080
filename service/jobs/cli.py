"""Command line: ``article-api worker``, and ``ingest --queue`` (submit, then follow)."""

from __future__ import annotations

import json
import signal
import sys
import threading
import time
import uuid
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from tqdm import tqdm

from service import jobs
from service.ingest import FORMATS_BY_SUFFIX, Summary

POLL_SECONDS = 0.5


@click.command("worker")
@with_appcontext
def worker_command() -> None:
    """Run jobs from the queue (BROKER_URL, else the local SQLite queue) until stopped."""
    queue = current_app.extensions["jobs"]
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        # The batch at hand is finished (or, if the process is killed, run again later).
        signal.signal(signum, lambda *_: stop.set())
    where = queue.broker_url or f"{queue.directory}/queue.sqlite3"
    click.echo(f"worker {current_app.config['JOBS_QUEUE']!r} on {where}", err=True)
    queue.work(stop)


def ingest_queued(paths: list[Path], *, progress: bool = True) -> Summary:
    """Submit the articles of ``paths`` as one job and follow it to its end.

    On the embedded queue this process also runs a consumer, so the job ends even when
    no server or worker is running; with a broker, the workers do the work.
    """
    queue = current_app.extensions["jobs"]
    spool = queue.uploads / f"{uuid.uuid4()}.jsonl"
    try:
        origins = _write_jsonl(paths, spool)
        job = jobs.submit_file(queue, spool)
    finally:
        spool.unlink(missing_ok=True)
    if queue.embedded:
        queue.start_consumer()
    bar = tqdm(total=job.total, unit="article", disable=not progress, file=sys.stderr,
               dynamic_ncols=True, desc=f"job {job.id[:8]}")
    while job.status in ("queued", "running"):
        time.sleep(POLL_SECONDS)
        job = jobs.get_job(queue, job.id)
        bar.update(job.done - bar.n)
    bar.close()
    if queue.embedded:
        queue.stop_consumer()
    return Summary(job.ingested, job.skipped,
                   [(origins[item["line"] - 1], item["reason"]) for item in job.failed])


def _write_jsonl(paths: list[Path], spool: Path) -> list[str]:
    """Every article of ``paths`` as one JSONL file; returns each line's origin."""
    from service.ingest import sources

    origins = []
    with spool.open("w", encoding="utf-8") as out:
        for path in _files(paths):
            if path.suffix == ".jsonl":
                with path.open(encoding="utf-8", errors="replace") as lines:
                    for number, line in enumerate(lines, 1):
                        if line.strip():
                            out.write(line.strip().replace("\n", " ") + "\n")
                            origins.append(f"{path}:{number}")
                continue
            for source in sources([path]):
                record = ({"text": source.request.text, "format": source.request.format}
                          if source.request else {"text": None, "error": source.error})
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                origins.append(source.origin)
    return origins


def _files(paths: list[Path]):
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file()
                              and (p.suffix in FORMATS_BY_SUFFIX or p.suffix == ".jsonl"))
        else:
            yield path

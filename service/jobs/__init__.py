"""Bulk analysis jobs: submit many articles at once, let workers analyze them, follow it.

A submitted body is streamed to a file (never held whole), split into batches stored with
the job, and one task per batch goes to the queue (service/jobs/queue.py); workers run
them (service/jobs/work.py) and write each line's outcome, from which the counts come.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from itertools import chain
from pathlib import Path
from typing import BinaryIO

from service.http.errors import Problem
from service.jobs.queue import Queue
from service.jobs.repository import JobView
from service.jobs.upload import NotAnArray, TooLarge, array_records, batches, jsonl_records, spool

BATCH_SIZE = 16
JSONL_TYPES = frozenset({"application/x-ndjson", "application/jsonl", "application/x-jsonl"})


def submit(queue: Queue, stream: BinaryIO, mimetype: str, max_bytes: int) -> JobView:
    """Spool the body, store the job and its batches, queue them; the job as stored."""
    if mimetype in JSONL_TYPES:
        read = jsonl_records
    elif mimetype == "application/json":
        read = array_records
    else:
        raise Problem(415, "Send the articles as application/x-ndjson (one JSON object a "
                           "line) or as a JSON array (application/json).")
    job_id = str(uuid.uuid4())
    path = queue.uploads / f"{job_id}.upload"
    try:
        spool(stream, path, max_bytes)
    except TooLarge:
        raise Problem(413, f"A job's body may hold at most {max_bytes} bytes.") from None
    try:
        return submit_records(queue, job_id, read(path))
    except NotAnArray as exc:
        raise Problem(400, f"The body is not a JSON array of articles: {exc}.") from exc
    finally:
        path.unlink(missing_ok=True)


def submit_records(queue: Queue, job_id: str, records: Iterator[list]) -> JobView:
    """A job of ``[line, JSON text]`` records, queued."""
    first = next(records, None)
    if first is None:
        raise Problem(422, "The body holds no article.",
                      errors={"_schema": ["the body holds no article"]})
    numbers = queue.jobs.create(job_id, batches(chain([first], records), BATCH_SIZE))
    queue.enqueue(job_id, numbers)
    return queue.jobs.get(job_id)


def submit_file(queue: Queue, path: Path) -> JobView:
    """A job of a JSONL file (the command line's ``ingest --queue``)."""
    return submit_records(queue, str(uuid.uuid4()), jsonl_records(path))


def get_job(queue: Queue, job_id: str) -> JobView:
    job = queue.jobs.get(job_id)
    if job is None:
        raise Problem(404, f"No job with id {job_id!r}.")
    return job


def cancel(queue: Queue, job_id: str) -> JobView:
    """Cancel a job that has not ended: its batches not yet started never run."""
    job = get_job(queue, job_id)
    if not queue.jobs.cancel(job_id):
        job = get_job(queue, job_id)
        if job.status != "cancelled":
            raise Problem(409, f"Job {job_id!r} has already ended ({job.status}).")
    return get_job(queue, job_id)

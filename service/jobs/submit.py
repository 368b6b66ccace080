"""Use cases on jobs: submit (an upload, or files), read, cancel."""

from __future__ import annotations

import errno
import json
import sys
import time
import uuid
from collections.abc import Iterator
from itertools import chain
from pathlib import Path
from typing import BinaryIO

from tqdm import tqdm

from service.analysis.runner import chunks
from service.articles.inputs import sources
from service.errors import (
    InvalidInput,
    JobEnded,
    JobNotFound,
    JobTooLong,
    MalformedUpload,
    UnsupportedUpload,
    UploadTooLarge,
)
from service.jobs.queue import Queue
from service.jobs.repository import JobView, TooManyLines
from service.jobs.upload import NotAnArray, TooLarge, array_records, jsonl_records, spool
from service.store.engine import StoreUnavailable, check_free_space

BATCH_SIZE = 16
POLL_SECONDS = 0.5
# The spool's disk is full or read-only: the store's 503, not a fault of the request.
_DISK_ERRORS = frozenset({errno.ENOSPC, errno.EROFS, errno.EDQUOT})
READERS = {"application/x-ndjson": jsonl_records, "application/jsonl": jsonl_records,
           "application/x-jsonl": jsonl_records, "application/json": array_records}


def submit(queue: Queue, stream: BinaryIO, mimetype: str, max_bytes: int, *,
           owner: str = "anonymous") -> JobView:
    """Spool the body, store the job and its batches, queue them. ``StoreUnavailable``
    before the body is read when the store or the spool's disk cannot take it."""
    read = READERS.get(mimetype)
    if read is None:
        raise UnsupportedUpload("Send the articles as application/x-ndjson (one JSON object "
                                "a line) or as a JSON array (application/json).")
    queue.store.check_writable(queue.min_free_bytes)
    uploads = queue.uploads
    check_free_space(str(uploads), queue.min_free_bytes, "the job spool")
    job_id = str(uuid.uuid4())
    path = uploads / f"{job_id}.upload"
    try:
        spool(stream, path, max_bytes)
    except TooLarge:
        raise UploadTooLarge(max_bytes) from None
    except OSError as exc:
        if exc.errno not in _DISK_ERRORS:
            raise
        raise StoreUnavailable(f"the job spool cannot be written: {exc.strerror}",
                               "read-only" if exc.errno == errno.EROFS else "full") from exc
    try:
        return submit_records(queue, job_id, read(path), owner=owner)
    except NotAnArray as exc:
        raise MalformedUpload(f"The body is not a JSON array of articles: {exc}.") from exc
    finally:
        path.unlink(missing_ok=True)


def submit_records(queue: Queue, job_id: str, records: Iterator[list], *,
                   owner: str = "anonymous") -> JobView:
    first = next(records, None)
    if first is None:
        raise InvalidInput({"_schema": ["the body holds no article"]},
                           "The body holds no article.")
    try:
        numbers = queue.jobs.create(job_id, chunks(chain([first], records), BATCH_SIZE),
                                    owner=owner, max_lines=queue.max_lines)
    except TooManyLines as exc:
        raise JobTooLong(exc.max_lines) from None
    queue.enqueue(job_id, numbers)
    return queue.jobs.get(job_id)


def get_job(queue: Queue, job_id: str, owner: str | None = None) -> JobView:
    """The job; another owner's job is not found, as one that does not exist."""
    job = queue.jobs.get(job_id, owner)
    if job is None:
        raise JobNotFound(job_id)
    return job


def cancel(queue: Queue, job_id: str, owner: str | None = None) -> JobView:
    job = get_job(queue, job_id, owner)
    if not queue.jobs.cancel(job_id):
        job = get_job(queue, job_id)
        if job.status != "cancelled":
            raise JobEnded(job_id, job.status)
    return get_job(queue, job_id)


def ingest_files(queue: Queue, paths: list[Path], *,
                 progress: bool = True) -> tuple[JobView, list[str]]:
    """Submit the articles of ``paths`` as one job and follow it to its end: the job and
    each line's origin. On the embedded queue this process runs a consumer too."""
    origins: list[str] = []
    job = submit_records(queue, str(uuid.uuid4()), _records(paths, origins), owner="cli")
    if queue.embedded:
        queue.start_consumer()
    bar = tqdm(total=job.total, unit="article", disable=not progress, file=sys.stderr,
               dynamic_ncols=True, desc=f"job {job.id[:8]}")
    while job.status in ("queued", "running"):
        time.sleep(POLL_SECONDS)
        job = get_job(queue, job.id)
        bar.update(job.done - bar.n)
    bar.close()
    if queue.embedded:
        queue.stop_consumer()
    return job, origins


def _records(paths: list[Path], origins: list[str]) -> Iterator[list]:
    """The job records of the articles of ``paths``; ``origins`` gets each origin."""
    for source in sources(paths):
        origins.append(source.origin)
        number = len(origins)
        if source.request is None:
            yield [number, None, source.error]
            continue
        request = source.request
        record = {"text": request.text, "format": request.format,
                  "published": request.published.isoformat() if request.published else None,
                  "source_url": request.source_url}
        yield [number, json.dumps(record, ensure_ascii=False)]

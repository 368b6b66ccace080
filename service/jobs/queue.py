"""The task queue (Huey): one task per batch, run by workers that share the database.

Tasks are run by ``article-api worker`` processes (``make serve`` and the container start
one beside gunicorn; the web workers run none). Without ``BROKER_URL`` the queue is a
SQLite file under ``JOBS_DIR``, for the workers of one machine; with
``BROKER_URL=redis://...`` it lives in Redis, for workers on any machine that reaches it and
the database.

Huey hands a task to one consumer and forgets it: a worker killed mid-task takes its
message along. The batch's row does not forget: a running batch holds a lease that its
worker renews, and every consumer puts batches whose lease ran out back in the queue
(``reap``); batches still queued when the queue is empty (their message was lost, say
between the job's commit and the enqueue) are enqueued again. A message that comes twice
finds its batch claimed or done and does nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from huey import RedisHuey, SqliteHuey
from huey.api import Huey

from service.analysis.runner import Runner
from service.articles.inputs import json_source
from service.jobs.repository import JobStore, now
from service.jobs.work import run_batch
from service.store.repository import Store

log = logging.getLogger(__name__)
TASK_NAME = "article_api.jobs.run_batch"
POLL_SECONDS = 0.5
PRUNE_SECONDS = 300.0


class Queue:
    """The application's job queue, its job tables and the consumers it runs, which
    analyze with ``runner`` and store in ``store``."""

    def __init__(self, config: Mapping, store: Store, runner: Runner | None) -> None:
        self.name = config["JOBS_QUEUE"]
        self.broker_url = config["BROKER_URL"]
        self.lease_seconds = float(config["JOBS_LEASE_SECONDS"])
        self.max_lines = int(config["JOBS_MAX_LINES"])
        self.retention_seconds = float(config["JOBS_RETENTION_SECONDS"])
        self.min_free_bytes = int(config["STORE_MIN_FREE_BYTES"])
        self.directory = Path(config["JOBS_DIR"] or _beside_database(store, config["VAR_DIR"]))
        self.store = store
        self.runner = runner
        self.jobs = JobStore(store.engine)
        self._huey: Huey | None = None
        self._lock = threading.Lock()
        self._consumer_pid: int | None = None
        self._stopping = threading.Event()
        self._last_run: dict[str, float] = {}
        # Periodic tasks: each registers itself on the Huey instance when it is made;
        # every consumer enqueues those due once a minute.
        self.periodic: list[Callable[[Huey], None]] = []
        # How a job line becomes an article (service.articles.inputs.json_source, or a reader
        # that also fetches lines naming a URL).
        self.read_line = json_source
        self._last_minute = 0

    @property
    def embedded(self) -> bool:
        return not self.broker_url

    @property
    def huey(self) -> Huey:
        """The Huey instance, made on first use (no file or connection before)."""
        with self._lock:
            if self._huey is None or getattr(self._huey, "_pid", None) != os.getpid():
                self._huey = self._make_huey()
            return self._huey

    def _make_huey(self) -> Huey:
        if self.embedded:
            self.directory.mkdir(parents=True, exist_ok=True)
            huey = SqliteHuey(self.name, filename=str(self.directory / "queue.sqlite3"),
                              results=False, timeout=30)
        elif self.broker_url.startswith(("redis://", "rediss://", "unix://")):
            huey = RedisHuey(self.name, url=self.broker_url, results=False, read_timeout=1)
        else:
            raise ValueError("BROKER_URL must be a Redis URL (redis://host:6379/0); "
                             "unset, jobs run on a SQLite queue under JOBS_DIR")
        # Huey logs every task at INFO; a job's progress is in its row, not in the log.
        logging.getLogger("huey").setLevel(logging.WARNING)
        huey._pid = os.getpid()  # a forked process makes its own connections
        self._task = huey.task(name=TASK_NAME)(self._run)
        for register in self.periodic:
            register(huey)
        return huey

    @property
    def uploads(self) -> Path:
        path = self.directory / "uploads"
        path.mkdir(parents=True, exist_ok=True)
        return path

    # -- producing --------------------------------------------------------------------------

    def enqueue(self, job_id: str, numbers: list[int]) -> None:
        huey = self.huey
        for number in numbers:
            huey.enqueue(self._task.s(job_id, number))

    def pending(self) -> int:
        return self.huey.pending_count()

    # -- consuming --------------------------------------------------------------------------

    def _run(self, job_id: str, number: int) -> None:
        run_batch(self.runner, self.store, self.jobs, job_id, number, self.lease_seconds,
                  self.read_line)

    def reap(self) -> int:
        """Re-enqueue batches whose worker died, and queued batches whose message was
        lost; returns how many. Every consumer calls it every half lease."""
        requeued = self.jobs.expired()
        for job_id, number in requeued:
            log.warning("batch %s/%s lost its worker; queued again", job_id, number)
            self.enqueue(job_id, [number])
        if self.pending() == 0:
            lost = self.jobs.queued()
            for job_id, number in lost:
                self.enqueue(job_id, [number])
            requeued += lost
        return len(requeued)

    def work(self, stop: threading.Event | None = None) -> None:
        """Consume tasks until ``stop`` is set, reaping every half lease."""
        stop = stop or self._stopping
        huey = self.huey
        while not stop.is_set():
            self._every("reaping lost batches", self.lease_seconds / 2, self.reap)
            self._every("enqueueing periodic tasks", 0, lambda: self._schedule(huey))
            self._every("removing old jobs", PRUNE_SECONDS, self.prune)
            try:
                task = huey.dequeue()
            except Exception:
                log.exception("the job queue cannot be read; retrying")
                stop.wait(5)
                continue
            if task is None:
                if self.embedded:
                    stop.wait(POLL_SECONDS)
                continue
            try:
                huey.execute(task)
            except Exception:
                # The batch stays running; its lease runs out and it is retried.
                log.exception("task %s failed", task)

    def prune(self) -> int:
        """Remove the jobs that ended more than ``JOBS_RETENTION_SECONDS`` ago; every
        consumer calls it every ``PRUNE_SECONDS``."""
        removed = self.jobs.prune(now() - dt.timedelta(seconds=self.retention_seconds))
        if removed:
            log.info("removed %d jobs past their retention", removed)
        return removed

    def _every(self, name: str, seconds: float, action: Callable[[], object]) -> None:
        """``action()`` when ``seconds`` have passed since it last ran here; a failure is
        logged (the consumer goes on)."""
        if time.monotonic() - self._last_run.get(name, float("-inf")) < seconds:
            return
        self._last_run[name] = time.monotonic()
        try:
            action()
        except Exception:
            log.exception("%s failed", name)

    def _schedule(self, huey: Huey) -> None:
        minute = int(time.time() // 60)
        if minute == self._last_minute or not self.periodic:
            return
        self._last_minute = minute
        for task in huey.read_periodic(dt.datetime.now(dt.UTC).replace(tzinfo=None)):
            huey.enqueue(task)

    def start_consumer(self) -> None:
        """One consumer thread in this process (``ingest --queue`` on the embedded queue,
        which must end without a worker running), once per process."""
        if self._consumer_pid == os.getpid():
            return
        with self._lock:
            if self._consumer_pid == os.getpid():
                return
            self._consumer_pid = os.getpid()
            self._stopping = threading.Event()
        threading.Thread(target=self.work, args=(self._stopping,), name="jobs-consumer",
                         daemon=True).start()

    def stop_consumer(self) -> None:
        self._stopping.set()


def _beside_database(store: Store, var_dir: str) -> Path:
    """``<database>-jobs`` for a SQLite file (as its ``-wal`` and ``-changes`` files sit
    beside it), else ``VAR_DIR/jobs``."""
    engine = store.engine
    if engine.dialect.name == "sqlite" and engine.url.database:
        return Path(f"{engine.url.database}-jobs")
    return Path(var_dir) / "jobs"

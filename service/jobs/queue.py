"""The task queue (Huey, on a SQLite file or Redis): one task per batch, run by
``article-api worker`` processes. Huey forgets a task once handed out; the batch's row does
not: a running batch holds a lease its worker renews, and consumers queue again batches
whose lease ran out or whose message was lost (``reap``).
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
    """The application's job queue, its job tables and its consumers."""

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
        # Registered on each Huey instance made; consumers enqueue those due each minute.
        self.periodic: list[Callable[[Huey], None]] = []
        self.read_line = json_source  # how a job line becomes an article
        self._last_minute = 0

    @property
    def embedded(self) -> bool:
        return not self.broker_url

    @property
    def huey(self) -> Huey:
        """Made on first use in each process (no file or connection before)."""
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

    def enqueue(self, job_id: str, numbers: list[int]) -> None:
        huey = self.huey
        for number in numbers:
            huey.enqueue(self._task.s(job_id, number))

    def _run(self, job_id: str, number: int) -> None:
        run_batch(self.runner, self.store, self.jobs, job_id, number, self.lease_seconds,
                  self.read_line)

    def reap(self) -> int:
        """Re-enqueue batches whose worker died or whose message was lost; how many."""
        requeued = self.jobs.expired()
        for job_id, number in requeued:
            log.warning("batch %s/%s lost its worker; queued again", job_id, number)
            self.enqueue(job_id, [number])
        if self.huey.pending_count() == 0:
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
        """Remove the jobs that ended more than ``JOBS_RETENTION_SECONDS`` ago."""
        removed = self.jobs.prune(now() - dt.timedelta(seconds=self.retention_seconds))
        if removed:
            log.info("removed %d jobs past their retention", removed)
        return removed

    def _every(self, name: str, seconds: float, action: Callable[[], object]) -> None:
        """``action()`` if ``seconds`` passed since it last ran here; failures logged."""
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
        """One consumer thread in this process, for ``ingest --queue`` on the embedded queue."""
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
    """``<database>-jobs`` beside a SQLite file, else ``VAR_DIR/jobs``."""
    engine = store.engine
    if engine.dialect.name == "sqlite" and engine.url.database:
        return Path(f"{engine.url.database}-jobs")
    return Path(var_dir) / "jobs"

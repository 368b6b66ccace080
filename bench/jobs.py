"""Jobs benchmark: articles/s of one job run by 1, 2 and 4 `article-api worker` processes
on Redis, against `article-api ingest` on the same input, as ratios.

    .venv/bin/python bench/jobs.py -n 200
    .venv/bin/python bench/jobs.py -n 1000 --workers 1,2,4 --broker redis://127.0.0.1:6379/14

Each run starts on a fresh SQLite database with the same ``generate.py`` articles. The
ingest baseline runs in this process with the model already loaded, through
``ingest_paths`` (one analyzing process per CPU, as the command does by default). A job is
timed from its POST (through the test client of ``create_app``) to its ``done``, with its
workers already started and their model loaded. Figures, not a test: two cores bound the
gain of more processes; the point is that the work spreads and every article is counted.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from generate import generate  # noqa: E402

READY_TIMEOUT = 180


def _database(directory: Path, name: str) -> str:
    from service.store.migrations import upgrade_database

    url = f"sqlite:///{directory / name / 'articles.sqlite3'}"
    upgrade_database(url)
    return url


def run_ingest(directory: Path, source: Path, count: int) -> float:
    from dataclasses import replace

    from service.analysis.runner import Runner
    from service.app import create_app
    from service.articles.bulk import default_workers, ingest_paths

    app = create_app({"DATABASE_URL": _database(directory, "ingest"), "LOG_LEVEL": "WARNING"})
    started = time.perf_counter()
    workers = default_workers()
    runner = app.extensions["analyzer"]
    runner = Runner(runner.pipeline, replace(runner.settings, processes=workers))
    summary = ingest_paths([source], runner=runner, store=app.extensions["store"],
                           workers=workers, progress=False)
    runner.close()
    elapsed = time.perf_counter() - started
    assert summary.ingested == count, summary.describe()
    app.extensions["store"].close()
    return elapsed


def run_job(directory: Path, source: Path, count: int, workers: int, broker: str) -> float:
    from service.app import create_app

    url = _database(directory, f"job-{workers}")
    settings = {"BROKER_URL": broker, "JOBS_QUEUE": f"bench-{uuid.uuid4().hex[:10]}"}
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": url, "DEV_MODE": "0",
           "LOG_LEVEL": "WARNING", **settings}
    logs = [directory / f"worker-{workers}-{n}.log" for n in range(workers)]
    processes = []
    for log in logs:
        with log.open("wb") as out:
            processes.append(subprocess.Popen(
                [sys.executable, "-c", "from service.cli import main; main()", "worker"],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT))
    try:
        _wait_ready(logs, processes)
        app = create_app({"DATABASE_URL": url, "DEV_MODE": True, "LOAD_MODEL": False,
                          "LOG_LEVEL": "WARNING", "RATELIMIT_ENABLED": False, **settings})
        client = app.test_client()
        body = source.read_bytes()
        started = time.perf_counter()
        response = client.post("/v1/jobs", data=body, content_type="application/x-ndjson")
        assert response.status_code == 202, response.get_json()
        location = response.headers["Location"]
        while (job := client.get(location).get_json())["status"] in ("queued", "running"):
            time.sleep(0.1)
        elapsed = time.perf_counter() - started
        assert (job["status"], job["ingested"]) == ("done", count), job
        return elapsed
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(60)


def _wait_ready(logs: list[Path], processes: list) -> None:
    """Until every worker has loaded the model and says which queue it takes."""
    deadline = time.monotonic() + READY_TIMEOUT
    while not all("worker " in log.read_text(errors="replace") for log in logs):
        if any(p.poll() is not None for p in processes) or time.monotonic() > deadline:
            raise SystemExit("a worker did not start:\n" + "\n".join(
                log.read_text(errors="replace")[-2000:] for log in logs))
        time.sleep(0.2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=200, help="articles in the job")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--workers", default="1,2,4", help="worker processes per run")
    parser.add_argument("--broker", default="redis://127.0.0.1:6379/14")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-jobs-") as tmp:
        directory = Path(tmp)
        source = directory / "articles.jsonl"
        with source.open("w", encoding="utf-8") as out:
            for record in generate(args.n, args.seed):
                out.write(json.dumps(record) + "\n")
        ingest = run_ingest(directory, source, args.n)
        rows = [("article-api ingest (in-process, workers auto)", ingest)]
        print(f"{rows[0][0]}: {ingest:.2f} s", file=sys.stderr)
        for count in (int(w) for w in args.workers.split(",")):
            rows.append((f"job, {count} worker process{'es' if count > 1 else ''}",
                         run_job(directory, source, args.n, count, args.broker)))
            print(f"{rows[-1][0]}: {rows[-1][1]:.2f} s", file=sys.stderr)

    print(f"{args.n} generated articles (seed {args.seed}), {os.cpu_count()} CPUs")
    print(f"{'run':<48} {'seconds':>8} {'articles/s':>11} {'vs ingest':>10}")
    for name, seconds in rows:
        print(f"{name:<48} {seconds:>8.2f} {args.n / seconds:>11.1f} {ingest / seconds:>9.2f}x")


if __name__ == "__main__":
    main()

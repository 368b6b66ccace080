"""Reads while hostile analyses run: article GET latency idle and under POST /v1/analyze of
the worst inputs of the hostile-input suite, at 16 and 64 connections.

Starts gunicorn with the project's configuration (gunicorn's own gthread worker; each
worker's analyses in the processes of service/analysis/runner.py, at most
ANALYSIS_CONCURRENCY + ANALYSIS_QUEUE requests waiting on them) on a loopback port, on a
fresh SQLite database in a temporary folder, stores one article, then for each phase reads
that article from ``--readers`` connections, ``--reads`` times each, and prints p50 and p99
(milliseconds), the ratios to idle and to the busy cores' floor, the answers the analyses
got, whether gunicorn killed a worker on its timeout, and whether each hostile phase meets
the targets: p99 within 1.25x of the busy cores' p99, p50 within 1.5x of idle, no worker
killed. Every loop is bounded; nothing leaves the machine.

One phase sends no request at all: a busy loop runs on every core at the analysis
processes' priority (``ANALYSIS_NICE``), as analyses keep the cores busy. It measures
what the machine alone does to read latency when its cores are busy, the floor under
the hostile phases.

    .venv/bin/python bench/hostile.py [--reads 1000] [--readers 2] [--port 8251] [--fresh]
        [--phases classes reads fairness] [--fair-seconds 60] [--hostile-rate 30] [--front]

``--front`` runs the reads phase through the shipped deployment's nginx (deploy/nginx.conf,
as ``make serve-prod`` runs it): it reads each body whole before gunicorn sees it, limits
writes per client address (all clients here share 127.0.0.1, so the hostile ones meet
its limit: past the first few, their requests wait in nginx and are released at its
rate) and may answer repeated reads from its cache. The development mode stays on
behind it here, so that the hostile analyses need no key.

Phases ``classes`` and ``fairness``: see bench/hostile_fair.py (exit 1: a target not met).
"""

from __future__ import annotations

import argparse
import collections
import http.client
import json
import multiprocessing
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import hostile_fair  # noqa: E402
from bench.hostile_fair import percentile, progress  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ("Harbour board approves new terminal\n\n"
           "PORTLEVEN, March 3 -- The harbour board approved a ferry terminal on Monday at a "
           "cost of 12 million pounds, its chair Mara Lind said. Work starts in May.\n")
# The worst inputs of tests/hostile: each hits a rule that is slow or a list that is long.
WORST = [
    {"text": "1," * 20_000},  # 20,000 figures (805 MB before the caps)
    {"text": "1" * 60_000},  # one long digit run
    {"text": "The rate rose 5% in 2020 and 7% in 2021, " * 500},  # dense figures and dates
    {"text": "!?." * 20_000},  # a punctuation run
    {"text": "(" * 20_000 + ")" * 20_000},  # deep nesting
]


class Server:
    """The service on ``port``: gunicorn alone, or (``front``) the shipped deployment's
    nginx (deploy/nginx.conf: bodies read whole, writes limited per address) on ``port``
    with gunicorn behind it on ``port + 1``."""

    def __init__(self, port: int, folder: Path, front: bool = False, **settings: str) -> None:
        self.port = port
        behind = port + 1 if front else port
        self.env = {**os.environ, "VAR_DIR": str(folder), "PORT": str(behind),
                    "HOST": "127.0.0.1", "DEV_MODE": "1", "RATELIMIT_ENABLED": "0",
                    "LOG_LEVEL": "warning", "ACCESS_LOG": "/dev/null",
                    "PROMETHEUS_MULTIPROC_DIR": str(folder / "metrics"),
                    **({"PROXY_HOPS": "1"} if front else {}), **settings}
        self.log = folder / "gunicorn.log"
        (folder / "metrics").mkdir()
        subprocess.run([str(ROOT / ".venv" / "bin" / "article-api"), "db-upgrade"],
                       cwd=ROOT, env=self.env, check=True, capture_output=True)
        self.process = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", "gunicorn.conf.py",
             "service.wsgi:app"], cwd=ROOT, env=self.env, stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT)
        try:
            self.proxy = self._nginx(folder / "nginx", port, behind) if front else None
        except OSError:
            self.process.kill()  # no nginx (make proxy-deps): no gunicorn left behind
            raise

    @staticmethod
    def _nginx(prefix: Path, port: int, upstream: int) -> subprocess.Popen:
        from types import SimpleNamespace

        from deploy.processes import nginx_conf

        prefix.mkdir()
        conf = prefix / "nginx.conf"
        conf.write_text(nginx_conf(SimpleNamespace(HOST="127.0.0.1", PORT=port), upstream,
                                   prefix))
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        return subprocess.Popen([binary, "-c", str(conf), "-p", str(prefix), "-e", "stderr",
                                 "-g", "daemon off;"], stdout=subprocess.DEVNULL,
                                stderr=(prefix / "error.log").open("wb"))

    def wait_ready(self, seconds: float = 120) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                status, _ = request(self.port, "GET", "/readyz")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise SystemExit("the server did not become ready")

    def stop(self) -> None:
        if self.proxy is not None:
            self.proxy.send_signal(signal.SIGQUIT)  # nginx's graceful stop
            try:
                self.proxy.wait(30)
            except subprocess.TimeoutExpired:
                self.proxy.kill()
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def worker_timeouts(self) -> int:
        return self.log.read_text(errors="replace").count("WORKER TIMEOUT")


def request(port: int, method: str, path: str, body: bytes | None = None,
            connection: http.client.HTTPConnection | None = None,
            content_type: str = "application/json",
            headers: dict | None = None) -> tuple[int, bytes]:
    own = connection is None
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        headers = {**({"Content-Type": content_type} if body is not None else {}),
                   **(headers or {})}
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        if own:
            connection.close()


def read_latencies(port: int, path: str, readers: int, reads: int) -> list[float]:
    times: list[float] = []
    lock = threading.Lock()

    def reader() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        mine = []
        for _ in range(reads):
            began = time.perf_counter()
            status, _ = request(port, "GET", path, connection=connection)
            mine.append(time.perf_counter() - began)
            if status != 200:
                raise SystemExit(f"a read answered {status}")
        connection.close()
        with lock:
            times.extend(mine)

    threads = [threading.Thread(target=reader) for _ in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times


def _posters(port: int, first: int, count: int, stop, results, fresh: bool) -> None:
    """``count`` connections posting the worst inputs until ``stop``, in one process;
    ``fresh``: a new connection for each request."""
    bodies = [json.dumps(body).encode() for body in WORST]
    answers: collections.Counter = collections.Counter()
    lock = threading.Lock()

    def poster(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        sent = 0
        while not stop.is_set() and sent < 10_000:  # bounded
            try:
                status, _ = request(port, "POST", "/v1/analyze",
                                    bodies[(index + sent) % len(bodies)],
                                    None if fresh else connection)
            except (OSError, http.client.HTTPException):
                status = "connection error"
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            sent += 1
            with lock:
                answers[status] += 1
        connection.close()

    threads = [threading.Thread(target=poster, args=(first + i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.put(dict(answers))


def hostile_load(port: int, connections: int, stop, results, fresh: bool = False) -> list:
    """The hostile connections, spread over processes of their own, so that the readers'
    latency is not the hostile clients' own interpreter lock."""
    per_process = 8
    processes = []
    for first in range(0, connections, per_process):
        process = multiprocessing.Process(
            target=_posters, args=(port, first, min(per_process, connections - first),
                                   stop, results, fresh), daemon=True)
        process.start()
        processes.append(process)
    return processes


def _busy(nice: int, stop) -> None:
    os.nice(nice)
    while not stop.is_set():  # bounded by the phase
        sum(range(10_000))


def busy_cores(stop) -> list:
    """One busy loop per core at the analysis processes' priority and no request at all:
    what the machine alone does to read latency while its cores are busy."""
    nice = int(os.environ.get("ANALYSIS_NICE", "10"))
    processes = [multiprocessing.Process(target=_busy, args=(nice, stop), daemon=True)
                 for _ in range(os.cpu_count() or 1)]
    for process in processes:
        process.start()
    return processes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reads", type=int, default=1000, help="GETs per reader and phase")
    parser.add_argument("--readers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8251)
    parser.add_argument("--connections", type=int, nargs="+", default=[16, 64])
    parser.add_argument("--fresh", action="store_true",
                        help="hostile clients open a new connection for every request")
    parser.add_argument("--phases", nargs="+", default=["classes", "reads", "fairness"],
                        choices=["classes", "reads", "fairness"])
    parser.add_argument("--fair-seconds", type=float, default=60)
    parser.add_argument("--hostile-rate", type=float, default=30)  # write limit: 60/min
    parser.add_argument("--front", action="store_true",
                        help="reads phase through the shipped nginx front (deploy/nginx.conf)")
    args = parser.parse_args()
    met = True
    if "classes" in args.phases:
        met &= hostile_fair.classes()
    if "fairness" in args.phases:
        folder = Path(tempfile.mkdtemp(prefix="hostile-fair-"))
        try:
            met &= hostile_fair.fairness(Server, args.port + 1, folder, args.fair_seconds,
                                         args.hostile_rate, request)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    if "reads" in args.phases:
        reads(args)
    return 0 if met else 1


def reads(args) -> None:

    folder = Path(tempfile.mkdtemp(prefix="hostile-bench-"))
    server = Server(args.port, folder, front=args.front)
    try:
        server.wait_ready()
        status, body = request(args.port, "POST", "/v1/articles", ARTICLE.encode(),
                               content_type="text/plain")
        assert status == 201, body[:200]
        path = json.loads(body)["links"]["self"]
        read_latencies(args.port, path, args.readers, 50)  # warm up
        idle = read_latencies(args.port, path, args.readers, args.reads)
        rows = [("idle", idle, None)]
        progress("idle", idle)
        stop = multiprocessing.Event()
        burners = busy_cores(stop)
        time.sleep(1)
        busy = read_latencies(args.port, path, args.readers, args.reads)
        stop.set()
        for process in burners:
            process.join(30)
        rows.append(("cores busy, no requests", busy, None))
        progress("cores busy", busy)
        for connections in args.connections:
            stop, results = multiprocessing.Event(), multiprocessing.Queue()
            processes = hostile_load(args.port, connections, stop, results, args.fresh)
            time.sleep(2)  # the analyses are running
            loaded = read_latencies(args.port, path, args.readers, args.reads)
            progress(f"{connections} analysis connections", loaded)
            stop.set()
            answers: collections.Counter = collections.Counter()
            for _ in processes:
                answers.update(results.get(timeout=150))
            for process in processes:
                process.join(30)
            rows.append((f"{connections} analysis connections", loaded, dict(answers)))
        base50, base99 = percentile(idle, 0.5), percentile(idle, 0.99)
        floor99 = percentile(busy, 0.99)
        print(f"article GET latency, {args.readers} readers x {args.reads} reads per phase; "
              f"ratios to idle, and p99 to the busy cores' p99")
        for name, times, answers in rows:
            p50, p99 = percentile(times, 0.5), percentile(times, 0.99)
            print(f"  {name:26s} p50 {p50 * 1000:7.2f} ms ({p50 / base50:4.2f}x)  "
                  f"p99 {p99 * 1000:7.2f} ms ({p99 / base99:4.2f}x, {p99 / floor99:4.2f}x)  "
                  f"mean {statistics.mean(times) * 1000:7.2f} ms  max {max(times) * 1000:7.1f} ms")
            if answers:
                print(f"  {'':26s} analyses answered: {answers}")
        killed = server.worker_timeouts()
        print(f"workers killed by the gunicorn timeout: {killed}")
        for name, times, _answers in rows[2:]:
            p50, p99 = percentile(times, 0.5), percentile(times, 0.99)
            met = p99 <= 1.25 * floor99 and p50 <= 1.5 * base50 and killed == 0
            print(f"  {name}: p99 {p99 / floor99:.2f}x busy floor (target 1.25), "
                  f"p50 {p50 / base50:.2f}x idle (target 1.5): {'met' if met else 'NOT met'}")
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

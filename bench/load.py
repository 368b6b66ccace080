"""Load test of the real gunicorn configuration, and a worker killed under load.

    .venv/bin/python bench/load.py                    # 60 s at 64 connections, then the kill
    .venv/bin/python bench/load.py --seconds 20 --kill-seconds 20

1. A fresh SQLite database with the fixtures, served by gunicorn (gunicorn.conf.py, its
   default workers and threads) on a free loopback port, API keys required (DEV_MODE=0).
   The read rate limit is raised so that one client address may send the whole load:
   the limiter still runs on every request, it just never refuses.
2. ``--seconds`` of reads with wrk at ``--connections`` connections, cycling through an
   article, its entities and figures, and the article, entity and figure lists. Prints
   requests/s, p50, p99 and the error count (must be 0), and checks that /metrics (summed
   over the workers by prometheus_client's multiprocess mode) counted every request.
3. The same load for ``--kill-seconds``; a third of the way in, one worker gets SIGKILL.
   The master must start a replacement, and the only failed requests may be those in
   flight on the killed worker's connections (wrk keeps one request in flight on each).
4. Worker memory (RSS and PSS, the model loaded once in the master and shared).

Needs wrk (``apt-get install wrk``). Exits 1 when a check fails.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serving import (  # noqa: E402
    base_env,
    connections_of,
    finish,
    gunicorn,
    machine,
    memory_mb,
    metric_total,
    run_wrk,
    seed_paths,
    seeded_database,
    wrk,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--kill-seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    failures = []

    print(f"machine: {machine()}")
    with seeded_database() as url:
        env = base_env(url, RATE_LIMIT_READ="100000000 per minute")
        with gunicorn(env, ready_path="/readyz") as server:
            paths = seed_paths(server)
            workers = server.workers()
            print(f"gunicorn pid {server.process.pid}, workers {workers}, port {server.port}")
            print("paths: " + ", ".join(paths.values()))

            # 1. sustained reads
            result = run_wrk(server.base, list(paths.values()), connections=args.connections,
                             seconds=args.seconds)
            print(f"\nload, {args.connections} connections, {args.seconds} s:")
            print(f"  {result.describe()}")
            if result.errors:
                failures.append(f"{result.errors} errors under load")
            metrics = server.get("/metrics")[2].decode()
            counted = sum(metric_total(metrics, "http_requests_total", status="200",
                                       route=route)
                          for route in ("/v1/articles/<article_id>",
                                        "/v1/articles/<article_id>/entities",
                                        "/v1/articles/<article_id>/figures", "/v1/articles",
                                        "/v1/entities", "/v1/figures"))
            print(f"  /metrics counted {counted:.0f} successful reads across the workers "
                  f"(wrk: {result.requests} answered, plus requests in flight at its stop)")
            if counted < result.requests:
                failures.append("the metrics missed requests")
            print(f"  machine after: {machine()}")

            # 2. a worker killed under the same load
            victim = server.workers()[0]
            load = wrk(server.base, list(paths.values()), connections=args.connections,
                       seconds=args.kill_seconds)
            time.sleep(args.kill_seconds / 3)
            held = connections_of(victim, server.port)
            os.kill(victim, signal.SIGKILL)
            killed_at = time.monotonic()
            replacement = None
            while time.monotonic() - killed_at < args.kill_seconds / 2:
                new = set(server.workers()) - set(workers)
                if new:
                    replacement = new.pop()
                    break
                time.sleep(0.05)
            replaced_after = time.monotonic() - killed_at
            result = finish(load, args.kill_seconds)
            print(f"\nSIGKILL of worker {victim} under load ({args.kill_seconds} s, "
                  f"{args.connections} connections):")
            print(f"  {result.describe()}")
            print(f"  the killed worker held {held} connections, each with one request in "
                  f"flight; failed requests: {result.errors}")
            if replacement:
                print(f"  replaced by worker {replacement} after {replaced_after:.2f} s")
            else:
                failures.append("the killed worker was not replaced")
            if result.errors > held:
                failures.append(f"{result.errors} failed requests, more than the {held} "
                                "in flight on the killed worker")
            status, _, body = server.get("/readyz")
            print(f"  /readyz after: {status} {body.decode()[:80]}")

            # 3. memory
            print("\nmemory (MiB, model loaded in the master before the fork):")
            print(f"  master {server.process.pid}: RSS %.0f, PSS %.0f"
                  % memory_mb(server.process.pid))
            for pid in server.workers():
                print(f"  worker {pid}: RSS %.0f, PSS %.0f" % memory_mb(pid))

    print("\n" + ("FAILED: " + "; ".join(failures) if failures else "all checks passed"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

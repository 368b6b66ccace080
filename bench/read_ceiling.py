"""How close the article reads come to what gunicorn itself can serve.

    .venv/bin/python bench/read_ceiling.py                  # 30 s each side, 64 connections
    .venv/bin/python bench/read_ceiling.py --rounds 2 --profile
    .venv/bin/python bench/read_ceiling.py --rounds 2 --flask
    .venv/bin/python bench/read_ceiling.py --seconds 2 --inprocess 10000

The article, entities and figures GETs of the seed are served (1) by the service through
the real gunicorn configuration (gunicorn.conf.py, limiter on with a read limit high
enough never to refuse, metrics, logs) and (2) by a bare WSGI app that returns the very
bytes captured from the service, under the same gunicorn settings. The same wrk load
runs against each (interleaved when ``--rounds`` > 1, as the machine may be shared);
prints requests/s, p99 and worker CPU per request of both, and their ratios (target: 0.6
or more in CPU per request, bare / service).

``--profile`` adds where one process spends its time on the same three GETs (cProfile,
Flask test client, same configuration). ``--inprocess N`` adds the CPU time of N GETs
called straight on the WSGI apps of the service (same configuration, the metrics in
multiprocess mode as under gunicorn) and of the minimal Flask app, in one process, in
alternating blocks: no server, no load generator, so it stays readable on a shared
machine. ``--flask`` adds a third side: a minimal Flask app answering the same bytes from
one route (no hooks, no database), under the same gunicorn settings: what Flask's own
request handling leaves of the ceiling on this machine.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import json
import os
import pstats
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serving import (  # noqa: E402
    base_env,
    children,
    cpu_seconds,
    gunicorn,
    machine,
    run_wrk,
    seed_paths,
    seeded_database,
)

BARE_APP = '''"""A WSGI app answering fixed bytes per path: the ceiling of the gunicorn setup."""
import json
import os

with open(os.environ["BARE_BODIES"]) as f:
    BODIES = {path: body.encode() for path, body in json.load(f).items()}


def app(environ, start_response):
    body = BODIES.get(environ["PATH_INFO"])
    if body is None:
        start_response("404 Not Found", [("Content-Length", "0")])
        return [b""]
    start_response("200 OK", [("Content-Type", "application/json"),
                              ("Content-Length", str(len(body)))])
    return [body]
'''

FLASK_APP = '''"""A minimal Flask app answering the same fixed bytes: Flask's own share."""
import json
import os

from flask import Flask, Response

with open(os.environ["BARE_BODIES"]) as f:
    BODIES = {path: body.encode() for path, body in json.load(f).items()}

app = Flask(__name__)


@app.get("/v1/articles/<path:rest>")
def read(rest):
    return Response(BODIES["/v1/articles/" + rest], mimetype="application/json")
'''


def _reaped_cpu_seconds(pid: int) -> float:
    """User + system CPU time of the children ``pid`` has waited for (cutime + cstime)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")


def workers_cpu_seconds(master: int) -> float:
    """CPU time the server's workers have used so far: those running and those gone (a
    worker retiring after ``max_requests`` is replaced in the middle of a run), whose time
    the master has collected when it reaped them. Read again when a worker goes meanwhile."""
    while True:
        reaped = _reaped_cpu_seconds(master)
        running = 0.0
        for pid in children(master):
            with contextlib.suppress(OSError):  # gone since listed: counted once reaped
                running += cpu_seconds([pid])
        if _reaped_cpu_seconds(master) == reaped:
            return reaped + running


def profile(database_url: str, paths: list[str], repeat: int = 300) -> None:
    from service.app import create_app

    app = create_app({"DATABASE_URL": database_url, "RATE_LIMIT_READ": "100000000 per minute",
                      "LOG_LEVEL": "WARNING"})
    client = app.test_client()
    for path in paths:
        client.get(path)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        for path in paths:
            client.get(path)
    profiler.disable()
    print(f"\nprofile: {repeat} x {len(paths)} GETs through the Flask test client")
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(r"service|flask_smorest|limits/|"
                                                r"flask_compress|flask/app|sqlalchemy/orm/"
                                                r"session|json|hashlib|werkzeug/wrappers", 35)
    stats.sort_stats("tottime").print_stats(20)


def inprocess(database_url: str, captured: dict[str, str], requests: int,
              blocks: int = 10) -> dict[str, float]:
    """Median CPU microseconds per GET of the service's and of a minimal Flask app's WSGI
    callables over ``requests`` GETs each, cycling through the paths of ``captured``."""
    import gc
    import io
    import statistics
    import time

    from werkzeug.test import EnvironBuilder

    # As gunicorn.conf.py does for several workers, before prometheus_client is imported.
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="article-bench-metrics-")
    from flask import Flask, Response

    from service.app import create_app

    service = create_app({"DATABASE_URL": database_url, "LOG_LEVEL": "WARNING",
                          "RATE_LIMIT_READ": "100000000 per minute"})
    minimal = Flask("minimal")
    bodies = {path: body.encode() for path, body in captured.items()}
    minimal.add_url_rule("/v1/articles/<path:rest>", "read", lambda rest: Response(
        bodies["/v1/articles/" + rest], mimetype="application/json"))
    templates = [EnvironBuilder(path=path, headers={"Host": "127.0.0.1:8000"},
                                environ_base={"REMOTE_ADDR": "127.0.0.1"}).get_environ()
                 for path in captured]

    def start_response(status, headers, exc_info=None):
        return None

    def block(app, count: int) -> float:
        started = time.process_time()
        for i in range(count):
            environ = {**templates[i % len(templates)], "wsgi.input": io.BytesIO()}
            answer = app(environ, start_response)
            b"".join(answer)
            answer.close()
        return (time.process_time() - started) / count * 1e6

    apps = {"service": service.wsgi_app, "flask": minimal.wsgi_app}
    for app in apps.values():
        block(app, 50)  # the kept answers made, the connections opened
    gc.freeze()  # as gunicorn.conf.py does before forking the workers
    timings: dict[str, list[float]] = {name: [] for name in apps}
    for _ in range(blocks):
        for name, app in apps.items():
            timings[name].append(block(app, max(1, requests // blocks)))
    return {name: statistics.median(values) for name, values in timings.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--inprocess", type=int, default=0, metavar="N",
                        help="also N GETs called in this process on each WSGI app")
    parser.add_argument("--flask", action="store_true",
                        help="also serve the bytes from a minimal Flask app")
    args = parser.parse_args()

    print(f"machine: {machine()}")
    results: dict[str, list] = {"service": [], "bare": [], "flask": []}
    with seeded_database() as url, tempfile.TemporaryDirectory() as folder:
        env = base_env(url, RATE_LIMIT_READ="100000000 per minute")
        bodies = Path(folder) / "bodies.json"
        (Path(folder) / "bare_app.py").write_text(BARE_APP)
        (Path(folder) / "flask_app.py").write_text(FLASK_APP)
        bare_env = {**env, "BARE_BODIES": str(bodies), "PYTHONPATH": folder}
        with gunicorn(env, ready_path="/readyz") as server:
            paths = seed_paths(server)
            reads = [paths["article"], paths["entities"], paths["figures"]]
            captured = {}
            for path in reads:
                status, _, body = server.get(path)
                assert status == 200, (path, status)
                captured[path] = body.decode()
            bodies.write_text(json.dumps(captured))
            print("paths: " + ", ".join(f"{p} ({len(captured[p])} B)" for p in reads))
        sides = [("service", "service.wsgi:app", env), ("bare", "bare_app:app", bare_env)]
        if args.flask:
            sides.append(("flask", "flask_app:app", bare_env))
        for _ in range(args.rounds):
            for side, app_path, side_env in sides:
                with gunicorn(side_env, app=app_path,
                              ready_path="/readyz" if side == "service" else reads[0]) as srv:
                    if side != "service":
                        assert all(srv.get(p)[2].decode() == captured[p] for p in reads)
                    master = srv.process.pid
                    cpu_before = workers_cpu_seconds(master)
                    result = run_wrk(srv.base, reads, connections=args.connections,
                                     seconds=args.seconds)
                    cpu_us = (workers_cpu_seconds(master) - cpu_before) / result.requests * 1e6
                results[side].append((result, cpu_us))
                print(f"  {side:7s} {result.describe()}; worker CPU {cpu_us:.0f} us/request")
        if args.profile:
            profile(url, reads)
        if args.inprocess:
            cpu = inprocess(url, captured, args.inprocess)
            print(f"\nin process, {args.inprocess} GETs each (median of blocks): service "
                  f"{cpu['service']:.0f} us, minimal Flask {cpu['flask']:.0f} us CPU per "
                  "request")

    def mean(side: str, value) -> float:
        return sum(value(*run) for run in results[side]) / args.rounds

    service_rps, bare_rps = (mean(s, lambda r, _: r.rps) for s in ("service", "bare"))
    service_cpu, bare_cpu = (mean(s, lambda _, cpu: cpu) for s in ("service", "bare"))
    service_p99 = max(r.p99_ms for r, _ in results["service"])
    bare_p99 = max(r.p99_ms for r, _ in results["bare"])
    print(f"\nservice: {service_rps:.0f} req/s, p99 {service_p99:.1f} ms, "
          f"{service_cpu:.0f} us worker CPU per request")
    print(f"bare:    {bare_rps:.0f} req/s, p99 {bare_p99:.1f} ms, "
          f"{bare_cpu:.0f} us worker CPU per request")
    print(f"ratio service / bare: {service_rps / bare_rps:.2f} in requests/s; "
          f"{bare_cpu / service_cpu:.2f} in CPU per request (target 0.60; steadier on a "
          "shared machine)")
    if args.flask:
        flask_rps, flask_cpu = mean("flask", lambda r, _: r.rps), mean("flask", lambda _, c: c)
        print(f"flask:   {flask_rps:.0f} req/s, {flask_cpu:.0f} us worker CPU per request; "
              f"ratio flask / bare {bare_cpu / flask_cpu:.2f} in CPU per request")
    print(f"machine after: {machine()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Slow clients starve no one: with 10 connections trickling header lines and 50 idle ones
open, other clients' article reads stay under a second and /healthz answers, on the
served configuration (gunicorn.conf.py, as `make serve` runs it). The same attack on
`make serve-prod` (nginx in front) is in tests/ops/test_serve_prod.py. A real server on
loopback; every wait is bounded."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TRICKLING, IDLE, READS = 10, 50, 40


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                pass
            if _get(port, "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"the server did not start: {log.read_text(errors='replace')[-2000:]}")


def _get(port: int, path: str) -> tuple[int, float, bytes]:
    began = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, time.monotonic() - began, response.read()
    finally:
        connection.close()


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def stored(app, seed) -> tuple[str, str]:
    """The database (SQLite, a file) holding the seed article, and the article's path."""
    url = app.config["DATABASE_URL"]
    if not url.startswith("sqlite:///"):
        pytest.skip("a server of its own on the test's SQLite file")
    app.extensions["store"].close()
    return url, seed["links"]["self"]


@pytest.fixture
def gunicorn(stored, tmp_path):
    """gunicorn as gunicorn.conf.py configures it, on the seeded database (no model: the
    reads need none)."""
    url, _ = stored
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    env = {**os.environ, "DATABASE_URL": url, "HOST": "127.0.0.1", "PORT": str(port),
           "LOAD_MODEL": "0", "DEV_MODE": "0", "ACCESS_LOG": "/dev/null",
           "PROMETHEUS_MULTIPROC_DIR": "", "RATELIMIT_ENABLED": "0",
           "VAR_DIR": str(tmp_path)}
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py",
                                    "service.wsgi:app"], cwd=ROOT, env=env, stdout=out,
                                   stderr=subprocess.STDOUT)
    try:
        _wait_until_up(port, process, log)
        yield port
    finally:
        _stop(process)


class Hostile:
    """Connections that trickle a header line every second, and connections that send
    nothing, all open until ``close``."""

    def __init__(self, port: int) -> None:
        self.stop = threading.Event()
        self.sockets = []
        for _ in range(IDLE):
            self.sockets.append(socket.create_connection(("127.0.0.1", port), timeout=5))
        self.threads = [threading.Thread(target=self._trickle, args=(port,), daemon=True)
                        for _ in range(TRICKLING)]
        for thread in self.threads:
            thread.start()
        time.sleep(1.5)  # every trickler has started its request

    def _trickle(self, port: int) -> None:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            try:
                sock.sendall(b"GET /v1/articles HTTP/1.1\r\nHost: x\r\n")
                n = 0
                while not self.stop.wait(1):
                    sock.sendall(b"X-Slow-%d: y\r\n" % n)
                    n += 1
            except OSError:
                return  # the server closed it: as good as starving no one

    def close(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(5)
        for sock in self.sockets:
            sock.close()


def _reads_under_attack(port: int, article: str) -> tuple[list[float], list[int]]:
    hostile = Hostile(port)
    try:
        times, statuses = [], []
        for n in range(READS):
            status, took, body = _get(port, "/healthz" if n % 4 == 3 else article)
            statuses.append(status)
            times.append(took)
            if status == 200 and n % 4 != 3:
                assert b'"headline"' in body
        return sorted(times), statuses
    finally:
        hostile.close()


def _p99(times: list[float]) -> float:
    return times[min(len(times) - 1, int(len(times) * 0.99))]


def test_slow_and_idle_clients_do_not_stop_reads_on_the_served_configuration(gunicorn,
                                                                              stored):
    times, statuses = _reads_under_attack(gunicorn, stored[1])
    assert statuses == [200] * READS
    assert _p99(times) < 1.0, times


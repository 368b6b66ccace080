"""Slow clients starve no one: with 10 connections trickling header lines and 50 idle ones
open, other clients' article reads stay under a second and /healthz answers, on the
served configuration (gunicorn.conf.py, as `make serve` runs it). The same attack on
`make serve-prod` (nginx in front) is in tests/ops/test_serve_prod.py. A real server on
loopback; every wait is bounded."""

from __future__ import annotations

import http.client
import socket
import threading
import time

import pytest

from tests.servers import free_port, gunicorn

TRICKLING, IDLE, READS = 10, 50, 40


def _get(port: int, path: str) -> tuple[int, float, bytes]:
    began = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, time.monotonic() - began, response.read()
    finally:
        connection.close()


@pytest.fixture
def stored(app, seed) -> tuple[str, str]:
    """The database (SQLite, a file) holding the seed article, and the article's path."""
    url = app.config["DATABASE_URL"]
    if not url.startswith("sqlite:///"):
        pytest.skip("a server of its own on the test's SQLite file")
    app.extensions["store"].close()
    return url, seed["links"]["self"]


@pytest.fixture
def server(stored, tmp_path):
    """gunicorn as gunicorn.conf.py configures it, on the seeded database (no model: the
    reads need none); its port."""
    url, _ = stored
    port = free_port()
    env = {"DATABASE_URL": url, "HOST": "127.0.0.1", "PORT": str(port), "LOAD_MODEL": "0",
           "DEV_MODE": "0", "ACCESS_LOG": "/dev/null", "PROMETHEUS_MULTIPROC_DIR": "",
           "RATELIMIT_ENABLED": "0", "VAR_DIR": str(tmp_path)}
    with gunicorn(["-c", "gunicorn.conf.py", "service.wsgi:app"], env, port, timeout=120):
        yield port


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


def test_slow_and_idle_clients_do_not_stop_reads_on_the_served_configuration(server,
                                                                              stored):
    times, statuses = _reads_under_attack(server, stored[1])
    assert statuses == [200] * READS
    assert _p99(times) < 1.0, times


"""The read-first worker: refused connections held without a thread (reads excepted),
refusals not counted toward recycling, and one worker retiring at a time."""

from __future__ import annotations

import http.client
import multiprocessing
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from service.http.holding import MAX_PEERS, Held
from service.http.worker import Answers, Retirement
from tests.hostile.test_dev_mode import _gunicorn_config

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def turns():
    with tempfile.TemporaryFile() as file:
        yield file


def test_refusals_do_not_count_toward_retiring(turns):
    retirement = Retirement(3, turns)
    for status in ("503 SERVICE UNAVAILABLE", "429 TOO MANY REQUESTS") * 5:
        retirement.count(status)
    assert not retirement.due()
    for status in ("200 OK", "404 NOT FOUND", "201 CREATED"):
        retirement.count(status)
    assert retirement.due()


def _hold_turn(turns, taken, done):
    Retirement(1, turns).take_turn()
    taken.set()
    done.wait(10)


def test_one_process_at_a_time_holds_the_turn_to_retire_until_it_exits(turns):
    context = multiprocessing.get_context("fork")
    taken, done = context.Event(), context.Event()
    other = context.Process(target=_hold_turn, args=(turns, taken, done))
    other.start()
    try:
        assert taken.wait(10)
        assert not Retirement(1, turns).take_turn()
    finally:
        done.set()
        other.join(10)
    assert Retirement(1, turns).take_turn()


def test_the_wrapper_notes_each_threads_last_status_and_counts_it(turns):
    retirement = Retirement(1, turns)

    def app(environ, start_response):
        start_response(environ["answer"], [])
        return [b""]

    answers = Answers(app, retirement)
    answers({"answer": "503 SERVICE UNAVAILABLE"}, lambda *args: None)
    assert answers.last() == "503 SERVICE UNAVAILABLE" and not retirement.due()
    answers({"answer": "200 OK"}, lambda *args: None)
    assert answers.last() == "200 OK" and retirement.due()


def test_held_connections_come_out_by_time_of_release_less_those_let_go_early():
    held = Held(1.0)
    first, second, third = (SimpleNamespace(name=n) for n in ("first", "second", "third"))
    held.hold(first, 11.0, "release first")
    held.hold(third, 11.6, "release third")
    held.hold(second, 10.5, "release second")
    assert held.wait(10.2) == pytest.approx(0.3)
    second.held = False  # its read was served at once
    assert held.due(10.9) == []
    assert held.due(11.05) == [(first, "release first")]
    assert held.due(0.0, everything=True) == [(third, "release third")]
    assert held.wait(12.0) is None


def test_an_address_refused_is_held_until_its_time_and_only_so_many_are_remembered():
    held = Held(2.0)
    held.refused("192.0.2.1", now=100.0)
    held.refused(None, now=100.0)  # a Unix socket has no address to hold
    assert held.peer_until("192.0.2.1", now=101.0) == 102.0
    assert held.peer_until("192.0.2.9", now=101.0) is None
    assert held.peer_until("192.0.2.1", now=102.5) is None
    for n in range(MAX_PEERS + 10):
        held.refused(f"10.0.{n // 256}.{n % 256}", now=200.0)
    assert held.peer_until("10.0.0.0", now=200.0) is None  # the oldest, forgotten
    assert held.peer_until(f"10.0.{(MAX_PEERS + 9) // 256}.{(MAX_PEERS + 9) % 256}",
                           now=200.0) == 202.0


class Gunicorn:
    """gunicorn with the project's configuration serving ``worker_app``."""

    def __init__(self, folder: Path, **env: str) -> None:
        self.log = folder / "gunicorn.log"
        environment = {**os.environ, "PORT": "0", "HOST": "127.0.0.1", "DEV_MODE": "0",
                       "WEB_CONCURRENCY": "1", "THREADS": "2", "LOG_LEVEL": "info",
                       "ACCESS_LOG": "/dev/null", "PROMETHEUS_MULTIPROC_DIR": "", **env}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py",
             "tests.hostile.worker_app:app"], cwd=ROOT, env=environment,
            stdout=self.log.open("wb"), stderr=subprocess.STDOUT)
        self.port = self._port()

    def _port(self) -> int:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", self.text())
            if found and "Booting worker" in self.text():
                return int(found.group(1))
            time.sleep(0.1)
        raise AssertionError(f"gunicorn did not start: {self.text()[-2000:]}")

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture
def serve(tmp_path):
    servers = []

    def start(**env: str) -> Gunicorn:
        servers.append(Gunicorn(tmp_path, **env))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


def _ask(connection, method: str, path: str = "/") -> tuple[int, bytes, float]:
    began = time.monotonic()
    connection.request(method, path, body=b"{}" if method == "POST" else None)
    response = connection.getresponse()
    return response.status, response.read(), time.monotonic() - began


def test_after_a_refusal_the_connections_next_write_waits_but_its_next_read_does_not(serve):
    server = serve(REFUSED_HOLD="3")
    connection = server.connection()
    assert _ask(connection, "POST")[0] == 503
    status, _, took = _ask(connection, "GET")
    assert status == 200 and took < 1.5  # not held: the hold is 3 s
    assert _ask(connection, "POST")[0] == 503
    status, _, took = _ask(connection, "POST", "/?ok")
    assert status == 200 and took >= 2.5  # read only once the hold was over
    status, _, took = _ask(connection, "POST", "/?ok")
    assert status == 200 and took < 1.5  # an accepted request releases nothing later
    connection.close()


def test_after_a_503_a_new_connection_from_the_address_waits_to_write_not_to_read(serve):
    server = serve(REFUSED_HOLD="3")
    refused = server.connection()
    assert _ask(refused, "POST")[0] == 503
    refused.close()
    reader, writer = server.connection(), server.connection()
    status, _, took = _ask(reader, "GET")
    assert status == 200 and took < 1.5
    status, _, took = _ask(writer, "POST", "/?ok")
    assert status == 200 and took >= 2.0  # the rest of the address's hold
    status, _, took = _ask(server.connection(), "POST", "/?ok")
    assert status == 200 and took < 1.5  # the hold is over


def test_refused_requests_do_not_wear_a_worker_out_and_answered_ones_do(serve):
    server = serve(MAX_REQUESTS="3", MAX_REQUESTS_JITTER="0", REFUSED_HOLD="0")

    def pid() -> bytes:
        deadline = time.monotonic() + 60
        while True:  # through the worker's replacement
            try:
                connection = server.connection()
                status, body, _ = _ask(connection, "GET")
                connection.close()
                if status == 200:
                    return body
            except (OSError, http.client.HTTPException):
                if time.monotonic() > deadline:
                    raise
            time.sleep(0.1)

    first = pid()
    connection = server.connection()
    for _ in range(10):
        assert _ask(connection, "POST")[0] == 503
    connection.close()
    assert pid() == first  # two answered requests: not worn out by ten refusals
    # the third answered request retires it; a connection accepted while that request
    # was finishing may still be served by it
    seen = [pid() for _ in range(6)]
    assert set(seen) - {first}, "the worker was not replaced after its third answered request"
    assert "Autorestarting worker after 3 requests" in server.text()


def test_a_stopping_worker_waits_longer_than_the_longest_analysis(monkeypatch):
    monkeypatch.setenv("ANALYSIS_TIMEOUT", "45")
    monkeypatch.setenv("ANALYSIS_QUEUE_WAIT", "3")
    monkeypatch.delenv("GRACEFUL_TIMEOUT", raising=False)
    conf = _gunicorn_config(monkeypatch, "0")
    assert conf.graceful_timeout > 45 + 3


def test_a_client_that_waits_out_the_hold_keeps_its_connection(serve):
    server = serve(REFUSED_HOLD="1")
    connection = server.connection()
    assert _ask(connection, "POST")[0] == 503
    time.sleep(2)  # as Retry-After asks: nothing sent while the connection is held
    status, _, _ = _ask(connection, "POST", "/?ok")
    assert status == 200
    assert connection.sock is not None  # the same connection, kept alive
    connection.close()

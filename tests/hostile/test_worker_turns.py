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

from service.http.worker import Answers, Held, Retirement

ROOT = Path(__file__).resolve().parent.parent.parent


def test_refusals_do_not_count_toward_retiring():
    retirement = Retirement(3, tempfile.TemporaryFile())
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


def test_one_process_at_a_time_holds_the_turn_to_retire_until_it_exits():
    turns = tempfile.TemporaryFile()
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


def test_the_wrapper_notes_each_threads_last_status_and_counts_it():
    retirement = Retirement(1, tempfile.TemporaryFile())

    def app(environ, start_response):
        start_response(environ["answer"], [])
        return [b""]

    answers = Answers(app, retirement)
    answers({"answer": "503 SERVICE UNAVAILABLE"}, lambda *args: None)
    assert answers.last() == "503 SERVICE UNAVAILABLE" and not retirement.due()
    answers({"answer": "200 OK"}, lambda *args: None)
    assert answers.last() == "200 OK" and retirement.due()


def test_held_connections_come_out_in_order_when_due_less_those_let_go_early():
    held = Held(1.0)
    first, second, third = (SimpleNamespace(name=n) for n in ("first", "second", "third"))
    held.hold(first, "f1", now=10.0)
    held.hold(second, "f2", now=10.5)
    held.hold(third, "f3", now=10.6)
    second.held = False  # its read was served at once
    assert held.wait(10.2) == pytest.approx(0.8)
    assert held.due(10.9) == []
    assert held.due(11.55) == [(first, "f1")]
    assert held.due(0.0, everything=True) == [(third, "f3")]
    assert held.wait(12.0) is None


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
    seen = {pid() for _ in range(3)}
    assert seen - {first}, "the worker was not replaced after its third answered request"
    assert "Autorestarting worker after 3 requests" in server.text()

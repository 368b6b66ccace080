"""Real servers for the tests that need a socket: a free loopback port, and the application
under gunicorn, started, waited for and stopped in one place."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(port: int, path: str | None) -> bool:
    """Whether the port takes a connection (``path`` None) or answers ``path`` with 200."""
    try:
        if path is None:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            connection.request("GET", path)
            return connection.getresponse().status == 200
        finally:
            connection.close()
    except OSError:
        return False


@contextmanager
def gunicorn(arguments: Sequence[str], env: dict[str, str], port: int, *,
             ready: str | None = "/healthz", timeout: float = 300) -> Iterator[int]:
    """``python -m gunicorn ARGUMENTS`` from the repository with ``env`` added to the
    environment; yields ``port`` once it is ready (``ready`` answers 200, or the port takes
    connections when None) and stops the server after. A loaded machine loads the model
    slowly, hence the long default wait."""
    # The server's log goes to a file (a pipe nobody reads could fill and block it), read
    # only when the server fails to start.
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen([sys.executable, "-m", "gunicorn", *arguments], cwd=ROOT,
                                   env={**os.environ, **env}, stdout=subprocess.DEVNULL,
                                   stderr=log)
        try:
            deadline = time.monotonic() + timeout
            while not answers(port, ready):
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()
                    log.seek(0)
                    pytest.fail("gunicorn did not start: " + log.read().decode()[-2000:])
                time.sleep(0.2)
            yield port
        finally:
            stop(process)


def stop(process: subprocess.Popen, grace: float = 30) -> None:
    """SIGTERM, then SIGKILL if the process has not ended within ``grace`` seconds."""
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()

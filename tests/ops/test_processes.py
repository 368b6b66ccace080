"""The service's processes stop together and cleanly: on SIGTERM each gets GRACEFUL_TIMEOUT
to finish what it holds (deploy/processes.py), requests in flight are answered, nothing is
left running; with FRONT_PROXY=nginx, nginx serves in front of gunicorn and stops with it."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from service.config import hash_key
from tests.ops.test_start_up import _descendants
from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
KEY = "processes-test-key-0123456789abcdef"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists()
                                  else None)


def _env(**settings) -> dict:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           **settings}
    env.pop("DATABASE_URL", None)
    return env


def _request(url: str, method: str = "GET", body: bytes | None = None,
             headers: dict | None = None):
    """Status, headers and JSON body (None for another body: nginx's own error pages)."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            status, its_headers, raw = response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        status, its_headers, raw = error.code, dict(error.headers), error.read()
    try:
        return status, its_headers, json.loads(raw or b"null")
    except ValueError:
        return status, its_headers, None


def _stopped(process: subprocess.Popen, seconds: float) -> int:
    try:
        return process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        for pid in [*_descendants(process.pid), process.pid]:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        pytest.fail(f"not stopped after {seconds} s")


def test_a_process_slow_to_stop_is_given_the_graceful_timeout(tmp_path):
    marker = tmp_path / "finished"
    procfile = tmp_path / "Procfile"
    # One stops at once; the other needs 7 s to finish after SIGTERM (a wait of 5 s would cut it).
    procfile.write_text(
        f"slow: trap 'sleep 7; echo done > {marker}; exit 0' TERM; sleep 100 & wait\n"
        "quick: exec sleep 100\n")
    log = tmp_path / "log"
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "deploy.processes", str(procfile)],
                                   cwd=ROOT, env=_env(GRACEFUL_TIMEOUT="5"), stdout=out,
                                   stderr=subprocess.STDOUT)
    time.sleep(1.5)
    process.send_signal(signal.SIGTERM)
    _stopped(process, 30)
    assert marker.read_text().strip() == "done", log.read_text()
    assert ": killed" not in log.read_text()


@contextlib.contextmanager
def _started(tmp_path, **settings):
    """deploy/start on a temporary VAR_DIR and port, once ready: (process, url, log).
    Whatever a failed test leaves running is killed."""
    var = tmp_path / "var"
    var.mkdir()
    port = free_port() if not settings.get("FRONT_PROXY") else _free_port_pair()
    env = _env(VAR_DIR=str(var), HOST="127.0.0.1", PORT=str(port), DEV_MODE="0",
               API_KEY_HASHES=hash_key(KEY), WEB_CONCURRENCY="1", **settings)
    log = tmp_path / "log"
    with log.open("wb") as out:
        process = subprocess.Popen([str(ROOT / "deploy" / "start")], env=env, cwd=var,
                                   stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_until_ready(process, f"http://127.0.0.1:{port}", log)
        yield process, f"http://127.0.0.1:{port}", log
    finally:
        for pid in [process.pid, *_descendants(process.pid)]:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        process.wait()


def _wait_until_ready(process: subprocess.Popen, url: str, log: Path) -> None:
    deadline = time.monotonic() + 180
    while True:
        if process.poll() is not None:
            pytest.fail(f"start-up exited {process.returncode}: {log.read_text()[-2000:]}")
        with contextlib.suppress(OSError):
            if _request(url + "/readyz")[0] == 200:
                return
        if time.monotonic() > deadline:
            pytest.fail(f"never ready: {log.read_text()[-2000:]}")
        time.sleep(0.5)


def _free_port_pair() -> int:
    """A port whose next one is free too (nginx on it, gunicorn on the next)."""
    for _ in range(50):
        port = free_port()
        try:
            with socket.socket() as s:
                s.bind(("127.0.0.1", port + 1))
            return port
        except OSError:
            continue
    raise RuntimeError("no two free ports in a row")


def _post_article(url: str, answers: list) -> None:
    article = json.dumps({"text": "Ferries stop as gales hit the coast\n\nBERGEN, March 3 "
                                  "(NTB) - Ferries stopped on Monday as gales of 120 km/h "
                                  "hit the coast, the operator said."}).encode()
    answers.append(_request(url + "/v1/articles", "POST", article,
                            {"Content-Type": "application/json",
                             "Authorization": f"Bearer {KEY}"})[0])


def _stop_during_a_write(process: subprocess.Popen, url: str, log: Path) -> None:
    children = _descendants(process.pid)
    assert any("gunicorn" in c for c in children.values()), children
    assert any("article-api worker" in c for c in children.values()), children
    answers = []
    writer = threading.Thread(target=_post_article, args=(url, answers))
    writer.start()
    time.sleep(0.2)
    process.send_signal(signal.SIGTERM)
    writer.join(60)
    _stopped(process, 90)
    assert answers == [201], log.read_text()[-2000:]
    assert ": killed" not in log.read_text()
    left = [pid for pid in children if Path(f"/proc/{pid}").exists()]
    assert left == [], {pid: children[pid] for pid in left}


def test_the_start_up_stops_gunicorn_and_the_worker_cleanly_answering_writes_in_flight(
        tmp_path):
    with _started(tmp_path) as (process, url, log):
        _stop_during_a_write(process, url, log)


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed here (the container "
                                          "installs Debian's)")
def test_with_nginx_in_front_reads_pass_through_it_and_all_three_stop_cleanly(tmp_path):
    with _started(tmp_path, FRONT_PROXY="nginx") as (process, url, log):
        status, headers, body = _request(url + "/v1/articles")
        assert status == 200 and body["items"], (status, log.read_text()[-3000:])
        assert "X-Cache-Status" in headers  # answered through nginx
        assert any("nginx" in c for c in _descendants(process.pid).values())
        _stop_during_a_write(process, url, log)


def test_dev_mode_is_never_served_behind_the_proxy(tmp_path):
    env = _env(VAR_DIR=str(tmp_path), FRONT_PROXY="nginx", DEV_MODE="1")
    result = subprocess.run([sys.executable, "-m", "deploy.processes"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "DEV_MODE" in result.stderr

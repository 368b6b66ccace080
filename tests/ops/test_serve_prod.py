"""`make serve-prod`, as a user runs it: nginx (deploy/nginx.conf) in front of gunicorn and
the job worker beside them. Slow and idle clients starve no one behind it, and jobs are run
by the worker process, not by the web workers.

The target is run by make itself, on free ports and a temporary VAR_DIR, with its
prerequisites taken as made (``-o install -o proxy-deps``): the test runs in the virtual
environment it was given and never installs anything. Skipped where nginx or make is
missing (`make proxy-deps` installs Debian's nginx)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from service.config import hash_key
from tests.hostile.test_slow_clients import READS, _p99, _reads_under_attack
from tests.ops.test_processes import NGINX, ROOT, _free_port_pair, _request, _wait_until_ready
from tests.ops.test_start_up import KEY, _descendants, assert_jobs_run_in_the_worker_process

pytestmark = [
    pytest.mark.skipif(NGINX is None, reason="nginx is not installed here (make proxy-deps)"),
    pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed here"),
]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`make serve-prod` once ready: its URL, the make process and the log."""
    var = tmp_path_factory.mktemp("var")
    port = _free_port_pair()
    # The target puts the environment's programs on PATH itself; its own settings decide.
    env = {key: value for key, value in os.environ.items()
           if key not in ("DATABASE_URL", "DEV_MODE", "FRONT_PROXY")}
    env.update(VAR_DIR=str(var), HOST="127.0.0.1", PORT=str(port), VENV=sys.prefix,
               API_KEY_HASHES=hash_key(KEY), WEB_CONCURRENCY="1")
    log = var / "serve-prod.log"
    with log.open("wb") as out:
        process = subprocess.Popen(["make", "--no-print-directory", "-o", "install",
                                    "-o", "proxy-deps", "serve-prod"], cwd=ROOT, env=env,
                                   stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_ready(process, url, log)
        yield {"url": url, "pid": process.pid, "log": log}
    finally:
        _stop(process)


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM to make's process group (make, and deploy/start, which stops the rest);
    whatever still runs a minute later is killed."""
    started = _descendants(process.pid)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and any(os.path.exists(f"/proc/{pid}")
                                              for pid in started):
        time.sleep(0.2)
    for pid in [*started, process.pid]:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    process.wait()


def _article(url: str) -> str:
    status, _, body = _request(url + "/v1/articles")
    assert status == 200 and body["items"], (status, body)
    return body["items"][0]["links"]["self"]


def test_serve_prod_runs_nginx_in_front_of_gunicorn_without_the_development_mode(served):
    commands = _descendants(served["pid"]).values()
    assert any("nginx" in c for c in commands), commands
    assert any("gunicorn" in c for c in commands), commands
    status, headers, body = _request(served["url"] + "/readyz")
    assert status == 200 and body["dev_mode"] is False, body
    assert "X-Cache-Status" in headers  # answered through nginx
    article = b'{"text": "Gales close the port\\n\\nBERGEN, March 3 (NTB) - The port closed."}'
    status, _, problem = _request(served["url"] + "/v1/articles", "POST", article,
                                  {"Content-Type": "application/json"})
    assert status == 401 and problem["status"] == 401  # no write without a key


def test_slow_and_idle_clients_do_not_stop_reads_behind_serve_prod(served):
    times, statuses = _reads_under_attack(int(served["url"].rpartition(":")[2]),
                                          _article(served["url"]))
    assert statuses == [200] * READS, statuses  # /healthz among them
    assert _p99(times) < 1.0, times


def test_a_job_is_run_by_the_worker_process_of_serve_prod(served):
    assert_jobs_run_in_the_worker_process(served, served["log"])


def test_a_body_nginx_keeps_in_a_file_reaches_the_service(served):
    """A body over nginx's memory buffer (16 KB) goes through a temporary file under VAR_DIR,
    which nginx's workers must be able to write, whoever started them."""
    paragraph = ("The harbour board of Westmere approved a ferry terminal on Monday at a cost "
                 "of 12 million pounds, its chair said.")
    text = "Westmere approves a ferry terminal\n\n" + "\n\n".join([paragraph] * 160)
    body = json.dumps({"text": text}).encode()
    assert len(body) > 16 * 1024
    status, _, answer = _request(served["url"] + "/v1/articles", "POST", body,
                                 {"Content-Type": "application/json",
                                  "Authorization": f"Bearer {KEY}"})
    assert status in (200, 201), answer
    assert answer["headline"] == "Westmere approves a ferry terminal"
    assert "Permission denied" not in served["log"].read_text(errors="replace")

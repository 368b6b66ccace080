"""The container's start-up script and health probe, run as the image runs them."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from service.keys import hash_key

ROOT = Path(__file__).resolve().parents[2]
KEY = "start-up-test-key-0123456789abcdef"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(url: str, method: str = "GET", body: bytes | None = None,
             headers: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """deploy/start on a temporary VAR_DIR and port, writes keyed as in the image."""
    var = tmp_path_factory.mktemp("var")
    port = _free_port()
    env = {**os.environ, "VAR_DIR": str(var), "HOST": "127.0.0.1", "PORT": str(port),
           "DEV_MODE": "0", "API_KEY_HASHES": hash_key(KEY), "WEB_CONCURRENCY": "1",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env.pop("DATABASE_URL", None)
    process = subprocess.Popen([str(ROOT / "deploy" / "start")], env=env, cwd=var,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    probe = [str(ROOT / "deploy" / "healthcheck")]
    deadline = time.monotonic() + 180
    try:
        while subprocess.run(probe, env=env, capture_output=True).returncode != 0:
            if process.poll() is not None:
                pytest.fail(f"start-up exited {process.returncode}: "
                            f"{process.stderr.read().decode()[-2000:]}")
            if time.monotonic() > deadline:
                pytest.fail("the health probe never passed")
            time.sleep(0.5)
        yield {"url": f"http://127.0.0.1:{port}", "var": var, "env": env}
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def test_the_start_up_migrates_loads_the_fixtures_and_serves_them(server):
    status, body = _request(server["url"] + "/v1/articles")
    assert status == 200
    assert [item["id"][:11] for item in body["items"]] == ["2023-05-17-"]
    assert (server["var"] / "articles.sqlite3").is_file()


def test_the_health_probe_reads_readiness_on_the_configured_port(server):
    status, body = _request(server["url"] + "/readyz")
    assert status == 200 and body["dev_mode"] is False
    elsewhere = {**server["env"], "PORT": str(_free_port())}
    probe = subprocess.run([str(ROOT / "deploy" / "healthcheck")], env=elsewhere,
                           capture_output=True, text=True)
    assert probe.returncode == 1 and "not ready" in probe.stderr


def test_writes_need_the_configured_key(server):
    article = json.dumps({"text": "Storm closes ports\n\nOSLO, March 3 (NTB) - Ferries "
                                  "stopped on Monday as gales of 120 km/h hit the coast."})
    headers = {"Content-Type": "application/json"}
    status, problem = _request(server["url"] + "/v1/articles", "POST", article.encode(), headers)
    assert status == 401 and problem["status"] == 401
    status, stored = _request(server["url"] + "/v1/articles", "POST", article.encode(),
                              {**headers, "Authorization": f"Bearer {KEY}"})
    assert status == 201 and stored["headline"] == "Storm closes ports"

"""The container's start-up script and health probe, run as the image runs them."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from service.config import hash_key
from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
KEY = "start-up-test-key-0123456789abcdef"


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
    port = free_port()
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
        yield {"url": f"http://127.0.0.1:{port}", "var": var, "env": env,
               "pid": process.pid}
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
    elsewhere = {**server["env"], "PORT": str(free_port())}
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


def _descendants(pid: int) -> dict[int, str]:
    """The command line of every process below ``pid``."""
    parents, commands = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_bytes()
            commands[int(entry.name)] = (entry / "cmdline").read_bytes().replace(
                b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        parents[int(entry.name)] = int(stat.rsplit(b")", 1)[1].split()[1])
    found, frontier = {}, [pid]
    while frontier:
        parent = frontier.pop()
        for child, its_parent in parents.items():
            if its_parent == parent and child not in found:
                found[child] = commands.get(child, "")
                frontier.append(child)
    return found


def _job(server, number: int) -> str:
    lines = "".join(json.dumps({"text": f"Harbour {name} reopens\n\nBERGEN, May {n} (NTB) - "
                                        f"The harbour of {name} reopened on Monday, "
                                        f"officials said."}) + "\n"
                    for n, name in ((number, "Alda"), (number + 1, "Brekke")))
    status, job = _request(server["url"] + "/v1/jobs", "POST", lines.encode(),
                           {"Content-Type": "application/x-ndjson",
                            "Authorization": f"Bearer {KEY}"})
    assert status == 202, job
    return f"{server['url']}/v1/jobs/{job['id']}"


def _status_after(location: str, seconds: float) -> dict:
    deadline = time.monotonic() + seconds
    while True:
        job = _request(location, headers={"Authorization": f"Bearer {KEY}"})[1]
        if job["status"] not in ("queued", "running") or time.monotonic() > deadline:
            return job
        time.sleep(0.2)


def assert_jobs_run_in_the_worker_process(server: dict, log: Path | None = None) -> None:
    """The one `article-api worker` of ``server`` (its "pid" and "url") runs its jobs: while
    it is stopped a job stays queued (the web workers run none), and once it goes on the
    job is done."""
    workers = [pid for pid, command in _descendants(server["pid"]).items()
               if "article-api worker" in command]
    assert len(workers) == 1, _descendants(server["pid"])
    os.kill(workers[0], signal.SIGSTOP)
    try:
        location = _job(server, 1)
        assert _status_after(location, 3)["status"] == "queued"
    finally:
        os.kill(workers[0], signal.SIGCONT)
    job = _status_after(location, 120)
    assert (job["status"], job["ingested"]) == ("done", 2), (
        job, log.read_text()[-2000:] if log else "")


def test_jobs_are_run_by_the_worker_process_started_beside_gunicorn(server):
    assert_jobs_run_in_the_worker_process(server)

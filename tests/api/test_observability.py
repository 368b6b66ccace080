"""Request ids, JSON logs and Prometheus metrics."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import os
import re
import runpy
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from service.web.observability import RequestIdFilter, json_formatter

ROOT = Path(__file__).resolve().parents[2]
HEX_ID = re.compile(r"[0-9a-f]{32}")


# -- request ids -----------------------------------------------------------------------------

def test_a_request_without_an_id_gets_a_new_one(client):
    first, second = client.get("/healthz"), client.get("/healthz")
    assert HEX_ID.fullmatch(first.headers["X-Request-ID"])
    assert first.headers["X-Request-ID"] != second.headers["X-Request-ID"]
    assert first.get_json() == {"status": "ok"}


@pytest.mark.parametrize("given", ["abc-123", "req.2026_11_27-0001", "A" * 128])
def test_a_sane_request_id_is_echoed(client, given):
    response = client.get("/v1/articles", headers={"X-Request-ID": given})
    assert response.headers["X-Request-ID"] == given
    assert response.get_json()["total"] == 0


@pytest.mark.parametrize("given", ["A" * 129, "has space", "<script>", "semi;colon", "é"])
def test_an_odd_request_id_is_replaced(client, given):
    response = client.get("/healthz", headers={"X-Request-ID": given})
    assert HEX_ID.fullmatch(response.headers["X-Request-ID"])


def test_error_answers_carry_the_request_id_too(client):
    response = client.get("/v1/articles/nope", headers={"X-Request-ID": "trace-404"})
    assert response.status_code == 404
    assert response.get_json()["detail"] == "No article with id 'nope'."
    assert response.headers["X-Request-ID"] == "trace-404"


# -- JSON logs ---------------------------------------------------------------------------------

@pytest.fixture
def json_log():
    """Everything logged to the root logger, as JSON lines."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(json_formatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)


def test_a_failure_is_logged_as_json_with_the_request_id(app, client, json_log):
    def explode():
        raise RuntimeError("database password is hunter2")

    app.add_url_rule("/v1/explode", "explode", explode)
    response = client.get("/v1/explode", headers={"X-Request-ID": "trace-500"})
    assert response.status_code == 500
    body = response.get_json()
    assert body["detail"] == "The service failed to answer this request."
    assert "hunter2" not in response.get_data(as_text=True)
    [record] = [r for r in json_log() if r["logger"] == "service.web.errors"]
    assert record["request_id"] == "trace-500"
    assert record["level"] == "ERROR"
    assert "GET /v1/explode" in record["message"]
    assert "RuntimeError" in record["exc_info"]
    dt.datetime.strptime(record["time"], "%Y-%m-%dT%H:%M:%S%z")


def test_records_outside_a_request_have_a_null_request_id(json_log):
    logging.getLogger("service.test").warning("starting", extra={"port": 8000})
    [record] = json_log()
    assert record["message"] == "starting"
    assert record["request_id"] is None
    assert record["port"] == 8000


def test_the_application_turns_console_logs_into_json(migrated_url):
    from service.app import create_app
    from service.web.security import warn_about_write_access

    stream = io.StringIO()
    console = logging.StreamHandler(stream)
    root = logging.getLogger()
    root.addHandler(console)
    try:
        app = create_app({"DATABASE_URL": migrated_url, "DEV_MODE": True, "TESTING": True,
                          "RATELIMIT_ENABLED": False})
        warn_about_write_access(app)
        app.extensions["store"].close()
    finally:
        root.removeHandler(console)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert any(line["message"].startswith("DEV_MODE is on") for line in lines)
    assert all({"time", "level", "logger", "message", "request_id"} <= set(line)
               for line in lines)


# -- gunicorn ----------------------------------------------------------------------------------

def load_gunicorn_conf(monkeypatch, **env) -> dict:
    monkeypatch.setenv("WEB_CONCURRENCY", "1")  # no multiprocess metrics dir in the tests
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_gunicorn_writes_one_json_access_record_per_request(monkeypatch, capsys):
    from gunicorn.config import Config

    conf = load_gunicorn_conf(monkeypatch)
    cfg = Config()
    cfg.set("accesslog", "-")
    logger = conf["JsonLogger"](cfg)
    response = SimpleNamespace(status="404 NOT FOUND", sent=123,
                               headers=[("Content-Type", "application/problem+json"),
                                        ("X-Request-ID", "trace-gunicorn")])
    environ = {"REMOTE_ADDR": "127.0.0.1", "REQUEST_METHOD": "GET",
               "PATH_INFO": '/v1/articles/"quoted"\\', "QUERY_STRING": "page=2",
               "HTTP_USER_AGENT": "curl/8"}
    logger.access(response, None, environ, dt.timedelta(milliseconds=12.5))
    record = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert record["request_id"] == "trace-gunicorn"
    assert record["status"] == 404
    assert record["path"] == '/v1/articles/"quoted"\\'
    assert record["query"] == "page=2"
    assert record["duration_ms"] == 12.5
    assert record["bytes"] == 123


def test_gunicorn_binds_host_and_port_and_refuses_dev_mode_on_a_public_host(monkeypatch):
    from types import SimpleNamespace

    conf = load_gunicorn_conf(monkeypatch, DEV_MODE="1", HOST="0.0.0.0", PORT="8123")
    assert conf["bind"] == "0.0.0.0:8123"
    with pytest.raises(SystemExit, match="refusing to serve it on \\('0.0.0.0', 8123\\)"):
        conf["on_starting"](SimpleNamespace(cfg=SimpleNamespace(bind=[conf["bind"]])))
    conf = load_gunicorn_conf(monkeypatch, DEV_MODE="1", HOST="127.0.0.1")
    conf["on_starting"](SimpleNamespace(cfg=SimpleNamespace(bind=[conf["bind"]])))
    assert conf["bind"].startswith("127.0.0.1:")


# -- metrics -----------------------------------------------------------------------------------

def sample(metrics: str, name: str, **labels) -> float:
    wanted = ",".join(f'{k}="{v}"' for k, v in labels.items())
    pattern = re.escape(f"{name}{{{wanted}}}" if labels else name) + r" ([0-9.e+]+)"
    found = re.search(pattern, metrics)
    return float(found.group(1)) if found else 0.0


def test_metrics_count_requests_by_route_rule_not_raw_path(client, seed):
    for path in (f"/v1/articles/{seed['id']}", "/v1/articles/nope", "/v1/no/such/thing"):
        client.get(path)
    analyzed = client.post("/v1/analyze", json={"text": "Metrics test: output rose 4.2% in May.",
                                                "format": "plain"})
    assert analyzed.status_code == 200
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain; version=")
    metrics = response.get_data(as_text=True)
    rule = "/v1/articles/<article_id>"
    assert sample(metrics, "http_requests_total", method="GET", route=rule, status="200") == 1
    assert sample(metrics, "http_requests_total", method="GET", route=rule, status="404") == 1
    assert sample(metrics, "http_requests_total", method="GET", route="<unmatched>",
                  status="404") == 1
    assert sample(metrics, "http_requests_total", method="POST", route="/v1/articles",
                  status="201") == 1
    assert seed["id"] not in metrics and "nope" not in metrics
    assert sample(metrics, "http_request_duration_seconds_count", method="GET",
                  route=rule) == 2
    assert 'http_request_duration_seconds_bucket{le="0.005",method="GET",' in metrics
    # The seed's analysis may be remembered from an earlier test (conftest); this one is new.
    assert sample(metrics, "article_analysis_duration_seconds_count") >= 1
    assert sample(metrics, "article_analysis_duration_seconds_sum") > 0


MULTIPROCESS_SCRIPT = """
import os, sys
from service.app import create_app
app = create_app({"DATABASE_URL": sys.argv[1], "DEV_MODE": True, "RATELIMIT_ENABLED": False,
                  "LOAD_MODEL": False})
if os.fork() == 0:  # a second worker
    app.test_client().get("/healthz")
    os._exit(0)
os.wait()
client = app.test_client()
client.get("/healthz")
sys.stdout.write(client.get("/metrics").get_data(as_text=True))
"""


def test_with_a_multiprocess_dir_metrics_add_up_every_worker(tmp_path):
    directory = tmp_path / "metrics"
    directory.mkdir()
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(directory)}
    result = subprocess.run(
        [sys.executable, "-c", MULTIPROCESS_SCRIPT, f"sqlite:///{tmp_path / 'db.sqlite3'}"],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=True)
    assert sample(result.stdout, "http_requests_total", method="GET", route="/healthz",
                  status="200") == 2
    assert len(list(directory.glob("counter_*.db"))) == 2

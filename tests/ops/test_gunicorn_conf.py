"""gunicorn's configuration: gunicorn's own worker class, every value from the service's
configuration."""

from __future__ import annotations

import runpy
from pathlib import Path

import gunicorn.workers

ROOT = Path(__file__).resolve().parents[2]


def _conf(monkeypatch, **env: str) -> dict:
    monkeypatch.setenv("WEB_CONCURRENCY", "1")
    # Set here, so that several workers do not make gunicorn.conf.py set it for good.
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", "/nonexistent/metrics")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_the_worker_class_is_one_of_gunicorns_own(monkeypatch):
    conf = _conf(monkeypatch)
    assert conf["worker_class"] in gunicorn.workers.SUPPORTED_WORKERS
    assert "post_worker_init" not in conf and "worker_exit" not in conf


def test_every_setting_comes_from_the_service_configuration(monkeypatch):
    conf = _conf(monkeypatch, HOST="127.0.0.2", PORT="8123", WEB_CONCURRENCY="3",
                 THREADS="7", GUNICORN_TIMEOUT="33", MAX_REQUESTS="50",
                 MAX_REQUESTS_JITTER="5", BACKLOG="64", LOG_LEVEL="WARNING")
    assert conf["bind"] == "127.0.0.2:8123"
    assert (conf["workers"], conf["threads"], conf["timeout"]) == (3, 7, 33)
    assert (conf["max_requests"], conf["max_requests_jitter"], conf["backlog"]) == (50, 5, 64)
    assert conf["loglevel"] == "warning"


def test_a_stopping_worker_waits_longer_than_the_longest_analysis(monkeypatch):
    monkeypatch.delenv("GRACEFUL_TIMEOUT", raising=False)
    conf = _conf(monkeypatch, ANALYSIS_TIMEOUT="45", ANALYSIS_QUEUE_WAIT="3")
    assert conf["graceful_timeout"] > 45 + 3
    assert _conf(monkeypatch, GRACEFUL_TIMEOUT="7")["graceful_timeout"] == 7


def test_by_default_most_threads_may_wait_on_analyses_and_some_are_left_for_reads(
        monkeypatch):
    """Waiting costs no CPU, a refusal does: a worker lets most of its threads wait on
    analyses (a client retrying at once then waits) and keeps a fixed share for reads."""
    for name in ("THREADS", "ANALYSIS_CONCURRENCY", "ANALYSIS_QUEUE"):
        monkeypatch.delenv(name, raising=False)
    conf = _conf(monkeypatch)
    settings = conf["settings"]
    waiting = settings.ANALYSIS_CONCURRENCY + settings.ANALYSIS_QUEUE
    assert conf["threads"] - waiting >= 16
    assert waiting >= conf["threads"] // 2

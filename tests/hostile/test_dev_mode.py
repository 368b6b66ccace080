"""DEV_MODE (writes without a key) only on the addresses actually bound, and only for
requests from this machine: in gunicorn's configuration and in the application."""

from __future__ import annotations

import importlib.util
import socket
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.conftest import assert_problem

ROOT = Path(__file__).resolve().parent.parent.parent
TEXT = "Library extends hours\n\nThe library will open until 9 pm from Monday, it said.\n"


def _gunicorn_config(monkeypatch, dev_mode: str):
    monkeypatch.setenv("DEV_MODE", dev_mode)
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", "")
    spec = importlib.util.spec_from_file_location("gunicorn_conf_under_test",
                                                  ROOT / "gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("bind", [["0.0.0.0:8200"], ["127.0.0.1:8000", "[::]:8000"],
                                  ["192.0.2.7:80"], ["example.org:80"]])
def test_gunicorn_refuses_dev_mode_on_any_public_bind(monkeypatch, bind):
    conf = _gunicorn_config(monkeypatch, "1")
    with pytest.raises(SystemExit, match="DEV_MODE accepts writes without an API key"):
        conf.on_starting(SimpleNamespace(cfg=SimpleNamespace(bind=bind)))


@pytest.mark.parametrize("bind", [["127.0.0.1:8000"], ["[::1]:8000", "localhost:9000"],
                                  ["unix:/tmp/article-api.sock"]])
def test_gunicorn_serves_dev_mode_on_loopback_and_unix_sockets(monkeypatch, bind):
    conf = _gunicorn_config(monkeypatch, "1")
    conf.on_starting(SimpleNamespace(cfg=SimpleNamespace(bind=bind)))


def test_gunicorn_checks_the_sockets_it_actually_listens_on(monkeypatch):
    conf = _gunicorn_config(monkeypatch, "1")
    public = socket.socket()
    public.bind(("0.0.0.0", 0))
    local = socket.socket()
    local.bind(("127.0.0.1", 0))
    try:
        conf.when_ready(SimpleNamespace(LISTENERS=[SimpleNamespace(sock=local)]))
        with pytest.raises(SystemExit, match="0.0.0.0"):
            conf.when_ready(SimpleNamespace(LISTENERS=[SimpleNamespace(sock=local),
                                                       SimpleNamespace(sock=public)]))
    finally:
        public.close()
        local.close()


def test_gunicorn_without_dev_mode_binds_anywhere(monkeypatch):
    conf = _gunicorn_config(monkeypatch, "0")
    conf.on_starting(SimpleNamespace(cfg=SimpleNamespace(bind=["0.0.0.0:8200"])))


def test_dev_mode_takes_writes_from_this_machine(client):
    response = client.post("/v1/articles", data=TEXT, content_type="text/plain",
                           environ_overrides={"REMOTE_ADDR": "127.0.0.1"})
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["headline"] == "Library extends hours"


@pytest.mark.parametrize("environ", [{"REMOTE_ADDR": "203.0.113.9"},
                                     {"REMOTE_ADDR": "10.1.2.3"},
                                     {"REMOTE_ADDR": "127.0.0.1", "SERVER_NAME": "0.0.0.0"},
                                     {"REMOTE_ADDR": "::1", "SERVER_NAME": "192.0.2.1"}])
def test_dev_mode_wants_a_key_from_elsewhere_or_on_a_public_bind(client, environ):
    response = client.post("/v1/articles", data=TEXT, content_type="text/plain",
                           environ_overrides=environ)
    assert_problem(response, 401)
    assert client.get("/v1/articles").get_json()["total"] == 0
    deleted = client.delete("/v1/articles/anything", environ_overrides=environ)
    assert_problem(deleted, 401)

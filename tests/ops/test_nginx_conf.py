"""deploy/nginx.conf: refused writes stay out of the error log, writes past a burst are
paced rather than refused, and upstream connections are never reused as gunicorn closes them."""

from __future__ import annotations

import re
from pathlib import Path

CONF = (Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf").read_text()
LEVELS = ["debug", "info", "notice", "warn", "error", "crit", "alert", "emerg"]


def _directive(name: str) -> list[str]:
    return re.findall(rf"^\s*{name}\s+([^;]+);", CONF, re.M)


def test_refused_writes_are_logged_below_the_error_log_level():
    (error_log,) = _directive("error_log")
    logged = error_log.split()[-1]
    (refusals,) = _directive("limit_req_log_level")
    assert LEVELS.index(refusals) < LEVELS.index(logged), (refusals, logged)


def test_every_write_method_is_limited_and_refused_with_429():
    assert _directive("limit_req_status") == ["429"]
    limited = re.search(r"map \$request_method \$write_client \{(.*?)\}", CONF, re.S)[1]
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        assert f"{method} $binary_remote_addr;" in limited, method


def test_writes_past_the_first_few_of_a_burst_wait_rather_than_being_refused():
    """A client that retries at once is paced (its requests wait in nginx, costing nothing)
    instead of being answered 429 at once, over and over, at the machine's expense."""
    (limit,) = _directive("limit_req")
    words = dict(w.split("=", 1) for w in limit.split() if "=" in w)
    assert "nodelay" not in limit.split()
    assert int(words["delay"]) < int(words["burst"])
    assert int(words["burst"]) >= 64  # a client's usual connections all wait


def test_kept_alive_upstream_connections_close_before_gunicorn_closes_them():
    """nginx must not send a request on a connection gunicorn is closing: a POST lost that
    way is answered 502 (nginx retries no non-idempotent request)."""
    gunicorn_conf = (Path(__file__).resolve().parents[2] / "gunicorn.conf.py").read_text()
    gunicorn_keepalive = int(re.search(r"^keepalive = (\d+)$", gunicorn_conf, re.M)[1])
    upstream = re.search(r"upstream service \{(.*?)\}", CONF, re.S)[1]
    seconds = re.search(r"keepalive_timeout (\d+)s;", upstream)
    assert seconds and int(seconds[1]) < gunicorn_keepalive
    assert _directive("proxy_http_version") == ["1.1"]

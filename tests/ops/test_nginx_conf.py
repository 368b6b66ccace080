"""deploy/nginx.conf: a write refused by its limit is not written to the error log, whose
level is above the refusals' (a client retrying at once would write a line per refusal)."""

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

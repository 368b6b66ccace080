"""The answers gunicorn makes itself, before the application sees a request (400, 414,
431, 501), as problem+json like every other error: ``install`` replaces
``gunicorn.util.write_error`` (from the server's configuration).
"""

from __future__ import annotations

import orjson

PROBLEM_MIMETYPE = "application/problem+json"
_DETAILS = {
    400: "The request could not be parsed (its request line, headers or framing).",
    414: "The request line (method, path and query) is longer than the server accepts.",
    417: "The Expect header asks for what the server does not do.",
    431: "The request's header fields are larger than the server accepts.",
    501: "The request uses a transfer coding the server does not implement.",
}


def problem_bytes(status: int, reason: str) -> bytes:
    body = orjson.dumps({"type": "about:blank", "title": reason, "status": status,
                         "detail": _DETAILS.get(status, reason)})
    head = (f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\n"
            f"Content-Type: {PROBLEM_MIMETYPE}\r\nContent-Length: {len(body)}\r\n\r\n")
    return head.encode("latin-1") + body


def write_problem(sock, status_int: int, reason: str, mesg: str) -> None:
    """``gunicorn.util.write_error`` as a problem (``mesg`` may quote the request: it is
    logged by gunicorn, not echoed)."""
    from gunicorn import util

    util.write_nonblock(sock, problem_bytes(int(status_int), str(reason)))


def install() -> None:
    from gunicorn import util

    util.write_error = write_problem

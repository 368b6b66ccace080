"""Uploads cut short: a body that ends before its declared Content-Length is never stored,
for articles and for jobs, behind gunicorn (whose body reader ends a cut body as if it
were whole) on a real socket."""

from __future__ import annotations

import http.client
import json
import socket

import pytest

from tests.servers import free_port, gunicorn

ARTICLE = {"text": "Harbour board approves a ferry terminal\n\n"
                   + "The harbour board of Westmere approved a ferry terminal on Monday at a "
                     "cost of 12 million pounds, its chair said.\n\n" * 40
                   + "The vote ends a dispute of four years."}
JOB_LINES = b"".join(json.dumps({"text": f"Quarry reopens\n\nThe quarry at Tallow Ridge "
                                         f"reopened on Friday, employing {n} people."}).encode()
                     + b"\n" for n in range(60, 140))


@pytest.fixture
def server(migrated_url, tmp_path):
    """The application under gunicorn (no configuration file but its own worker and
    threads), on a loopback port."""
    port = free_port()
    (tmp_path / "gunicorn.conf.py").write_text("")
    env = {"DATABASE_URL": migrated_url, "DEV_MODE": "1", "LOG_LEVEL": "WARNING",
           "RATELIMIT_ENABLED": "0", "JOBS_DIR": str(tmp_path / "jobs"),
           "VAR_DIR": str(tmp_path / "var"), "ANALYSIS_NICE": "0"}
    with gunicorn(["-c", str(tmp_path / "gunicorn.conf.py"), "-b", f"127.0.0.1:{port}",
                   "-w", "1", "-k", "gthread", "--threads", "4", "--timeout", "120",
                   "service.wsgi:app"], env, port) as served:
        yield served


def _get(port: int, path: str) -> tuple[int, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"null")
    finally:
        connection.close()


def _post(port: int, path: str, content_type: str, body: bytes, *,
          declared: int | None = None) -> tuple[int | None, bytes]:
    """Send ``body`` with ``declared`` as its Content-Length (its own length by default),
    then stop sending; the status and body of the answer, or None when the connection
    was dropped without one."""
    head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(body) if declared is None else declared}\r\n"
            "Connection: close\r\n\r\n").encode()
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.sendall(head + body)
        sock.shutdown(socket.SHUT_WR)  # nothing more will come
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    if not answer:
        return None, b""
    status_line, _, rest = answer.partition(b"\r\n")
    return int(status_line.split()[1]), rest.partition(b"\r\n\r\n")[2]


@pytest.mark.parametrize("content_type, encode", [
    ("text/plain", lambda article: article["text"].encode()),
    ("application/json", lambda article: json.dumps(article).encode()),
])
def test_an_article_cut_short_is_refused_and_nothing_is_stored(server, content_type, encode):
    body = encode(ARTICLE)
    for declared, cut_at in ((len(body) * 2, len(body)), (len(body), len(body) // 2),
                             (len(body), len(body) - 1)):
        status, answer = _post(server, "/v1/articles", content_type, body[:cut_at],
                               declared=declared)
        assert status in (None, 400), answer[:300]
        if status == 400:
            assert b"Content-Length" in answer
        assert _get(server, "/v1/articles")[1]["total"] == 0

    status, answer = _post(server, "/v1/articles", content_type, body)
    assert status == 201, answer[:300]
    assert _get(server, "/v1/articles")[1]["total"] == 1


def test_a_job_upload_cut_short_is_refused_and_no_job_is_made(server):
    for cut_at in (len(JOB_LINES) // 2, JOB_LINES.index(b"\n", 2000) + 1):
        status, answer = _post(server, "/v1/jobs", "application/x-ndjson",
                               JOB_LINES[:cut_at], declared=len(JOB_LINES))
        assert status in (None, 400), answer[:300]
        assert _get(server, "/v1/jobs")[1]["total"] == 0

    status, answer = _post(server, "/v1/jobs", "application/x-ndjson", JOB_LINES)
    assert status == 202, answer[:300]
    listing = _get(server, "/v1/jobs")[1]
    assert listing["total"] == 1 and listing["items"][0]["total"] == 80

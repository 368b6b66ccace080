"""Every error is a problem: a body in a content coding or a JSON charset the service does
not read is 415 before any view reads it; a body whose chunked framing is malformed is 400
and its connection closed, behind gunicorn on a real socket."""

from __future__ import annotations

import json
import socket

import pytest

from tests.conftest import assert_problem
from tests.servers import free_port, gunicorn

ARTICLE = {"text": "Bridge reopens\n\nThe Elmford bridge reopened on Tuesday, the council "
                   "said."}
WRITES = [("/v1/articles", "POST"), ("/v1/analyze", "POST"), ("/v1/jobs", "POST")]


@pytest.mark.parametrize("coding", ["gzip", "br", "deflate", "compress", "x-gzip",
                                    "identity, gzip", "zstd", "GZIP"])
@pytest.mark.parametrize(("path", "method"), WRITES)
def test_a_coded_body_is_415_naming_what_is_taken(client, coding, path, method):
    response = client.open(path, method=method, data=json.dumps(ARTICLE),
                           content_type="application/json",
                           headers={"Content-Encoding": coding})
    assert_problem(response, 415)
    assert response.headers["Accept-Encoding"] == "identity"


def test_an_identity_coding_is_read(client):
    response = client.post("/v1/analyze", data=json.dumps(ARTICLE),
                           content_type="application/json",
                           headers={"Content-Encoding": "identity"})
    assert response.status_code == 200, response.get_json()


@pytest.mark.parametrize("charset", ["cp500", "latin-1", "utf-16", "utf-32", "ascii",
                                     "x-unknown", "utf-8-sig"])
@pytest.mark.parametrize(("path", "method"), WRITES)
def test_json_in_a_charset_other_than_utf8_is_415(client, charset, path, method):
    response = client.open(path, method=method, data=json.dumps(ARTICLE).encode(),
                           content_type=f"application/json; charset={charset}")
    assert "UTF-8" in assert_problem(response, 415)["detail"]


@pytest.mark.parametrize("charset", ["utf-8", "UTF-8", "utf8"])
def test_json_in_utf8_by_any_name_is_read(client, charset):
    response = client.post("/v1/analyze", data=json.dumps(ARTICLE).encode(),
                           content_type=f"application/json; charset={charset}")
    assert response.status_code == 200, response.get_json()


# -- behind gunicorn ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The application under gunicorn on an empty SQLite database, without the model (the
    body is refused before any analysis)."""
    from tests.conftest import upgrade_database

    tmp = tmp_path_factory.mktemp("framing")
    url = f"sqlite:///{tmp / 'articles.db'}"
    upgrade_database(url)
    port = free_port()
    (tmp / "gunicorn.conf.py").write_text("")
    env = {"DATABASE_URL": url, "DEV_MODE": "1", "LOG_LEVEL": "WARNING",
           "RATELIMIT_ENABLED": "0", "LOAD_MODEL": "0", "JOBS_DIR": str(tmp / "jobs"),
           "VAR_DIR": str(tmp / "var")}
    with gunicorn(["-c", str(tmp / "gunicorn.conf.py"), "-b", f"127.0.0.1:{port}", "-w", "1",
                   "-k", "gthread", "--threads", "2", "service.wsgi:app"], env, port,
                  ready=None) as served:
        yield served


def _exchange(port: int, raw: bytes) -> tuple[bytes, bool]:
    """Send ``raw`` on a fresh connection: the answer, and whether the server closed the
    connection after it (a second request on it gets nothing)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(raw)
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
        head, _, body = answer.partition(b"\r\n\r\n")
        length = int(next((line.split(b":")[1] for line in head.split(b"\r\n")
                           if line.lower().startswith(b"content-length:")), b"0"))
        while len(body) < length:
            chunk = sock.recv(65536)
            if not chunk:
                break
            body += chunk
        try:
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            closed = sock.recv(65536) == b""
        except OSError:
            closed = True
        return head + b"\r\n\r\n" + body, closed


def _chunked(path: str, chunks: bytes) -> bytes:
    return (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Transfer-Encoding: chunked\r\n\r\n").encode() + chunks


FRAMINGS = {
    "size not hex": b"zz\r\n{}\r\n0\r\n\r\n",
    "size with sign": b"-5\r\n{}\r\n0\r\n\r\n",
    "size with a space inside": b"1 0\r\n{}\r\n0\r\n\r\n",
    "bare CR in an extension": b"2;a\rb\r\n{}\r\n0\r\n\r\n",
    "extension over its bound": b"2;" + b"e" * 100_000 + b"\r\n{}\r\n0\r\n\r\n",
    "no chunk terminator": b"2\r\n{}XX0\r\n\r\n",
}


@pytest.mark.parametrize("framing", sorted(FRAMINGS))
def test_malformed_chunk_framing_is_400_and_closes_the_connection(server, framing):
    answer, closed = _exchange(server, _chunked("/v1/jobs", FRAMINGS[framing]))
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 "), answer[:300]
    assert b"content-type: application/problem+json" in head.lower()
    assert json.loads(body)["status"] == 400
    assert closed


class _BrokenFraming:
    """A request body whose server-side reader finds the framing malformed midway."""

    def __init__(self, error: Exception) -> None:
        self.error = error
        self.sent = False

    def tell(self) -> int:
        return 0

    def seek(self, *args) -> int:
        return 0

    def read(self, size: int = -1) -> bytes:
        if not self.sent:
            self.sent = True
            return b'{"text": "Bridge'
        raise self.error


@pytest.mark.parametrize("error", ["InvalidChunkSize", "ChunkMissingTerminator",
                                   "InvalidChunkExtension", "NoMoreData"])
@pytest.mark.parametrize(("path", "method"), WRITES)
def test_framing_found_malformed_by_any_view_is_400(client, error, path, method):
    from gunicorn.http import errors

    kind = getattr(errors, error)
    try:
        raised = kind(b"zz")
    except TypeError:
        raised = kind()
    response = client.open(path, method=method, content_type="application/json",
                           input_stream=_BrokenFraming(raised),
                           headers={"Transfer-Encoding": "chunked"},
                           environ_overrides={"wsgi.input_terminated": True})
    detail = assert_problem(response, 400)["detail"]
    # A job's upload is streamed through werkzeug, which reports a broken body its way.
    assert "framing" in detail or (path == "/v1/jobs" and "parsed" in detail)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The served configuration (gunicorn.conf.py), without the model."""
    from tests.conftest import upgrade_database

    tmp = tmp_path_factory.mktemp("served")
    url = f"sqlite:///{tmp / 'articles.db'}"
    upgrade_database(url)
    port = free_port()
    env = {"DATABASE_URL": url, "HOST": "127.0.0.1", "PORT": str(port),
           "LOAD_MODEL": "0", "DEV_MODE": "0", "ACCESS_LOG": "/dev/null",
           "PROMETHEUS_MULTIPROC_DIR": "", "RATELIMIT_ENABLED": "0", "WEB_CONCURRENCY": "1",
           "VAR_DIR": str(tmp)}
    with gunicorn(["-c", "gunicorn.conf.py", "service.wsgi:app"], env, port,
                  ready=None) as served:
        yield served


@pytest.mark.parametrize(("raw", "status"), [
    (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
    (b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 9000 + b"\r\n\r\n", 431),
    (b"GET / HTTP/1.1\r\nHost: x\r\n" + b"X-Many: 1\r\n" * 200 + b"\r\n", 431),
    (b"GET / HTTP/9.9\r\nHost: x\r\n\r\n", 400),
    (b"GET / HTTP/1.1\r\nBad Header: x\r\n\r\n", 400),
])
def test_the_served_configuration_answers_malformed_requests_with_problems(served, raw,
                                                                          status):
    answer, closed = _exchange(served, raw)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.split(b" ")[1] == str(status).encode(), answer[:300]
    assert b"content-type: application/problem+json" in head.lower()
    assert json.loads(body)["status"] == status
    assert closed

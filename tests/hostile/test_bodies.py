"""Request bodies: counted whatever their framing, refused past the limit (413), never cut;
the refusal readable by a client still sending; a larger limit for HTML pages."""

from __future__ import annotations

import http.client
import threading
import urllib.error
import urllib.request

import pytest
from werkzeug.serving import make_server

from tests.conftest import assert_problem, create_test_app

LIMIT = 64 * 1024
PARAGRAPH = "The port handled 1,200 ships in May, officials said on Friday.\n\n"


@pytest.fixture
def small_app(migrated_url):
    app = create_test_app(migrated_url, DEV_MODE=True, MAX_CONTENT_LENGTH=LIMIT,
                          MAX_HTML_BODY_BYTES=4 * LIMIT, BODY_DRAIN_BYTES=16 * LIMIT,
                          MAX_TEXT_CHARS=LIMIT)
    yield app
    app.extensions["store"].close()


@pytest.fixture
def server(small_app):
    """The application behind a real HTTP server on the loopback address."""
    httpd = make_server("127.0.0.1", 0, small_app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


def _chunked_post(address: str, path: str, body: bytes, content_type: str):
    connection = http.client.HTTPConnection(address, timeout=30)
    try:
        connection.putrequest("POST", path)
        connection.putheader("Content-Type", content_type)
        connection.putheader("Transfer-Encoding", "chunked")
        connection.endheaders()
        for start in range(0, len(body), 8192):
            piece = body[start:start + 8192]
            connection.send(b"%x\r\n%s\r\n" % (len(piece), piece))
        connection.send(b"0\r\n\r\n")
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_a_chunked_body_over_the_limit_is_413_and_nothing_is_stored(server, small_app):
    text = ("Harbour traffic grows\n\n" + PARAGRAPH * 2000).encode()
    assert len(text) > LIMIT
    status, body = _chunked_post(server, "/v1/articles", text, "text/plain")
    assert status == 413, body[:300]
    assert b"larger than the service accepts" in body
    with small_app.app_context():
        listing = small_app.test_client().get("/v1/articles").get_json()
    assert listing["total"] == 0


def test_a_chunked_body_within_the_limit_is_read_whole(server):
    text = "Harbour traffic grows\n\n" + PARAGRAPH * 40 + "The last line stays."
    status, body = _chunked_post(server, "/v1/articles", text.encode(), "text/plain")
    assert status == 201, body[:300]
    assert b"The last line stays." in body


def test_urllib_reads_the_413_of_a_body_it_is_still_sending(server):
    data = b"x" * (8 * LIMIT)
    request = urllib.request.Request(f"http://{server}/v1/analyze", data=data,
                                     headers={"Content-Type": "text/plain"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 413
    assert b"larger than the service accepts" in refused.value.read()


def test_an_html_page_may_be_larger_than_a_text_but_not_without_bound(small_app):
    client = small_app.test_client()
    page = ("<html><head><style>" + "p{margin:0}" * (2 * LIMIT // 11) + "</style></head>"
            "<body><article><h1>Harbour traffic grows</h1><p>" + PARAGRAPH.strip() +
            "</p></article></body></html>")
    assert LIMIT < len(page) < 4 * LIMIT
    accepted = client.post("/v1/analyze", data=page, content_type="text/html")
    assert accepted.status_code == 200, accepted.get_json()
    assert "1,200 ships" in accepted.get_json()["text"]
    as_json = client.post("/v1/analyze", json={"text": page, "format": "html"})
    assert as_json.status_code == 200
    same_size_text = client.post("/v1/analyze", data="a " * (len(page) // 2 + 1),
                                 content_type="text/plain")
    assert_problem(same_size_text, 413)
    as_json_text = client.post("/v1/analyze", json={"text": "a " * (len(page) // 2)})
    assert_problem(as_json_text, 413)
    too_large = client.post("/v1/analyze", data="<p>" + "a" * (4 * LIMIT) + "</p>",
                            content_type="text/html")
    assert_problem(too_large, 413)


def test_the_text_extracted_from_a_page_is_held_to_the_text_limit(small_app):
    words = "Ships docked and left the harbour all day long. " * (LIMIT // 40)
    page = f"<html><body><article><h1>Long day</h1><p>{words}</p></article></body></html>"
    assert len(page) < 4 * LIMIT
    response = small_app.test_client().post("/v1/analyze", data=page,
                                            content_type="text/html")
    body = assert_problem(response, 422)
    assert "longer than" in body["errors"]["text"][0]

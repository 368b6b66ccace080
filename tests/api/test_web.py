"""Browser-facing behaviour: CORS, security headers, compression with correct ETags."""

from __future__ import annotations

import base64
import gzip
import hashlib
import re

import brotli
import pytest

from service.app import create_app
from tests.conftest import FIXTURES

ORIGIN = "https://newsroom.example"
STRICT_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
              "object-src 'none'; base-uri 'none'; frame-ancestors 'none'")


@pytest.fixture
def cors_client(migrated_url):
    app = create_app({"DATABASE_URL": migrated_url, "DEV_MODE": True, "TESTING": True,
                      "RATELIMIT_ENABLED": True, "RATE_LIMIT_READ": "1000 per minute",
                      "FIXTURES_DIR": str(FIXTURES), "CORS_ORIGINS": [ORIGIN]})
    yield app.test_client()
    app.extensions["store"].close()


# -- CORS --------------------------------------------------------------------------------

def test_an_allowed_origin_may_read_the_caching_paging_and_limit_headers(cors_client):
    response = cors_client.get("/v1/articles", headers={"Origin": ORIGIN})
    assert response.status_code == 200
    assert response.get_json() == {"items": [], "page": 1, "per_page": 20, "total": 0,
                                   "total_exact": True}
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    exposed = {h.strip() for h in response.headers["Access-Control-Expose-Headers"].split(",")}
    assert {"ETag", "Link", "Location", "RateLimit-Limit", "RateLimit-Remaining",
            "RateLimit-Reset", "Retry-After", "X-Request-ID"} <= exposed
    assert "Origin" in response.headers["Vary"]


def test_a_preflight_for_an_authorized_write_is_answered(cors_client):
    response = cors_client.options("/v1/articles", headers={
        "Origin": ORIGIN, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    allowed = response.headers["Access-Control-Allow-Headers"].lower()
    assert "authorization" in allowed and "content-type" in allowed
    assert response.headers["Access-Control-Max-Age"] == "600"
    assert "RateLimit-Limit" not in response.headers  # preflights are not counted


def test_another_origin_gets_no_cors_grant(cors_client):
    response = cors_client.get("/v1/articles", headers={"Origin": "https://evil.example"})
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers


def test_cors_is_off_without_configured_origins(client):
    response = client.get("/v1/articles", headers={"Origin": ORIGIN})
    assert response.get_json()["total"] == 0
    assert "Access-Control-Allow-Origin" not in response.headers


# -- security headers ----------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/v1/articles", "/healthz", "/v1/articles/nope",
                                  "/openapi.json", "/metrics"])
def test_every_answer_forbids_sniffing_and_referrers(client, path):
    response = client.get(path)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "Content-Security-Policy" not in response.headers  # not HTML


def test_a_view_s_own_security_header_is_kept_and_the_other_added(app, client):
    app.add_url_rule("/test-own", "test_own", lambda: (
        "{}", {"Content-Type": "application/json", "Referrer-Policy": "same-origin"}))
    response = client.get("/test-own")
    assert response.headers.getlist("Referrer-Policy") == ["same-origin"]
    assert response.headers.getlist("X-Content-Type-Options") == ["nosniff"]


def test_html_answers_get_the_strict_policy(app, client):
    app.add_url_rule("/test-page", "test_page", lambda: "<!doctype html><p>hi</p>")
    response = client.get("/test-page")
    assert response.mimetype == "text/html"
    assert response.headers["Content-Security-Policy"] == STRICT_CSP
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_docs_page_allows_exactly_its_inline_script(client):
    response = client.get("/docs")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    csp = response.headers["Content-Security-Policy"]
    inline = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    assert len(inline) == 1 and "SwaggerUIBundle" in inline[0]
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
    assert f"script-src 'self' 'sha256-{digest}';" in csp
    assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";")[0]
    assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "img-src 'self' data:" in csp


# -- compression and ETags -----------------------------------------------------------------

def test_large_json_is_compressed_with_a_tag_of_its_own(client, seed):
    path = f"/v1/articles/{seed['id']}"
    plain = client.get(path)
    zipped = client.get(path, headers={"Accept-Encoding": "gzip"})
    brotlied = client.get(path, headers={"Accept-Encoding": "br;q=1.0, gzip;q=0.5"})
    assert "Content-Encoding" not in plain.headers
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert brotlied.headers["Content-Encoding"] == "br"
    assert gzip.decompress(zipped.data) == plain.data
    assert brotli.decompress(brotlied.data) == plain.data
    assert len(zipped.data) < len(plain.data) / 2
    tags = {r.headers["ETag"] for r in (plain, zipped, brotlied)}
    assert len(tags) == 3 and not any(t.startswith("W/") for t in tags)
    assert zipped.headers["ETag"] == plain.headers["ETag"][:-1] + ':gzip"'
    for response in (plain, zipped, brotlied):
        assert "Accept-Encoding" in response.headers["Vary"]


@pytest.mark.parametrize("encoding", [None, "gzip", "br"])
def test_if_none_match_answers_304_for_each_representation(client, seed, encoding):
    path = f"/v1/articles/{seed['id']}/entities"
    headers = {"Accept-Encoding": encoding} if encoding else {}
    first = client.get(path, headers=headers)
    again = client.get(path, headers={**headers, "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == first.headers["ETag"]


def test_a_stale_tag_gets_the_full_answer(client, seed):
    path = f"/v1/articles/{seed['id']}/figures"
    response = client.get(path, headers={"Accept-Encoding": "gzip", "If-None-Match": '"old"'})
    assert response.status_code == 200
    assert gzip.decompress(response.data).startswith(b'{"items":')


def test_small_answers_are_not_compressed(client):
    response = client.get("/healthz", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in response.headers
    assert response.get_json() == {"status": "ok"}

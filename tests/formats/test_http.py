"""The representations over HTTP: content negotiation on GET /v1/articles/<id> and
POST /v1/analyze, Vary, one ETag per representation, 304 and 406."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from service.formats import FORMATS
from tests.conftest import assert_problem
from tests.formats.parse import html_elements, markdown_blocks

HTML_PAGES = sorted((Path(__file__).resolve().parents[1] / "data" / "html").glob("*.html"))
MEDIA = {each.name: each.media_type for each in FORMATS}


def _read_back(name: str, body: str, document: dict) -> None:
    """``body``, the representation ``name`` of ``document``, parses as that format and
    holds the article's headline."""
    if name == "markdown":
        blocks, others = markdown_blocks(body)
        assert others == []
        assert blocks[0].kind == "h1" and blocks[0].text == document["headline"]
    elif name == "html":
        elements = html_elements(body)
        assert [e.text for e in elements if e.tag == "h1"] == [document["headline"]]
        assert not {"script", "style"} & {e.tag for e in elements}
    elif name == "jsonld":
        data = json.loads(body)
        assert data["@type"] == "NewsArticle" and data["name" if "name" in data
                                                        else "headline"] == document["headline"]
    elif name == "ninjs":
        data = json.loads(body)
        assert data["type"] == "text" and data["headlines"][0]["value"] == document["headline"]
    else:
        assert json.loads(body)["headline"] == document["headline"]


@pytest.mark.parametrize("name", list(MEDIA))
def test_each_representation_of_a_stored_article_by_accept_and_by_format(client, seed, name):
    path = seed["links"]["self"]
    by_accept = client.get(path, headers={"Accept": MEDIA[name]})
    by_format = client.get(f"{path}?format={name}", headers={"Accept": "image/png"})
    for response in (by_accept, by_format):
        assert response.status_code == 200
        assert response.mimetype == MEDIA[name]
        assert "Accept" in response.vary
        _read_back(name, response.get_data(as_text=True), seed)
    assert by_accept.get_data() == by_format.get_data()


def test_every_representation_has_its_own_etag_and_answers_304_to_it(client, seed):
    path = seed["links"]["self"]
    tags = {}
    for name, media_type in MEDIA.items():
        response = client.get(path, headers={"Accept": media_type})
        tag = response.headers["ETag"]
        assert not tag.startswith("W/")
        tags[name] = tag
        again = client.get(path, headers={"Accept": media_type, "If-None-Match": tag})
        assert again.status_code == 304 and again.get_data() == b""
        assert again.headers["ETag"] == tag
    assert len(set(tags.values())) == len(MEDIA)
    # Another representation's tag is not a match.
    other = client.get(path, headers={"Accept": MEDIA["html"], "If-None-Match": tags["ninjs"]})
    assert other.status_code == 200 and other.headers["ETag"] == tags["html"]


def test_quality_values_and_wildcards_pick_the_representation(client, seed):
    path = seed["links"]["self"]
    cases = {"text/markdown;q=0.5, text/html": "text/html",
             "text/*;q=0.9, text/markdown;q=0.1": "text/html",
             "application/json;q=0, */*": "text/markdown",
             "*/*": "application/json"}
    for accept, media_type in cases.items():
        assert client.get(path, headers={"Accept": accept}).mimetype == media_type, accept
    assert client.get(path).mimetype == "application/json"


def test_nothing_acceptable_is_a_406_problem_listing_the_types(client, seed):
    response = client.get(seed["links"]["self"], headers={"Accept": "image/png, text/*;q=0"})
    body = assert_problem(response, 406)
    assert body["available"] == list(MEDIA.values())
    assert "Accept" in response.vary


def test_an_unknown_format_or_annotation_is_a_422_problem(client, seed):
    for query in ("format=docx", "annotate=figures"):
        body = assert_problem(client.get(f"{seed['links']['self']}?{query}"), 422)
        assert list(body["errors"]) == [query.split("=")[0]]
        response = client.post(f"/v1/analyze?{query}", json={"text": "Port reopens"})
        assert list(assert_problem(response, 422)["errors"]) == [query.split("=")[0]]


def test_annotated_markdown_links_each_mention_to_its_entity(client, seed):
    response = client.get(f"{seed['links']['self']}?format=markdown&annotate=entities")
    blocks, _ = markdown_blocks(response.get_data(as_text=True))
    links = [link for block in blocks for link in block.links]
    assert links
    for text, href in links:
        entity = client.get(urlsplit(href).path).get_json()
        assert text in {entity["name"], *entity["aliases"]} or any(
            m["text"] == text for m in entity["mentions"])


def test_the_read_cache_keeps_each_representation_apart(client, seed):
    path = seed["links"]["self"]
    seen = [client.get(path, headers={"Accept": accept}).mimetype
            for accept in ("application/json", "text/markdown", "text/markdown",
                           "text/html", "application/json", "text/html")]
    assert seen == ["application/json", "text/markdown", "text/markdown", "text/html",
                    "application/json", "text/html"]


def test_analyze_refuses_an_unacceptable_type_before_analysing(client, app):
    calls = []
    runner = app.extensions["analyzer"]
    original = runner.run

    def counted(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    runner.run = counted
    response = client.post("/v1/analyze", json={"text": "Port reopens\n\nOSLO - Ships."},
                           headers={"Accept": "application/pdf"})
    assert assert_problem(response, 406)["available"] == list(MEDIA.values())
    assert calls == []
    assert client.post("/v1/analyze", json={"text": "Port reopens\n\nOSLO - Ships."}
                       ).status_code == 200
    assert calls == [1]


@pytest.mark.parametrize("page", HTML_PAGES, ids=lambda p: p.stem)
def test_analyze_serves_every_representation_of_each_html_fixture_page(client, page):
    html = page.read_text("utf-8")
    analysis = client.post("/v1/analyze", json={"text": html, "format": "html"}).get_json()
    for name, media_type in MEDIA.items():
        response = client.post(f"/v1/analyze?format={name}", json={"text": html,
                                                                   "format": "html"})
        assert response.status_code == 200 and response.mimetype == media_type
        assert "Accept" in response.vary
        _read_back(name, response.get_data(as_text=True), analysis)


def test_the_openapi_document_lists_the_media_types_of_each_answer(client):
    spec = client.get("/openapi.json").get_json()
    for path, method in (("/v1/articles/{article_id}", "get"), ("/v1/analyze", "post")):
        responses = spec["paths"][path][method]["responses"]
        assert set(responses["200"]["content"]) == set(MEDIA.values()), path
        assert set(responses["406"]["content"]) == {"application/problem+json"}
        names = [p["name"] for p in spec["paths"][path][method].get("parameters", [])]
        assert {"format", "annotate"} <= set(names), path


@pytest.mark.parametrize("name", ["markdown", "jsonld", "ninjs"])
def test_a_compressed_representation_has_its_own_tag_and_answers_304(client, seed, name):
    path = f"{seed['links']['self']}?format={name}"
    plain = client.get(path)
    packed = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert packed.headers["ETag"] != plain.headers["ETag"]
    for response in (plain, packed):
        again = client.get(path, headers={"Accept-Encoding": response.headers.get(
            "Content-Encoding", "identity"), "If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304

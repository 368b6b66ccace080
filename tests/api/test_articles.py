"""Articles through the HTTP API: ingest, list, fetch, delete, analyze, sections."""

from __future__ import annotations

import json

from tests.conftest import DATA, assert_problem

GOLD_SECTIONS = [(None, 3, "On Wednesday, Russian Foreign Minister"),
                 ("Boosting integration", 5, "As closest allies and strategic partners"),
                 ("Security of borders", 3, "Russian President Vladimir Putin said in April")]


def test_seed_is_served_with_the_gold_structure(client, seed):
    article = client.get(f"/v1/articles/{seed['id']}").get_json()
    assert article["id"] == "2023-05-17-top-russian-belarusian-diplomats-to-discuss-union-state"
    assert article["headline"] == ("Top Russian, Belarusian diplomats to discuss Union State "
                                   "integration, security")
    assert article["subheadline"] == ("Diplomats will also touch upon a wide range of bilateral "
                                      "and international issues")
    dateline = article["dateline"]
    assert (dateline["raw"], dateline["place"], dateline["agency"]) == (
        "MOSCOW, May 17. /TASS/.", "Moscow", "TASS")
    assert article["text"][dateline["start"]:dateline["end"]] == dateline["raw"]
    assert article["published"]["date"] == "2023-05-17"
    assert article["published"]["inferred"] is True
    assert "2023" in article["published"]["basis"]
    assert "All news" not in article["text"]
    assert article["counts"]["sections"] == 3
    assert article["counts"]["paragraphs"] == 11
    assert article["content_hash"].startswith("sha256:")
    assert article["links"]["sections"] == f"/v1/articles/{seed['id']}/sections"
    assert article["pipeline"]["version"]


def test_article_text_starts_with_headline_then_subheadline(client, seed):
    text = client.get(f"/v1/articles/{seed['id']}").get_json()["text"]
    headline, subheadline, first = text.split("\n\n")[:3]
    assert headline == seed["headline"]
    assert subheadline == seed["subheadline"]
    assert first.startswith("MOSCOW, May 17. /TASS/. On Wednesday")


def test_sections_match_the_gold(client, seed):
    body = client.get(f"/v1/articles/{seed['id']}/sections").get_json()
    assert body["total"] == 3
    text = seed["text"]
    for section, (title, paragraphs, first_words) in zip(body["items"], GOLD_SECTIONS,
                                                         strict=True):
        assert section["title"] == title
        assert len(section["paragraphs"]) == paragraphs
        assert section["paragraphs"][0]["text"].startswith(first_words) or (
            section["index"] == 0 and first_words in section["paragraphs"][0]["text"])
        if title:
            assert text[section["start"]:section["start"] + len(title)] == title
        for paragraph in section["paragraphs"]:
            assert text[paragraph["start"]:paragraph["end"]] == paragraph["text"]


def test_one_section_by_index_and_unknown_index_is_404(client, seed):
    section = client.get(f"/v1/articles/{seed['id']}/sections/2").get_json()
    assert section["title"] == "Security of borders"
    missing = client.get(f"/v1/articles/{seed['id']}/sections/7")
    assert missing.status_code == 404
    assert missing.content_type == "application/problem+json"
    assert missing.get_json()["status"] == 404


def test_list_is_an_envelope_with_link_header(client, seed):
    response = client.get("/v1/articles?per_page=1")
    body = response.get_json()
    assert body == {"items": body["items"], "page": 1, "per_page": 1, "total": 1,
                    "total_exact": True}
    assert body["items"][0]["id"] == seed["id"]
    assert "text" not in body["items"][0] and "sections" not in body["items"][0]
    assert 'rel="first"' in response.headers["Link"]
    assert 'rel="last"' in response.headers["Link"]


def test_a_total_past_the_count_limit_is_a_lower_bound_without_a_last_link(app, client, seed):
    other = ("Ministers meet in Vienna\n\nVIENNA, June 2, 2024 (Reuters) - Ministers met in "
             "Vienna on Sunday to discuss gas prices.\n")
    client.post("/v1/articles", data=other, content_type="text/plain")
    app.extensions["store"].total_limit = 1
    first = client.get("/v1/articles?per_page=1")
    body = first.get_json()
    assert (body["total"], body["total_exact"]) == (1, False)
    assert 'page=2&per_page=1>; rel="next"' in first.headers["Link"]
    assert 'rel="last"' not in first.headers["Link"]
    second = client.get("/v1/articles?per_page=1&page=2").get_json()
    assert second["items"][0]["id"] == seed["id"]
    entities = client.get("/v1/entities?per_page=1").get_json()
    assert (entities["total"], entities["total_exact"]) == (1, False)
    app.extensions["store"].total_limit = 2
    exact = client.get("/v1/articles?per_page=1")
    assert (exact.get_json()["total"], exact.get_json()["total_exact"]) == (2, True)
    assert 'page=2&per_page=1>; rel="last"' in exact.headers["Link"]


def test_list_is_newest_first_with_next_and_prev_links(client, seed):
    other = ("Ministers meet in Vienna\n\nVIENNA, June 2, 2024 (Reuters) - Ministers met in "
             "Vienna on Sunday to discuss gas prices.\n")
    client.post("/v1/articles", data=other, content_type="text/plain")
    first = client.get("/v1/articles?per_page=1")
    assert first.get_json()["total"] == 2
    assert first.get_json()["items"][0]["published"]["date"] == "2024-06-02"
    assert 'page=2&per_page=1>; rel="next"' in first.headers["Link"]
    second = client.get("/v1/articles?per_page=1&page=2")
    assert second.get_json()["items"][0]["id"] == seed["id"]
    assert 'rel="prev"' in second.headers["Link"]


def test_posting_the_same_content_again_creates_nothing(client, seed, seed_text):
    again = client.post("/v1/articles", data=seed_text, content_type="text/plain")
    assert again.status_code == 200
    assert again.get_json()["id"] == seed["id"]
    assert client.get("/v1/articles").get_json()["total"] == 1


def test_post_answers_201_with_location(client, seed_text):
    response = client.post("/v1/articles", data=seed_text, content_type="text/plain")
    assert response.status_code == 201
    assert response.headers["Location"] == f"/v1/articles/{response.get_json()['id']}"


def test_json_body_with_published_overrides_inference(client, seed_text):
    response = client.post("/v1/articles", json={
        "text": seed_text, "published": "2023-05-18", "source_url": "https://example.org/a"})
    article = response.get_json()
    assert response.status_code == 201
    assert article["published"] == {"date": "2023-05-18", "inferred": False,
                                     "basis": article["published"]["basis"]}
    assert article["source_url"] == "https://example.org/a"


def test_delete_removes_the_article_and_its_entities(client, seed):
    assert client.delete(f"/v1/articles/{seed['id']}").status_code == 204
    assert client.get(f"/v1/articles/{seed['id']}").status_code == 404
    assert client.get("/v1/entities").get_json()["total"] == 0
    again = client.delete(f"/v1/articles/{seed['id']}")
    assert again.status_code == 404
    assert again.get_json()["detail"]


def test_analyze_plain_returns_the_input_verbatim(client):
    text = "Line one\r\nZoë said 𝔘 costs $5 mln.\r\n\r\n  spaced  "
    body = client.post("/v1/analyze", json={"text": text, "format": "plain"}).get_json()
    assert body["text"] == text
    assert body["headline"] is None and body["dateline"] is None
    assert len(body["sections"]) == 1
    paragraph = body["sections"][0]["paragraphs"][0]
    assert text[paragraph["start"]:paragraph["end"]] == paragraph["text"]


def test_analyze_returns_the_whole_analysis_without_storing(client, seed_text):
    body = client.post("/v1/analyze", data=seed_text, content_type="text/plain").get_json()
    assert [s["title"] for s in body["sections"]] == [t for t, _, _ in GOLD_SECTIONS]
    for key in ("entities", "figures", "dates", "quotes"):
        assert isinstance(body[key], list) and body[key], key
    assert client.get("/v1/articles").get_json()["total"] == 0


def test_every_offset_is_right_in_code_points_and_utf16(client):
    text = (DATA / "non-bmp.txt").read_text(encoding="utf-8")
    article = client.post("/v1/articles", data=text.encode(),
                          content_type="text/plain; charset=utf-8").get_json()
    full = client.get(f"/v1/articles/{article['id']}").get_json()["text"]
    utf16 = full.encode("utf-16-le")

    def utf16_slice(start, end):
        return utf16[2 * start:2 * end].decode("utf-16-le")

    plain = client.get(f"/v1/articles/{article['id']}/sections").get_json()["items"]
    wide = client.get(f"/v1/articles/{article['id']}/sections?offsets=utf16").get_json()["items"]
    assert any(p != w for p, w in zip(plain, wide, strict=True))
    for section_cp, section_16 in zip(plain, wide, strict=True):
        for p_cp, p_16 in zip(section_cp["paragraphs"], section_16["paragraphs"], strict=True):
            assert full[p_cp["start"]:p_cp["end"]] == p_cp["text"]
            assert utf16_slice(p_16["start"], p_16["end"]) == p_16["text"]
    entities = client.get(f"/v1/articles/{article['id']}/entities?offsets=utf16&per_page=100")
    for entity in entities.get_json()["items"]:
        for mention in entity["mentions"]:
            assert utf16_slice(mention["start"], mention["end"]) == mention["text"]


def test_get_has_strong_etag_and_answers_304(client, seed):
    first = client.get(f"/v1/articles/{seed['id']}")
    etag = first.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    again = client.get(f"/v1/articles/{seed['id']}", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    other = client.get(f"/v1/articles/{seed['id']}?offsets=utf16",
                       headers={"If-None-Match": '"stale"'})
    assert other.status_code == 200


def test_reads_of_an_article_are_validated_by_its_stored_version(app, client, seed):
    paths = [f"/v1/articles/{seed['id']}{tail}"
             for tail in ("", "/figures", "/entities?per_page=3", "/sections/0", "/quotes")]
    first = {path: client.get(path) for path in paths}
    for path, response in first.items():
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-cache"
        again = client.get(path, headers={"If-None-Match": response.headers["ETag"]})
        assert (again.status_code, again.data) == (304, b""), path
        assert again.headers["ETag"] == response.headers["ETag"]

    store = app.extensions["store"]
    document = store.get(seed["id"])
    store.replace(seed["id"], {**document, "headline": "A corrected headline"})
    for path, response in first.items():
        now = client.get(path, headers={"If-None-Match": response.headers["ETag"]})
        assert now.status_code == 200, path
        assert now.headers["ETag"] != response.headers["ETag"]
    assert client.get(paths[0]).get_json()["headline"] == "A corrected headline"


def test_an_answer_is_made_once_per_stored_version(app, client, seed, monkeypatch):
    from service.store import documents
    from service.store.repository import Store

    decoded, decode = [], documents.decoded
    monkeypatch.setattr(documents, "decoded", lambda doc: decoded.append(1) or decode(doc))
    read_json, read = [], documents.read

    def reading(db, article_id, known=None):
        stored = read(db, article_id, known)
        read_json.append(stored.json is not None)
        return stored

    monkeypatch.setattr(Store, "read", reading)
    paths = [f"/v1/articles/{seed['id']}", f"/v1/articles/{seed['id']}/figures?per_page=2",
             f"/v1/articles/{seed['id']}/entities?offsets=utf16"]
    first = [client.get(path) for path in paths]
    assert len(decoded) == len(paths)
    assert read_json == [True] * len(paths)
    again = [client.get(path) for path in paths]
    assert len(decoded) == len(paths)  # nothing decoded or made again
    assert read_json[len(paths):] == [False] * len(paths)  # nor the documents read
    assert [r.data for r in again] == [r.data for r in first]
    assert [r.headers["ETag"] for r in again] == [r.headers["ETag"] for r in first]

    store = app.extensions["store"]
    store.replace(seed["id"], {**store.get(seed["id"]), "headline": "Headline two"})
    assert client.get(paths[0]).get_json()["headline"] == "Headline two"
    assert len(decoded) == len(paths) + 2  # the replace's own read, then the new answer


def test_answers_kept_equal_answers_made_afresh(migrated_url, client, seed):
    from tests.conftest import create_test_app

    fresh = create_test_app(migrated_url, READ_CACHE_BYTES=0).test_client()
    for tail in ("", "/figures", "/entities?per_page=5&offsets=utf16", "/sections/1"):
        path = f"/v1/articles/{seed['id']}{tail}"
        kept = [client.get(path), client.get(path)][1]
        made = fresh.get(path)
        assert (kept.status_code, kept.data, kept.headers["ETag"]) == \
            (made.status_code, made.data, made.headers["ETag"]), path


def test_a_missing_article_is_a_404_whatever_tag_is_sent(client, seed):
    tag = client.get(f"/v1/articles/{seed['id']}").headers["ETag"]
    client.delete(f"/v1/articles/{seed['id']}")
    for tail in ("", "/figures"):
        response = client.get(f"/v1/articles/{seed['id']}{tail}", headers={"If-None-Match": tag})
        assert_problem(response, 404)


def test_text_plain_with_published_query_parameter(client, seed_text):
    article = client.post("/v1/articles?published=2023-05-20", data=seed_text,
                          content_type="text/plain").get_json()
    assert article["published"]["date"] == "2023-05-20"
    assert article["published"]["inferred"] is False


def test_offsets_parameter_is_validated(client, seed):
    response = client.get(f"/v1/articles/{seed['id']}?offsets=bytes")
    assert response.status_code == 422
    assert "offsets" in response.get_json()["errors"]


def test_problem_bodies_are_json(client):
    body = json.loads(client.get("/v1/articles/nope").data)
    assert set(body) >= {"type", "title", "status", "detail", "instance"}
    assert body["instance"] == "/v1/articles/nope"

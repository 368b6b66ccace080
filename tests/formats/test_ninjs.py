"""ninjs 3.1: the mapping field by field, and every fixture valid against the published
JSON Schema where the standards folder is at hand."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json

import pytest

from schemas.article import ArticleSchema
from service.formats import Links, html, ninjs
from service.formats.common import body_text
from tests.formats.articles import ROOT, analysis, fixtures

FIXTURES = fixtures()
SCHEMA_FILE = ROOT.parent / "shared" / "standards" / "ninjs-schema_3.1.json"


@pytest.fixture(scope="module")
def validator():
    if not SCHEMA_FILE.is_file():
        pytest.skip(f"the ninjs 3.1 JSON Schema is not at {SCHEMA_FILE} (it is not part of "
                    "the repository); the mapping is still checked field by field")
    import jsonschema

    schema = json.loads(SCHEMA_FILE.read_text("utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@pytest.mark.parametrize("stored", [True, False], ids=["stored", "analysis"])
@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_every_fixture_is_valid_ninjs_3_1(validator, name, stored):
    document = dict(FIXTURES[name])
    links = Links()
    if stored:
        document["created_at"] = dt.datetime(2031, 4, 2, 9, 30, tzinfo=dt.UTC)
        links = Links(f"http://a.example/v1/articles/{document['id']}")
    item = json.loads(ninjs.render(document, links, annotate=True))
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
              for e in validator.iter_errors(item)]
    assert errors == []
    assert {"uri", "bodies", "standard"} <= set(item)


def test_the_checks_would_see_an_invalid_item(validator):
    item = json.loads(ninjs.render(analysis()))
    assert not list(validator.iter_errors(item))
    item["people"] = [{"name": "X", "salience": 1}]
    item["firstCreated"] = "yesterday"
    assert len(list(validator.iter_errors(item))) == 2


def test_the_fields_of_a_news_item():
    document = analysis(
        subheadline="Boats return", authors=["Kari Nord", "Ola Berg"],
        source_url="https://nordpost.example/harbour",
        dateline={"raw": "VARDO, Norway, April 2 (NTB) -", "place": "Vardo",
                  "region": "Norway", "date": "April 2", "agency": "NTB", "start": 0, "end": 0},
        sections=[(None, ["Ola Berg said the port of Vardo and NTB agreed on the Harbour "
                          "Act, at the Spring Fair."])],
        entities=[
            {"name": "Ola Berg", "type": "PERSON", "salience": 0.3},
            {"name": "Vardo", "type": "LOCATION", "salience": 0.25, "geonames_id": 777019},
            {"name": "NTB", "type": "ORGANIZATION", "salience": 0.2},
            {"name": "Harbour Act", "type": "LAW", "salience": 0.15},
            {"name": "Spring Fair", "type": "EVENT", "salience": 0.1}])
    document["created_at"] = dt.datetime(2031, 4, 3, 8, 0, 5, tzinfo=dt.timezone(
        dt.timedelta(hours=2)))
    base = "http://a.example/v1/articles/2031-04-02-harbour-reopens"
    item = ninjs.document_ninjs(document, Links(base))
    assert item["standard"] == {"name": "ninjs", "version": "3.1", "schema":
                                "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#"}
    assert item["uri"] == base and item["type"] == "text"
    assert item["headlines"] == [{"role": "main", "value": "Harbour reopens after storm"},
                                 {"role": "subheadline", "value": "Boats return"}]
    plain, markup = item["bodies"]
    assert plain == {"role": "main", "contentType": "text/plain",
                     "charCount": len(body_text(document)),
                     "wordCount": document["word_count"], "value": body_text(document)}
    assert markup["contentType"] == "text/html"
    assert markup["value"] == html.fragment(document, Links(base))
    assert item["by"] == "By Kari Nord and Ola Berg"
    assert item["located"] == "Vardo, Norway"
    assert item["language"] == "en"
    assert item["firstCreated"] == "2031-04-03T06:00:05Z"
    assert item["contentCreated"] == "2031-04-02T00:00:00Z"
    assert item["people"] == [{"name": "Ola Berg", "rel": "about", "literal": "ola-berg",
                               "uri": f"{base}/entities/ola-berg"}]
    assert item["places"] == [{"name": "Vardo", "rel": "about", "literal": "vardo",
                               "uri": "https://sws.geonames.org/777019/"}]
    assert item["organisations"] == [{"name": "NTB", "rel": "about", "literal": "ntb",
                                      "uri": f"{base}/entities/ntb"}]
    assert [(s["name"], s["rel"], s["relevance"]) for s in item["subjects"]] == [
        ("Harbour Act", "mentioned", 15), ("Spring Fair", "mentioned", 10)]
    assert item["infoSources"] == [{"name": "NTB", "role": "source"}]
    assert item["altIds"] == [{"role": "content-hash", "value": document["content_hash"]},
                              {"role": "source-url", "value": "https://nordpost.example/harbour"}]


def test_an_analysis_not_stored_is_named_by_the_hash_of_its_text():
    document = analysis(headline=None, published=None, language="und")
    item = ninjs.document_ninjs(document)
    digest = hashlib.sha256(document["text"].encode()).digest()
    assert item["uri"] == "ni:///sha-256;" + base64.urlsafe_b64encode(digest).decode().rstrip("=")
    for absent in ("headlines", "firstCreated", "contentCreated", "language", "by", "located",
                   "people", "places", "organisations", "subjects", "infoSources"):
        assert absent not in item


@pytest.mark.parametrize("created", [
    dt.datetime(2031, 4, 3, 8, 0, 5, 120000, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
    dt.datetime(2031, 12, 31, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-1))),
    dt.datetime(2030, 1, 1, 0, 0, 0, 7, tzinfo=dt.UTC),
])
def test_first_created_is_the_instant_the_article_schema_writes(created):
    document = analysis()
    document["created_at"] = created
    written = ArticleSchema().fields["created_at"].serialize("created_at", document)
    assert ninjs.document_ninjs(document)["firstCreated"] == written
    assert written.endswith("Z") and dt.datetime.fromisoformat(written) == created

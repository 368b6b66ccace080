"""JSON-LD: a schema.org NewsArticle, field by field, expanded by a JSON-LD processor."""

from __future__ import annotations

import json

import pytest
from pyld import jsonld as pyld

from service.formats import Links, jsonld
from service.formats.common import body_text
from tests.formats.articles import analysis, fixtures

FIXTURES = fixtures()
SCHEMA = "http://schema.org/"
# The parts of schema.org's own context that the checks read: its vocabulary and the
# properties whose values are IRIs. No network: the processor gets it from here.
CONTEXT = {"@context": {"@vocab": SCHEMA, "url": {"@type": "@id"},
                        "sameAs": {"@type": "@id"}}}


def _loader(url, options=None):
    assert url.rstrip("/") == jsonld.CONTEXT, url
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
            "document": CONTEXT}


def expand(node: dict) -> dict:
    (expanded,) = pyld.expand(node, {"documentLoader": _loader})
    return expanded


def _keys(node) -> set[str]:
    if isinstance(node, list):
        return set().union(*map(_keys, node)) if node else set()
    if not isinstance(node, dict):
        return set()
    return {k for k in node if k != "@context"} | _keys(list(node.values()))


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_every_fixture_expands_with_every_property_in_the_schema_org_vocabulary(name):
    document = FIXTURES[name]
    node = json.loads(jsonld.render(document, Links(f"http://a.example/v1/articles/x{name}")))
    expanded = expand(node)
    assert expanded["@type"] == [SCHEMA + "NewsArticle"]
    # Nothing dropped: every property of the document is a schema.org term once expanded.
    terms = {key.removeprefix(SCHEMA) for key in _keys(expanded) if not key.startswith("@")}
    assert terms == {key for key in _keys(node) if not key.startswith("@")}
    assert expanded[SCHEMA + "headline"][0]["@value"] == document["headline"]
    assert len(node["headline"]) <= jsonld.MAX_HEADLINE
    assert node["datePublished"] == document["published"]["date"]
    assert node["author"]
    assert expanded[SCHEMA + "articleBody"][0]["@value"] == body_text(document)


def test_the_fields_of_a_news_article():
    document = analysis(
        subheadline="Boats return", authors=["Kari Nord", "Ola Berg"], site_name="Nord Post",
        source_url="https://nordpost.example/harbour",
        dateline={"raw": "VARDO, April 2 (NTB) -", "place": "Vardo", "region": None,
                  "date": "April 2", "agency": "NTB", "start": 0, "end": 0},
        sections=[(None, ["VARDO, April 2 (NTB) - Ola Berg said the port of Vardo and "
                          "Norway's coast guard agreed. \u201cWe are open,\u201d he said."])],
        entities=[
            {"name": "Ola Berg", "type": "PERSON", "salience": 0.4,
             "descriptions": ["harbour master"]},
            {"name": "Vardo", "type": "LOCATION", "salience": 0.3, "geonames_id": 777019,
             "coordinates": {"lat": 70.37, "lon": 31.1}},
            {"name": "NTB", "type": "ORGANIZATION", "salience": 0.2},
            {"name": "Norway", "type": "LOCATION", "salience": 0.1, "geonames_id": 3144096,
             "country_code": "NO"}],
        quotes=[{"text": "We are open,", "speaker": "Ola Berg"}])
    base = "http://a.example/v1/articles/2031-04-02-harbour-reopens"
    node = jsonld.document_ld(document, Links(base))
    assert node["@context"] == "https://schema.org" and node["@type"] == "NewsArticle"
    assert node["@id"] == base and node["url"] == "https://nordpost.example/harbour"
    assert node["headline"] == "Harbour reopens after storm" and "name" not in node
    assert node["alternativeHeadline"] == "Boats return"
    assert node["datePublished"] == "2031-04-02"
    assert node["dateline"] == "VARDO, April 2 (NTB)"
    assert node["author"] == [{"@type": "Person", "name": "Kari Nord"},
                              {"@type": "Person", "name": "Ola Berg"}]
    assert node["publisher"] == {"@type": "Organization", "name": "Nord Post"}
    assert node["inLanguage"] == "en"
    assert node["articleBody"] == document["sections"][0]["paragraphs"][0]["text"]
    assert node["wordCount"] == document["word_count"]
    assert [(e["@type"], e["name"]) for e in node["about"]] == [
        ("Person", "Ola Berg"), ("Place", "Vardo"), ("Organization", "NTB")]
    assert node["about"][0] == {"@type": "Person", "@id": f"{base}/entities/ola-berg",
                                "name": "Ola Berg", "description": "harbour master"}
    assert node["about"][1]["sameAs"] == "https://sws.geonames.org/777019/"
    assert node["about"][1]["geo"] == {"@type": "GeoCoordinates", "latitude": 70.37,
                                       "longitude": 31.1}
    (norway,) = node["mentions"]
    assert norway["address"] == {"@type": "PostalAddress", "addressCountry": "NO"}
    assert node["hasPart"] == [{"@type": "Quotation", "text": "We are open,",
                                "spokenByCharacter": {"@id": f"{base}/entities/ola-berg"}}]
    expanded = expand(json.loads(jsonld.render(document, Links(base))))
    (quote,) = expanded[SCHEMA + "hasPart"]
    assert quote[SCHEMA + "spokenByCharacter"] == [{"@id": f"{base}/entities/ola-berg"}]


@pytest.mark.parametrize("words", [12, 25, 40])
def test_a_long_headline_is_cut_at_a_word_and_kept_whole_as_the_name(words):
    text = " ".join(f"word{n}" for n in range(words))
    node = jsonld.document_ld(analysis(headline=text))
    assert len(node["headline"]) <= jsonld.MAX_HEADLINE
    if len(text) > jsonld.MAX_HEADLINE:
        assert node["headline"].endswith("\u2026") and node["name"] == text
        assert text.startswith(node["headline"][:-1])
        assert text[len(node["headline"]) - 1] == " "
    else:
        assert node["headline"] == text and "name" not in node


def test_an_analysis_not_stored_is_named_by_its_content_and_its_entities_are_blank_nodes():
    document = analysis(entities=[{"name": "Vardo", "type": "LOCATION", "salience": 1.0}],
                        dateline={"raw": "VARDO (NTB) -", "place": "Vardo", "region": None,
                                  "date": None, "agency": "NTB", "start": 0, "end": 0})
    node = jsonld.document_ld(document)
    assert node["@id"].startswith("ni:///sha-256;") and node["url"] == node["@id"]
    assert node["about"][0]["@id"] == "_:vardo"
    assert node["author"] == [{"@type": "Organization", "name": "NTB"}]
    assert expand(json.loads(jsonld.render(document)))["@id"] == node["@id"]

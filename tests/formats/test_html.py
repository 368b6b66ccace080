"""HTML: one sanitized <article> with the headline, dek, byline, day and sections, read
back by an HTML parser."""

from __future__ import annotations

import pytest

from service.formats import html
from service.formats.common import paragraphs
from tests.formats.articles import analysis, fixtures
from tests.formats.parse import html_elements

FIXTURES = fixtures()
ALLOWED = html.TAGS | {"html", "head", "meta", "title", "body"}


def _unsafe(elements) -> list[str]:
    found = [e.tag for e in elements if e.tag not in ALLOWED]
    found += [f"{e.tag}[{name}]" for e in elements for name in e.attrs
              if name.startswith("on") or name in {"style", "href", "src"}]
    return found


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_every_fixture_is_one_clean_article_with_its_structure(name):
    document = FIXTURES[name]
    elements = html_elements(html.render(document, annotate=True))
    assert _unsafe(elements) == []
    assert [e.tag for e in elements].count("article") == 1
    assert [e.text for e in elements if e.tag == "h1"] == [document["headline"]]
    assert [e.text for e in elements if e.tag == "h2"] == [
        s["title"] for s in document["sections"] if s["title"]]
    sections = [e for e in elements if e.tag == "section"]
    assert len(sections) == len(document["sections"])
    body = [e.text for e in elements if e.tag == "p" and "class" not in e.attrs
            and e.text not in {""}][-document["counts"]["paragraphs"]:]
    assert body == [p["text"] for p in paragraphs(document)]
    (day,) = [e for e in elements if e.tag == "time"]
    assert day.attrs["datetime"] == document["published"]["date"]
    mentioned = {e.attrs["data-entity-id"] for e in elements if e.tag == "span"
                 and "data-entity-id" in e.attrs}
    assert mentioned <= {entity["id"] for entity in document["entities"]}
    assert mentioned


def test_the_header_holds_headline_dek_byline_dateline_and_day():
    document = analysis(subheadline="Boats return", authors=["Kari Nord"],
                        dateline={"raw": "VARDO, April 2 (NTB) -", "place": "Vardo",
                                  "region": None, "date": "April 2", "agency": "NTB",
                                  "start": 0, "end": 0})
    elements = html_elements(html.fragment(document))
    tags = [(e.tag, e.attrs.get("class"), e.text) for e in elements][:7]
    assert tags == [
        ("article", None, tags[0][2]), ("header", None, tags[1][2]),
        ("h1", None, "Harbour reopens after storm"), ("p", "dek", "Boats return"),
        ("address", None, "By Kari Nord"),
        ("p", None, "VARDO, April 2 (NTB) 2031-04-02"),
        ("span", "dateline", "VARDO, April 2 (NTB)")]
    assert elements[0].attrs == {"lang": "en"}


def test_mentions_are_spans_with_the_entity_id_and_the_mention_type():
    document = analysis(entities=[{"name": "Vardo", "type": "LOCATION", "salience": 0.7},
                                  {"name": "NTB", "type": "ORGANIZATION", "salience": 0.3}])
    spans = [(e.attrs, e.text) for e in html_elements(html.fragment(document, annotate=True))
             if e.tag == "span"]
    assert spans == [
        ({"class": "entity", "data-entity-id": "ntb", "data-type": "ORGANIZATION"}, "NTB"),
        ({"class": "entity", "data-entity-id": "vardo", "data-type": "LOCATION"}, "Vardo")]
    assert not [e for e in html_elements(html.fragment(document)) if e.tag == "span"]


def test_the_sanitizer_keeps_only_the_allowed_elements_and_attributes():
    dirty = ('<article onclick="x()"><script>alert(1)</script><style>p{}</style>'
             '<p style="color:red" class="dek">a<a href="javascript:x">b</a></p>'
             '<img src=x onerror=alert(1)><time datetime="2031-01-01" onmouseover="x">t</time>'
             '<!-- c --></article>')
    assert html.sanitize(dirty) == ('<article><p class="dek">ab</p>'
                                    '<time datetime="2031-01-01">t</time></article>')

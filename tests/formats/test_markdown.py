"""Markdown: headline, dek, byline line, section headings and paragraphs, read back by a
CommonMark parser."""

from __future__ import annotations

import pytest

from service.formats import Links, markdown
from service.formats.common import byline, paragraphs
from tests.formats.articles import analysis, fixtures
from tests.formats.parse import markdown_blocks

FIXTURES = fixtures()


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_every_fixture_reads_back_as_its_headings_and_paragraphs(name):
    document = FIXTURES[name]
    blocks, others = markdown_blocks(markdown.render(document))
    assert others == []
    headings = [b for b in blocks if b.kind in {"h1", "h2"}]
    expected = ([("h1", document["headline"])] if document["headline"] else []) + [
        ("h2", s["title"]) for s in document["sections"] if s["title"]]
    assert [(b.kind, b.text) for b in headings] == expected
    body = [p["text"] for p in paragraphs(document)]
    texts = [b.text for b in blocks if b.kind == "p"]
    # The dek and the byline line come before the body's paragraphs.
    front = int(bool(document["subheadline"])) + 1
    assert texts[front:] == [" ".join(t.split()) if "\n" not in t else t for t in body]
    assert len(texts) == front + document["counts"]["paragraphs"]
    assert all(not b.markup or b.markup == ["em_open", "em_close"] for b in blocks)


def test_the_dek_is_emphasized_and_the_byline_line_names_authors_dateline_and_day():
    document = analysis(subheadline="Boats return within hours",
                        authors=["Kari Nord", "Ola Berg"],
                        dateline={"raw": "VARDO, April 2 (NTB) -", "place": "Vardo",
                                  "region": None, "date": "April 2", "agency": "NTB",
                                  "start": 0, "end": 0})
    source = markdown.render(document)
    assert source.splitlines()[:5] == [
        "# Harbour reopens after storm", "", "*Boats return within hours*", "",
        "By Kari Nord and Ola Berg · VARDO, April 2 (NTB) · 2031-04-02"]
    assert byline(["A", "B", "C"]) == "By A, B and C"


def test_quotes_stay_as_written_and_no_page_furniture_comes_out():
    said = "\u201cWe are open,\u201d said Ola Berg. \"Again,\" he added, 'for good'."
    document = analysis(sections=[(None, [said])])
    document["credits"] = ["(Reporting by Somebody Else)"]
    document["removed"] = ["Share this article", "Advertisement"]
    source = markdown.render(document)
    blocks, _ = markdown_blocks(source)
    assert blocks[-1].text == said
    for furniture in ("Reporting by", "Share this", "Advertisement"):
        assert furniture not in source


def test_a_line_that_looks_like_markup_stays_text():
    lines = ["# not a heading", "> not a quote", "- not a list", "1. not a list either",
             "2) nor this", "+ nor this", "=====", "    not code", "*not emphasis*",
             "[not](a link) <b>not html</b> `not code` &amp; stays"]
    document = analysis(sections=[("## Title [x](y)", ["\n".join(lines)])])
    blocks, others = markdown_blocks(markdown.render(document))
    assert others == []
    assert [b.kind for b in blocks] == ["h1", "p", "h2", "p"]  # the day's line before
    assert blocks[2].text == "## Title [x](y)"
    assert blocks[3].text == "\n".join(line.strip() for line in lines)
    assert blocks[3].markup == [] and blocks[3].links == []


def test_annotated_mentions_link_to_their_entity_in_the_api():
    document = analysis(entities=[{"name": "Vardo", "type": "LOCATION", "salience": 0.6},
                                  {"name": "NTB", "type": "ORGANIZATION", "salience": 0.4}])
    base = "http://api.example/v1/articles/2031-04-02-harbour-reopens"
    blocks, _ = markdown_blocks(markdown.render(document, Links(base), annotate=True))
    lead = next(b for b in blocks if b.text.startswith("VARDO"))
    assert lead.links == [("NTB", f"{base}/entities/ntb"),
                          ("Vardo", f"{base}/entities/vardo")]
    assert lead.text == document["sections"][0]["paragraphs"][0]["text"]


def test_without_annotate_or_an_address_nothing_is_linked():
    document = analysis(entities=[{"name": "Vardo", "type": "LOCATION", "salience": 1.0}])
    for source in (markdown.render(document, Links("http://a.example/v1/articles/x")),
                   markdown.render(document, Links(), annotate=True)):
        blocks, _ = markdown_blocks(source)
        assert all(b.links == [] for b in blocks)

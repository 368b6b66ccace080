"""Fuzzing: headlines, titles, paragraphs and entity names full of markup (``<script>``,
quotes, brackets, backticks, Markdown control characters, character references) come out
as the same text in every format, never as markup."""

from __future__ import annotations

import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.formats import Links, html, jsonld, markdown, ninjs
from tests.formats.articles import analysis
from tests.formats.parse import html_elements, markdown_blocks
from tests.formats.test_html import ALLOWED
from tests.formats.test_jsonld import expand

SNIPPETS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:a)",
            "`code`", "**bold**", "_em_", "# title", "> quote", "- item", "1. item", "***",
            "&amp;", "&#60;", "\"quoted\"", "'single'", "\u201ccurly\u201d", "<!-- c -->",
            "</article>", "{{x}}", "\\", "|a|b|", "~~s~~", "![i](x)", "<https://a.example>",
            "===", "---", "+ plus", "2) two", "]]>", "\u2028"]
ALPHABET = st.sampled_from(list("abcXYZ019 .,;:!?()[]{}<>\"'`*_#-+=|~&\\/\n\u00e9\u201c\u201d"))
piece = st.one_of(st.sampled_from(SNIPPETS), st.text(ALPHABET, min_size=1, max_size=12))
text = st.lists(piece, min_size=1, max_size=6).map("".join).filter(lambda t: t.strip())
line = text.map(lambda t: " ".join(t.split())).filter(bool)
name = st.lists(st.one_of(st.sampled_from(["<b>", "`x`", "*a*", "[n]", "\"q\"", "&lt;",
                                           "Ola", "_u_", "#1"]),
                          st.text(ALPHABET.filter(lambda c: c != "\n"), min_size=1,
                                  max_size=6)),
                min_size=1, max_size=3).map("".join).map(str.strip).filter(bool)

BASE = "http://a.example/v1/articles/2031-04-02-harbour-reopens"


def _lines(value: str) -> str:
    """What a Markdown reader sees of a paragraph: its lines (split at any line break,
    U+2028 included), trimmed, blank ones gone."""
    return "\n".join(part.strip() for part in re.split(r"[\n\u2028]", value) if part.strip())


@st.composite
def articles(draw):
    entity = draw(name)
    paragraphs = [draw(text) + " " + entity + " " + draw(text), draw(text)]
    return analysis(
        headline=draw(line), subheadline=draw(line), authors=[draw(line)],
        sections=[(None, paragraphs[:1]), (draw(line), paragraphs[1:])],
        entities=[{"name": entity, "type": "PERSON", "salience": 1.0}],
        quotes=[{"text": entity, "speaker": entity}])


FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(articles())
def test_markdown_reads_back_as_the_same_text(document):
    for annotate in (False, True):
        blocks, others = markdown_blocks(markdown.render(document, Links(BASE), annotate))
        assert others == []
        (title,) = [s["title"] for s in document["sections"] if s["title"]]
        paragraphs = [p["text"] for s in document["sections"] for p in s["paragraphs"]]
        assert [(b.kind, b.text) for b in blocks] == [
            ("h1", document["headline"]), ("p", document["subheadline"]),
            ("p", f"By {document['authors'][0]} · 2031-04-02"),
            ("p", _lines(paragraphs[0])), ("h2", title), ("p", _lines(paragraphs[1]))]
        assert blocks[1].markup == ["em_open", "em_close"]
        assert all(b.markup == [] for b in blocks if b is not blocks[1])
        entity = document["entities"][0]
        links = [link for b in blocks for link in b.links]
        expected = [(m["text"], f"{BASE}/entities/") for m in entity["mentions"]
                    if annotate]
        assert [(t, href[:len(f"{BASE}/entities/")]) for t, href in links] == expected


@FUZZ
@given(articles())
def test_html_holds_only_the_allowed_markup_and_the_same_text(document):
    for annotate in (False, True):
        elements = html_elements(html.render(document, Links(BASE), annotate))
        assert {e.tag for e in elements} <= ALLOWED
        assert not [a for e in elements for a in e.attrs if a.startswith("on")
                    or a in {"href", "src", "style"}]
        assert [e.text for e in elements if e.tag == "h1"] == [document["headline"]]
        texts = [e.text for e in elements if e.tag == "p"]
        for section in document["sections"]:
            for paragraph in section["paragraphs"]:
                assert paragraph["text"] in texts
        spans = [e for e in elements if e.tag == "span" and "data-entity-id" in e.attrs]
        assert len(spans) == (len(document["entities"][0]["mentions"]) if annotate else 0)


@FUZZ
@given(articles())
def test_json_ld_and_ninjs_keep_the_text_and_escape_what_html_reads(document):
    ld_text = jsonld.render(document, Links(BASE))
    item_text = ninjs.render(document, Links(BASE), annotate=True)
    for raw in (ld_text, item_text):
        assert not set("<>&\u2028\u2029") & set(raw)
    node, item = json.loads(ld_text), json.loads(item_text)
    assert node["alternativeHeadline"] == document["subheadline"]
    assert node["about"][0]["name"] == document["entities"][0]["name"]
    assert node["hasPart"][0]["text"] == document["quotes"][0]["text"]
    assert expand(node)["@type"] == ["http://schema.org/NewsArticle"]
    assert item["headlines"][0]["value"] == document["headline"]
    assert item["people"][0]["name"] == document["entities"][0]["name"]
    elements = html_elements(item["bodies"][1]["value"])
    assert {e.tag for e in elements} <= html.TAGS

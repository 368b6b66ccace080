"""No page's metadata can make the analysis fail: JSON-LD of any shape (dates, authors and
headlines of any JSON type, graphs, lists, broken JSON) and meta or time values of any
text give an article, its publication day either none or a sane one."""

from __future__ import annotations

import datetime
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.nlp.structure.html import extract_html

BODY = ("<p>TALLOW RIDGE (AP) - The quarry at Tallow Ridge reopened on Friday after a "
        "two-year closure, employing 140 people, its owner said.</p>"
        "<p>Output will reach 2 million tonnes a year by 2028, the company said.</p>")

DATE_TEXT = st.one_of(
    st.text(max_size=40),
    st.from_regex(r"[0-9]{1,5}-[0-9]{1,2}-[0-9]{1,2}(T[0-9:.]{0,12}([+-Z][0-9:]{0,6})?)?",
                  fullmatch=True),
    st.datetimes(min_value=datetime.datetime(1, 1, 1),
                 max_value=datetime.datetime(9999, 12, 31)).map(lambda d: d.isoformat()),
)
JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | DATE_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["@type", "@value", "name", "datePublished", "dateModified",
                         "headline", "author", "@graph", "x"]), inner, max_size=4),
    max_leaves=12)
KEYS = st.sampled_from(["datePublished", "dateModified", "dateCreated", "headline", "author",
                        "name", "@type", "@graph", "publisher", "description"])
JSON_LD = st.dictionaries(KEYS, JSON_VALUE, max_size=6).map(
    lambda d: {"@context": "https://schema.org", **d})


def _page(scripts: list[str], metas: list[tuple[str, str]], time_value: str | None) -> str:
    head = "".join(f'<script type="application/ld+json">{s}</script>' for s in scripts)
    head += "".join(f'<meta property="{name}" content="{_attr(value)}">'
                    for name, value in metas)
    time = f'<time datetime="{_attr(time_value)}">x</time>' if time_value is not None else ""
    return (f"<html><head><title>Quarry reopens - Example Herald</title>{head}</head><body>"
            f"<article><h1>Quarry reopens</h1>{time}{BODY}</article></body></html>")


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _check(html: str) -> None:
    page = extract_html(html)
    assert "quarry at Tallow Ridge reopened" in page.text
    if page.published is not None:
        assert datetime.date(1800, 1, 1) <= page.published <= datetime.date(2200, 12, 31)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(JSON_LD.map(json.dumps), JSON_LD.map(lambda d: json.dumps([d])),
                          JSON_LD.map(lambda d: json.dumps({"@graph": [d, d]})),
                          st.text(max_size=60)), max_size=3),
       st.lists(st.tuples(st.sampled_from(["article:published_time", "og:updated_time",
                                           "date", "pubdate", "article:author", "og:title"]),
                          DATE_TEXT), max_size=3),
       st.none() | DATE_TEXT)
def test_no_metadata_makes_the_page_fail(scripts, metas, time_value):
    _check(_page(scripts, metas, time_value))


@pytest.mark.parametrize("script", [
    '{"datePublished": {"@value": "2024-02-30"}}', '{"datePublished": [null, 20240101]}',
    '{"datePublished": 1e309}', '{"author": [[{"name": ["A", 1]}]], "datePublished": true}',
    '{"@graph": {"@graph": {"datePublished": "0000-00-00T24:00:00+99:00"}}}',
    '[[[[[]]]]]', '{"datePublished": "2024-05-17T10:15:00+02:00"', "null", '"text"',
])
def test_odd_json_ld_shapes_give_an_article(script):
    _check(_page([script], [], None))

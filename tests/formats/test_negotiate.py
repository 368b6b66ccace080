"""Choosing a representation from Accept (RFC 9110, section 12.5.1) or ?format=."""

from __future__ import annotations

import pytest

from service.formats import FORMATS
from service.formats.negotiate import (
    NotAcceptable,
    UnknownFormat,
    choose,
    parse_accept,
)


def chosen(accept=None, format_name=None) -> str:
    return choose(FORMATS, accept, format_name).name


@pytest.mark.parametrize("accept", [None, "", "*/*", "application/*", "application/json",
                                    "application/json, text/markdown",
                                    " , ,", "garbage", "text/markdown;q=2"])
def test_json_when_nothing_else_is_preferred(accept):
    assert chosen(accept) == "json"


@pytest.mark.parametrize(("accept", "name"), [
    ("text/markdown", "markdown"),
    ("TEXT/Markdown", "markdown"),
    ("text/html", "html"),
    ("application/ld+json", "jsonld"),
    ("application/vnd.iptc.ninjs+json", "ninjs"),
    ("text/*", "markdown"),  # equal weights: the first offered
    ("application/json;q=0.5, text/markdown", "markdown"),
    ("text/markdown;q=0.4, text/html;q=0.6", "html"),
    ("text/markdown;q=0.4, text/html;q=0.6, */*;q=0.1", "html"),
    ("*/*;q=0.1, application/ld+json;q=0.2", "jsonld"),
    ("text/*;q=0.9, text/html;q=0", "markdown"),  # the most specific range decides
    ("text/html;q=0, */*", "json"),
    ("application/json;q=0, */*;q=0.5", "markdown"),
    ("text/markdown;variant=CommonMark", "markdown"),
    ('text/markdown; variant="CommonMark"; q=0.8, text/html; q=0.7', "markdown"),
    ("text/markdown;charset=UTF-8", "markdown"),
    ("text/markdown;variant=GFM, text/html;q=0.1", "html"),  # not what is made
    ("text/html;level=1;q=0.3, text/markdown;q=0.2", "markdown"),
    ("text/markdown;q=0.5;ext=1;other, text/html;q=0.4", "markdown"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html"),
    ("text/markdown;q=1.000, text/html;q=0.999", "markdown"),
    ("application/ld+json;q=0.001", "jsonld"),
])
def test_accept_picks_the_best_weighted_offer(accept, name):
    assert chosen(accept) == name


@pytest.mark.parametrize("accept", ["image/png", "text/plain", "application/json;q=0",
                                    "*/*;q=0", "text/*;q=0, application/*;q=0",
                                    "text/markdown;variant=GFM"])
def test_nothing_acceptable_lists_what_is_offered(accept):
    with pytest.raises(NotAcceptable) as caught:
        chosen(accept)
    assert caught.value.available == [f.media_type for f in FORMATS]


def test_a_weight_out_of_bounds_or_malformed_drops_its_range():
    assert [r.q for r in parse_accept("a/b;q=1.5, c/d;q=0.1234, e/f;q=abc, g/h;q=0.5")] == [
        0.5]
    assert [(r.type, r.subtype) for r in parse_accept("*/html, text/, /x, a/b c, d/e")] == [
        ("d", "e")]


def test_a_quoted_parameter_may_hold_a_comma():
    (first, second) = parse_accept('text/markdown;x="a,b";q=0.3, text/html')
    assert first.parameters == (("x", "a,b"),) and first.q == 0.3
    assert (second.type, second.subtype, second.q) == ("text", "html", 1.0)


def test_format_names_a_representation_whatever_accept_says():
    assert chosen("text/html", "ninjs") == "ninjs"
    assert chosen("image/png", "json") == "json"
    with pytest.raises(UnknownFormat) as caught:
        chosen(None, "docx")
    assert caught.value.available == [f.name for f in FORMATS]

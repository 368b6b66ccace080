"""Tests for the dateline grammar: each form with several made-up variants."""

import time

import pytest

from service.nlp.structure.dateline import match_opening, match_sign_off
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

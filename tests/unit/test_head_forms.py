"""A story's head and its text's form, in made-up wordings: furniture lines before the
headline, a byline and date under it, datelines and agencies by their form, credits after
the story, wire text wrapped at a fixed width."""

import pytest

from service.nlp.structure.structure import analyze_structure
from tests.unit.structure_forms import (
    BODY,
    HEADLINE,
    from_html,
    html_page,
    paragraphs,
)


@pytest.mark.parametrize("first", [
    "(Getty Images/Anna Berg)",
    "(AP Photo/Jo Lind)",
    "[Valley Post/Ken Ito]",
])
def test_a_bracketed_photo_credit_is_no_headline(first):
    s = analyze_structure("\n\n".join([first, HEADLINE, *BODY]))
    assert s.headline.text == HEADLINE
    assert paragraphs(s) == BODY


@pytest.mark.parametrize(("copied", "cut"), [(0, 84), (0, 40), (2, 71), (1, 60)])
def test_a_first_line_cut_from_a_paragraph_is_no_headline(copied, cut):
    teaser = BODY[copied][:cut].rstrip()
    assert not teaser.endswith((".", "…"))
    s = analyze_structure("\n\n".join([teaser, HEADLINE, *BODY]))
    assert s.headline.text == HEADLINE
    assert paragraphs(s) == BODY
    assert teaser in s.removed


@pytest.mark.parametrize("line", [
    "Ana Pel March 9, 2017",
    "Rolf Aske  12 June 2023",
    "Hedda Lund, Valley Post | Nov. 3, 2021",
    "Mara Voss and Tomas Lind · 4 January 2020, 09:30",
])
def test_a_byline_and_date_under_the_headline_is_no_dek(line):
    s = analyze_structure("\n\n".join([HEADLINE, line, *BODY]))
    assert s.headline.text == HEADLINE
    assert s.subheadline is None
    assert paragraphs(s) == BODY
    assert line in s.removed


@pytest.mark.parametrize("dek", [
    "Residents of Calloway want a footpath as well as lanes for cars",
    "The Orrin Bridge Trust March 2024 report says the old span is worn out",
])
def test_a_standfirst_with_a_name_or_a_date_stays_the_dek(dek):
    s = analyze_structure("\n\n".join([HEADLINE, dek, *BODY]))
    assert s.subheadline is not None and s.subheadline.text == dek
    assert paragraphs(s) == BODY


def _indented(width: int, indent: str) -> str:
    import textwrap
    wrapped = ["\n".join(textwrap.wrap(p, width, initial_indent=indent)) for p in BODY]
    return HEADLINE + "\n" + "\n".join(wrapped)


@pytest.mark.parametrize("width", [58, 60, 64, 70])
@pytest.mark.parametrize("indent", ["   ", "\t", "  "])
def test_wire_text_with_indented_paragraphs_is_rejoined(width, indent):
    s = analyze_structure(_indented(width, indent))
    assert s.headline.text == HEADLINE
    assert paragraphs(s) == BODY
    assert all(section.title is None for section in s.sections)


LEAD = "The board voted to build a second bridge over the river on Thursday, its chair said."


@pytest.mark.parametrize(("opening", "agency", "place"), [
    ("(CNN) —", "CNN", None),
    ("(XYZ) --", "XYZ", None),
    ("(KBN) -", "KBN", None),
    ("Berlin (dpa/tmn) -", "dpa/tmn", "Berlin"),
    ("Dunmere (xyz/abc) —", "xyz/abc", "Dunmere"),
])
def test_an_agency_by_its_form_opens_the_story(opening, agency, place):
    s = analyze_structure("\n\n".join([HEADLINE, f"{opening} {LEAD}", *BODY[1:]]))
    assert s.dateline is not None
    assert (s.dateline.raw, s.dateline.agency, s.dateline.place) == (opening, agency, place)


@pytest.mark.parametrize("opening", ["(UPDATE) —", "(EDITORIAL) -", "(Updated) —"])
def test_a_label_in_brackets_is_no_agency(opening):
    s = analyze_structure("\n\n".join([HEADLINE, f"{opening} {LEAD}", *BODY[1:]]))
    assert s.dateline is None or s.dateline.agency is None


@pytest.mark.parametrize("first", [
    ["News Feed", "Jeudi 12 mars 2024"],
    ["12.03.2024", "Photo: Ken Ito"],
    ["Latest News", "(Getty Images/Anna Berg)"],
    ["Quinta-feira, 7 de março de 2024"],
    ["REUTERS/Ken Ito"],
    ["AFP PHOTO/Anna Berg Lind"],
])
def test_furniture_lines_one_under_another_give_way_to_the_headline(first):
    s = analyze_structure("\n\n".join([*first, HEADLINE, *BODY]))
    assert s.headline.text == HEADLINE
    assert paragraphs(s) == BODY


@pytest.mark.parametrize("credit", ["With AFP", "Valley Post with AP", "(with agencies)",
                                    "— with Reuters", "Valley Post and AFP"])
def test_a_trailing_agency_credit_is_a_credit_and_no_dateline(credit):
    s = analyze_structure("\n\n".join([HEADLINE, *BODY, credit]))
    assert s.dateline is None
    assert paragraphs(s) == BODY
    assert credit in s.credits


@pytest.mark.parametrize("last", ["Residents with young children", "Dunmere and Westfold"])
def test_a_short_last_line_naming_no_agency_is_no_credit(last):
    s = analyze_structure("\n\n".join([HEADLINE, *BODY, last]))
    assert last not in s.credits


@pytest.mark.parametrize("byline", [
    "<p><span>Ana Pel</span> <time>March 9, 2017</time></p>",
    "<div class='meta'><a href='/a/rolf'>Rolf Aske</a><time datetime='2023-06-12'>12 June "
    "2023</time></div>",
    "<p><span>Hedda Lund</span>, <span>Mara Voss</span> <time>Nov. 3, 2021</time></p>",
])
def test_a_byline_whose_time_stamp_the_markup_held_is_no_paragraph(byline):
    s = from_html(html_page({0: byline}))
    assert s.headline.text == HEADLINE
    assert paragraphs(s) == BODY
    assert s.subheadline is None


@pytest.mark.parametrize("line", ["Bridge plans in brief", "What the vote means"])
def test_a_short_line_that_is_no_name_stays_after_the_headline(line):
    s = from_html(html_page({0: f"<p>{line}</p>"}))
    assert line in paragraphs(s) or (s.subheadline and s.subheadline.text == line) or any(
        sec.title == line for sec in s.sections)


@pytest.mark.parametrize(("line", "place", "date"), [
    ("DUNMERE 1996-12-06", "Dunmere", "1996-12-06"),
    ("NEW DELHI 1997-01-15", "New Delhi", "1997-01-15"),
    ("WESTFOLD, Oct 27", "Westfold", None),
])
def test_a_dateline_on_a_line_of_its_own_opens_the_lead(line, place, date):
    s = analyze_structure("\n\n".join([HEADLINE, line, *BODY]))
    assert s.dateline is not None
    assert (s.dateline.place, s.dateline.date) == (place, date)
    assert paragraphs(s) == [f"{line} {BODY[0]}", *BODY[1:]]


@pytest.mark.parametrize("label", ["News Feed", "Jeudi 12 mars 2024", "Latest", "Opinion"])
def test_an_h1_label_over_the_h2_the_title_names_gives_way(label):
    story = "".join(f"<p>{p}</p>" for p in BODY)
    s = from_html(f"<html><head><title>{HEADLINE} | Valley Post</title></head><body><article>"
                   f"<h1>{label}</h1><h2>{HEADLINE}</h2>{story}</article></body></html>")
    assert s.headline.text == HEADLINE
    assert paragraphs(s) == BODY


def test_an_h1_the_title_holds_stays_the_headline_over_an_h2():
    story = "".join(f"<p>{p}</p>" for p in BODY)
    s = from_html(f"<html><head><title>{HEADLINE} | Valley Post</title></head><body><article>"
                   f"<h1>{HEADLINE}</h1><h2>Why the board said yes</h2>{story}</article>"
                   "</body></html>")
    assert s.headline.text == HEADLINE


@pytest.mark.parametrize("width", [56, 60, 66, 72])
def test_wire_text_broken_at_each_line_in_the_markup_is_rejoined(width):
    import textwrap
    html = html_page({}).replace("".join(f"<p>{p}</p>" for p in BODY), "".join(
        f"<p>{'<br>'.join(textwrap.wrap(p, width))}</p>" for p in BODY))
    s = from_html(html)
    assert s.headline.text == HEADLINE
    assert s.subheadline is None
    assert paragraphs(s) == BODY


@pytest.mark.parametrize("lines", [
    ["Valley Post", "45 Mill Lane", "Dunmere, DV4 7QP"],
    ["The river rose in the night,", "the bridge held until the dawn,",
     "and the town slept on."],
])
def test_short_lines_broken_in_the_markup_stay_lines(lines):
    s = from_html(html_page({2: f"<p>{'<br>'.join(lines)}</p>"}))
    kept = paragraphs(s)
    assert all(p in kept for p in BODY)
    assert all(" ".join(lines) not in p for p in kept)


@pytest.mark.parametrize("line", ["NATO/EU Summit Ends", "(Updated)"])
def test_a_title_with_a_slash_or_a_label_is_no_credit(line):
    s = analyze_structure("\n\n".join([HEADLINE, *BODY[:2], line, *BODY[2:]]))
    assert line not in s.credits

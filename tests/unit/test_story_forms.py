"""A story's parts in made-up wordings: the headline of a page whose <title> names only the
site, wire text in <pre>, a caption shown twice beside its credit, a dated title, and a
bracket of an agency's form inside the story."""

import textwrap

import pytest

from service.nlp.structure.structure import analyze_structure
from tests.unit.structure_forms import BODY, HEADLINE, from_html, html_page, paragraphs

MID = "The board said the bridge plan would go to the regional fund next month."


LONG_LEAD = f"{BODY[0]} It was the second such report this year."


@pytest.mark.parametrize("opening", ["(EU) -", "(UN) —", "(NATO) --", "(WHO) –"])
@pytest.mark.parametrize("before", [[LONG_LEAD], BODY[:2], BODY[:3], [BODY[1]]])
def test_an_agency_of_its_form_inside_the_story_is_no_dateline(opening, before):
    para = f"{opening} {MID}"
    s = analyze_structure("\n\n".join([HEADLINE, *before, para, BODY[3]]))
    assert s.dateline is None
    assert s.subheadline is None
    assert paragraphs(s) == [*before, para, BODY[3]]


@pytest.mark.parametrize("dek", [
    "Residents of Calloway and Westfold asked the board for a footpath on the new bridge "
    "as well as two lanes for cars on Thursday.",
    "The regional fund will decide in the autumn whether to pay half of the cost of a "
    "second bridge over the river.",
])
def test_an_agency_of_its_form_after_a_one_sentence_dek_stays_the_dateline(dek):
    s = analyze_structure("\n\n".join([HEADLINE, dek, f"(XYZ) -- {BODY[0]}", *BODY[1:]]))
    assert s.dateline is not None and s.dateline.agency == "XYZ"


@pytest.mark.parametrize("opening", ["(EU) -", "(UN) —", "(NATO) --"])
def test_an_agency_of_its_form_opening_the_story_stays_its_dateline(opening):
    s = analyze_structure("\n\n".join([HEADLINE, f"{opening} {MID}", *BODY]))
    assert s.dateline is not None and s.dateline.raw == opening


@pytest.mark.parametrize("title", [
    "Election Night November 5, 2024",
    "Budget Day March 12, 2025",
    "Harvest Festival Opens October 3, 2023",
    "Spring Tide Warning 1 April 2024",
])
def test_a_title_of_capitalised_words_and_a_date_over_the_lead_is_the_headline(title):
    s = analyze_structure("\n\n".join([title, *BODY]))
    assert s.headline is not None and s.headline.text == title
    assert s.authors == []
    assert paragraphs(s) == BODY


@pytest.mark.parametrize("line", ["Updated March 9, 2017", "By Ana Pel March 9, 2017",
                                  "March 9, 2017 10:30 am"])
def test_a_time_stamp_or_a_marked_byline_over_the_lead_stays_furniture(line):
    s = analyze_structure("\n\n".join([line, *BODY]))
    assert s.headline is None or s.headline.text != line
    assert line in s.removed


def _pre(text: str) -> str:
    return html_page({}).replace("".join(f"<p>{p}</p>" for p in BODY), f"<pre>{text}</pre>")


@pytest.mark.parametrize("width", [58, 64, 70])
@pytest.mark.parametrize(("indent", "between"), [("", "\n\n"), ("   ", "\n"), ("\t", "\n"),
                                                 ("  ", "\n\n")])
def test_wire_text_in_pre_is_split_into_its_paragraphs(width, indent, between):
    text = between.join("\n".join(textwrap.wrap(p, width, initial_indent=indent)) for p in BODY)
    s = from_html(_pre(text))
    assert s.headline.text == HEADLINE
    assert s.subheadline is None
    assert paragraphs(s) == BODY


def test_a_quote_whose_source_breaks_its_lines_stays_one_paragraph():
    quote = "We will build it,\n  the chair said, and we will build it well."
    s = from_html(html_page({2: f"<blockquote>{quote}</blockquote>"}))
    assert " ".join(quote.split()) in paragraphs(s)


CAPTIONS = ["Hedda Marsh, chair of the board, speaks after the vote on Thursday.",
            "Traffic crosses the old span over the Orrin at dusk.",
            "Residents of Westfold listen to the engineers at the works office."]
CREDITS = ["Photo: Ken Ito", "(Valley Post/Ken Ito)", "Ken Ito/Valley Post", "Credit: Anna Berg"]


@pytest.mark.parametrize("caption", CAPTIONS)
@pytest.mark.parametrize("credit", CREDITS)
@pytest.mark.parametrize("form", ["credit under", "credit over", "credit at its end"])
def test_a_caption_shown_twice_beside_its_credit_goes_both_times(caption, credit, form):
    first = {"credit under": [caption, credit], "credit over": [credit, caption],
             "credit at its end": [f"{caption} {credit}"]}[form]
    s = analyze_structure("\n\n".join([HEADLINE, *first, *BODY[:2], caption, *BODY[2:]]))
    assert s.headline.text == HEADLINE
    assert paragraphs(s) == BODY
    assert caption in s.removed


@pytest.mark.parametrize("sentence", ["The board met again on Friday.",
                                      "Work will start in May, Hedda Marsh said.",
                                      "Nobody spoke against the footpath."])
def test_a_sentence_of_the_story_shown_twice_keeps_its_first_copy(sentence):
    s = analyze_structure("\n\n".join([HEADLINE, BODY[0], sentence, *BODY[1:3], sentence,
                                       BODY[3], CREDITS[0]]))
    assert paragraphs(s)[:3] == [BODY[0], sentence, BODY[1]]


def test_code_in_pre_is_not_split_as_wire_text():
    code = "GET /bridge HTTP/1.1\nHost: valley.example\n\nHTTP/1.1 200 OK\nContent-Type: text/plain"
    s = from_html(_pre(code))
    assert all(line not in paragraphs(s) for line in ("Host: valley.example", "HTTP/1.1 200 OK"))


LOGOS = ["<a class='site-logo' href='/'>The Valley Post</a>",
         "<div class='brand'><img alt='Valley Post logo' src='l.png'>The Valley Post</div>",
         "<span class='masthead'>The Valley Post</span>",
         "<a href='/'><img alt='The Valley Post' src='l.png'></a>"]
HEADINGS = [f"<h3>{HEADLINE}</h3>", f"<p class='title'><b>{HEADLINE}</b></p>",
            f"<div class='headline'>{HEADLINE}</div>", f"<h4>{HEADLINE}</h4>"]


@pytest.mark.parametrize("logo", LOGOS)
@pytest.mark.parametrize("heading", HEADINGS)
def test_a_title_that_is_the_sites_logo_gives_way_to_the_storys_title(logo, heading):
    story = "".join(f"<p>{p}</p>" for p in BODY)
    s = from_html(f"<html><head><title>The Valley Post</title></head><body><header>{logo}"
                  "<nav><a href='/news'>News</a> <a href='/sport'>Sport</a></nav></header>"
                  f"<div class='content'>{heading}{story}</div></body></html>")
    assert s.headline is not None and s.headline.text == HEADLINE
    assert paragraphs(s) == BODY


def test_a_title_that_is_the_headline_stays_when_a_logo_is_elsewhere():
    story = "".join(f"<p>{p}</p>" for p in BODY)
    s = from_html(f"<html><head><title>{HEADLINE}</title></head><body><header>{LOGOS[0]}"
                  f"</header><div class='content'><h3>{HEADLINE}</h3>{story}</div></body></html>")
    assert s.headline.text == HEADLINE


@pytest.mark.parametrize("width", [58, 64, 70])
@pytest.mark.parametrize("indent", ["  ", "    ", "\t"])
def test_plain_wire_text_with_indented_paragraphs_between_blank_lines_is_rejoined(width, indent):
    text = "\n\n".join("\n".join(textwrap.wrap(p, width, initial_indent=indent)) for p in BODY)
    s = analyze_structure(f"{HEADLINE}\n\n{text}")
    assert s.headline.text == HEADLINE
    assert paragraphs(s) == BODY

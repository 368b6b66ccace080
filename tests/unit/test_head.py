"""Headline, dek and paragraphs by what a line is: furniture first lines, deks repeating
the lead, hard-wrapped blocks and leads written straight into a page's <div>."""

import textwrap

import pytest

from service.nlp.structure.html import extract_html
from service.nlp.structure.structure import analyze_structure

HEADLINE = "Harbour council approves a new ferry route to the islands"
LEAD = ("KELVAY (Reuters) - The harbour council approved a new ferry route to the islands on "
        "Tuesday after two years of debate, officials said.")
UNDATED_LEAD = ("The harbour council of Kelvay approved a new ferry route to the islands on "
                "Tuesday after two years of debate, officials said.")
SECOND = ("Ilse Varga, who chairs the transport committee, said the route would open in the "
          "spring once the new pier is finished.")
THIRD = "Tickets will cost the same as on the old route, the council said in a statement."


@pytest.mark.parametrize("furniture", [
    "News Feed",
    "Martes, 5 de marzo de 2024",
    "Photo: Ida Berg/Reuters",
    "100 Harbour Road, Suite 5, Port Anselm, ST 12345",
    "03.06.2024 · 14:05",
    "Harbour council approves a new ferry route to the islands The harbour council of Kelvay "
    "approved a new ferry route to the islands on Tuesday after two years of debate, offic",
    "Ferries wait at the quay in Kelvay as the council meets to vote on the route that will "
    "link the harbour with the three islands, a plan debated for two years by members who "
    "disagreed on its cost, its timetable and the size of the boats.",
])
@pytest.mark.parametrize("lead", [LEAD, UNDATED_LEAD])
def test_a_furniture_first_line_gives_way_to_the_headline_after_it(furniture, lead):
    s = analyze_structure("\n\n".join([furniture, HEADLINE, lead, SECOND, THIRD]))
    assert s.headline.text == HEADLINE
    assert furniture in s.removed
    assert [p.text for _, p in s.paragraphs()] == [lead, SECOND, THIRD]


@pytest.mark.parametrize("headline", [
    "Ferry route approved", "Kelvay votes for island ferries after two years",
    "Why the islands need a ferry?",
])
def test_a_title_first_line_stays_the_headline(headline):
    s = analyze_structure("\n\n".join([headline, LEAD, SECOND]))
    assert s.headline.text == headline.rstrip()


@pytest.mark.parametrize("dek", [
    "The harbour council approved a new ferry route to the islands on Tuesday",
    "The harbour council approved a new ferry route to the islands on Tuesday after two "
    "years of debate, officials said.",
    "the harbour council approved a new ferry route to the islands",
])
@pytest.mark.parametrize("lead", [LEAD, UNDATED_LEAD.replace(" of Kelvay", "")])
def test_a_dek_repeating_the_first_paragraph_is_no_dek(dek, lead):
    s = analyze_structure("\n\n".join([HEADLINE, dek, lead, SECOND, THIRD]))
    assert s.subheadline is None
    assert [p.text for _, p in s.paragraphs()][0] == lead


def test_a_dek_that_says_something_else_stays_the_dek():
    dek = "Islanders have waited two years for a link to the mainland"
    s = analyze_structure("\n\n".join([HEADLINE, dek, LEAD, SECOND]))
    assert s.subheadline.text == dek


@pytest.mark.parametrize("width", [58, 64, 72])
def test_hard_wrapped_blocks_are_rejoined_beside_an_unwrapped_one(width):
    unwrapped = ("This paragraph was pasted from a page whose lines are not wrapped at all, so "
                 "it runs well past any fixed width a wire service would use for its copy.")
    raw = "\n\n".join([HEADLINE, textwrap.fill(LEAD, width), unwrapped,
                       textwrap.fill(SECOND, width), textwrap.fill(THIRD, width)])
    s = analyze_structure(raw)
    assert [p.text for _, p in s.paragraphs()] == [LEAD, unwrapped, SECOND, THIRD]
    assert all(sec.title is None for sec in s.sections)


@pytest.mark.parametrize("lines", [
    ["Media contact:", "Jane Roe", "press@acme.example"],
    ["Route: Harburg to Kelvay", "Crossing: forty minutes each way", "First sailing: 6 a.m."],
])
def test_short_lines_without_a_wrap_stay_apart(lines):
    unwrapped = "A" + " long line" * 20 + "."
    s = analyze_structure("\n\n".join([HEADLINE, LEAD, unwrapped, "\n".join(lines)]))
    texts = [p.text for _, p in s.paragraphs()] + s.removed + [
        sec.title for sec in s.sections if sec.title]
    assert "\n".join(lines) not in texts
    assert all(any(line in t for t in texts) for line in lines)


@pytest.mark.parametrize("wrap", [
    "<div>{lead}{rest}</div>",
    "<div class='story-body'>{lead}{rest}</div>",
    "<div><span>{lead}</span>{rest}</div>",
])
def test_a_lead_written_straight_into_its_div_is_the_first_paragraph(wrap):
    rest = f"<p>{SECOND}</p><p>{THIRD}</p>"
    html = (f"<html><head><title>{HEADLINE}</title></head><body><article><h1>{HEADLINE}</h1>"
            f"{wrap.format(lead=LEAD, rest=rest)}</article></body></html>")
    page = extract_html(html)
    s = analyze_structure(page.text, page=page)
    assert [p.text for _, p in s.paragraphs()] == [LEAD, SECOND, THIRD]
    assert (s.dateline.place, s.dateline.agency) == ("Kelvay", "Reuters")


@pytest.mark.parametrize("cls", ["summary", "article-summary"])
def test_a_lead_marked_as_the_dek_stays_the_lead(cls):
    html = (f"<html><head><title>{HEADLINE}</title></head><body><article><h1>{HEADLINE}</h1>"
            f"<p class='{cls}'>{LEAD} {SECOND}</p><p>{THIRD}</p><p>{SECOND}</p>"
            "</article></body></html>")
    page = extract_html(html)
    s = analyze_structure(page.text, page=page)
    assert s.subheadline is None
    assert s.dateline is not None and s.dateline.place == "Kelvay"


@pytest.mark.parametrize("title", ["Ferry route approved.", "KELVAY", "News"])
def test_the_headline_a_page_gives_is_taken_as_given(title):
    from service.nlp.structure.html import HtmlArticle

    page = HtmlArticle(text="\n\n".join([title, LEAD, SECOND]), title=title,
                       blocks=(LEAD, SECOND))
    s = analyze_structure(page.text, page=page)
    assert s.headline.text == title
    assert [p.text for _, p in s.paragraphs()] == [LEAD, SECOND]


@pytest.mark.parametrize("teaser_end", [
    "The harbour council of Kelvay approved a new ferry route on Tue",
    "Officials said on Tuesday that the first boat would sail in spr",
    "Kelvay — The vote came after two years of deb",
])
@pytest.mark.parametrize("lead", [LEAD, UNDATED_LEAD])
def test_a_teaser_running_the_headline_into_the_lead_gives_way_to_the_headline(
        teaser_end, lead):
    teaser = f"{HEADLINE} {teaser_end}"
    s = analyze_structure("\n\n".join([teaser, HEADLINE, lead, SECOND, THIRD]))
    assert s.headline.text == HEADLINE
    assert s.subheadline is None
    assert teaser in s.removed
    assert [p.text for _, p in s.paragraphs()] == [lead, SECOND, THIRD]


PROMO_LINES = ["WATCH: Storm batters the coast of Rudna", "Video: Inside the new pier at Kelvay",
               "Listen: The ferry podcast, episode 12", "Read more: Fares rise for the winter",
               "Related: Island school gets a new boat", "SEE ALSO | Kelvay opens night market"]


@pytest.mark.parametrize("promo", PROMO_LINES)
@pytest.mark.parametrize("lead", [LEAD, UNDATED_LEAD])
def test_a_labelled_title_of_another_story_is_neither_dek_nor_body(promo, lead):
    for blocks in ([HEADLINE, promo, lead, SECOND, THIRD],
                   [HEADLINE, lead, SECOND, promo, THIRD]):
        s = analyze_structure("\n\n".join(blocks))
        assert s.headline.text == HEADLINE
        assert s.subheadline is None
        assert (promo, "related stories") in zip(s.removed, s.removal_reasons, strict=True)
        assert [p.text for _, p in s.paragraphs()] == [lead, SECOND, THIRD]


@pytest.mark.parametrize("label", ["For immediate release", "FOR IMMEDIATE RELEASE",
                                   "Press release", "News Release"])
def test_a_release_label_before_a_newswire_dateline_is_no_dek(label):
    lead = ("PORT ANSELM, May 2, 2024 /PRNewswire/ -- Example Ferries Inc. today announced a "
            "new route to the islands, to open in the spring.")
    s = analyze_structure("\n\n".join([HEADLINE, label, lead, SECOND, THIRD]))
    assert s.subheadline is None
    assert label in s.removed
    assert s.dateline.agency == "PRNewswire"
    assert [p.text for _, p in s.paragraphs()] == [lead, SECOND, THIRD]


@pytest.mark.parametrize("extra", [
    "", " It follows two years of debate over its cost, its timetable and the size of the "
        "boats that will serve the three islands",
])
def test_a_long_dek_before_the_dateline_stays_the_dek(extra):
    dek = "Islanders will get a morning and an evening crossing from next spring" + extra
    s = analyze_structure("\n\n".join([HEADLINE, dek, LEAD, SECOND, THIRD]))
    assert s.subheadline.text == dek
    assert [p.text for _, p in s.paragraphs()] == [LEAD, SECOND, THIRD]


@pytest.mark.parametrize("marker", ["+ ", "* ", "- ", "• ", "1. ", "2) "])
@pytest.mark.parametrize("given", [True, False])
def test_the_first_item_of_a_list_under_the_headline_is_no_dek(marker, given):
    from service.nlp.structure.html import HtmlArticle

    items = [f"{marker}Added a morning crossing to the three islands",
             f"{marker}Fares for children under twelve are dropped",
             f"{marker}The old pier reopens for small boats"]
    blocks = (*items, UNDATED_LEAD, SECOND)
    text = "\n\n".join([HEADLINE, *blocks])
    page = HtmlArticle(text=text, title=HEADLINE, blocks=blocks) if given else None
    s = analyze_structure(text, page=page)
    assert s.subheadline is None
    assert s.sections[0].paragraphs[0].text == items[0]
    assert all(item in s.text for item in items)

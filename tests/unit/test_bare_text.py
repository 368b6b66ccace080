"""A lead or paragraph written straight into a <div> (no <p>) is kept in page order beside
the paragraphs the extractor finds; link rails and short lines written the same way are not."""

import pytest
from lxml import etree

from service.nlp.structure.bare_text import rejoin_link_splits
from service.nlp.structure.body_xml import body_blocks
from service.nlp.structure.html import extract_html
from service.nlp.structure.structure import analyze_structure

LEAD = ("HARBURG (Reuters) - The council approved the ferry plan on Tuesday after a long "
        "debate that ran past midnight, officials said.")
SECOND = ("The first boat is due in the spring, and tickets will cost the same as the bus "
          "into town, the port authority said.")
LONG = " ".join([
    "The harbour master said the new pier would be finished in April, and that the boats "
    "would carry up to 300 passengers and 40 cars on each crossing.",
    "Islanders have waited nine years for a daily ferry, and the vote was close, with seven "
    "councillors against the plan and two abstaining.",
] * 3)
LAST = ("Work on the slipway starts next month, the council said, and the route should open "
        "before the summer holidays.")


def page(body: str) -> str:
    return ("<html><head><title>Ferry plan approved - Example Gazette</title></head><body>"
            "<nav><a href='/'>Home</a></nav><h1>Ferry plan approved</h1>"
            f"{body}<footer>Example Gazette</footer></body></html>")


def paragraphs(html: str) -> list[str]:
    extracted = extract_html(html)
    structure = analyze_structure(extracted.text, page=extracted)
    return [p.text for _, p in structure.paragraphs()]


@pytest.mark.parametrize("body", [
    f"<div class='content'><div>{LEAD}</div><div>{SECOND}</div><p>{LONG}</p><p>{LAST}</p></div>",
    f"<div class='story'><div>{LEAD}</div><p>{LONG}</p><div>{SECOND}</div><p>{LAST}</p></div>",
    f"<div id='text'><span>{LEAD}</span><p>{LONG}</p><p>{LAST}</p></div>",
])
def test_text_written_straight_into_a_div_is_kept_in_page_order(body):
    found = paragraphs(page(body))
    expected = [t for t in (LEAD, SECOND, LONG, LAST) if t in body]
    assert [p for p in found if p in expected] == sorted(expected, key=body.index)


@pytest.mark.parametrize("extra", [
    "<div><a href='/a'>Harbour council weighs a plan for the new pier</a> "
    "<a href='/b'>Storm closes the island school again this week</a>.</div>",
    "<div>Share this story</div>",
    "<div>Photo: Example Gazette</div>",
])
def test_links_and_short_lines_in_a_div_are_not_article_text(extra):
    body = f"<div class='story'><div>{LEAD}</div>{extra}<p>{LONG}</p><p>{LAST}</p></div>"
    found = paragraphs(page(body))
    assert LEAD in found and LONG in found
    assert all("Harbour council weighs" not in p and "Share this" not in p
               and "Photo:" not in p for p in found)


@pytest.mark.parametrize(("body", "sentence"), [
    ("<p>The council approved the plan for the</p><p><ref target='/p'>new pier</ref>on "
     "Tuesday, officials said.</p>",
     "The council approved the plan for the new pier on Tuesday, officials said."),
    ("<p>Islanders have asked for a daily ferry since the</p><p><ref target='/b'>old boat"
     "</ref>was sold in 2015, the</p><p><ref target='/c'>council</ref>said.</p>",
     "Islanders have asked for a daily ferry since the old boat was sold in 2015, the "
     "council said."),
    ("<p>Tickets will cost the same as the bus into town, according to the</p><p>"
     "<ref target='/a'>port authority</ref>.</p>",
     "Tickets will cost the same as the bus into town, according to the port authority."),
])
def test_a_sentence_the_extractor_cut_at_its_links_is_put_back_together(body, sentence):
    blocks, _ = body_blocks(rejoin_link_splits(etree.fromstring(f"<body>{body}</body>")))
    assert blocks == [sentence]


@pytest.mark.parametrize("body", [
    "<p>Here are a few of our favourite crossings</p><p><ref target='/m'>Learn more</ref></p>",
    "<p>The council approved the plan on Tuesday.</p><p><ref target='/p'>Kelvay</ref> "
    "islanders welcomed it.</p>",
    "<p>Related</p><p><ref target='/p'>Storm closes the island school</ref> again.</p>",
])
def test_paragraphs_that_are_whole_are_not_joined(body):
    blocks, _ = body_blocks(rejoin_link_splits(etree.fromstring(f"<body>{body}</body>")))
    assert len(blocks) == 2


MIDDLE = ("The harbour code sets rules for the boats but no fines for breaking them. In the "
          "past, the {link} has ruled that owners may not be fined for late crossings.")


@pytest.mark.parametrize("link", ["<a href='/court'>appeals court</a>",
                                  "<a href='/board'>Port Appeals Board</a> of Kelvay"])
@pytest.mark.parametrize("figure", [
    "<div class='fig-frame'><figure><img src='a.jpg'></figure><p class='legend'>Ida Berg</p>"
    "</div>",
    "<div class='media'><img src='b.jpg' alt='Ferries'></div>",
])
def test_prose_after_a_block_with_a_link_inside_it_comes_back_whole_and_once(link, figure):
    # pretty-printed markup: the text runs after a figure's frame, on its own indented line
    text = MIDDLE.format(link=link)
    body = (f"<div class='story'>\n    <p>{LEAD}</p>\n    <p>{LONG}</p>\n    {figure}{text}\n"
            f"        <p></p>\n    <p>{SECOND}</p>\n    <p>{LAST}</p>\n</div>")
    found = paragraphs(page(body))
    whole = " ".join("".join(etree.fromstring(f"<p>{text}</p>").itertext()).split())
    assert whole in found
    assert [p for p in found if p != whole and "harbour code" not in p
            and "has ruled" not in p] == [LEAD, LONG, SECOND, LAST]
    assert sum("has ruled" in p for p in found) == 1


@pytest.mark.parametrize("heading", ["What the council decided", "Questions from the floor"])
@pytest.mark.parametrize("text", [SECOND, LAST, f"“{LAST}”", "42 boats sailed in the first week."])
def test_text_the_extractor_leaves_after_a_heading_is_a_paragraph(heading, text):
    body = etree.fromstring(f"<body><p>{LONG}</p><head rend='h2'>{heading}</head>{text}"
                            f"<p>{LAST[:40]}</p></body>")
    blocks, _ = body_blocks(rejoin_link_splits(body))
    assert blocks == [LONG, heading, text, LAST[:40]]


@pytest.mark.parametrize("fragment", [", there are two ways across and they are",
                                      "boats when the tide is", "   "])
def test_a_fragment_left_between_blocks_is_no_paragraph(fragment):
    body = etree.fromstring(f"<body><p>{LONG}</p><p>When</p>{fragment}<p>{LAST}</p></body>")
    blocks, _ = body_blocks(rejoin_link_splits(body))
    assert blocks == [LONG, "When", LAST]


@pytest.mark.parametrize(("link", "after"), [
    ("<a href='https://example.com/w'><em>showing at the Orrin</em></a>",
     "<em>and on the ferry</em>"),
    ("<a href='https://example.com/w'><b>showing at the Orrin</b></a>", "<b>and on the ferry</b>"),
    ("<em><a href='https://example.com/w'>showing at the Orrin</a></em>",
     "<em>and on the ferry</em>"),
    ("<a href='https://example.com/w'><strong>showing at the Orrin</strong></a>",
     "<a href='https://example.com/f'><strong>and on the ferry</strong></a>"),
])
def test_the_space_between_two_inline_runs_is_kept(link, after):
    html = page(f"<article><p>{LEAD}</p><p>The film is {link} {after}.</p><p>{LONG}</p></article>")
    assert "The film is showing at the Orrin and on the ferry." in paragraphs(html)


@pytest.mark.parametrize(("runs", "word"), [
    ("<em>Calloway Bri</em><em>dge</em>", "Calloway Bridge"),
    ("<b>A</b><sup>n</sup>", "An"),
    ("<i>E</i><sub>jk</sub>", "Ejk"),
    ("<a href='https://example.com/w'><em>Or</em><em>rin</em></a>", "Orrin"),
])
def test_runs_with_no_space_between_them_stay_one_word(runs, word):
    html = page(f"<article><p>{LEAD}</p><p>The name {runs} is old.</p><p>{LONG}</p></article>")
    assert f"The name {word} is old." in paragraphs(html)


@pytest.mark.parametrize("tag", ["em", "i", "strong"])
def test_a_link_that_holds_only_formatted_text_keeps_the_space_after_it(tag):
    sentence = (f"The film is <{tag}>now</{tag}> <a href='https://example.com/w'><{tag}>showing "
                f"at the Orrin</{tag}></a> <{tag}>and on the evening ferry</{tag}>.")
    html = page(f"<article><p>{LEAD}</p><p>{sentence}</p><p>{LONG}</p></article>")
    assert "The film is now showing at the Orrin and on the evening ferry." in paragraphs(html)

"""On a page where the extractor finds no frame for the article it keeps only the
paragraphs; the headings and lists standing among them in the article's container (an
ingredients list under its heading, steps, products with their prices) come back in page
order. Link lists, one-item lists and what follows the last paragraph stay out."""

import pytest

from service.nlp.structure.html import extract_html
from service.nlp.structure.structure import analyze_structure
from tests.unit.test_bare_text import LAST, LEAD, LONG, SECOND, page

WRAPS = ["<div>{}</div>", "<section>{}</section>", "<div class='box'><div>{}</div></div>"]
LISTS = [
    ("What You'll Need:", ["Two cups of flour", "A pinch of salt", "Butter, softened",
                           "A large bowl"]),
    ("How to get there", ["Step 1: Take the ferry from the north pier.",
                          "Step 2: Walk up the hill to the church.",
                          "Step 3: Turn left at the inn."]),
    ("Prices this season", ["Day ticket – $12", "Return with a car – $48",
                            "Bicycle – $4"]),
]


def _blocks(html: str) -> list[str]:
    return list(extract_html(html).blocks)


def _list(items: list[str], tag: str = "ul") -> str:
    return f"<{tag}>" + "".join(f"<li>{item}</li>" for item in items) + f"</{tag}>"


@pytest.mark.parametrize("wrap", WRAPS)
@pytest.mark.parametrize(("heading", "items"), LISTS)
@pytest.mark.parametrize("tag", ["ul", "ol"])
def test_a_heading_and_its_list_among_the_paragraphs_come_back_in_order(
        wrap, heading, items, tag):
    inner = (f"<p>{LEAD}</p><p>{LONG}</p><h3>{heading}</h3>{_list(items, tag)}"
             f"<p>{SECOND}</p><h2>The next crossing</h2><p>{LAST}</p>")
    blocks = _blocks(page(wrap.format(inner)))
    assert blocks == [LEAD, LONG, heading.rstrip(":"), *(f"• {i}" for i in items), SECOND,
                      "The next crossing", LAST]


@pytest.mark.parametrize("wrap", WRAPS)
def test_a_list_of_links_among_the_paragraphs_stays_out(wrap):
    links = _list([f"<a href='/story/{n}'>{text}</a>" for n, text in enumerate(
        ["Harbour fees rise again", "A new bus for the island", "Storm closes the pier"])])
    inner = f"<p>{LEAD}</p><p>{LONG}</p>{links}<p>{SECOND}</p><p>{LAST}</p>"
    blocks = _blocks(page(wrap.format(inner)))
    assert blocks == [LEAD, LONG, SECOND, LAST]


@pytest.mark.parametrize("wrap", WRAPS)
@pytest.mark.parametrize(("heading", "items"), LISTS)
def test_a_heading_and_list_after_the_last_paragraph_stay_out(wrap, heading, items):
    inner = f"<p>{LEAD}</p><p>{LONG}</p><p>{SECOND}</p><h3>{heading}</h3>{_list(items)}"
    assert _blocks(page(wrap.format(inner))) == [LEAD, LONG, SECOND]


@pytest.mark.parametrize("wrap", WRAPS)
def test_a_one_item_list_stays_out(wrap):
    inner = (f"<p>{LEAD}</p><p>{LONG}</p>{_list(['Bicycles go free'])}<p>{SECOND}</p>"
             f"<p>{LAST}</p>")
    assert _blocks(page(wrap.format(inner))) == [LEAD, LONG, SECOND, LAST]


@pytest.mark.parametrize("heading", ["Sign up for our newsletter",
                                     "Subscribe to the Valley newsletter", "Advertisement",
                                     "Related"])
def test_a_furniture_heading_among_the_paragraphs_is_removed_with_its_reason(heading):
    inner = f"<p>{LEAD}</p><p>{LONG}</p><h3>{heading}</h3><p>{SECOND}</p><p>{LAST}</p>"
    page_ = extract_html(page(f"<div>{inner}</div>"))
    s = analyze_structure(page_.text, page=page_)
    assert [p.text for _, p in s.paragraphs()] == [LEAD, LONG, SECOND, LAST]
    assert heading in s.removed

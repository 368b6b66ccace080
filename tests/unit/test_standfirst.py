"""The standfirst of a web page: by its place under the headline (a subheading after the
<h1>, a block in the headline's <header>), set apart from the article's paragraphs (a text-only
block before them, a <header> inside them), never a teaser's summary inside a link."""

import pytest

from service.nlp.structure.html import extract_html
from service.nlp.structure.structure import analyze_structure

TITLE = "Why night trains are coming back to Europe"
STORY = ["Ten years ago, Europe's night trains seemed doomed. Operators cut route after route "
         "as budget airlines undercut them on price and travellers chose speed over comfort.",
         "Now the trains are back, with new routes from Vienna, Brussels and Stockholm and more "
         "planned for next year, as travellers look for ways to cut their carbon footprint.",
         "Rail companies say bookings have doubled since the spring, and they are ordering new "
         "sleeper carriages from two makers."]
STANDFIRSTS = ["Sleeper services are returning to routes abandoned decades ago.",
               "Operators bet that travellers will trade speed for a bed and a view",
               "A bed, a view and no airport queues: the sleeper is back in fashion."]
LEADS = ["Twenty routes closed in a decade. Now nine of them are open again, and the operators "
         "say more will follow by the end of next year.",
         "The last sleeper from Paris to Nice left in 2017. This winter a new one runs three "
         "times a week, and its berths are sold out until March."]


def _structure(body: str, head: str = ""):
    html = (f"<html><head><title>{TITLE}</title>{head}</head><body>{body}</body></html>")
    extracted = extract_html(html)
    return extracted, analyze_structure(extracted.text, page=extracted)


def _paragraphs(items: list[str]) -> str:
    return "".join(f"<p>{p}</p>" for p in items)


PLACED = [
    "<article><header><h1>{t}</h1><p>{s}</p></header>{body}</article>",
    "<article><header><h1>{t}</h1><div>{s}</div></header>{body}</article>",
    "<article><hgroup><h1>{t}</h1><p>{s}</p></hgroup>{body}</article>",
    "<article><h1>{t}</h1><h2>{s}</h2>{body}</article>",
    "<div class='story'><h1>{t}</h1>\n<h3>{s}</h3>{body}</div>",
]


@pytest.mark.parametrize("standfirst", STANDFIRSTS)
@pytest.mark.parametrize("form", PLACED)
def test_a_one_sentence_standfirst_under_the_headline_is_the_dek(form, standfirst):
    _, s = _structure(form.format(t=TITLE, s=standfirst, body=_paragraphs(STORY)))
    assert s.headline.text == TITLE
    assert s.subheadline.text == standfirst.rstrip(".")
    assert [p.text for _, p in s.paragraphs()] == STORY


@pytest.mark.parametrize("lead", LEADS)
@pytest.mark.parametrize("form", PLACED[:2] + PLACED[3:4])
def test_a_lead_of_several_sentences_under_the_headline_stays_the_lead(form, lead):
    _, s = _structure(form.format(t=TITLE, s=lead, body=_paragraphs(STORY)))
    assert s.subheadline is None
    assert [p.text for _, p in s.paragraphs()] == [lead, *STORY]


@pytest.mark.parametrize("line", ["By Ana Pel, March 9, 2017", "Ana Pel March 9, 2017",
                                  "Published 21 November 2019 · Tagged with Rail travel",
                                  "Updated 14:05 GMT, with reporting from Vienna"])
def test_a_byline_or_time_stamp_under_the_headline_is_no_dek_by_its_place(line):
    extracted, s = _structure(f"<article><header><h1>{TITLE}</h1><p>{line}</p></header>"
                              f"{_paragraphs(STORY)}</article>")
    assert extracted.dek is None
    assert [p.text for _, p in s.paragraphs()][-3:] == STORY


def test_a_first_paragraph_right_after_the_headline_stays_the_lead():
    """Without a heading's or a header's mark, a one-sentence first paragraph is the lead."""
    _, s = _structure(f"<article><h1>{TITLE}</h1>{_paragraphs(STANDFIRSTS[:1] + STORY)}"
                      "</article>")
    assert s.subheadline is None
    assert [p.text for _, p in s.paragraphs()] == STANDFIRSTS[:1] + STORY


SET_APART = [
    # a text-only block before the article's paragraphs, a photo between them
    "<div class='a'><h1>{t}</h1><div class='perex'>{s}</div>"
    "<div class='photo'><img src='x.jpg'><div>Sleeper at dawn</div></div>"
    "<div class='content'>{body}</div></div>",
    "<div class='a'><h1>{t}</h1><section>{s}</section><div class='content'>{body}</div></div>",
    # a <header> holding the standfirst inside the article's paragraphs
    "<h1>{t}</h1><div itemprop='articleBody'><header>{s}</header>{body}</div>",
]


@pytest.mark.parametrize("lead", LEADS)
@pytest.mark.parametrize("form", SET_APART)
def test_a_lead_set_apart_from_the_paragraphs_is_kept_first(form, lead):
    _, s = _structure(form.format(t=TITLE, s=lead, body=_paragraphs(STORY)))
    assert [p.text for _, p in s.paragraphs()] == [lead, *STORY]


@pytest.mark.parametrize("form", SET_APART)
def test_a_short_line_set_apart_from_the_paragraphs_is_not_recovered(form):
    _, s = _structure(form.format(t=TITLE, s="Share this story", body=_paragraphs(STORY)))
    assert [p.text for _, p in s.paragraphs()] == STORY


@pytest.mark.parametrize("summary_tag", ["span", "p", "div"])
def test_the_summary_of_a_teaser_inside_a_link_is_no_dek(summary_tag):
    teaser = (f"<div class='suggested'><a href='/other'>"
              f"<span class='title'>Ferries cut their fares</span>"
              f"<{summary_tag} class='summary'>A review of ticket prices finds the ferry "
              f"cheaper than the plane on most routes</{summary_tag}></a></div>")
    body = f"<main><h1>{TITLE}</h1>{_paragraphs(STORY)}<div>{teaser}</div></main>"
    _, s = _structure(body)
    assert s.subheadline is None or "review of ticket prices" not in s.subheadline.text


@pytest.mark.parametrize("tag", ["h2", "h3"])
@pytest.mark.parametrize("linked", [False, True])
def test_a_section_title_right_after_the_headline_is_no_dek(tag, linked):
    """The first of the article's section titles (the others share its tag), or a heading
    that is a link, is no standfirst even right under the headline."""
    titles = ["Routes closed in a decade", "Bookings double in the spring"]
    shown = [f"<a href='/t/{i}'>{t}</a>" if linked else t for i, t in enumerate(titles)]
    sections = (f"<{tag}>{shown[0]}</{tag}>{_paragraphs(STORY[:2])}" if linked else
                f"<{tag}>{shown[0]}</{tag}>{_paragraphs(STORY[:2])}"
                f"<{tag}>{shown[1]}</{tag}>{_paragraphs(STORY[2:])}")
    extracted, s = _structure(f"<article><h1>{TITLE}</h1>{sections}</article>")
    assert extracted.dek is None
    assert titles[0] in extracted.blocks

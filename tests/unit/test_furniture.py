"""Page furniture known by evidence: made-up pages with each kind of furniture inserted at
random places; none of it may reach the body, and every body paragraph must survive."""

import random

import lxml.html
import pytest
from lxml import etree

from schemas.removed import REASONS
from service.nlp.structure.body_xml import body_blocks
from service.nlp.structure.html import extract_html
from service.nlp.structure.structure import analyze_structure

HEADLINE = "Harbour council approves a new ferry route to the islands"
PEOPLE = ["Ilse Varga", "Tomas Brandt", "Mira Okonjo", "Pavel Lind", "Aiko Seren"]
PLACES = ["Harburg", "Eastmoor", "Kelvay", "Port Anselm", "Rudna"]
VERBS = ["said", "told reporters", "wrote in a statement", "added"]
THINGS = ["the ferry route", "the new pier", "the winter timetable", "the ticket prices",
          "the harbour budget", "the island school"]


def sentence(rng: random.Random) -> str:
    return (f"{rng.choice(PEOPLE)} of {rng.choice(PLACES)} {rng.choice(VERBS)} that "
            f"{rng.choice(THINGS)} would change after {rng.randint(2, 40)} meetings over "
            f"{rng.choice(['two', 'three', 'four', 'five'])} years.")


def paragraphs(rng: random.Random, n: int) -> list[str]:
    return [" ".join(sentence(rng) for _ in range(rng.randint(2, 3))) for _ in range(n)]


# Text furniture: each kind with several made-up variants, as lines of a pasted page.
TEXT_FURNITURE = {
    "gallery counter": ["1 of 5", "Image 3 of 12", "Photo 2/9", "• 4 of 7"],
    "topic tags": ["Topics: ferries, Harburg, island transport", "Tags: harbour | council",
                   "Filed under: Transport, Local News"],
    "shortcode": ["[php snippet=5]", '[caption id="attachment_12" width="300"]', "[/caption]"],
    "comment widget": ["No comments yet", "Be the first to comment", "12 Comments",
                       "Comments are closed.", "Load more comments", "Comments (14)",
                       "Sign in to comment", "Join the conversation"],
    "slideshow control": ["Previous slide Next slide", "Click to enlarge", "Toggle caption",
                          "View gallery (12 photos)", "‹ Previous image", "Hide caption",
                          "Open the slideshow"],
    "article tool": ["Gift this article", "Summarize this story", "Report an error",
                     "Save article", "Print this page"],
    "machine summary label": ["AI-generated summary", "Summary written by AI"],
    "reading time": ["5 min read", "3-minute read", "Reading time: 4 minutes", "12 mins read",
                     "· 7 min read", "Read time: 6 min", "2–3 minutes to read"],
    "pager": ["« PreviousNext »", "‹ Prev | Next ›", "Previous article Next article"],
    "postal address": ["100 Harbour Road, Suite 5, Port Anselm, ST 12345",
                       "Example Gazette, 12 Quay Street, Kelvay KV1 2AB, +44 20 7946 0000",
                       "P.O. Box 441, Rudna, ST 54321 · press@gazette.example"],
    "license photo": ["Ferries at the quay in Harburg. Photo by Jane Roe/UPI | License Photo",
                      "Photo by Tomas Brandt/Example Images"],
    "copyright": ["© 2024 Example Gazette. All rights reserved."],
}
TAIL_FURNITURE = {
    "author bio": ["Ilse Varga is a reporter covering transport for the Example Gazette. "
                   "Follow her on X @ilsevarga.",
                   "Pavel Lind is the harbour correspondent of the Kelvay Courier."],
    "next story": ["Next story: Island school reopens after the storm",
                   "Council to vote on the new parking rules in the old town and the…"],
    "copyright line": ["Kelvay is a registered trademark of the Kelvay Ferry Company",
                       "Comments and photos are copyrighted by their posters.",
                       "Example Gazette 2024. All rights reserved.",
                       "FerryWatch and HarbourCam are trademarks of Example Media Ltd."],
}


@pytest.mark.parametrize(("reason", "line"), [
    (reason, line) for reason, lines in TAIL_FURNITURE.items() for line in lines])
def test_each_tail_furniture_line_is_removed_with_its_reason(reason, line):
    rng = random.Random(line)
    body = paragraphs(rng, 4)
    s = analyze_structure("\n\n".join([HEADLINE, *body, line]))
    assert _body_paragraphs(s) == body
    assert (line, reason) in zip(s.removed, s.removal_reasons, strict=True)


@pytest.mark.parametrize("sentence", [
    "The island's name is a registered trademark of the ferry company, the court heard, and "
    "the council may not use it on its boats without a licence.",
    "Kelvay is a trademark of the ferry company.",
])
def test_a_notice_inside_the_story_stays(sentence):
    rng = random.Random(sentence)
    body = paragraphs(rng, 4)
    body.insert(2, sentence)
    s = analyze_structure("\n\n".join([HEADLINE, *body]))
    assert _body_paragraphs(s) == body
CONTACTS = [["Media contact:", "Jane Roe", "press@acme.example", "+1 555 010 0199",
             "SOURCE Acme Ferries"],
            ["Contact: Tomas Brandt, +44 20 7946 0101, tomas@harbour.example",
             "SOURCE Harbour Council"]]


def _body_paragraphs(structure) -> list[str]:
    return [p.text for _, p in structure.paragraphs()]


def _assert_clean(structure, body: list[str], furniture: list[str]) -> None:
    kept = _body_paragraphs(structure)
    for paragraph in body:
        assert paragraph in kept, paragraph
    titles = [section.title for section in structure.sections if section.title]
    for line in furniture:
        assert all(line not in p for p in kept), line
        assert line not in titles, line
        assert structure.headline is None or line != structure.headline.text
        assert structure.subheadline is None or line != structure.subheadline.text


@pytest.mark.parametrize(("reason", "line"), [
    (reason, line) for reason in ("gallery counter", "comment widget", "slideshow control",
                                  "article tool", "machine summary label", "topic tags",
                                  "postal address", "reading time")
    for line in TEXT_FURNITURE[reason]])
def test_each_text_furniture_line_is_removed_with_its_reason(reason, line):
    rng = random.Random(line)
    body = paragraphs(rng, 4)
    blocks = [*body[:2], line, *body[2:]]
    s = analyze_structure("\n\n".join([HEADLINE, *blocks]))
    assert _body_paragraphs(s) == body
    assert (line, reason) in zip(s.removed, s.removal_reasons, strict=True)


@pytest.mark.parametrize("seed", range(60))
def test_text_furniture_at_random_places_never_reaches_the_body(seed):
    rng = random.Random(seed)
    body = paragraphs(rng, rng.randint(3, 7))
    blocks = list(body)
    furniture = []
    for variants in rng.sample(list(TEXT_FURNITURE.values()), k=rng.randint(2, 5)):
        line = rng.choice(variants)
        furniture.append(line)
        blocks.insert(rng.randint(1, len(blocks)), line)
    if rng.random() < 0.5:
        line = rng.choice(rng.choice(list(TAIL_FURNITURE.values())))
        furniture.append(line)
        blocks.append(line)
    if rng.random() < 0.4:
        contact = rng.choice(CONTACTS)
        furniture += contact
        blocks += contact
    s = analyze_structure("\n\n".join([HEADLINE, *blocks]))
    assert s.headline.text == HEADLINE
    _assert_clean(s, body, [f for f in furniture if not f.startswith("[")])
    assert "[php" not in s.text and "[/caption]" not in s.text
    assert len(s.removal_reasons) == len(s.removed)
    assert set(s.removal_reasons) <= set(REASONS)


@pytest.mark.parametrize("seed", range(10))
def test_a_caption_shown_twice_goes_both_times(seed):
    rng = random.Random(seed)
    body = paragraphs(rng, 4)
    caption = f"{rng.choice(PEOPLE)} waits for the ferry at the {rng.choice(PLACES)} pier"
    blocks = list(body)
    for _ in range(2):
        blocks.insert(rng.randint(1, len(blocks)), caption)
    s = analyze_structure("\n\n".join([HEADLINE, *blocks]))
    _assert_clean(s, body, [caption])
    assert s.removed.count(caption) == 2


# HTML furniture: boxes known by their element, class or links.
def _links(rng: random.Random, n: int) -> str:
    return "".join(f'<li><a href="/story/{i}">{rng.choice(PLACES)} council weighs plan for '
                   f"{rng.choice(THINGS)}</a></li>" for i in range(n))


HTML_FURNITURE = [
    lambda rng: f'<ul class="related-links">{_links(rng, 4)}</ul>',
    lambda rng: f"<div><h3>More from Example Gazette</h3><ul>{_links(rng, 5)}</ul></div>",
    lambda rng: f"<ul>{_links(rng, 3)}</ul>",
    lambda rng: ('<div class="author-bio"><p>Ilse Varga writes about transport and the sea '
                 "for the Example Gazette.</p></div>"),
    lambda rng: ('<aside><h4>Read also</h4><p><a href="/x">Storm closes the island school '
                 "for a week</a></p></aside>"),
    lambda rng: ('<div class="comments"><h3>Comments</h3><p>No comments yet</p>'
                 '<p><a href="#c">Be the first to comment</a></p></div>'),
    lambda rng: '<div class="gallery"><p>1 of 5</p><p>Ferries at dawn in Kelvay</p></div>',
    lambda rng: '<div id="sidebar-popular"><p>Most popular</p><p>Rudna mayor resigns</p></div>',
    lambda rng: "<p>[php snippet=5]</p>",
]
HTML_FURNITURE_TEXT = ["council weighs plan for", "More from Example Gazette",
                       "writes about transport", "Storm closes the island school",
                       "No comments yet", "Be the first to comment", "1 of 5",
                       "Ferries at dawn", "Rudna mayor resigns", "[php"]


def _page(rng: random.Random, body: list[str], boxes: list[str]) -> str:
    parts = [f"<p>{p}</p>" for p in body]
    for box in boxes:
        parts.insert(rng.randint(1, len(parts)), box)
    return (f"<html><head><title>{HEADLINE} - Example Gazette</title></head><body>"
            f"<nav><a href='/'>Home</a></nav><article><h1>{HEADLINE}</h1>"
            f"{''.join(parts)}</article><footer>© Example Gazette</footer></body></html>")


@pytest.mark.parametrize("seed", range(30))
def test_html_furniture_at_random_places_never_reaches_the_body(seed):
    rng = random.Random(seed)
    body = paragraphs(rng, rng.randint(3, 6))
    boxes = [make(rng) for make in rng.sample(HTML_FURNITURE, k=rng.randint(2, 4))]
    page = extract_html(_page(rng, body, boxes))
    s = analyze_structure(page.text, page=page)
    assert s.headline.text == HEADLINE
    kept = _body_paragraphs(s)
    for paragraph in body:
        assert paragraph in kept, paragraph
    for text in HTML_FURNITURE_TEXT:
        assert all(text not in p for p in kept), text
    assert len(s.removal_reasons) == len(s.removed)
    assert set(s.removal_reasons) <= set(REASONS)
    # what the markup names as furniture is reported, not dropped unseen (the extractor
    # itself leaves out some lists of links and their headings)
    reported = " ".join(s.removed)
    for text in HTML_FURNITURE_TEXT:
        if any(text in box and "<ul" not in box for box in boxes):
            assert text in reported, text


# A box of each kind the markup names, in several made-up wordings: the reason it gives.
MARKUP_BOXES = [
    ('<div class="newsletter-signup"><p>Get the {t} briefing in your inbox</p></div>',
     "promotion box"),
    ('<section id="promoBox"><p>Subscribe for {t} coverage</p></section>', "promotion box"),
    ('<div class="story-sidebar"><p>Also in {t}: the ferry timetable</p></div>',
     "box beside the story"),
    ('<aside><p>Explainer: what {t} means for the island</p></aside>', "box beside the story"),
    ('<div role="complementary"><p>Key facts about {t}</p></div>', "box beside the story"),
    ('<div class="recirculation"><p>Readers also liked {t}</p></div>', "related stories"),
    ('<div class="js-comments"><p>3 comments on {t}</p></div>', "comment widget"),
    ('<div class="slideshow-wrap"><p>2 of 7</p><p>Dusk over {t}</p></div>',
     "gallery captions"),
    ('<div class="contributor-bio"><p>Ana Pel has covered {t} since 2019.</p></div>',
     "author bio"),
    ('<nav class="crumbs"><a href="/">Home</a> <a href="/x">{t}</a></nav>', "navigation"),
    ('<figure><img src="a.jpg"><figcaption>Boats wait for {t} at dawn</figcaption></figure>',
     "photo caption"),
    ('<div class="imageCaption">A crowd gathers to discuss {t} (Photo: Ida Berg)</div>',
     "photo caption"),
    ('<div class="inline-video"><p>Watch how {t} is changing the island. Why does it '
     'matter? Our video explains.</p></div>', "box beside the story"),
    ('<div class="videoPlayer"><a href="/v/1">Ferry ride</a><p>Three minutes on {t}.</p></div>',
     "box beside the story"),
    ('<section id="player-wrap"><p>Listen: the harbour master on {t}</p></section>',
     "box beside the story"),
    # a short form with a field to fill in, and the messages shown around it
    ('<div id="appsms"><div>The {t} app</div><div><form><p>Send yourself a link to the app.'
     '</p><input name="to"><input type="submit"></form></div><div><p>Please wait...</p></div>'
     '<div><h3>Thanks!</h3><p>Now check your phone for the link.</p></div></div>',
     "promotion box"),
    ('<div class="x"><form action="/join"><label>Your e-mail</label><input name="e"></form>'
     '<p>We will write to you about {t} once a week.</p><p>Done! You are on the list.</p></div>',
     "promotion box"),
    ('<section><form><p>Tell us what you think of {t}</p><textarea></textarea>'
     '<input type="submit" value="Send"></form><p>Sending...</p></section>', "promotion box"),
]


@pytest.mark.parametrize(("box", "reason"), MARKUP_BOXES)
@pytest.mark.parametrize("seed", range(3))
def test_a_box_the_markup_names_is_removed_with_its_reason(box, reason, seed):
    rng = random.Random(seed)
    body = paragraphs(rng, 4)
    box = box.format(t=rng.choice(THINGS))
    page = extract_html(_page(rng, body, [box]))
    s = analyze_structure(page.text, page=page)
    kept = _body_paragraphs(s)
    assert all(p in kept for p in body)
    box_text = " ".join(" ".join(lxml.html.fromstring(box).itertext()).split())
    assert all(box_text not in p for p in kept)
    assert (box_text, reason) in zip(s.removed, s.removal_reasons, strict=True)


@pytest.mark.parametrize("items", [
    ["Harburg council weighs plan for the new pier", "Storm closes the island school again",
     "Kelvay ferry fares rise for the winter"],
    ["Rudna mayor resigns after the budget vote", "Eastmoor opens its first night market",
     "Port Anselm names a new harbour master", "Island school gets a new boat"],
])
def test_a_list_of_story_links_in_the_extracted_body_is_reported_as_removed(items):
    # the body as trafilatura gives it, links kept as <ref>
    refs = "".join(f"<item><ref target='/s/{i}'>{item}</ref></item>"
                   for i, item in enumerate(items))
    body = etree.fromstring(f"<body><p>{paragraphs(random.Random(1), 1)[0]}</p>"
                            f"<list>{refs}</list></body>")
    blocks, links = body_blocks(body)
    assert len(blocks) == 1
    assert links == [f"• {item}" for item in items]


@pytest.mark.parametrize("items", [
    ["Ferries run twice a day in winter", "Tickets cost the same as last year",
     "The island school gets a new boat"],
    ["Route: Harburg to Kelvay", "Crossing: 40 minutes", "First sailing: 6 a.m."],
])
def test_a_list_in_the_story_without_links_is_kept(items):
    rng = random.Random(3)
    body = paragraphs(rng, 3)
    items_html = "".join(f"<li>{item}</li>" for item in items)
    html = _page(rng, body, []).replace("</article>", f"<ul>{items_html}</ul></article>")
    page = extract_html(html)
    s = analyze_structure(page.text, page=page)
    kept = " ".join(_body_paragraphs(s))
    assert all(item in kept for item in items)


def _slideshow(rng: random.Random) -> list[str]:
    title = rng.choice(["“Life on the islands” slideshow", "Harbour at night photo gallery:",
                        "Photos of the week from the Kelvay coast"])
    return [f"• {title} {c}" for c in rng.sample(
        ["A ferry leaves the quay.", "Fishermen mend their nets", "The old lighthouse at dusk",
         "Children wait for the school boat.", "Gulls over the pier"], k=rng.randint(3, 5))]


@pytest.mark.parametrize("seed", range(10))
def test_a_run_of_items_opening_with_the_same_words_is_removed(seed):
    rng = random.Random(seed)
    body = paragraphs(rng, 4)
    items = _slideshow(rng)
    at = rng.randint(1, len(body))
    s = analyze_structure("\n\n".join([HEADLINE, *body[:at], *items, *body[at:]]))
    _assert_clean(s, body, items)
    assert set(items) <= set(s.removed)


@pytest.mark.parametrize("items", [
    ["• The council said the ferry would run daily", "• The council said the fares would fall",
     "• The council said the pier would open in May"],
])
def test_list_items_sharing_fewer_opening_words_are_kept(items):
    rng = random.Random(5)
    body = paragraphs(rng, 3)
    s = analyze_structure("\n\n".join([HEADLINE, body[0], *items, *body[1:]]))
    kept = _body_paragraphs(s)
    assert all(item in kept for item in items)


@pytest.mark.parametrize("seed", range(3))
def test_a_form_that_wraps_the_page_is_no_widget(seed):
    rng = random.Random(seed)
    body = paragraphs(rng, 4)
    page = _page(rng, body, [])
    page = page.replace("<body>", "<body><form id='pageForm' action='/'>"
                        "<input type='hidden' name='state' value='1'>", 1)
    page = page.replace("</body>", "</form></body>", 1)
    assert "<form" in page and "</form>" in page
    extracted = extract_html(page)
    s = analyze_structure(extracted.text, page=extracted)
    assert _body_paragraphs(s) == body


@pytest.mark.parametrize("form", [
    "<form class='search'><input type='search' placeholder='Search'></form>",
    "<form action='/search'><input name='q'></form>",
    "<form role='search'><input name='q'><button>Go</button></form>",
])
def test_a_search_box_in_the_page_header_is_no_promotion(form):
    rng = random.Random(5)
    body = paragraphs(rng, 3)
    page = _page(rng, body, []).replace(
        "<nav>", f"<header><div>Example Gazette</div>{form}</header><nav>", 1)
    extracted = extract_html(page)
    s = analyze_structure(extracted.text, page=extracted)
    assert _body_paragraphs(s) == body
    assert "promotion box" not in s.removal_reasons

"""Tests for turning news web pages into raw article text and page metadata."""

import datetime
from dataclasses import dataclass
from pathlib import Path

import pytest

from service.nlp.structure.html import extract_html, html_to_text
from service.nlp.structure.structure import analyze_structure

PAGES = Path(__file__).resolve().parents[1] / "data" / "html"

# Page furniture present in the hand-written pages; none of it is article text.
CHROME = (
    "cookie", "Cookie", "Accept all", "Share on", "Share this", "Copy link", "Email this",
    "Skip to", "Breadcrumb", "Newsletters", "Subscribe", "Sign up", "Sign in", "Newsletter",
    "Related stories", "More coverage", "More from", "Most read", "Trending", "Latest news",
    "Read also", "All rights reserved", "Copyright", "©", "Privacy", "Terms of", "About us",
    "Advertisement", "ADVERTISEMENT", "dataLayer", "function", "{", "}", "font-family",
    "Comments", "patriot1776",
)


MARKUP_REASONS = {"navigation", "page footer", "box beside the story", "promotion box",
                  "related stories", "comment widget", "author bio", "gallery captions",
                  "a list of links", "photo caption"}


@dataclass(frozen=True)
class Expected:
    headline: str
    subheadline: str | None
    dateline: tuple[str, str, str | None] | None  # raw, place, agency
    titles: tuple[str, ...]
    paragraphs: int
    published: str
    source_url: str | None
    absent: tuple[str, ...] = ()


EXPECTED = {
    "afp-paris-pension-strike.html": Expected(
        headline="Unions call new nationwide strike over French pension reform",
        subheadline="Rail and energy workers plan to walk out again next week as the government "
                    "refuses to withdraw the bill",
        dateline=("PARIS, May 3 (AFP) -", "Paris", "AFP"),
        titles=("Rail traffic expected to be disrupted", "Government stands firm"),
        paragraphs=8,
        published="2024-05-03",
        source_url="https://www.worldwire.example/europe/2024/05/03/france-pension-strike",
        absent=("World Wire", "Macron defends", "SNCF posts record profit", "Claire Dubois",
                "loadAd", "trackPageView", "Pensions"),
    ),
    "reuters-london-rates.html": Expected(
        headline="Bank of England holds rates, signals cut as inflation cools",
        subheadline=None,
        dateline=("LONDON, June 20 (Reuters) -", "London", "Reuters"),
        titles=("Markets price August move", "Election backdrop"),
        paragraphs=10,
        published="2024-06-20",
        source_url="https://www.marketledger.example/markets/boe-holds-rates-2024-06-20/",
        absent=("Market Ledger", "morning briefing", "Oil steadies", "Yen slides",
                "Our Standards", "quotes delayed", "__PAGE_STATE__", "LinkedIn", "Rates\n"),
    ),
    "tass-moscow-grain.html": Expected(
        headline="Russia ready to resume talks on Black Sea grain exports, says Foreign Ministry",
        subheadline="According to the ministry, Moscow's conditions for returning to the deal "
                    "have not changed since last year",
        dateline=("MOSCOW, July 25. /EDA/.", "Moscow", "EDA"),
        titles=("Conditions unchanged", "UN contacts"),
        paragraphs=6,
        published="2023-07-25",
        source_url=None,
        absent=("Eurasia Daily", "Turkey hopes to persuade", "Putin to hold talks", "Ruble weakens",
                "Soyuz", "Grain deal", "hyperlink", "counter.js", "14:20"),
    ),
    "ap-washington-budget.html": Expected(
        headline="House passes stopgap bill to avert government shutdown",
        subheadline=None,
        dateline=("WASHINGTON (AP) —", "Washington", "AP"),
        titles=("A first test for the new speaker", "Senate expected to act"),
        paragraphs=7,  # the contributor line is a credit
        published="2023-11-15",
        source_url="https://nationalpress.example/article/congress-shutdown-stopgap-3f1c2a",
        absent=("National Press", "LISA MASCARO", "AP Photo", "Kicking the can",
                "Senate leaders split", "McCarthy ousted as House speaker", "Fact Check",
                "addEventListener", "Menu"),
    ),
    "xinhua-nairobi-floods.html": Expected(
        headline="Kenya floods death toll rises to 169 as rains persist",
        subheadline="Authorities have closed schools for another week and urged residents of "
                    "low-lying areas to move to higher ground",
        dateline=("NAIROBI, April 29 (Xinhua) --", "Nairobi", "Xinhua"),
        titles=("Dam burst in Mai Mahiu", "Regional impact"),
        paragraphs=10,
        published="2024-04-29",
        source_url="https://africatoday.example/2024/04/29/kenya-floods-death-toll.html",
        absent=("Africa Today", "East Africa >", "Tanzania landslides bury", "naira rebounds",
                "WhatsApp", "renderAd"),
    ),
    "feature-heatwave-no-dateline.html": Expected(
        headline="How European cities are learning to live with extreme heat",
        subheadline="From shaded squares to cooling centres, local governments are redesigning "
                    "streets for hotter summers",
        dateline=None,
        titles=("Shade as infrastructure", "Cooling centres and early warnings"),
        paragraphs=6,
        published="2023-08-12",
        source_url="https://weeklyreview.example/features/cities-extreme-heat",
        absent=("Weekly Review", "Your privacy", "I agree", "Marta Ruiz", "glaciers",
                "night trains", "climate newsletter", "Registered in England"),
    ),
}


def page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def structure_of(html: str, **kwargs):
    extracted = extract_html(html, **kwargs)
    return extracted, analyze_structure(extracted.text, published=extracted.published,
                                        today=datetime.date(2024, 12, 31), page=extracted)


@pytest.fixture(params=sorted(EXPECTED), scope="module")
def case(request):
    name = request.param
    extracted, structure = structure_of(page(name))
    return EXPECTED[name], extracted, structure


def test_headline_and_subheadline_come_from_the_page(case):
    expected, extracted, structure = case
    assert extracted.title == expected.headline
    assert structure.headline.text == expected.headline
    assert (structure.subheadline.text if structure.subheadline else None) == expected.subheadline


def test_dateline_stays_at_the_start_of_the_first_paragraph(case):
    expected, _, structure = case
    if expected.dateline is None:
        assert structure.dateline is None
        return
    dateline = structure.dateline
    assert (dateline.raw, dateline.place, dateline.agency) == expected.dateline
    assert structure.text[dateline.start:dateline.end] == dateline.raw
    assert structure.sections[0].paragraphs[0].start == dateline.start


def test_headings_become_section_titles(case):
    expected, _, structure = case
    assert tuple(s.title for s in structure.sections[1:]) == expected.titles
    assert structure.sections[0].title is None
    for section in structure.sections[1:]:
        assert structure.text[section.start:].startswith(section.title)


def test_every_article_paragraph_and_no_more(case):
    expected, _, structure = case
    assert sum(len(s.paragraphs) for s in structure.sections) == expected.paragraphs
    for _, paragraph in structure.paragraphs():
        assert structure.text[paragraph.start:paragraph.end] == paragraph.text


def test_published_date_and_source_come_from_page_metadata(case):
    expected, extracted, structure = case
    assert extracted.published == datetime.date.fromisoformat(expected.published)
    assert structure.published.date == expected.published
    assert extracted.source_url == expected.source_url


def test_page_chrome_never_reaches_the_text(case):
    expected, _, structure = case
    leaked = [s for s in CHROME + expected.absent if s in structure.text]
    assert leaked == []
    # the markup told the furniture apart: the text step removed nothing more, and what
    # the page lost is reported with the markup's reason
    assert set(structure.removal_reasons) <= MARKUP_REASONS
    assert len(structure.removed) == len(structure.removal_reasons)
    assert any(s in " ".join(structure.removed) for s in CHROME + expected.absent)


def test_text_is_blocks_separated_by_blank_lines(case):
    _, extracted, _ = case
    blocks = extracted.text.split("\n\n")
    assert all(block and "\n" not in block and block == block.strip() for block in blocks)
    assert blocks[0] == extracted.title


def test_byline_comes_from_page_metadata():
    assert extract_html(page("afp-paris-pension-strike.html")).byline == "Claire Dubois"
    assert extract_html(page("reuters-london-rates.html")).byline == "David Milliken; Andy Bruce"


def test_description_repeating_the_lead_is_not_a_subheadline():
    text = extract_html(page("ap-washington-budget.html")).text
    assert text.count("The House on Wednesday passed a stopgap spending bill") == 1


def test_list_items_become_bullet_paragraphs():
    _, structure = structure_of(page("reuters-london-rates.html"))
    markets = structure.sections[1]
    assert [p.text for p in markets.paragraphs[1:4]] == [
        "• how quickly wage growth slows from its current pace of around 6%;",
        "• whether services price growth eases as forecast;",
        "• the strength of consumer spending after the July 4 election.",
    ]


def test_credit_line_is_kept_for_structure_analysis():
    _, structure = structure_of(page("reuters-london-rates.html"))
    assert structure.credits == [
        "(Reporting by David Milliken and Andy Bruce; Editing by Catherine Evans)"]


def test_relative_canonical_link_resolves_against_the_page_url():
    extracted = extract_html(page("tass-moscow-grain.html"), "https://eurasia.example/news?id=7")
    assert extracted.source_url == "https://eurasia.example/world/1723401"


def test_page_url_is_the_source_without_canonical_link():
    html = ARTICLE.format(head="<title>Port strike ends</title>", extra="")
    assert extract_html(html).source_url is None
    assert extract_html(html, "https://news.example/a/1").source_url == "https://news.example/a/1"


ARTICLE = """<html><head>{head}</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>{extra}
<p>ROTTERDAM, March 4 (Reuters) - Dock workers at Europe's biggest port ended a two-day strike on
Tuesday after unions and employers agreed a new pay deal, the port authority said.</p>
<p>The deal raises wages by 7% this year and another 4% next year, union FNV said in a statement,
adding that its members would vote on it next week.</p>
<h2>Backlog of ships:</h2>
<p>About 40 container ships were waiting to enter the port, and terminal operators said it would
take several days to clear the backlog.<br>Shipping lines had diverted some vessels to Antwerp.</p>
</article>
<footer>Contact us</footer></body></html>"""


def test_title_without_h1_loses_its_site_suffix():
    title = "<title>Rotterdam port strike ends with pay deal | Port News</title>"
    html = ARTICLE.format(head=title, extra="")
    assert extract_html(html).text.startswith("Rotterdam port strike ends with pay deal\n\n")


def test_heading_colon_is_dropped_and_line_breaks_split_paragraphs():
    html = ARTICLE.format(head="", extra="<h1>Rotterdam port strike ends</h1>")
    _, structure = structure_of(html)
    assert structure.sections[1].title == "Backlog of ships"
    assert [p.text for p in structure.sections[1].paragraphs] == [
        "About 40 container ships were waiting to enter the port, and terminal operators said it "
        "would take several days to clear the backlog.",
        "Shipping lines had diverted some vessels to Antwerp.",
    ]


def test_site_slogan_description_is_not_a_subheadline():
    head = ('<meta name="description" content="Breaking news and analysis from around the '
            'globe, every hour of the day">')
    html = ARTICLE.format(head=head, extra="<h1>Rotterdam port strike ends</h1>")
    assert "Breaking news" not in extract_html(html).text


def test_future_page_date_is_rejected_only_against_a_reference_day():
    head = '<meta property="article:published_time" content="2030-01-05T10:00:00Z">'
    html = ARTICLE.format(head=head, extra="<h1>Rotterdam port strike ends</h1>")
    assert extract_html(html).published == datetime.date(2030, 1, 5)
    assert extract_html(html, today=datetime.date(2029, 12, 31)).published is None


@pytest.mark.parametrize("html", [
    "",
    "   ",
    "<html><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
    "<footer>© 2024 Example</footer></body></html>",
])
def test_page_without_article_text_gives_empty_text(html):
    assert extract_html(html).text == ""


def test_html_to_text_is_the_extracted_text():
    html = page("xinhua-nairobi-floods.html")
    assert html_to_text(html) == extract_html(html).text


def test_standfirst_with_full_stop_is_the_subheadline_of_an_undated_article():
    html = """<html><body><article><h1>Why night trains are coming back to Europe</h1>
    <p class="article-standfirst">Sleeper services are returning to routes abandoned
    decades ago.</p>
    <p>Ten years ago, Europe's night trains seemed doomed. Operators cut route after route as
    budget airlines undercut them on price and travellers chose speed over comfort.</p>
    <p>Now the trains are back, with new routes from Vienna, Brussels and Stockholm and more
    planned for next year, as travellers look for ways to cut their carbon footprint.</p>
    </article></body></html>"""
    extracted, structure = structure_of(html)
    assert structure.subheadline.text == ("Sleeper services are returning to routes abandoned "
                                          "decades ago")
    assert extracted.text.count("Sleeper services") == 1
    assert structure.sections[0].paragraphs[0].text.startswith("Ten years ago")


def test_description_repeating_the_lead_after_its_dateline_is_not_a_subheadline():
    head = ('<meta name="description" content="Dock workers at Europe\'s biggest port ended a '
            'two-day strike on Tuesday after unions and employers agreed a new pay deal.">')
    html = ARTICLE.format(head=head, extra="<h1>Rotterdam port strike ends</h1>")
    _, structure = structure_of(html)
    assert structure.subheadline is None
    assert structure.dateline.raw == "ROTTERDAM, March 4 (Reuters) -"


def test_teaser_summary_elsewhere_on_the_page_is_not_the_dek():
    teaser = ('<div class="trending"><h3>Trending</h3><p class="card-summary">Antwerp dockers '
              'vote on a new contract after weeks of talks with employers</p></div>')
    html = ARTICLE.format(head="", extra="<h1>Rotterdam port strike ends</h1>")
    html = html.replace("<article>", teaser + "<article>")
    _, structure = structure_of(html)
    assert structure.headline.text == "Rotterdam port strike ends"
    assert structure.subheadline is None
    assert "Antwerp dockers" not in structure.text


def test_declared_publication_day_wins_over_a_later_update_line():
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": '
            '"2021-03-09T08:00:00+00:00", "dateModified": "2024-11-02T10:00:00+00:00"}</script>')
    extra = "<h1>Rotterdam port strike ends</h1><p>Last Updated: November 2, 2024</p>"
    html = ARTICLE.format(head=head, extra=extra)
    assert extract_html(html).published == datetime.date(2021, 3, 9)


def test_section_name_h1_loses_to_the_headline_the_metadata_title_gives():
    head = '<meta property="og:title" content="Dockers end strike at Rotterdam after pay deal">'
    html = ARTICLE.format(head=head, extra="").replace(
        "<article>", "<main><h1>Port News Centre</h1><article>").replace("</article>",
                                                                          "</article></main>")
    extracted = extract_html(html)
    assert extracted.title == "Dockers end strike at Rotterdam after pay deal"


def test_h1_that_the_metadata_title_holds_is_the_headline():
    head = "<title>Dockers end strike at Rotterdam | Port News</title>"
    html = ARTICLE.format(head=head, extra="<h1>Dockers end strike at Rotterdam</h1>")
    assert extract_html(html).title == "Dockers end strike at Rotterdam"


@pytest.mark.parametrize(("byline", "authors"), [
    ('<div class="byline">By Mira Olsen and Tomas Berg</div>', ["Mira Olsen", "Tomas Berg"]),
    ('<span class="author__name">Ines Varga</span>', ["Ines Varga"]),
    ('<p class="article-byline">By KARL DUNN, Reuters</p>', ["KARL DUNN"]),
])
def test_authors_come_from_a_byline_element(byline, authors):
    html = ARTICLE.format(head="", extra="<h1>Rotterdam port strike ends</h1>" + byline)
    _, structure = structure_of(html)
    assert structure.authors == authors


def test_authors_come_from_author_metadata_and_site_name_from_og_site_name():
    head = ('<meta name="author" content="Lena Koval"><meta property="og:site_name" '
            'content="Harbour Daily">')
    html = ARTICLE.format(head=head, extra="<h1>Rotterdam port strike ends</h1>")
    _, structure = structure_of(html)
    assert (structure.authors, structure.site_name) == (["Lena Koval"], "Harbour Daily")


def test_furniture_boxes_are_pruned_but_the_article_is_kept():
    promo = ('<div class="newsletter-promo"><p>Get our morning briefing in your inbox every '
             'day.</p></div><div class="share-bar">Share on Facebook</div>')
    html = ARTICLE.format(head="", extra="<h1>Rotterdam port strike ends</h1>" + promo)
    _, structure = structure_of(html)
    assert "morning briefing" not in structure.text
    assert "Share on" not in structure.text
    assert structure.dateline.raw == "ROTTERDAM, March 4 (Reuters) -"


def test_table_rows_are_kept_as_blocks():
    table = ("<table><tr><td>Terminal</td><td>Ships waiting</td></tr>"
             "<tr><td>Maasvlakte</td><td>23</td></tr></table>")
    html = ARTICLE.format(head="", extra="<h1>Rotterdam port strike ends</h1>").replace(
        "<h2>Backlog", table + "<h2>Backlog")
    text = extract_html(html).text
    assert "Maasvlakte | 23" in text.split("\n\n")


def test_h1_outside_the_article_that_the_page_title_does_not_hold_is_not_the_headline():
    html = ARTICLE.format(head="<title>Dockers end strike after pay deal</title>", extra="")
    html = html.replace("<nav>", "<div class='masthead'><h1>Harbour Health Centre</h1></div><nav>")
    assert extract_html(html).title == "Dockers end strike after pay deal"


def test_an_organisation_named_as_author_in_json_ld_is_the_author():
    head = ('<script type="application/ld+json">{"@type": "Article", "author": {"@type": '
            '"Organization", "name": "Editors of the Harbour Almanac"}}</script>')
    html = ARTICLE.format(head=head, extra="<h1>Rotterdam port strike ends</h1>")
    _, structure = structure_of(html)
    assert structure.authors == ["Editors of the Harbour Almanac"]


def test_a_person_in_the_byline_wins_over_metadata_names():
    head = '<meta name="author" content="Harbour Daily Newsroom">'
    extra = '<h1>Rotterdam port strike ends</h1><div class="byline">By Pia Lund</div>'
    _, structure = structure_of(ARTICLE.format(head=head, extra=extra))
    assert structure.authors == ["Pia Lund"]


def test_contributor_line_is_a_credit_not_a_paragraph():
    _, structure = structure_of(page("ap-washington-budget.html"))
    assert structure.credits == ["Associated Press writers Mary Clare Jalonick and Farnoush "
                                 "Amiri contributed to this report."]
    assert "contributed" not in structure.text


def test_heading_and_paragraph_inside_a_list_item_are_not_glued():
    items = ("<ul><li><h3>Crane hire</h3><p>Operators rent cranes by the hour during the "
             "strike.</p></li><li><h3>Tug boats</h3><p>Tugs stay on call for ships at "
             "anchor.</p></li></ul>")
    html = ARTICLE.format(head="", extra="<h1>Rotterdam port strike ends</h1>").replace(
        "<h2>Backlog", items + "<h2>Backlog")
    text = extract_html(html).text
    assert "• Crane hire Operators rent cranes by the hour during the strike." in text
    assert "hireOperators" not in text


def test_og_title_naming_the_site_loses_to_an_h1_and_title_that_agree():
    head = ('<meta property="og:title" content="Harbour News - Latest News &amp; Headlines">'
            '<meta property="og:site_name" content="Harbour News">'
            '<title>Dockers end strike at Rotterdam | Harbour News</title>')
    html = ARTICLE.format(head=head, extra="<h1>Dockers end strike at Rotterdam</h1>")
    assert extract_html(html).title == "Dockers end strike at Rotterdam"


@pytest.mark.parametrize("title", [
    "Dockers end strike at Rotterdam :: Harbour Blogs ::",
    "Dockers end strike at Rotterdam | Harbour Blogs",
    "Dockers end strike at Rotterdam - Harbour Blogs",
])
def test_a_logo_h1_that_is_only_the_end_of_the_title_is_not_the_headline(title):
    head = f'<meta property="og:title" content="{title}"><title>{title}</title>'
    html = ARTICLE.format(head=head, extra="").replace(
        "<article>", '<h1 class="logo">Harbour Blogs</h1><article>')
    assert "Dockers end strike at Rotterdam" in extract_html(html).title
    assert extract_html(html).title != "Harbour Blogs"


@pytest.mark.parametrize("blocks", [
    ["A view of the new pier at dusk.", "Why the ferry matters",
     "The council of Harburg approved the ferry route on Tuesday after a long debate."],
    ["图为新码头的近影。", "渡轮为何重要", "港口委员会周二批准了通往岛屿的新渡轮航线，官员表示。"],
    ["Kelvay, March 3", "Islanders waited for years",
     "Islanders on Kelvay waited nine years for a daily ferry, the council said."],
])
def test_a_description_running_the_first_blocks_together_is_not_the_dek(blocks):
    description = "".join(blocks) if blocks[0].endswith("。") else " ".join(blocks)
    body = "".join(f"<p>{b}</p>" for b in blocks) + (
        "<p>The new route runs twice a day from the harbour to the islands, and the council "
        "said tickets would cost the same as the bus to town.</p>")
    html = (f'<html><head><title>Ferry route approved</title><meta name="description" '
            f'content="{description}"></head><body><article><h1>Ferry route approved</h1>'
            f"{body}</article></body></html>")
    extracted = extract_html(html)
    assert extracted.dek is None
    assert blocks[0] in extracted.blocks


@pytest.mark.parametrize(("title", "h1", "dek_meta", "dek_text"), [
    ('Mayor says "we will stay" after the vote', "Mayor says “we will stay” after the vote",
     "The council's vote was close", "The council’s vote was close."),
    ("Harburg's ferry plan - what it means", "Harburg’s ferry plan – what it means",
     "Islanders' long wait ends", "Islanders’ long wait ends"),
])
def test_the_headline_and_dek_are_not_repeated_in_the_body_whatever_the_quotes(
        title, h1, dek_meta, dek_text):
    story = ("The council of Harburg approved the ferry plan on Tuesday after a long debate "
             "that ran past midnight, officials said, and the first boat is due in spring.")
    html = (f"<html><head><title>{title}</title><meta property='og:title' content='{title}'>"
            f"<meta name='description' content=\"{dek_meta}\"></head><body><article>"
            f"<p>{h1}</p><p>{dek_text}</p><p>{story}</p><p>{story} {story}</p></article>"
            "</body></html>")
    extracted = extract_html(html)
    structure = analyze_structure(extracted.text, page=extracted)
    body = [p.text for _, p in structure.paragraphs()]
    assert h1 not in body and dek_text not in body


STORY = ["The council of Harburg approved the ferry plan on Tuesday after a debate that ran "
         "past midnight, officials said, and the first boat is due in spring.",
         "Islanders have asked for a second route since the old pier closed, and the plan "
         "gives them one crossing in the morning and another in the evening.",
         "Tickets will cost the same as the bus to town, the council said in a statement."]


@pytest.mark.parametrize("shown", [
    "<h1>{}</h1>", "<h2 class='story-title'>{}</h2>", "<h3>{}</h3>", "<p class='kicker'>{}</p>",
    "<div class='headline'>{}</div>", "<header><div>{}</div></header>",
])
@pytest.mark.parametrize("title", ["Harburg approves its ferry plan after a long night",
                                   "Islanders get a second crossing to the mainland"])
def test_the_element_showing_the_headline_leaves_the_body_and_nothing_else(shown, title):
    # the headline is decided once, from the markup and metadata; the element that shows
    # it is not body text, while a paragraph that merely mentions it stays whole
    mention = f"Residents read the notice headed {title} at the town hall on Monday."
    paragraphs = [*STORY, mention]
    html = (f"<html><head><title>{title} | Harburg Herald</title>"
            f"<meta property='og:title' content='{title}'></head><body><article>"
            + shown.format(title) + "".join(f"<p>{p}</p>" for p in paragraphs)
            + "</article></body></html>")
    extracted = extract_html(html)
    assert extracted.title == title
    assert list(extracted.blocks) == paragraphs
    structure = analyze_structure(extracted.text, page=extracted)
    assert structure.headline.text == title
    assert [p.text for _, p in structure.paragraphs()] == paragraphs


@pytest.mark.parametrize("wrapper", ["<pre>Draft 04\n\n<span>{}</span>\n\n{}</pre>",
                                     "<p><b>{}</b> {}</p>"])
def test_a_headline_written_inside_a_block_leaves_the_block_whole(wrapper):
    title = "Ferry timetable notes"
    text = " ".join(STORY)
    html = (f"<html><head><title>{title}</title></head><body><article>"
            + wrapper.format(title, text) + "</article></body></html>")
    extracted = extract_html(html)
    assert title in " ".join(extracted.blocks)
    assert STORY[0] in " ".join(extracted.blocks)


@pytest.mark.parametrize("furniture", ["Dienstag, 3. Mai 2024", "Martes, 5 de marzo de 2024",
                                       "Photo: Ida Berg/Example Images",
                                       "By Ana Pel | 3 min read"])
@pytest.mark.parametrize("meta", [True, False])
def test_a_furniture_line_in_the_h1_is_neither_headline_nor_body(furniture, meta):
    title = "Harburg approves a second ferry route to the islands"
    head = f"<meta property='og:title' content='{title}'>" if meta else ""
    html = (f"<html><head><title>{title} - Harburg Herald</title>{head}</head><body><article>"
            f"<h1>{furniture}</h1><h2>{title}</h2>"
            + "".join(f"<p>{p}</p>" for p in STORY) + "</article></body></html>")
    extracted = extract_html(html)
    structure = analyze_structure(extracted.text, page=extracted)
    assert structure.headline.text == title
    assert [p.text for _, p in structure.paragraphs()] == STORY
    assert furniture in structure.removed


@pytest.mark.parametrize("error", [ValueError("bad date"), TypeError("no title"),
                                   OverflowError("year 0")])
def test_metadata_that_defeats_the_reader_costs_the_metadata_not_the_page(monkeypatch, error):
    from service.nlp.structure import html as html_module

    def failing(*args, **kwargs):
        raise error

    monkeypatch.setattr(html_module, "extract_metadata", failing)
    title = "Harburg approves a second ferry route to the islands"
    html = (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            + "".join(f"<p>{p}</p>" for p in STORY) + "</article></body></html>")
    extracted = extract_html(html)
    assert extracted.title == title
    assert list(extracted.blocks) == STORY

"""The browser viewer against the live service: article view, entities, figures, timeline,
analyze page, and no console errors or failed requests on any page."""

from __future__ import annotations

import json
import re
import urllib.request

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SEED_ID = "2023-05-17-top-russian-belarusian-diplomats-to-discuss-union-state"
SEED_PAGE = f"/articles/{SEED_ID}"

# Written for this test; the non-BMP letter before the name shifts UTF-16 offsets by one.
WIRE_STORY = """Chess federation elects Anna Kowalski as president

The vote ends a three-month race for the post

WARSAW, March 3 (Reuters) - The 𝔘 Chess Federation on Sunday elected Anna Kowalski as its \
president, the federation said in a statement.

Kowalski, a former national champion, said the federation would spend more than 2 mln euros \
on youth programs in 2024."""


def api(server: str, path: str) -> dict:
    with urllib.request.urlopen(f"{server}{path}") as response:
        return json.load(response)


def open_seed(page):
    page.goto(SEED_PAGE)
    expect(page.locator("#headline")).to_have_text(re.compile("^Top Russian, Belarusian"))


def test_home_lists_the_stored_articles_and_search_leads_to_one(page):
    response = page.goto("/")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator(".card h2 a").first).to_be_visible()

    page.get_by_label("Search articles").fill("Lavrov")
    page.get_by_label("Search articles").press("Enter")
    expect(page).to_have_url(re.compile(r"/\?q=Lavrov$"))
    page.get_by_role("link", name=re.compile("^Top Russian, Belarusian diplomats")).click()

    expect(page).to_have_url(re.compile(f"{SEED_PAGE}$"))
    expect(page.locator("#headline")).to_be_focused()


def test_article_page_shows_the_sections_with_their_titles(page):
    open_seed(page)

    sections = page.locator(".doc-section")
    expect(sections).to_have_count(3)
    expect(sections.first.locator(".section-title")).to_have_count(0)
    expect(page.locator(".section-title")).to_have_text(["Boosting integration",
                                                         "Security of borders"])
    expect(page.locator(".meta")).to_contain_text("inferred")


def test_choosing_an_entity_highlights_exactly_its_mentions(page, server):
    open_seed(page)
    lavrov = api(server, f"/v1/articles/{SEED_ID}/entities/sergey-lavrov?offsets=utf16")
    button = page.locator(".entity-button").filter(
        has=page.locator(".entity-name", has_text=re.compile("^Sergey Lavrov$")))

    button.click()

    selected = page.locator("mark.is-selected")
    expect(selected).to_have_count(2)
    expect(selected).to_have_text([m["text"] for m in lavrov["mentions"]])
    expect(button).to_have_attribute("aria-pressed", "true")

    button.press("Enter")  # the keyboard toggles it off again
    expect(selected).to_have_count(0)


def test_focusing_a_mention_describes_its_entity(page):
    open_seed(page)
    mention = page.locator("mark.mention[data-entity='sergey-lavrov']").first

    mention.focus()

    tip = mention.evaluate("m => getComputedStyle(m, '::after').content")
    assert "Sergey Lavrov" in tip and "Person" in tip
    mention.press("Space")
    expect(page.locator("mark.is-selected")).to_have_count(2)


def test_money_figure_card_shows_the_value_with_its_currency(page):
    open_seed(page)
    card = page.locator(".figure-card[data-value='56700000000'][data-unit='RUB']")

    expect(card).to_have_count(1)
    expect(card.locator(".figure-value")).to_contain_text("RUB 56.7 billion")
    card.get_by_role("button", name=re.compile("Show .* in the text")).click()
    expect(page.locator(".doc-body p.is-target")).to_contain_text("56.7 bln rubles")
    expect(page.locator(".doc-body p.is-target")).to_be_focused()


def test_timeline_lists_the_dates_in_chronological_order(page, server):
    open_seed(page)
    dates = api(server, f"/v1/articles/{SEED_ID}/dates?per_page=100")

    items = page.locator(".timeline-item")
    expect(items).to_have_count(dates["total"])
    shown = items.evaluate_all("items => items.map(i => i.dataset.startDate)")
    assert shown == sorted(shown)
    assert shown == [d["start_date"] for d in dates["items"]]


def test_analyze_page_highlights_names_after_non_bmp_characters(page):
    page.goto("/analyze")
    page.get_by_label("Article").fill(WIRE_STORY)
    page.get_by_label("Format").select_option("text")

    page.get_by_role("button", name="Analyze").click()

    expect(page.locator("#headline")).to_have_text(
        "Chess federation elects Anna Kowalski as president", timeout=30_000)
    after_letter = page.locator(".doc-body mark.mention[data-type='PERSON']").first
    expect(after_letter).to_have_text("Anna Kowalski")

    page.set_viewport_size({"width": 375, "height": 812})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_analyze_page_shows_problems_inline(page, problems):
    problems.allow(r"\b422\b")
    page.goto("/analyze")
    page.get_by_label("Article").fill(" ")  # not empty for the browser, empty for the API
    with page.expect_response("**/v1/analyze") as answer:
        page.get_by_role("button", name="Analyze").click()
    assert answer.value.status == 422
    expect(page.get_by_role("alert")).to_contain_text("text is empty")


def test_unknown_article_shows_the_problem_detail(page, problems):
    problems.allow(r"\b404\b")
    page.goto("/articles/no-such-article")

    expect(page.get_by_role("heading", level=1)).to_have_text("Not found")
    expect(page.get_by_role("alert")).to_contain_text("no-such-article")

def test_article_page_screenshots_at_desktop_and_phone_widths(page, artifacts, docs_screenshot):
    open_seed(page)
    page.locator(".entity-button", has_text="Sergey Lavrov").click()
    page.evaluate("window.scrollTo(0, 0); document.querySelector('.side').scrollTop = 0")
    page.screenshot(path=artifacts / "viewer-1440.png")
    page.screenshot(path=artifacts / "viewer-1440-full.png", full_page=True)
    docs_screenshot("viewer-1440.png")

    page.set_viewport_size({"width": 375, "height": 812})
    expect(page.locator(".side")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    side, text = (page.locator(sel).bounding_box() for sel in (".side", ".doc"))
    assert side["y"] > text["y"] + text["height"] - 1  # the panel stacks below the text
    page.screenshot(path=artifacts / "viewer-375.png", full_page=True)


"""The viewer's article page offers the article as Markdown, HTML, JSON-LD and ninjs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SEED_ID = "2023-05-17-top-russian-belarusian-diplomats-to-discuss-union-state"


def test_an_article_offers_each_download_with_its_file_name(page):
    page.goto(f"/articles/{SEED_ID}")
    expect(page.locator("#headline")).to_have_text(re.compile("^Top Russian, Belarusian"))
    links = page.locator(".downloads a")
    expect(links).to_have_text(["Markdown", "HTML", "JSON-LD", "ninjs"])
    expect(page.locator(".downloads")).to_have_text(
        "Download as Markdown / HTML / JSON-LD / ninjs")
    expected = {"markdown": "md", "html": "html", "jsonld": "jsonld", "ninjs": "ninjs.json"}
    for index, (name, extension) in enumerate(expected.items()):
        link = links.nth(index)
        expect(link).to_have_attribute("href", f"/v1/articles/{SEED_ID}?format={name}")
        expect(link).to_have_attribute("download", f"{SEED_ID}.{extension}")
        with page.expect_download() as caught:
            link.click()
        download = caught.value
        assert download.suggested_filename == f"{SEED_ID}.{extension}"
        body = Path(download.path()).read_text("utf-8")
        if name == "markdown":
            assert body.startswith("# Top Russian, Belarusian diplomats")
        elif name == "html":
            assert "<h1>Top Russian, Belarusian diplomats" in body
        elif name == "jsonld":
            assert json.loads(body)["@type"] == "NewsArticle"
        else:
            assert json.loads(body)["standard"]["name"] == "ninjs"

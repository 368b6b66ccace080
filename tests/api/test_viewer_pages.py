"""The viewer's pages share one navigation: every page links every other, the current one
marked, and each page keeps its own content and script."""

from __future__ import annotations

import re

import pytest

PAGES = {"/": "/viewer/app.js", "/analyze": "/viewer/app.js", "/jobs": "/viewer/jobs.js",
         "/sources": "/viewer/sources.js", "/stories": "/viewer/stories.js"}


def _nav(page: str) -> list[tuple[str, bool]]:
    nav = re.search(r'<nav aria-label="Main">(.*?)</nav>', page, re.S)[1]
    return [(href, "aria-current" in rest)
            for href, rest in re.findall(r'<a href="([^"]+)"([^>]*)>', nav)]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_links_every_page_once_with_its_script(client, path):
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    links = [href for href, _ in _nav(page)]
    assert links == ["/", "/analyze", "/jobs", "/sources", "/stories", "/docs"]
    assert PAGES[path] in page
    assert "Content-Security-Policy" in response.headers


@pytest.mark.parametrize("path", ["/jobs", "/sources", "/stories"])
def test_the_current_page_alone_is_marked(client, path):
    marked = [href for href, current in _nav(client.get(path).get_data(as_text=True)) if current]
    assert marked == [path]


def test_the_articles_pages_route_in_the_browser_and_others_reload(client):
    page = client.get("/articles/some-id").get_data(as_text=True)
    spa = {href for href, rest in re.findall(r'<li><a href="([^"]+)"([^>]*)>', page)
           if "data-nav" in rest}
    assert spa == {"/", "/analyze"}
    jobs = client.get("/jobs").get_data(as_text=True)
    assert "data-nav" not in jobs
    assert jobs.count("<title>") == 1 and "<title>Jobs · Article structuring API</title>" in jobs

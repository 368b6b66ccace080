"""Tests for reading authors from bylines and page metadata."""

import pytest

from service.nlp.structure.byline import authors_from_byline, byline_in_text
from service.nlp.structure.structure import analyze_structure


@pytest.mark.parametrize(("byline", "authors"), [
    ("By Jane Roe and John Doe", ["Jane Roe", "John Doe"]),
    ("By Ana Lima, Piet de Vries and Tomas Berg", ["Ana Lima", "Piet de Vries", "Tomas Berg"]),
    ("Written by Mira Olsen", ["Mira Olsen"]),
    ("Par Sébastien Marchal", ["Sébastien Marchal"]),
    ("Jane Roe; John Doe", ["Jane Roe", "John Doe"]),
    ("By KARL DUNN", ["KARL DUNN"]),
    ("Ines Varga July 10, 2015 9:53 AM", ["Ines Varga"]),
    ("By Lena Koval Updated March 3, 2021", ["Lena Koval"]),
    ("Jeffrey Ames; JEFFREY AMES", ["Jeffrey Ames"]),
])
def test_names_come_from_bylines(byline, authors):
    assert authors_from_byline(byline) == authors


@pytest.mark.parametrize("byline", [
    None, "", "Reuters", "Staff Writer", "Associated Press", "Follow Author", "May 3, 2021",
    "Harbour Daily Newsroom",
])
def test_agencies_roles_and_dates_are_no_authors(byline):
    assert authors_from_byline(byline) == []


@pytest.mark.parametrize(("block", "authors"), [
    ("By Jane Roe and John Doe", ["Jane Roe", "John Doe"]),
    ("Jane Roe, Reuters", ["Jane Roe"]),
    ("Omar Haddad, AFP", ["Omar Haddad"]),
])
def test_byline_blocks_in_text(block, authors):
    assert byline_in_text(block) == authors


def test_a_plain_sentence_is_no_byline():
    assert byline_in_text("Ships queued overnight, Reuters") == []
    assert byline_in_text("The talks were led by the minister.") == []


def test_byline_line_before_the_story_gives_the_authors():
    raw = ("Port reopens after strike\n\nBy Jane Roe and John Doe\n\nROTTERDAM, March 4 "
           "(Reuters) - The port reopened on Tuesday after a two-day strike.\n\nShips queued.")
    s = analyze_structure(raw)
    assert s.authors == ["Jane Roe", "John Doe"]
    assert "By Jane Roe" not in s.text


@pytest.mark.parametrize(("byline", "authors"), [
    ("Written by Rob Ember Edited by Lisa Marno", ["Rob Ember"]),
    ("Kira Volden Edited by Peter Haas", ["Kira Volden"]),
    ("By Jane Roe and Ola Nordmann Photos by Lee Park", ["Jane Roe", "Ola Nordmann"]),
    ("By Tomas Berg Illustrations by Ana Lima", ["Tomas Berg"]),
])
def test_another_contributor_role_ends_the_authors(byline, authors):
    assert authors_from_byline(byline) == authors


@pytest.mark.parametrize("label", ["作者", "记者", "责任编辑", "来源"])
def test_an_ideographic_byline_label_is_no_author(label):
    assert authors_from_byline(label) == []
    assert authors_from_byline(f"{label}：王小明") == ["王小明"]


@pytest.mark.parametrize(("meta", "authors"), [
    ('<meta property="article:author" content="Harbour Daily News">', ("Harbour Daily News",)),
    ('<meta property="og:article:author" content="Example Wire Desk">', ("Example Wire Desk",)),
    ('<meta property="article:author" content="https://social.example/harbour">'
     '<meta name="author" content="Kelvay Gazette">', ("Kelvay Gazette",)),
])
def test_an_author_the_page_head_declares_is_given_as_written(meta, authors):
    from service.nlp.structure.html import extract_html

    html = (f"<html><head><title>Quay reopens</title>{meta}</head><body><article>"
            "<h1>Quay reopens</h1><p>The port authority reopened the northern quay on Tuesday "
            "after a storm, a spokeswoman said, and ferries resumed.</p></article></body></html>")
    assert extract_html(html).authors == authors

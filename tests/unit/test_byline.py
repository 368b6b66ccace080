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

"""Shortcuts that spare a pattern's work at places it cannot match change no answer: the
``last`` characters of a Preceding pattern, the first letters the unit pattern looks for."""

from __future__ import annotations

import random
import re

import pytest

from service.nlp.figures import figures, measures, units
from service.nlp.preceding import Preceding

WITH_LAST = {f"{module.__name__}.{name}": value
             for module in (figures, measures, units)
             for name, value in vars(module).items()
             if isinstance(value, Preceding) and value.last is not None}
PIECES = ["more than", "over", "about", "~", "approx.", "at least by", "up to", "rose past",
          "climbed beyond", "per cent of", "percentage of", "percent of", "US", "Rs.", "Rs",
          "R", "SFr", "A", "c", "$", "€", "£", "¥", "EUR", "usd", "Jan", "May", "sept.",
          "December", "of", "Article", "No.", "#", "section", "flight", "ſ", "K", " ", "  ",
          "\u00a0", "\n", "\n\n", ",", ".", "-", "5", "12", "(", ")", "'", "\u2019", "x",
          "won", "surpassed", "exceeds", "the", "an", "its"]


def test_the_patterns_with_last_characters_are_the_hot_ones():
    assert set(WITH_LAST) >= {"service.nlp.figures.units.PREFIX",
                              "service.nlp.figures.measures._QUALIFIER",
                              "service.nlp.figures.figures._LABEL"}


@pytest.mark.parametrize("name", sorted(WITH_LAST))
def test_an_answer_with_last_characters_is_the_search_answer(name):
    preceding = WITH_LAST[name]
    rng = random.Random(name)
    found = 0
    for _ in range(3000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 8)))
        for pos in range(len(text) + 1):
            expected = preceding.pattern.search(text, max(0, pos - preceding.reach), pos)
            got = preceding.before(text, pos)
            assert (got and (got.span(), got.groups())) == \
                (expected and (expected.span(), expected.groups())), (text, pos)
            found += expected is not None
    assert found  # the texts reach the patterns


def test_the_unit_pattern_matches_as_without_its_lookahead():
    assert units.UNIT_RE.pattern.startswith(units.UNIT_START)
    plain = re.compile(units.UNIT_RE.pattern.removeprefix(units.UNIT_START))
    spellings = [s for s, _, _ in units._unit_spellings()]
    pieces = [*spellings, *(s.upper() for s in spellings), *(s.title() for s in spellings),
              " ", "  ", "\u00a0", "-", " - ", "\n", "5", ",", ".", "x", "ſ", "K", "²"]
    rng = random.Random(7)
    found = 0
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 4)))
        for pos in range(len(text) + 1):
            got, expected = units.UNIT_RE.match(text, pos), plain.match(text, pos)
            assert (got and got.span()) == (expected and expected.span()), (text, pos)
            found += expected is not None
    assert found

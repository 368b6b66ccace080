"""Number forms of the Recognizers-Text English number specification, each in several
made-up variants: fractions in words, mixed words and digits, negative numbers, scale words
in many positions, ordinals (no number) and shares."""

import pytest

from service.nlp.figures.numbers import read_numbers, tokenize


def values(text):
    return [n.value for n in read_numbers(tokenize(text))]


@pytest.mark.parametrize(("text", "value"), [
    ("one fifth", 0.2), ("three fifths", 0.6), ("seven eighths", 0.875),
    ("one hundredth", 0.01), ("five hundred thousandths", 0.5), ("two thirds", 2 / 3),
    ("a half", 0.5), ("one half", 0.5), ("two and a half", 2.5),
    ("one and three quarters", 1.75), ("thirty-three and a third", 100 / 3),
    ("one over four", 0.25), ("1/4", 0.25), ("3 1/2", 3.5),
])
def test_fractions_in_words_and_digits(text, value):
    assert values(text) == [pytest.approx(value)]


@pytest.mark.parametrize(("text", "value"), [
    ("1.5 thousand", 1_500), ("3 million", 3e6), ("4.5 million", 4.5e6), ("0.5 trillion", 5e11),
    ("2 dozen", 24), ("1k", 1_000), ("15 hundred", 1_500), ("3.5 billion", 3.5e9),
    ("1 million and 500 thousand", 1.5e6), ("2 billion 300 million", 2.3e9),
])
def test_digits_with_scale_words(text, value):
    assert values(text) == [pytest.approx(value)]


@pytest.mark.parametrize(("text", "value"), [
    ("a hundred and twenty", 120), ("one hundred twenty three", 123),
    ("twenty five thousand", 25_000), ("two thousand and twelve", 2_012),
    ("nineteen hundred", 1_900), ("eleven hundred", 1_100), ("twenty-one", 21),
    ("one million two hundred thousand", 1.2e6), ("one trillion", 1e12), ("a dozen", 12),
    ("zero", 0), ("half a million", 5e5), ("a quarter of a million", 250_000),
    ("two thirds of a billion", 2e9 / 3),
])
def test_scale_words_in_many_positions(text, value):
    assert values(text) == [pytest.approx(value)]


@pytest.mark.parametrize(("text", "value"), [
    ("minus 5", -5), ("negative four", -4), ("-3.2", -3.2), ("minus twelve point five", -12.5),
    ("ninety-nine point nine", 99.9), ("negative six-point-six", -6.6),
])
def test_negative_numbers_and_decimals_in_words(text, value):
    assert values(text) == [pytest.approx(value)]


@pytest.mark.parametrize(("text", "value"), [
    ("one in five", 0.2), ("3 in 10", 0.3), ("nine out of ten", 0.9), ("2 out of 3", 2 / 3),
])
def test_shares(text, value):
    assert values(text) == [pytest.approx(value)]


@pytest.mark.parametrize("text", [
    "the twenty-first century", "the 21st day", "her third term", "the hundredth time",
])
def test_ordinals_are_no_numbers(text):
    assert values(text) == []


def test_a_share_is_not_read_across_a_time():
    assert values("2 in 3 months") == [2, 3]

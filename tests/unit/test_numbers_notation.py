"""Numbers in every notation: decimal marks, digit groups, scale suffixes, fractions, words."""

import pytest

from service.nlp.figures.figures import read_measures
from service.nlp.figures.numbers import decimal_comma


def amounts(text):
    return [(text[m.start:m.end], m.value, m.unit) for m in read_measures(text)]


def one(text):
    found = amounts(text)
    assert len(found) == 1, found
    return found[0][1:]


@pytest.mark.parametrize("text, value, unit", [
    ("The utility lost R8,7-billion last year.", 8.7e9, "ZAR"),
    ("Its debt stands at R12,25 billion.", 12.25e9, "ZAR"),
    ("The bond raised $17,2-billion.", 17.2e9, "USD"),
    ("Inflation slowed to 5,7% in May.", 5.7, "%"),
    ("Unemployment rose to 32,9 percent.", 32.9, "%"),
    ("Shares closed at 352,5 pence.", 3.525, "GBP"),
    ("The bill came to €1.234,50 in all.", 1234.5, "EUR"),
    ("Output reached 3,25 million tonnes.", 3.25e6, "t"),
])
def test_a_comma_before_one_or_two_digits_is_a_decimal_comma(text, value, unit):
    assert one(text)[0] == pytest.approx(value)
    assert one(text)[1] == unit


@pytest.mark.parametrize("text, value", [
    ("The firm employs 12 500 workers.", 12500),
    ("The firm employs 12\u00a0500 workers.", 12500),
    ("The city has 1\u202f250\u202f000 residents.", 1250000),
    ("The firm employs 12,500 workers.", 12500),
    ("Visitors numbered 1,250,000 last year.", 1250000),
])
def test_digit_groups_by_space_or_comma_are_thousands(text, value):
    assert one(text)[0] == value


def test_the_document_decimal_mark_decides_a_dot_before_three_digits():
    comma_doc = "Prices rose 2,5% and 1.500 homes were sold; rents rose 3,1%."
    point_doc = "Prices rose 2.5% and 1.500 tonnes were sold; rents rose 3.1%."
    assert decimal_comma(comma_doc) and not decimal_comma(point_doc)
    assert [v for _, v, _ in amounts(comma_doc)] == pytest.approx([2.5, 1500, 3.1])
    assert [v for _, v, _ in amounts(point_doc)] == pytest.approx([2.5, 1.5, 3.1])


def test_a_list_of_small_numbers_is_not_a_decimal():
    assert [v for _, v, _ in amounts("Rounds 1,2,3 were played.")] != [1.2]


@pytest.mark.parametrize("text, value, unit", [
    ("Ticket sales hit $10G.", 1e10, "USD"),
    ("Revenue hit 1.2b dollars.", 1.2e9, "USD"),
    ("The stadium cost 2mil dollars.", 2e6, "USD"),
    ("The fund raised $1MM.", 1e6, "USD"),
    ("The budget is 10 tln rubles.", 1e13, "RUB"),
    ("Exports were 56.7 bln rubles.", 5.67e10, "RUB"),
    ("Imports reached $734 mln.", 7.34e8, "USD"),
    ("The deal is worth 3 bil euros.", 3e9, "EUR"),
])
def test_glued_and_rare_scale_suffixes(text, value, unit):
    assert one(text) == (pytest.approx(value), unit)


def test_5g_is_a_network_not_five_billion():
    assert amounts("The 5G network launched.") == []


@pytest.mark.parametrize("text, value", [
    ("One out of three voters stayed home.", 1 / 3),
    ("Nine out of 10 doctors agree.", 0.9),
    ("The odds were one over 20.", 0.05),
    ("Two thirds of the seats changed hands.", 2 / 3),
    ("Three quarters of the staff agreed.", 0.75),
    ("Half of the workers struck.", 0.5),
    ("They made half a million.", 500000),
])
def test_fractions_in_words(text, value):
    assert one(text)[0] == pytest.approx(value)


@pytest.mark.parametrize("text, value", [
    ("The scheme costs three lakh crore rupees.", 3e12),
    ("The plan needs 2 lakh crore.", 2e12),
    ("It spent two thousand crore.", 2e10),
    ("It raised five lakh.", 5e5),
    ("Assets are 4.5 crore.", 4.5e7),
])
def test_indian_scales_compound(text, value):
    assert one(text)[0] == pytest.approx(value)


@pytest.mark.parametrize("text, value", [
    ("A dozen firms bid.", 12),
    ("They sold two hundred and two dozen eggs.", 224),
    ("They sold three dozen apples.", 36),
    ("They sold 5 dozen pears.", 60),
    ("Four dozen eggs were broken.", 48),
])
def test_dozens(text, value):
    assert one(text)[0] == value


def test_the_second_half_is_no_number():
    assert amounts("In the second half, the team scored.") == []


@pytest.mark.parametrize("text, value", [
    ("Turnout reached two point five million.", 2.5e6),
    ("The town has 3 million 500 thousand residents.", 3.5e6),
    ("The budget is 2 billion 300 million.", 2.3e9),
    ("It took one-and-a-half years.", 1.5),
    ("The bill is two-and-a-half million.", 2.5e6),
])
def test_compound_scales_decimal_words_and_hyphenated_halves(text, value):
    assert one(text)[0] == pytest.approx(value)


def test_separate_scaled_amounts_stay_apart_across_a_comma():
    assert [v for _, v, _ in amounts("Sales of 3 million, 500 thousand of them abroad.")] == [
        3e6, 5e5]

"""The readers of figures, dates and quotes take time linear in their input: long runs of
digits and punctuation finish quickly."""

import time

import pytest

from service.nlp.dates import anchor, dates
from service.nlp.figures import figures, numbers
from service.nlp.quotes import marks

N = 100_000
RUNS = {
    "digits": "7" * N,
    "grouped": "1," * (N // 2),
    "dotted": "1." * (N // 2),
    "spaced": "123 " * (N // 4),
    "decimal commas": "12,5 " * (N // 5),
    "european": "1.234," * (N // 6),
    "slashes": "1/" * (N // 2),
    "dashes": "1-" * (N // 2),
    "money": "$1" * (N // 2),
    "apostrophes": "a'" * (N // 2),
    "quotes": "\"'“”‘’" * (N // 6),
    "words": "one " * (N // 4),
    "parentheses": "($1 = " * (N // 6),
    "phones": "0800 123 " * (N // 9),
    "capitals": "Ninety Mile " * (N // 12),
    "years": "in 2019 " * (N // 8),
    "dot groups then a dot": "1" + ".234" * (N // 4) + ".",
}
LIMIT = 30.0  # seconds, on a busy machine; a quadratic reader takes many minutes here


def _fastest(function, text, runs: int) -> float:
    """The least of ``runs`` timings: what the reader costs, less what the machine adds."""
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        function(text)
        best = min(best, time.perf_counter() - started)
    return best


def timed(function, text):
    """Seconds for the whole text, checked to grow about as the text does: four times the
    text may take about four times as long (a quadratic reader takes sixteen). Each size is
    timed more than once and its fastest run kept, so a busy machine does not decide."""
    quarter = _fastest(function, text[:len(text) // 4], 3)
    whole = _fastest(function, text, 2)
    assert whole < 8 * quarter + 0.5, (whole, quarter)
    return whole


@pytest.mark.parametrize("name", RUNS)
def test_figures_read_long_runs_in_linear_time(name):
    assert timed(figures.read_measures, RUNS[name]) < LIMIT


@pytest.mark.parametrize("name", RUNS)
def test_numbers_tokenize_and_read_long_runs_in_linear_time(name):
    assert timed(lambda t: numbers.read_numbers(numbers.tokenize(t)), RUNS[name]) < LIMIT


@pytest.mark.parametrize("name", RUNS)
def test_date_candidates_of_long_runs_in_linear_time(name):
    text = RUNS[name].replace(" ", "\n", 1)
    assert timed(dates._candidates, text) < LIMIT
    assert timed(anchor.year_named, text) < LIMIT


@pytest.mark.parametrize("name", RUNS)
def test_quote_spans_of_long_runs_in_linear_time(name):
    assert timed(marks.quote_spans, RUNS[name]) < LIMIT


@pytest.mark.parametrize("expression", [
    "1" * 5000, "May " * 2000, "the past " * 1000 + "two weeks", "Christmas " * 2000,
])
def test_resolving_one_long_expression_is_quick(expression):
    assert timed(lambda t: dates.resolve(t, None), expression) < LIMIT

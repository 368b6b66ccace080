"""Numbers in English text: digits, number words, fractions and scale words, with offsets."""

from __future__ import annotations

import re
from collections.abc import Iterator

from service.nlp.figures.digits import is_identifier, read_digits, skip_identifier, slash_fraction
from service.nlp.figures.number_words import collect_run, run_numbers, starts_run
from service.nlp.figures.tokens import VULGAR, Number, Token, token_at

_GROUP = r"[ \u00a0\u202f\u2009]"
_TOKEN_RE = re.compile(
    r"(?P<num>(?:\d+[ \u00a0]?)?[" + VULGAR + r"]"
    r"|(?:\d{1,3}(?:,\d{3})+(?!\d)(?:\.\d+)?"  # 1,234,567.5
    r"|\d{1,3}(?:\.\d{3})+,\d+(?![\d,])"  # 1.234.567,5
    r"|\d{1,3}(?:\.\d{3}){2,}(?![\d.])"  # 1.234.567
    rf"|\d{{1,3}}(?:{_GROUP}\d{{3}})+(?![\d,])(?:\.\d+)?"  # 12 500.5
    rf"|\d{{1,3}}(?:{_GROUP}\d{{3}})+,\d{{1,2}}(?![\d,])"  # 12 500,5
    # 8,7 and 5.25: a comma before 1-2 digits is decimal, but not in a list ("22,24,26,31")
    r"|(?<!\d,)\d+,\d{1,2}(?![\d,])|\d+(?:\.\d+)?)"
    r"(?:[eE][-+]?\d+\b)?|\.\d+)"
    r"|(?P<word>(?:[^\W\d_]\.)+[^\W\d_]\b\.?|[^\W\d_]+(?:['’][^\W\d_]+)*)"
    r"|(?P<sym>\S)"
)
_MINUS = frozenset("-−")
_TIME_WORDS = frozenset({"second", "minute", "hour", "day", "week", "month", "year", "decade",
                         "century", "round", "game", "match", "attempt", "try"})

# Evidence of a document's decimal mark: "8,7" or "1.234,5" against "8.7" or "3.14159".
_COMMA_DECIMAL_RE = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})*,\d{1,2}(?![\d,])")
_POINT_DECIMAL_RE = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})*\.(?:\d{1,2}|\d{4,})(?![\d.])")


def tokenize(text: str) -> list[Token]:
    """Numbers, words (with dotted abbreviations such as "U.S.") and single symbols."""
    comma = decimal_comma(text)
    tokens, prev_end = [], 0
    for m in _TOKEN_RE.finditer(text):
        (start, end), kind = m.span(), m.lastgroup
        gap = text[prev_end:start]
        tokens.append(Token(m.group(), start, end, kind, len(gap), "\n" in gap,
                            comma and kind == "num"))
        prev_end = end
    return tokens


def decimal_comma(text: str) -> bool:
    """Whether the document writes decimals with a comma: one article uses one decimal mark,
    so the marks its unambiguous numbers use decide for the ambiguous ones ("1.234")."""
    if "," not in text:
        return False
    commas = sum(1 for _ in _COMMA_DECIMAL_RE.finditer(text))
    return commas > 0 and commas > sum(1 for _ in _POINT_DECIMAL_RE.finditer(text))


def read_numbers(toks: list[Token]) -> list[Number]:
    """Every number in the token list, in text order; ordinals and identifiers are skipped."""
    found, i = [], 0
    while i < len(toks):
        numbers, i = _read_at(toks, i)
        for number in numbers:
            found.append(_signed(toks, number))
    return list(_compound_scales(toks, list(_over_fractions(toks, found))))


def _compound_scales(toks: list[Token], numbers: list[Number]) -> Iterator[Number]:
    """"3 million 500 thousand", "2 billion and 300 million": a smaller scaled amount right
    after a larger one adds to it."""
    out: list[Number] = []
    for number in numbers:
        prev = out[-1] if out else None
        if (prev is not None and prev.scale >= 1e6 and 1e3 <= number.scale < prev.scale
                and _next_to(toks, prev, number) and toks[number.first].gap == 1
                and not toks[number.first].newline and 0 < number.value < prev.scale
                and prev.value > 0):
            out[-1] = Number(prev.start, number.end, prev.value + number.value, prev.first,
                             number.last, prev.scale, words=prev.words)
        else:
            out.append(number)
    return iter(out)


def _next_to(toks: list[Token], a: Number, b: Number) -> bool:
    """Whether ``b`` follows ``a`` right away, or after an "and"."""
    return b.first == a.last or (b.first == a.last + 1 and toks[a.last].low == "and"
                                 and toks[a.last].gap == 1 and not toks[a.last].newline)


def _read_at(toks: list[Token], i: int) -> tuple[list[Number], int]:
    tok = toks[i]
    if tok.kind == "num":
        if is_identifier(toks, i):
            return [], skip_identifier(toks, i)
        number = read_digits(toks, i)
        if number is None:
            return [], (i + 3 if slash_fraction(toks, i) is False else i + 1)
        return [number], number.last
    if tok.kind == "word" and starts_run(toks, i):
        items = collect_run(toks, i)
        return list(run_numbers(toks, items)), items[-1].tok + 1
    return [], i + 1


# --- signs and "one over three" -----------------------------------------------------------------

def _signed(toks: list[Token], number: Number) -> Number:
    """Apply a leading sign: "-4/5", "minus 5", "- 10 k" opening a line, "+3"."""
    sign = _sign(toks, number.first)
    if not sign:
        return number
    prev = toks[number.first - 1]
    return Number(prev.start, number.end, sign * number.value, number.first - 1, number.last,
                  number.scale, False, number.words)


def _sign(toks: list[Token], first: int) -> int:
    prev, before, tok = token_at(toks, first - 1), token_at(toks, first - 2), toks[first]
    if prev is None or tok.newline:
        return 0
    if prev.low in ("minus", "negative"):
        return -1 if tok.gap <= 2 else 0
    if prev.text not in _MINUS and prev.text != "+":
        return 0
    sign = -1 if prev.text in _MINUS else 1
    if before is None or prev.newline:
        return sign if tok.gap <= 2 else 0
    free = not prev.glued or before.text in "(["
    return sign if tok.glued and free and before.kind != "num" else 0


def _over_fractions(toks: list[Token], numbers: list[Number]) -> Iterator[Number]:
    """"one over three" (not "$10,000 over 3 years"), "one out of three", "a quarter of a
    million"."""
    i = 0
    while i < len(numbers):
        a, b = numbers[i], numbers[i + 1] if i + 1 < len(numbers) else None
        if b is not None and (_is_over_fraction(toks, a, b) or _is_out_of(toks, a, b)):
            yield Number(a.start, b.end, a.value / b.value, a.first, b.last, words=a.words)
            i += 2
        elif b is not None and _is_part_of(toks, a, b):
            yield Number(a.start, b.end, a.value * b.value, a.first, b.last, b.value, words=True)
            i += 2
        else:
            yield a
            i += 1


def _is_out_of(toks: list[Token], a: Number, b: Number) -> bool:
    """"one out of three", "9 out of 10", "one in five": a share."""
    out, of = token_at(toks, a.last), token_at(toks, a.last + 1)
    shape = (a.scale == 1 and b.scale == 1 and 0 < a.value < b.value
             and a.value == int(a.value) and b.value == int(b.value))
    if b.first == a.last + 1 and out is not None and out.low == "in":
        after = token_at(toks, b.last)  # "2 in 3 months" is a time
        return (shape and b.value <= 100
                and (after is None or after.low.rstrip("s") not in _TIME_WORDS))
    return (b.first == a.last + 2 and out is not None and out.low == "out" and of is not None
            and of.low == "of" and shape)


def _is_part_of(toks: list[Token], a: Number, b: Number) -> bool:
    return (a.words and 0 < a.value < 1 and b.first == a.last + 1 and toks[a.last].low == "of"
            and toks[b.first].low in ("a", "an") and b.scale > 1)


def _is_over_fraction(toks: list[Token], a: Number, b: Number) -> bool:
    if b.first != a.last + 1 or toks[a.last].low != "over":
        return False
    if a.scale != 1 or not 0 < a.value < b.value:
        return False
    if a.value != int(a.value) or b.value != int(b.value):
        return False
    prev, nxt = token_at(toks, a.first - 1), token_at(toks, b.last)
    return (prev is None or prev.kind == "word") and (nxt is None or nxt.kind != "word")

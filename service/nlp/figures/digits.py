"""Numbers written in digits, with the fractions, powers and scale words that follow them."""

from __future__ import annotations

import math
import re
import unicodedata

from service.nlp.figures.number_words import cardinal, word_class
from service.nlp.figures.tokens import HYPHENS, VULGAR, Item, Number, Token, is_int, token_at
from service.nlp.lexicon import SCALE_ABBREVIATIONS

# Letter scales are case-sensitive: "5m" may be metres, "5G" a network, "5mm" millimetres;
# "1MM" is the financial million.
_LETTER_SCALES = {"k": 1e3, "K": 1e3, "M": 1e6, "MM": 1e6}
_SPACED_SCALES = {"G": 1e9}
_MONEY_SYMBOLS = frozenset("$€£¥₹₽")

# Fractions written with a slash only when the denominator is a usual one: 5/17, 9/11 and
# 1/6 read as dates.
_DENOMINATORS = frozenset({2, 3, 4, 5, 8, 10, 16, 20, 25, 32, 50, 64, 100})


def _digit_value(text: str, comma_decimal: bool = False) -> float:
    """The value of digits by their own shape ("8,7" and "1.234,5" have a decimal comma,
    "1,234" and "1.234.567" thousands separators) and, for "1.234", the document's mark."""
    if text.isdecimal():  # no mark, no separator: the commonest number
        return float(text)
    if text[-1] in VULGAR:  # "4½"
        whole = text[:-1].strip()
        return (float(whole) if whole else 0.0) + unicodedata.numeric(text[-1])
    text = _SPACES_RE.sub("", text)
    digits = text.partition("e")[0].partition("E")[0]
    if "," in digits and "." in digits:
        mark = "," if digits.rfind(",") > digits.rfind(".") else "."
    elif "," in digits:
        mark = "," if _DECIMAL_COMMA_SHAPE.fullmatch(digits) else None
    elif digits.count(".") > 1 or (comma_decimal and _THOUSANDS_DOT_SHAPE.fullmatch(digits)):
        mark = None
    else:
        mark = "."
    for separator in {",", "."} - {mark}:
        text = text.replace(separator, "")
    return float(text.replace(",", "."))


_SPACES_RE = re.compile(r"[\s\u00a0\u202f\u2009]")
_DECIMAL_COMMA_SHAPE = re.compile(r"\d*,\d{1,2}")
_THOUSANDS_DOT_SHAPE = re.compile(r"\d{1,3}\.\d{3}")


def is_identifier(toks: list[Token], i: int) -> bool:
    """G20, Su-35, COVID-19, #5, 21st, 1990s, 10:30: digits that are not a quantity."""
    prev, nxt, after = token_at(toks, i - 1), token_at(toks, i + 1), token_at(toks, i + 2)
    tok = toks[i]
    if prev is not None and tok.glued:
        before = token_at(toks, i - 2)
        if prev.kind == "word" and not _currency_word(prev.text) and not (
                prev.text == "R" and _sizable(toks, i)):
            return True
        if prev.text == "#":
            return True
        if prev.text in HYPHENS and prev.glued and before is not None and before.kind == "word":
            return True
        if prev.text == ":" and prev.glued and before is not None and before.kind == "num":
            return True
    if nxt is not None and nxt.glued:
        if nxt.kind == "word" and nxt.low in ("st", "nd", "rd", "th", "s"):
            return True
        if nxt.text == ":" and after is not None and after.glued and after.kind == "num":
            return True
        if nxt.text in "'’" and after is not None and after.glued and after.low == "s":
            return True
    return False


def _currency_word(text: str) -> bool:
    """Letters that may be glued before an amount: ISO codes and Rs/Rp/RM."""
    return (len(text) == 3 and text.isupper()) or text in ("Rs", "Rp", "RM")


def _sizable(toks: list[Token], i: int) -> bool:
    """Digits with a separator or a scale word: "R8,7-billion", "R250 million" are rand,
    "R2" a name."""
    nxt = token_at(toks, i + 1)
    return (any(mark in toks[i].text for mark in ",. ")
            or _hyphen_scale(toks, i + 1)
            or (nxt is not None and nxt.kind == "word" and not nxt.newline
                and _scale_item(nxt, i + 1) is not None))


def skip_identifier(toks: list[Token], i: int) -> int:
    j = i + 1
    while j < len(toks) and toks[j].glued and toks[j].kind in ("num", "word"):
        j += 1
    return j


def read_digits(toks: list[Token], i: int) -> Number | None:
    tok = toks[i]
    value, j = _digit_value(tok.text, tok.comma_decimal), i + 1
    mixed = _mixed_fraction(toks, i)
    slash = None if mixed else slash_fraction(toks, i)
    if slash is False:
        return None  # the caller skips the whole ratio
    spoken = None if mixed or slash else _spoken_decimal(toks, i)
    if mixed or slash or spoken:
        value, j = mixed or slash or spoken
    elif (power := _power(toks, i)) is not None:
        value, j = power
    before = token_at(toks, i - 1)
    money = before is not None and tok.glued and before.text in _MONEY_SYMBOLS
    scale, j = _digit_scales(toks, j, value, money)
    if not math.isfinite(value * scale):
        return None  # 1e999 has no JSON number
    plain = tok.text.isdigit() and j == i + 1
    return Number(tok.start, toks[j - 1].end, value * scale, i, j, scale, plain)


def slash_fraction(toks: list[Token], i: int) -> tuple[float, int] | None | bool:
    """``a/b`` at i: (value, end), None when there is no slash, False for 24/7 or 5/17."""
    slash, den = token_at(toks, i + 1), token_at(toks, i + 2)
    if slash is None or slash.text != "/" or slash.gap > 1 or den is None or den.gap > 1:
        return None
    if not (is_int(toks[i]) and is_int(den)):
        return None
    num, denominator = int(toks[i].text), int(den.text)
    if not 0 < num < denominator or denominator not in _DENOMINATORS:
        return False
    return num / denominator, i + 3


def _spoken_decimal(toks: list[Token], i: int) -> tuple[float, int] | None:
    """``58-point-15``, ``3 point 5``: a decimal as broadcast wires spell it out."""
    if not is_int(toks[i]):
        return None
    nxt = token_at(toks, i + 1)
    hyphened = nxt is not None and nxt.text in HYPHENS and nxt.glued
    point = token_at(toks, i + 2 if hyphened else i + 1)
    if point is None or point.low != "point" or point.newline:
        return None
    if hyphened:
        link, digits = token_at(toks, i + 3), token_at(toks, i + 4)
        if not (point.glued and link is not None and link.text in HYPHENS and link.glued
                and digits is not None and digits.glued and is_int(digits)):
            return None
        return float(f"{toks[i].text}.{digits.text}"), i + 5
    digits = token_at(toks, i + 2)
    if point.gap != 1 or digits is None or digits.gap != 1 or digits.newline \
            or not is_int(digits):
        return None
    return float(f"{toks[i].text}.{digits.text}"), i + 3


def _mixed_fraction(toks: list[Token], i: int) -> tuple[float, int] | None:
    """``2 1/4``: a whole number, spaces, a proper fraction."""
    nxt = token_at(toks, i + 1)
    if not (is_int(toks[i]) and nxt is not None and is_int(nxt)):
        return None
    if nxt.glued or nxt.newline or nxt.gap > 3:
        return None
    fraction = slash_fraction(toks, i + 1)
    if not fraction:
        return None
    return int(toks[i].text) + fraction[0], fraction[1]


def _power(toks: list[Token], i: int) -> tuple[float, int] | None:
    """``1.1^23``, ``2.5^-1``: an exponent with any run of signs."""
    caret = token_at(toks, i + 1)
    if caret is None or caret.text != "^" or not caret.glued:
        return None
    j, negative = i + 2, False
    while j < len(toks) and toks[j].text in "-+" and toks[j].glued:
        negative ^= toks[j].text == "-"
        j += 1
    exp = token_at(toks, j)
    if exp is None or not exp.glued or not is_int(exp):
        return None
    try:
        base = _digit_value(toks[i].text, toks[i].comma_decimal)
        return base ** (-int(exp.text) if negative else int(exp.text)), j + 1
    except OverflowError:
        return None


def _digit_scales(toks: list[Token], j: int, value: float,
                  money: bool = False) -> tuple[float, int]:
    """Scale words after digits: 5 million, 2.33 k, 3 dozens, 322 hundred, 1,674.5 G, 5-million."""
    items = None  # made at the first scale word
    scale, best, digits = 1.0, j, j - 1
    if _hyphen_scale(toks, j):
        j += 1
    while (tok := token_at(toks, j)) is not None and tok.kind == "word" and not tok.newline:
        item = _scale_item(tok, j, money)
        if item is None or tok.gap > 3:
            break
        items = items or [Item("digits", value, False, digits, False)]
        items.append(item)
        total = cardinal(items)
        if total is None:
            break
        scale, best = (total / value if value else 1.0), j + 1
        j += 1
    return scale, best


def _hyphen_scale(toks: list[Token], j: int) -> bool:
    """"a $5-million contract": a hyphen glued between the digits and the scale word."""
    hyphen, word = token_at(toks, j), token_at(toks, j + 1)
    return (hyphen is not None and hyphen.text in HYPHENS and hyphen.glued and word is not None
            and word.glued and word.kind == "word" and _scale_item(word, j + 1) is not None)


def _scale_item(tok: Token, j: int, money: bool = False) -> Item | None:
    low = tok.low
    if tok.text in _LETTER_SCALES and tok.gap <= 2:
        return Item("big", _LETTER_SCALES[tok.text], False, j, False)
    if tok.text in _SPACED_SCALES and (tok.gap or money):  # "$10G"; "5G" is a network
        return Item("big", _SPACED_SCALES[tok.text], False, j, False)
    if low in SCALE_ABBREVIATIONS:
        return Item("big", SCALE_ABBREVIATIONS[low], False, j, False)
    word = word_class(low)
    if word and word[0] in ("big", "hundred", "dozen"):
        return Item(word[0], word[1], word[2], j, False)
    return None

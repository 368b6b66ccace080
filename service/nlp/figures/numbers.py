"""Numbers in English text: digits, number words, fractions and scale words, with offsets."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

_VULGAR = "½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅐⅛⅜⅝⅞⅑⅒"
_GROUP = r"[ \u00a0\u202f\u2009]"
_TOKEN_RE = re.compile(
    r"(?P<num>(?:\d+[ \u00a0]?)?[" + _VULGAR + r"]"
    r"|(?:\d{1,3}(?:,\d{3})+(?!\d)(?:\.\d+)?"  # 1,234,567.5
    r"|\d{1,3}(?:\.\d{3})+,\d+(?![\d,])"  # 1.234.567,5
    r"|\d{1,3}(?:\.\d{3}){2,}(?![\d.])"  # 1.234.567
    rf"|\d{{1,3}}(?:{_GROUP}\d{{3}})+(?![\d,])(?:\.\d+)?"  # 12 500.5
    rf"|\d{{1,3}}(?:{_GROUP}\d{{3}})+,\d{{1,2}}(?![\d,])"  # 12 500,5
    r"|\d+(?:,\d{1,2}(?![\d,])|\.\d+)?)"  # 8,7 and 5.25: a comma before 1-2 digits is decimal
    r"(?:[eE][-+]?\d+\b)?|\.\d+)"
    r"|(?P<word>(?:[^\W\d_]\.)+[^\W\d_]\b\.?|[^\W\d_]+(?:['’][^\W\d_]+)*)"
    r"|(?P<sym>\S)"
)
_HYPHENS = frozenset("-‐‑–")
_MINUS = frozenset("-−")
_MAX_RUN = 14  # number words in one expression; bounds the segmentation work

_ONES = {"zero": 0, "nought": 0, "naught": 0, "one": 1, "two": 2, "three": 3, "four": 4,
         "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
          "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_BIG = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "lakh": 1e5,
        "crore": 1e7}
# Wire abbreviations, matched case-insensitively after digits.
_ABBREVIATIONS = {"mln": 1e6, "mn": 1e6, "mio": 1e6, "mil": 1e6, "bln": 1e9, "bn": 1e9,
                  "bil": 1e9, "trln": 1e12, "tn": 1e12, "trn": 1e12, "tln": 1e12}
# Letter scales are case-sensitive: "5m" may be metres, "5G" a network, "5mm" millimetres;
# "1MM" is the financial million.
_LETTER_SCALES = {"k": 1e3, "K": 1e3, "M": 1e6, "MM": 1e6}
_SPACED_SCALES = {"G": 1e9}
_MONEY_SYMBOLS = frozenset("$€£¥₹₽")
_DOZENS = frozenset({"dozen", "dozens", "dz", "dzs", "doz", "dozs"})
_ORD_ONES = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
             "seventh": 7, "eighth": 8, "ninth": 9}
_ORD_TEENS = {"tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
              "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
              "nineteenth": 19}
_ORD_TENS = {"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60,
             "seventieth": 70, "eightieth": 80, "ninetieth": 90}
_ORD_BIG = {"hundredth": 100, "thousandth": 1e3, "millionth": 1e6, "billionth": 1e9,
            "trillionth": 1e12}
_PARTS = {"half": 2, "halves": 2, "quarter": 4, "quarters": 4}
# Evidence of a document's decimal mark: "8,7" or "1.234,5" against "8.7" or "3.14159".
_COMMA_DECIMAL_RE = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})*,\d{1,2}(?![\d,])")
_POINT_DECIMAL_RE = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})*\.(?:\d{1,2}|\d{4,})(?![\d.])")
# Fractions written with a slash only when the denominator is a usual one: 5/17, 9/11 and
# 1/6 read as dates.
_DENOMINATORS = frozenset({2, 3, 4, 5, 8, 10, 16, 20, 25, 32, 50, 64, 100})
_ORD_TO_CARDINAL = {"ord_ones": "ones", "ord_teens": "teens", "ord_tens": "tens",
                    "ord_big": "big", "part": "part"}
_ORDINALS = frozenset({"ord_ones", "ord_teens", "ord_tens", "ord_big", "part"})
_NUMERALS = frozenset({"ones", "teens", "tens"})
_FRACTION_FOLLOWERS = frozenset({"of", "and", "or"})
# The word classes each class may follow inside a cardinal.
_FOLLOWS = {"ones": {None, "hundred", "big", "and", "tens"},
            "teens": {None, "hundred", "big", "and"}, "tens": {None, "hundred", "big", "and"},
            "hundred": {"ones", "teens", "tens", "a", "digits"},
            "big": {"ones", "teens", "tens", "hundred", "a", "digits"},
            "dozen": {"ones", "teens", "tens", "a", "digits"}, "and": {"hundred", "big"},
            "a": {None}, "digits": {None}}


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int
    kind: str  # "num", "word" or "sym"
    gap: int  # characters of whitespace before the token
    newline: bool  # a line break separates it from the previous token
    comma_decimal: bool = False  # the document writes decimals with a comma ("1.234" = 1234)

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def glued(self) -> bool:
        return self.gap == 0


@dataclass(frozen=True, slots=True)
class Number:
    """One number: ``value`` with the trailing ``scale`` already applied."""

    start: int
    end: int
    value: float
    first: int  # token range [first, last)
    last: int
    scale: float = 1.0
    plain: bool = False  # bare digits without separators, sign or scale (a year? an id?)
    words: bool = False


@dataclass(frozen=True, slots=True)
class _Item:
    cls: str
    value: float
    plural: bool
    tok: int
    joined: bool  # a hyphen joins it to the previous word


def tokenize(text: str) -> list[Token]:
    """Numbers, words (with dotted abbreviations such as "U.S.") and single symbols."""
    comma = decimal_comma(text)
    tokens, prev_end = [], 0
    for m in _TOKEN_RE.finditer(text):
        gap = text[prev_end:m.start()]
        tokens.append(Token(m.group(), m.start(), m.end(), m.lastgroup, len(gap), "\n" in gap,
                            comma and m.lastgroup == "num"))
        prev_end = m.end()
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
        found.extend(_signed(toks, n) for n in numbers)
    return list(_compound_scales(toks, list(_over_fractions(toks, found))))


def _compound_scales(toks: list[Token], numbers: list[Number]) -> Iterator[Number]:
    """"3 million 500 thousand", "2 billion 300 million": a smaller scaled amount right
    after a larger one adds to it."""
    out: list[Number] = []
    for number in numbers:
        prev = out[-1] if out else None
        if (prev is not None and prev.scale >= 1e6 and 1e3 <= number.scale < prev.scale
                and number.first == prev.last and toks[number.first].gap == 1
                and not toks[number.first].newline and 0 < number.value < prev.scale
                and prev.value > 0):
            out[-1] = Number(prev.start, number.end, prev.value + number.value, prev.first,
                             number.last, prev.scale, words=prev.words)
        else:
            out.append(number)
    return iter(out)


def _read_at(toks: list[Token], i: int) -> tuple[list[Number], int]:
    tok = toks[i]
    if tok.kind == "num":
        if _is_identifier(toks, i):
            return [], _skip_identifier(toks, i)
        number = _read_digits(toks, i)
        if number is None:
            return [], (i + 3 if _slash_fraction(toks, i) is False else i + 1)
        return [number], number.last
    if tok.kind == "word" and _starts_run(toks, i):
        items = _collect_run(toks, i)
        return list(_run_numbers(toks, items)), items[-1].tok + 1
    return [], i + 1


# --- digits ------------------------------------------------------------------------------------

def _digit_value(text: str, comma_decimal: bool = False) -> float:
    """The value of digits by their own shape ("8,7" and "1.234,5" have a decimal comma,
    "1,234" and "1.234.567" thousands separators) and, for "1.234", the document's mark."""
    if text[-1] in _VULGAR:  # "4½"
        whole = text[:-1].strip()
        return (float(whole) if whole else 0.0) + unicodedata.numeric(text[-1])
    text = re.sub(r"[\s\u00a0\u202f\u2009]", "", text)
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


_DECIMAL_COMMA_SHAPE = re.compile(r"\d*,\d{1,2}")
_THOUSANDS_DOT_SHAPE = re.compile(r"\d{1,3}\.\d{3}")


def _is_int(tok: Token) -> bool:
    return tok.kind == "num" and tok.text.isdigit()


def _at(toks: list[Token], i: int) -> Token | None:
    return toks[i] if 0 <= i < len(toks) else None


def _is_identifier(toks: list[Token], i: int) -> bool:
    """G20, Su-35, COVID-19, #5, 21st, 1990s, 10:30: digits that are not a quantity."""
    prev, nxt, after = _at(toks, i - 1), _at(toks, i + 1), _at(toks, i + 2)
    tok = toks[i]
    if prev is not None and tok.glued:
        before = _at(toks, i - 2)
        if prev.kind == "word" and not _currency_word(prev.text) and not (
                prev.text == "R" and _sizable(toks, i)):
            return True
        if prev.text == "#":
            return True
        if prev.text in _HYPHENS and prev.glued and before is not None and before.kind == "word":
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
    nxt = _at(toks, i + 1)
    return (any(mark in toks[i].text for mark in ",. ")
            or _hyphen_scale(toks, i + 1)
            or (nxt is not None and nxt.kind == "word" and not nxt.newline
                and _scale_item(nxt, i + 1) is not None))


def _skip_identifier(toks: list[Token], i: int) -> int:
    j = i + 1
    while j < len(toks) and toks[j].glued and toks[j].kind in ("num", "word"):
        j += 1
    return j


def _read_digits(toks: list[Token], i: int) -> Number | None:
    tok = toks[i]
    value, j = _digit_value(tok.text, tok.comma_decimal), i + 1
    mixed = _mixed_fraction(toks, i)
    slash = None if mixed else _slash_fraction(toks, i)
    if slash is False:
        return None  # the caller skips the whole ratio
    if mixed or slash:
        value, j = mixed or slash
    elif (power := _power(toks, i)) is not None:
        value, j = power
    before = _at(toks, i - 1)
    money = before is not None and tok.glued and before.text in _MONEY_SYMBOLS
    scale, j = _digit_scales(toks, j, value, money)
    if not math.isfinite(value * scale):
        return None  # 1e999 has no JSON number
    plain = tok.text.isdigit() and j == i + 1
    return Number(tok.start, toks[j - 1].end, value * scale, i, j, scale, plain)


def _slash_fraction(toks: list[Token], i: int) -> tuple[float, int] | None | bool:
    """``a/b`` at i: (value, end), None when there is no slash, False for 24/7 or 5/17."""
    slash, den = _at(toks, i + 1), _at(toks, i + 2)
    if slash is None or slash.text != "/" or slash.gap > 1 or den is None or den.gap > 1:
        return None
    if not (_is_int(toks[i]) and _is_int(den)):
        return None
    num, denominator = int(toks[i].text), int(den.text)
    if not 0 < num < denominator or denominator not in _DENOMINATORS:
        return False
    return num / denominator, i + 3


def _mixed_fraction(toks: list[Token], i: int) -> tuple[float, int] | None:
    """``2 1/4``: a whole number, spaces, a proper fraction."""
    nxt = _at(toks, i + 1)
    if not (_is_int(toks[i]) and nxt is not None and _is_int(nxt)):
        return None
    if nxt.glued or nxt.newline or nxt.gap > 3:
        return None
    fraction = _slash_fraction(toks, i + 1)
    if not fraction:
        return None
    return int(toks[i].text) + fraction[0], fraction[1]


def _power(toks: list[Token], i: int) -> tuple[float, int] | None:
    """``1.1^23``, ``2.5^-1``: an exponent with any run of signs."""
    caret = _at(toks, i + 1)
    if caret is None or caret.text != "^" or not caret.glued:
        return None
    j, negative = i + 2, False
    while j < len(toks) and toks[j].text in "-+" and toks[j].glued:
        negative ^= toks[j].text == "-"
        j += 1
    exp = _at(toks, j)
    if exp is None or not exp.glued or not _is_int(exp):
        return None
    try:
        base = _digit_value(toks[i].text, toks[i].comma_decimal)
        return base ** (-int(exp.text) if negative else int(exp.text)), j + 1
    except OverflowError:
        return None


def _digit_scales(toks: list[Token], j: int, value: float,
                  money: bool = False) -> tuple[float, int]:
    """Scale words after digits: 5 million, 2.33 k, 3 dozens, 322 hundred, 1,674.5 G, 5-million."""
    items = [_Item("digits", value, False, j - 1, False)]
    scale, best = 1.0, j
    if _hyphen_scale(toks, j):
        j += 1
    while (tok := _at(toks, j)) is not None and tok.kind == "word" and not tok.newline:
        item = _scale_item(tok, j, money)
        if item is None or tok.gap > 3:
            break
        items.append(item)
        total = _cardinal(items)
        if total is None:
            break
        scale, best = (total / value if value else 1.0), j + 1
        j += 1
    return scale, best


def _hyphen_scale(toks: list[Token], j: int) -> bool:
    """"a $5-million contract": a hyphen glued between the digits and the scale word."""
    hyphen, word = _at(toks, j), _at(toks, j + 1)
    return (hyphen is not None and hyphen.text in _HYPHENS and hyphen.glued and word is not None
            and word.glued and word.kind == "word" and _scale_item(word, j + 1) is not None)


def _scale_item(tok: Token, j: int, money: bool = False) -> _Item | None:
    low = tok.low
    if tok.text in _LETTER_SCALES and tok.gap <= 2:
        return _Item("big", _LETTER_SCALES[tok.text], False, j, False)
    if tok.text in _SPACED_SCALES and (tok.gap or money):  # "$10G"; "5G" is a network
        return _Item("big", _SPACED_SCALES[tok.text], False, j, False)
    if low in _ABBREVIATIONS:
        return _Item("big", _ABBREVIATIONS[low], False, j, False)
    word = _word_class(low)
    if word and word[0] in ("big", "hundred", "dozen"):
        return _Item(word[0], word[1], word[2], j, False)
    return None


# --- number words ------------------------------------------------------------------------------

def _word_class(low: str) -> tuple[str, float, bool] | None:
    """(class, value, plural) of a number word, or None."""
    return _WORD_CLASSES.get(low)


def _word_classes() -> dict[str, tuple[str, float, bool]]:
    classes = {"a": ("a", 1, False), "an": ("a", 1, False), "and": ("and", 0, False),
               "point": ("point", 0, False), "hundred": ("hundred", 100, False),
               "hundreds": ("hundred", 100, True)}
    classes.update({word: ("dozen", 12, word.endswith("s")) for word in _DOZENS})
    for table, cls in ((_ONES, "ones"), (_TEENS, "teens"), (_TENS, "tens"), (_BIG, "big"),
                       (_ORD_ONES, "ord_ones"), (_ORD_TEENS, "ord_teens"),
                       (_ORD_TENS, "ord_tens"), (_ORD_BIG, "ord_big"), (_PARTS, "part")):
        for word, value in table.items():
            classes[word] = (cls, value, word in ("halves", "quarters"))
            if cls not in _NUMERALS and not word.endswith("s"):
                classes.setdefault(word + "s", (cls, value, True))
    return classes


_WORD_CLASSES = _word_classes()


def _starts_run(toks: list[Token], i: int) -> bool:
    word = _word_class(toks[i].low)
    if word is None:
        return False
    if word[0] in _NUMERALS:
        return True
    nxt = _at(toks, i + 1)
    follower = _word_class(nxt.low) if nxt is not None and nxt.kind == "word" else None
    if word[0] == "a":
        return follower is not None and follower[0] in ("hundred", "big", "dozen", *_ORDINALS,
                                                        *_NUMERALS)
    if toks[i].low != "half" or nxt is None or nxt.newline:
        return False
    return (follower is not None and follower[0] == "a") or nxt.low == "of"  # "half of them"


def _collect_run(toks: list[Token], i: int) -> list[_Item]:
    """Consecutive number words from i, hyphenated pairs marked ``joined``."""
    items, j, joined = [], i, False
    while j < len(toks) and len(items) < _MAX_RUN:
        tok = toks[j]
        if items and (tok.newline or tok.gap > 3):
            break
        if tok.kind == "sym" and tok.text in _HYPHENS and items and _next_is_word(toks, j):
            joined, j = True, j + 1
            continue
        if tok.kind == "sym" and tok.text in _HYPHENS and items and _hyphened_and(toks, j):
            j += 1  # "one-and-a-half" reads as "one and a half"
            continue
        word = _word_class(tok.low) if tok.kind == "word" else None
        if word is None or not _fits_run(toks, j, word[0], items):
            break
        items.append(_Item(word[0], word[1], word[2], j, joined))
        joined, j = False, j + 1
    while items and items[-1].cls in ("and", "point", "a"):
        items.pop()
    return items or [_Item("none", 0, False, i, False)]


def _hyphened_and(toks: list[Token], j: int) -> bool:
    """A hyphen glued between number words and "and", "a" or "an": "two-and-a-half"."""
    prev, nxt = toks[j - 1], _at(toks, j + 1)
    return (prev.kind == "word" and toks[j].glued and nxt is not None and nxt.glued
            and nxt.low in ("and", "a", "an"))


def _past_hyphen(toks: list[Token], k: int) -> int:
    """``k``, or the token after it when ``k`` is a hyphen glued between two words."""
    tok, nxt = _at(toks, k), _at(toks, k + 1)
    if (tok is not None and tok.text in _HYPHENS and tok.glued and nxt is not None
            and nxt.glued and nxt.kind == "word" and toks[k - 1].kind == "word"):
        return k + 1
    return k


def _next_is_word(toks: list[Token], j: int) -> bool:
    nxt = _at(toks, _past_hyphen(toks, j + 1))
    return (nxt is not None and nxt.kind == "word" and not nxt.newline and nxt.gap <= 3
            and _word_class(nxt.low) is not None and nxt.low not in ("a", "an", "and"))


def _fits_run(toks: list[Token], j: int, cls: str, items: list[_Item]) -> bool:
    if cls == "a":
        return not items or items[-1].cls == "and" or (len(items) == 1 and items[0].cls == "part")
    if cls == "point":
        return bool(items) and _next_is_word(toks, j)
    if cls == "and":
        k = _past_hyphen(toks, j + 1)
        nxt = _at(toks, k)
        if nxt is not None and nxt.low in ("a", "an") and not nxt.newline:
            return bool(items) and _next_is_word(toks, k)
        return bool(items) and _next_is_word(toks, j)
    return True


def _run_numbers(toks: list[Token], items: list[_Item]) -> Iterator[Number]:
    """Split a run of number words greedily into the longest valid expressions."""
    i = 0
    while i < len(items):
        for j in range(len(items), i, -1):
            part = [_Item(items[i].cls, items[i].value, items[i].plural, items[i].tok, False),
                    *items[i + 1:j]]
            value = _evaluate(part, _fraction_allowed(toks, items, j))
            if value is None:
                continue
            if j < len(items) and items[j].cls in _ORDINALS:
                i = j + 1  # "twenty-first century": the words are an ordinal
            else:
                yield _word_number(toks, part, value)
                i = j
            break
        else:
            i += 1


def _fraction_allowed(toks: list[Token], items: list[_Item], j: int) -> bool:
    """A singular fraction ("a third") must not be an ordinal before a noun ("a third term")."""
    if j < len(items):
        return True
    nxt = _at(toks, items[j - 1].tok + 1)
    return nxt is None or nxt.kind != "word" or nxt.low in _FRACTION_FOLLOWERS or nxt.newline


def _word_number(toks: list[Token], items: list[_Item], value: float) -> Number:
    first, last = items[0].tok, items[-1].tok + 1
    scale = items[-1].value if items[-1].cls in ("big", "hundred") and len(items) > 1 else 1.0
    return Number(toks[first].start, toks[last - 1].end, value, first, last, scale, words=True)


def _evaluate(items: list[_Item], fraction_ok: bool) -> float | None:
    last = items[-1]
    if len(items) == 1 and last.cls == "part" and last.value == 2 and not last.plural:
        return 0.5 if fraction_ok else None  # "half of the staff"
    if last.cls in _ORDINALS:
        mixed = any(item.cls == "and" for item in items)  # "one and a half years"
        if not fraction_ok and not mixed and (not last.plural or last.cls == "part"):
            return None
        return _fraction(items)
    if any(item.cls == "point" for item in items):
        if last.cls == "big" and len(items) > 2:  # "two point five million"
            head = _decimal(items[:-1])
            return head * last.value if head is not None else None
        return _decimal(items)
    if items[0].cls == "part" and len(items) > 1 and items[1].cls == "a":
        rest = _cardinal(items[1:])
        return rest / items[0].value if rest is not None else None
    if last.cls in ("big", "hundred") and len(items) > 2:
        head = _fraction(items[:-1]) if items[-2].cls in _ORDINALS else None
        if head is not None:
            return head * last.value
    return _cardinal(items)


def _cardinal(items: list[_Item]) -> float | None:
    """Value of a well-formed cardinal such as "two hundred and two thousand", else None."""
    total, group, prev, last_big = 0.0, 0.0, None, math.inf
    small = 0.0  # the numerals since the last "hundred": "two hundred and two dozen" is 224
    for item in items:
        cls = item.cls
        if cls == "big" and prev == "big" and item.value == _BIG["crore"] and not group:
            total, last_big = total * item.value, item.value  # "three lakh crore"
            continue
        if prev not in _FOLLOWS.get(cls, ()) or (item.joined and (prev, cls) != ("tens", "ones")):
            return None
        if cls in _NUMERALS:
            group, small = group + item.value, small + item.value
        elif cls == "hundred":
            if group >= 100 and prev != "digits":
                return None
            group, small = group * 100, 0.0
        elif cls == "big":
            if item.value >= last_big:
                return None
            total, group, small, last_big = total + group * item.value, 0.0, 0.0, item.value
        elif cls == "dozen":
            group = group + small * 11 if small and small != group else group * 12
            small = 0.0
        elif cls in ("a", "digits"):
            group = small = item.value
        prev = cls
    return None if prev in (None, "and", "a") else total + group


def _denominator(items: list[_Item]) -> float | None:
    """An ordinal read as a denominator: "fifths", "thirty fifths", "one hundred and fifth"."""
    *head, last = items
    if not head:
        return last.value if last.cls != "ord_ones" or last.value >= 3 else None
    if last.cls == "part" or head[0].cls not in _NUMERALS or head[0].joined:
        return None
    return _cardinal([*head, _Item(_ORD_TO_CARDINAL[last.cls], last.value, False, last.tok,
                                   last.joined)])


def _fraction(items: list[_Item]) -> float | None:
    """"two thirds", "one hundred and three quarters", "one one hundred and fifth"."""
    mixed = _mixed_words(items)
    if mixed is not None:
        return mixed
    for k in range(1, len(items)):
        numerator = 1 if k == 1 and items[0].cls == "a" else _cardinal(items[:k])
        denominator = _denominator(items[k:])
        if numerator is None or denominator is None:
            continue
        if not items[-1].plural and numerator != 1:
            continue
        return numerator / denominator
    return None


def _mixed_words(items: list[_Item]) -> float | None:
    """"five and a quarter", "twenty and three fifths": a whole number and a proper fraction."""
    k = max((n for n, item in enumerate(items) if item.cls == "and"), default=None)
    if k is None:
        return None
    whole, part = _cardinal(items[:k]), _fraction(items[k + 1:])
    if whole is None or part is None or part >= 1:
        return None
    return whole + part


def _decimal(items: list[_Item]) -> float | None:
    """"five point five", "two hundred point zero three"."""
    k = next(n for n, item in enumerate(items) if item.cls == "point")
    whole = _cardinal(items[:k]) if k else 0.0
    digits = _point_digits(items[k + 1:])
    if whole is None or digits is None or whole != int(whole):
        return None
    return float(f"{int(whole)}.{digits}")


def _point_digits(items: list[_Item]) -> str | None:
    if items and all(item.cls == "ones" and not item.joined for item in items):
        return "".join(str(int(item.value)) for item in items)
    value = _cardinal(items) if items and len(items) <= 2 else None
    return str(int(value)) if value is not None and value < 100 else None


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
    prev, before, tok = _at(toks, first - 1), _at(toks, first - 2), toks[first]
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
    """"one out of three", "9 out of 10": a share."""
    out, of = _at(toks, a.last), _at(toks, a.last + 1)
    return (b.first == a.last + 2 and out is not None and out.low == "out" and of.low == "of"
            and a.scale == 1 and b.scale == 1 and 0 < a.value < b.value
            and a.value == int(a.value) and b.value == int(b.value))


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
    prev, nxt = _at(toks, a.first - 1), _at(toks, b.last)
    return (prev is None or prev.kind == "word") and (nxt is None or nxt.kind != "word")

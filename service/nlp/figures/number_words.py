"""Numbers written in words: "two hundred and five", "three quarters", "1.5 million"."""

from __future__ import annotations

import math
from collections.abc import Iterator

from service.nlp.figures.tokens import HYPHENS, Item, Number, Token, token_at
from service.nlp.lexicon import SCALE_WORDS

_MAX_RUN = 14  # number words in one expression; bounds the segmentation work

_ONES = {"zero": 0, "nought": 0, "naught": 0, "one": 1, "two": 2, "three": 3, "four": 4,
         "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
          "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}

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


def word_class(low: str) -> tuple[str, float, bool] | None:
    """(class, value, plural) of a number word, or None."""
    return _WORD_CLASSES.get(low)


def _word_classes() -> dict[str, tuple[str, float, bool]]:
    classes = {"a": ("a", 1, False), "an": ("a", 1, False), "and": ("and", 0, False),
               "point": ("point", 0, False), "hundred": ("hundred", 100, False),
               "hundreds": ("hundred", 100, True)}
    classes.update({word: ("dozen", 12, word.endswith("s")) for word in _DOZENS})
    for table, cls in ((_ONES, "ones"), (_TEENS, "teens"), (_TENS, "tens"), (SCALE_WORDS, "big"),
                       (_ORD_ONES, "ord_ones"), (_ORD_TEENS, "ord_teens"),
                       (_ORD_TENS, "ord_tens"), (_ORD_BIG, "ord_big"), (_PARTS, "part")):
        for word, value in table.items():
            classes[word] = (cls, value, word in ("halves", "quarters"))
            if cls not in _NUMERALS and not word.endswith("s"):
                classes.setdefault(word + "s", (cls, value, True))
    return classes


_WORD_CLASSES = _word_classes()


def starts_run(toks: list[Token], i: int) -> bool:
    word = word_class(toks[i].low)
    if word is None:
        return False
    if word[0] in _NUMERALS:
        return True
    nxt = token_at(toks, i + 1)
    follower = word_class(nxt.low) if nxt is not None and nxt.kind == "word" else None
    if word[0] == "a":
        return follower is not None and follower[0] in ("hundred", "big", "dozen", *_ORDINALS,
                                                        *_NUMERALS)
    if toks[i].low != "half" or nxt is None or nxt.newline:
        return False
    return (follower is not None and follower[0] == "a") or nxt.low == "of"  # "half of them"


def collect_run(toks: list[Token], i: int) -> list[Item]:
    """Consecutive number words from i, hyphenated pairs marked ``joined``."""
    items, j, joined = [], i, False
    while j < len(toks) and len(items) < _MAX_RUN:
        tok = toks[j]
        if items and (tok.newline or tok.gap > 3):
            break
        if tok.kind == "sym" and tok.text in HYPHENS and items and _next_is_word(toks, j):
            joined, j = True, j + 1
            continue
        if tok.kind == "sym" and tok.text in HYPHENS and items and _hyphened_and(toks, j):
            j += 1  # "one-and-a-half" reads as "one and a half"
            continue
        word = word_class(tok.low) if tok.kind == "word" else None
        if word is None or not _fits_run(toks, j, word[0], items):
            break
        items.append(Item(word[0], word[1], word[2], j, joined))
        joined, j = False, j + 1
    while items and items[-1].cls in ("and", "point", "a"):
        items.pop()
    return items or [Item("none", 0, False, i, False)]


def _hyphened_and(toks: list[Token], j: int) -> bool:
    """A hyphen glued between number words and "and", "a" or "an": "two-and-a-half"."""
    prev, nxt = toks[j - 1], token_at(toks, j + 1)
    return (prev.kind == "word" and toks[j].glued and nxt is not None and nxt.glued
            and nxt.low in ("and", "a", "an"))


def _past_hyphen(toks: list[Token], k: int) -> int:
    """``k``, or the token after it when ``k`` is a hyphen glued between two words."""
    tok, nxt = token_at(toks, k), token_at(toks, k + 1)
    if (tok is not None and tok.text in HYPHENS and tok.glued and nxt is not None
            and nxt.glued and nxt.kind == "word" and toks[k - 1].kind == "word"):
        return k + 1
    return k


def _next_is_word(toks: list[Token], j: int) -> bool:
    nxt = token_at(toks, _past_hyphen(toks, j + 1))
    return (nxt is not None and nxt.kind == "word" and not nxt.newline and nxt.gap <= 3
            and word_class(nxt.low) is not None and nxt.low not in ("a", "an", "and"))


def _fits_run(toks: list[Token], j: int, cls: str, items: list[Item]) -> bool:
    if cls == "a":
        return not items or items[-1].cls == "and" or (len(items) == 1 and items[0].cls == "part")
    if cls == "point":
        return bool(items) and _next_is_word(toks, j)
    if cls == "and":
        k = _past_hyphen(toks, j + 1)
        nxt = token_at(toks, k)
        if nxt is not None and nxt.low in ("a", "an") and not nxt.newline:
            return bool(items) and _next_is_word(toks, k)
        return bool(items) and _next_is_word(toks, j)
    return True


def run_numbers(toks: list[Token], items: list[Item]) -> Iterator[Number]:
    """Split a run of number words greedily into the longest valid expressions."""
    i = 0
    while i < len(items):
        for j in range(len(items), i, -1):
            part = [Item(items[i].cls, items[i].value, items[i].plural, items[i].tok, False),
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


def _fraction_allowed(toks: list[Token], items: list[Item], j: int) -> bool:
    """A singular fraction ("a third") must not be an ordinal before a noun ("a third term")."""
    if j < len(items):
        return True
    nxt = token_at(toks, items[j - 1].tok + 1)
    return nxt is None or nxt.kind != "word" or nxt.low in _FRACTION_FOLLOWERS or nxt.newline


def _word_number(toks: list[Token], items: list[Item], value: float) -> Number:
    first, last = items[0].tok, items[-1].tok + 1
    scale = items[-1].value if items[-1].cls in ("big", "hundred") and len(items) > 1 else 1.0
    return Number(toks[first].start, toks[last - 1].end, value, first, last, scale, words=True)


def _evaluate(items: list[Item], fraction_ok: bool) -> float | None:
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
        rest = cardinal(items[1:])
        return rest / items[0].value if rest is not None else None
    if last.cls in ("big", "hundred") and len(items) > 2:
        head = _fraction(items[:-1]) if items[-2].cls in _ORDINALS else None
        if head is not None:
            return head * last.value
    return cardinal(items)


def cardinal(items: list[Item]) -> float | None:
    """Value of a well-formed cardinal such as "two hundred and two thousand", else None."""
    total, group, prev, last_big = 0.0, 0.0, None, math.inf
    small = 0.0  # the numerals since the last "hundred": "two hundred and two dozen" is 224
    for item in items:
        cls = item.cls
        if cls == "big" and prev == "big" and item.value == SCALE_WORDS["crore"] and not group:
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


def _denominator(items: list[Item]) -> float | None:
    """An ordinal read as a denominator: "fifths", "thirty fifths", "one hundred and fifth"."""
    *head, last = items
    if not head:
        return last.value if last.cls != "ord_ones" or last.value >= 3 else None
    if last.cls == "part" or head[0].cls not in _NUMERALS or head[0].joined:
        return None
    return cardinal([*head, Item(_ORD_TO_CARDINAL[last.cls], last.value, False, last.tok,
                                 last.joined)])


def _fraction(items: list[Item]) -> float | None:
    """"two thirds", "one hundred and three quarters", "one one hundred and fifth"."""
    mixed = _mixed_words(items)
    if mixed is not None:
        return mixed
    for k in range(1, len(items)):
        numerator = 1 if k == 1 and items[0].cls == "a" else cardinal(items[:k])
        denominator = _denominator(items[k:])
        if numerator is None or denominator is None:
            continue
        if not items[-1].plural and numerator != 1:
            continue
        return numerator / denominator
    return None


def _mixed_words(items: list[Item]) -> float | None:
    """"five and a quarter", "twenty and three fifths": a whole number and a proper fraction."""
    k = max((n for n, item in enumerate(items) if item.cls == "and"), default=None)
    if k is None:
        return None
    whole, part = cardinal(items[:k]), _fraction(items[k + 1:])
    if whole is None or part is None or part >= 1:
        return None
    return whole + part


def _decimal(items: list[Item]) -> float | None:
    """"five point five", "two hundred point zero three"."""
    k = next(n for n, item in enumerate(items) if item.cls == "point")
    whole = cardinal(items[:k]) if k else 0.0
    after = items[k + 1:]
    if after and after[0].joined:  # "eleven-point-seven": the hyphen joins it to "point"
        after[0] = Item(after[0].cls, after[0].value, after[0].plural, after[0].tok, False)
    digits = _point_digits(after)
    if whole is None or digits is None or whole != int(whole):
        return None
    return float(f"{int(whole)}.{digits}")


def _point_digits(items: list[Item]) -> str | None:
    if items and all(item.cls == "ones" and not item.joined for item in items):
        return "".join(str(int(item.value)) for item in items)
    value = cardinal(items) if items and len(items) <= 2 else None
    return str(int(value)) if value is not None and value < 100 else None

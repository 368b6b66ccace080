"""One amount: a number with the currency, percent sign or unit written around it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.nlp.figures import numbers
from service.nlp.figures.units import (
    DOLLAR_NAME,
    DOLLAR_PREFIXES,
    LETTER_SCALE_RE,
    MILLION_FOLLOWS_RE,
    MINOR_CODES,
    MINOR_RE,
    PERCENT_RE,
    POSTFIX_RE,
    PREFIX,
    SYMBOLS,
    UNIT_OF,
    UNIT_RE,
    WORD_RE,
    WORDS_AFTER_RE,
    currency_name,
    iso_code,
    named_dollar,
    normal,
)

_CLOCK_RE = re.compile(
    r"[ \u00a0]?(?:(?i:[ap]\.\s?m\.|[ap]m\b|o['’]clock\b)"
    r"|(?:GMT|UTC|CET|CEST|EST|EDT|PST|MSK|BST)\b)")


@dataclass
class Measure:
    """A number with its unit, scale, range and qualifier, before any syntax is looked at."""

    start: int
    end: int
    value: float
    kind: str = "count"
    unit: str | None = None
    value_max: float | None = None
    qualifier: str | None = None
    lead: int = 0  # where the qualifier starts
    scale: float = 1.0
    plain: bool = False
    words: bool = False
    minor: bool = False  # cents and pence: the currency may come from the context


def measure_of(text: str, number: numbers.Number) -> Measure | None:
    m = Measure(number.start, number.end, number.value, lead=number.start, scale=number.scale,
                 plain=number.plain, words=number.words)
    prefix = _currency_before(text, number.start)
    if prefix is not None:
        m.kind, m.unit, m.start, m.plain = "money", prefix[0], prefix[1], False
    pos = _letter_scale(text, m)
    _attach_suffix(text, m, pos)
    if _CLOCK_RE.match(text, m.end) and m.kind == "count":
        return None
    nxt = text[m.end:m.end + 1]
    return None if nxt.isalpha() or nxt.isdigit() else m


def _currency_before(text: str, start: int) -> tuple[str, int] | None:
    hit = PREFIX.before(text, start)
    if hit is None:
        return None
    if hit.group("code"):
        code = iso_code(hit.group("code"))
        return (code, hit.start()) if code else None
    symbol, letter = hit.group("sym"), hit.group("letter")
    if symbol != "$":
        return SYMBOLS[symbol], hit.start("sym")
    if letter:
        return DOLLAR_PREFIXES[letter.lower()], hit.start()
    return _dollar_country(text, hit.start("sym")) or ("USD", hit.start("sym"))


def _dollar_country(text: str, symbol: int) -> tuple[str, int] | None:
    """"US$", "u.s $", "hk $", "c $", "hong kong $", "canadian $": whose dollar it is."""
    hit = DOLLAR_NAME.before(text, symbol)
    if hit is None:
        return None
    words = list(WORD_RE.finditer(text, hit.start(1), hit.end(1)))
    for k in (2, 1):
        tail = tuple(normal(w.group()) for w in words[-k:])
        if len(tail) < k:
            continue
        code = named_dollar(tail)
        if k == 1 and (len(tail[0]) > 1 or tail[0] == "c"):  # "a $5 bill" is no Australian
            code = code or DOLLAR_PREFIXES.get(tail[0])
        if code:
            return code, words[-k].start()
    return None


def _letter_scale(text: str, m: Measure) -> int:
    """Apply "m"/"b" after digits when they mean million/billion ("$5m", "5b euros")."""
    hit = LETTER_SCALE_RE.match(text, m.end)
    if hit is None or m.scale != 1 or m.words:
        return m.end
    if m.kind == "money" or _means_scale(text, hit):
        factor = 1e6 if hit.group("s") == "m" else 1e9
        m.value, m.scale, m.end = m.value * factor, factor, hit.end()
    return m.end


def _means_scale(text: str, hit: re.Match) -> bool:
    """Money or a plural noun after "5m" make it million; "a 100m sprint" is in metres."""
    end = hit.end()
    if _currency_after(text, end) or POSTFIX_RE.match(text, end):
        return True
    if hit.group("s") != "m":
        return False
    unit = UNIT_RE.match(text, end)
    return bool(MILLION_FOLLOWS_RE.match(text, end) or (unit and unit.group().startswith(" ")))


def _attach_suffix(text: str, m: Measure, pos: int) -> None:
    if hit := PERCENT_RE.match(text, pos):
        m.kind, m.end = "percent", hit.end()
        m.unit = "pp" if hit.group("pp") else "bp" if hit.group("bp") else "%"
    elif hit := MINOR_RE.match(text, pos):
        word = (hit.group("word") or hit.group("p") or "").lower()
        m.kind, m.end, m.minor = "money", hit.end(), True
        m.unit = "EUR" if hit.group("euro") else MINOR_CODES.get(word, m.unit)
        m.value /= 100
    elif m.kind == "money":
        return
    elif currency := _currency_after(text, pos, m.scale >= 1000 or m.value != int(m.value)):
        m.kind, m.unit, m.end = "money", currency[0], currency[1]
        if (_POUND_WORD_RE.fullmatch(text, pos, m.end) and m.scale < 1e6
                and not _money_context(text, m)):
            m.kind, m.unit = "quantity", "lb"  # "bombs of up to 2,000 pounds"
    elif hit := UNIT_RE.match(text, pos):
        spelling = hit.group("u")
        m.kind, m.end = "quantity", hit.end()
        m.unit = UNIT_OF.get(spelling) or UNIT_OF.get(spelling.lower())


_POUND_WORD_RE = re.compile(r"(?:[ \u00a0]{1,3}|-)?(?i:pounds?)")
_MONEY_WORDS_RE = re.compile(
    r"(?i)\b(?:pa(?:y|ys|id|ying|yment)|costs?|costing|worth|fined?|fines|prices?d?|spen[dt]"
    r"|spending|earn(?:s|ed|ing)?|salar(?:y|ies)|budgets?|fund(?:s|ed|ing)?|sold|sells?"
    r"|selling|bought|buy(?:s|ing)?|donat\w{1,6}|bills?|fees?|charged?|tax(?:es)?|loans?"
    r"|debts?|revenues?|profits?|loss(?:es)?|invest\w{0,6}|wages?|compensation|damages"
    r"|bonus(?:es)?|pensions?|cash|money|notes?|bank\w{0,4}|bets?|raised|deal|contracts?"
    r"|sterling|pence|quid|per\s+(?:hour|week|month|year)|a\s+(?:week|month|year))\b")


def _money_context(text: str, m: Measure) -> bool:
    """"Pounds" are money next to "£" or "sterling" in the text, or a money word in the
    clause; otherwise a weight ("a 500-pound bomb", "he weighs 180 pounds")."""
    if "£" in text or "GBP" in text:
        return True
    lo = max(0, m.start - 80)
    cut = max(text.rfind(". ", lo, m.start), text.rfind("\n", lo, m.start))
    lo = cut + 1 if cut >= 0 else lo
    hi = min(len(text), m.end + 40)
    stop = min((i for i in (text.find(". ", m.end, hi), text.find("\n", m.end, hi)) if i >= 0),
               default=hi)
    return bool(_MONEY_WORDS_RE.search(text, lo, stop))


def _currency_after(text: str, pos: int, sizable: bool = False) -> tuple[str, int] | None:
    """ISO code and end of a currency symbol, code or name right after ``pos``.

    ``sizable`` amounts ("200 million marks", "1.8470 marks") may take currency words
    that are otherwise ordinary nouns ("80 marks" in an exam).
    """
    if hit := POSTFIX_RE.match(text, pos):
        code = SYMBOLS.get(hit.group("sym")) if hit.group("sym") else iso_code(hit.group("code"))
        if code:
            return code, hit.end()
    hit = WORDS_AFTER_RE.match(text, pos)
    if hit is None:
        return None
    words = list(WORD_RE.finditer(text, hit.start(1), hit.end(1)))
    found = currency_name([normal(w.group()) for w in words], sizable)
    if not found:
        return None
    last = words[found[1] - 1]
    return found[0], last.end() - (last.group().count(".") == 1 and last.group().endswith("."))

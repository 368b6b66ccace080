"""Key figures in an article: money, percentages, counts and quantities, with what they measure."""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.nlp.figures import numbers
from service.nlp.figures.figure_context import carry_gapped, describe, link_equivalents
from service.nlp.figures.units import (
    DOLLAR_NAME_RE,
    DOLLAR_PREFIXES,
    LETTER_SCALE_RE,
    MILLION_FOLLOWS_RE,
    MINOR_CODES,
    MINOR_RE,
    NO_CENTS,
    PERCENT_RE,
    POSTFIX_RE,
    PREFIX_RE,
    SYMBOLS,
    TIME_UNITS,
    UNIT_OF,
    UNIT_RE,
    WORD_RE,
    WORDS_AFTER_RE,
    currency_name,
    iso_code,
    named_dollar,
    normal,
)
from service.nlp.types import Structure

# --- qualifiers and non-figures ----------------------------------------------------------------

_QUALIFIERS = {
    "more_than": ("more than", "over", "above", "exceeding", "in excess of", "upwards of",
                  "just over", "well over", "slightly more than", "greater than", "higher than"),
    "less_than": ("less than", "fewer than", "under", "below", "nearly", "almost", "just under",
                  "just below", "slightly less than", "lower than"),
    "about": ("about", "around", "some", "approximately", "approx.", "roughly", "an estimated",
              "estimated", "close to", "circa", "~"),
    "at_least": ("at least", "no less than", "not less than", "no fewer than", "a minimum of",
                 "minimum of"),
    "at_most": ("at most", "no more than", "not more than", "a maximum of", "maximum of"),
    "up_to": ("up to", "as much as", "as many as", "as high as"),
}
_QUALIFIER_OF = {phrase: name for name, phrases in _QUALIFIERS.items() for phrase in phrases}
_QUALIFIER_RE = re.compile(
    r"(?<![\w-])(?i:(" + "|".join(re.escape(p).replace(r"\ ", r"\s+")
                                  for p in sorted(_QUALIFIER_OF, key=len, reverse=True))
    + r"))(?:[ \u00a0]+(?i:by))?[ \u00a0]+$")  # "cut at least by 10%"
# "pushed past 5%", "climbed above 90": a level crossed upwards.
_PAST_RE = re.compile(
    r"(?i)\b(?:push|rise|rose|risen|climb|move|surge|jump|break|broke|creep|crept|edge|went"
    r"|gone|shot|shoot|soar|race|rac|spik)\w{0,3}[ \u00a0]+(past|beyond)[ \u00a0]+$")
_RANGE_GAP_RE = re.compile(r"\s*(?:[-–—]|to|through|and)\s*")
_BETWEEN_RE = re.compile(r"(?i)\bbetween\s+$")
_BY_RE = re.compile(r"(?i)\bby\s+$")
_CHANGED_FROM_RE = re.compile(
    r"(?i)\b(?:rose|ris\w*|increas\w*|grew|grow\w*|fell|fall\w*|dropp?\w*|declin\w*|climb\w*|"
    r"jump\w*|surg\w*|slump\w*|decreas\w*|cut|reduc\w*|rais\w*|lower\w*|went|chang\w*|"
    r"mov\w*|up|down)\s+(?:[\w,]+\s+){0,3}from\s+$")
_AMOUNT_AND_RE = re.compile(r"[ \u00a0]+(?:and[ \u00a0]+)?")
_ENDS_AMOUNT_RE = re.compile(r"\s*(?:$|[^\w\s]|(?:and|or)\b)")
_PERCENT_OF_RE = re.compile(r"(?i)(?<![\w])(?:percents?|per[ ]?cents?|percentages?)[ ]+of[ ]+$")
_SENTENCE_END_RE = re.compile(r"[.!?][\"'”’)]*\s+(?=[A-Z\"“])|\n")
# URLs, e-mail addresses, phone numbers, dotted or dashed codes (possessive: linear time).
_NOISE_RE = re.compile(
    r"https?://\S++|www\.\S++|(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)++"
    r"|\+\d{1,3}(?:[ .-]?\(?\d++\)?){2,}+|\(\d{2,5}\)[ ]?\d++(?:[ .-]\d++)++"
    r"|(?<![\d.,-])\d{1,4}(?:[.-]\d{1,4}){2,}+(?![.,]?\d)"
    # phone numbers: a trunk zero and digit groups, or after a word that says so
    r"|(?<![\w.,-])0\d{2,4}[ -]\d{3,4}[ -]?\d{3,4}(?![\w-])"
    r"|(?i:phone|telephone|tel|call|calling|hotline|helpline|fax|dial|ring|text|whatsapp)"
    r"(?-i:\b)[.:]?[ \u00a0]{1,3}(?:(?i:on|at|us\s+on|us\s+at)[ \u00a0]{1,3})?"
    r"\(?\d{2,5}\)?(?:[ .-]\d{2,5}){1,4}"
    # street addresses: "221 Baker Street", "14b Rue de Rivoli" is left to the names
    r"|(?<![\w.,-])\d{1,5}[A-Za-z]?[ \u00a0](?:[A-Z][\w'’-]{0,20}[ \u00a0]){1,3}"
    r"(?:Street|St|Road|Rd|Avenue|Ave|Boulevard|Blvd|Lane|Ln|Drive|Dr|Place|Square|Terrace"
    r"|Crescent|Court|Close|Parkway|Way)\b"
    # exchange-rate footnotes: "($1 = 0.94 euros)", "(1 euro = $1.08)"
    r"|\([ ]?(?:[A-Z]{0,3}[$€£¥₹₽]|[A-Z]{3}[ ]?)?1(?:[ ]?[A-Za-z]{1,12})?[ ]?=[^()\n=]{1,30}\)")
# Words of page furniture: a short line of these and counters is no text ("Share 12").
_FURNITURE = frozenset({"share", "shares", "comment", "comments", "like", "likes", "print",
                        "email", "e-mail", "tweet", "tweets", "retweet", "reply", "replies",
                        "views", "view", "save", "saved", "follow", "followers", "reactions",
                        "subscribe", "listen", "read", "min", "mins", "photos", "video"})
_CLOCK_RE = re.compile(
    r"[ \u00a0]?(?:(?i:[ap]\.\s?m\.|[ap]m\b|o['’]clock\b)"
    r"|(?:GMT|UTC|CET|CEST|EST|EDT|PST|MSK|BST)\b)")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_MONTH_BEFORE_RE = re.compile(rf"(?i)\b{_MONTH}[ \u00a0]*$")
_MONTH_AFTER_RE = re.compile(rf"(?i)(?:st|nd|rd|th)?[ \u00a0]+(?:of[ \u00a0]+)?{_MONTH}(?!\w)")
_LABELS = ("article", "art", "section", "sec", "no", "nr", "number", "num", "paragraph", "para",
           "chapter", "ch", "part", "clause", "item", "rule", "resolution", "page", "pp",
           "vol", "volume", "flight", "route", "room", "platform", "gate", "exit", "highway",
           "interstate", "district", "ward", "unit", "line", "phase", "stage", "level", "grade",
           "category", "table", "figure", "fig", "appendix", "annex", "schedule", "amendment",
           "version", "model", "type", "class", "division", "lot", "block", "floor", "box",
           "code", "episode", "season", "round", "game", "match", "week", "day", "step")
_LABEL_RE = re.compile(r"(?i)(?<![\w])(?:" + "|".join(_LABELS) + r")\.?[ \u00a0]*#?[ \u00a0]*$")
_BARE_RE = re.compile(r"\d+(?:\.\d+)?")
_ERA_RE = re.compile(r"[ \u00a0]*(?:B\.?C\.?(?:E\.?)?|A\.?D\.?|C\.?E\.?)(?!\w)")
_LIST_MARK_RE = re.compile(r"[.)][ \t]")
_ONE_BEFORE_RE = re.compile(r"(?i)(?<![\w])(?:the|this|that|which|each|every|any|no)[ \u00a0]+$")
_ONE_AFTER_RE = re.compile(r"(?i)[ \u00a0]*(?:-|of\b|another\b|by[ ]+one\b|hand\b|way\b)")
_ONE_DAY_RE = re.compile(r"(?i)[ \u00a0]+day\b")
_DURATION_BEFORE_RE = re.compile(
    r"(?i)\b(?:for|in|within|after|over|than|per|just|only)[ \u00a0]+$")
_RATE_WORD_RE = re.compile(r"(?i)an?\b")
_NAME_ENTS = frozenset({"ORG", "PERSON", "PRODUCT", "LAW", "FAC", "WORK_OF_ART", "EVENT",
                        "GPE", "LOC", "NORP", "LANGUAGE"})


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


def extract_figures(doc, structure: Structure, dates: list[dict]) -> list[dict]:
    """Figures in text order with ids f1, f2, ...; ``doc`` is the spaCy parse of the text."""
    text = structure.text
    # a duration ("over 3 years") is a date and a measured quantity both
    found = read_measures(text, [(d["start"], d["end"]) for d in dates
                                 if d["granularity"] != "duration"])
    measures = [m for k, m in enumerate(found)
                if _is_figure(m, text, doc) and not _is_rate(m, found[k - 1] if k else None, text)]
    figures = []
    for n, measure in enumerate(measures, 1):
        figures.append(describe(f"f{n}", measure, doc, structure, dates))
    link_equivalents(text, measures, figures)
    carry_gapped(text, measures, figures)
    return figures


def read_measures(text: str, skip: list[tuple[int, int]] = ()) -> list[Measure]:
    """Every amount in ``text`` outside the ``skip`` spans (dates), without any syntax."""
    masked = _mask(text, skip)
    toks = numbers.tokenize(masked)
    measures = [m for n in numbers.read_numbers(toks) if (m := _measure(masked, n)) is not None]
    _resolve_minor(masked, measures)
    measures = _join(masked, measures, _add_cents)
    for measure in measures:
        _qualify(masked, measure)
    return _join(masked, measures, _range)


def _mask(text: str, skip) -> str:
    chars = list(text)
    spans = [*skip, *((m.start(), m.end()) for m in _NOISE_RE.finditer(text)),
             *_furniture_lines(text)]
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _furniture_lines(text: str) -> list[tuple[int, int]]:
    """Short lines of page furniture with counters: "Share 12 Comment 4 Print"."""
    spans, start = [], 0
    for line in text.split("\n"):
        end = start + len(line)
        words = line.split()
        if 2 <= len(words) <= 12 and len(line) <= 100 and any(w[:1].isdigit() for w in words):
            lows = [w.lower().strip(":|·•") for w in words if not w[:1].isdigit()]
            if lows and all(w in _FURNITURE or not w for w in lows):
                spans.append((start, end))
        start = end + 1
    return spans


# --- one measure -------------------------------------------------------------------------------

def _measure(text: str, number: numbers.Number) -> Measure | None:
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
    hit = PREFIX_RE.search(text, max(0, start - 12), start)
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
    hit = DOLLAR_NAME_RE.search(text, max(0, symbol - 24), symbol)
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


def _resolve_minor(text: str, measures: list[Measure]) -> None:
    """Cents take the currency named before them in the sentence, else US dollars."""
    for k, m in enumerate(measures):
        if not m.minor or m.unit is not None:
            continue
        m.unit = "USD"
        for prev in reversed(measures[:k]):
            if _SENTENCE_END_RE.search(text, prev.end, m.start):
                break
            if prev.kind == "money" and not prev.minor and prev.unit not in NO_CENTS:
                m.unit = prev.unit
                break


# --- joining measures --------------------------------------------------------------------------

def _join(text: str, measures: list[Measure], joiner) -> list[Measure]:
    out: list[Measure] = []
    for m in measures:
        joined = joiner(text, out[-1], m) if out else None
        if joined is None:
            out.append(m)
        else:
            out[-1] = joined
    return out


def _add_cents(text: str, a: Measure, b: Measure) -> Measure | None:
    """"thirteen dollars and forty-five cents", "thirteen dollars forty five"."""
    if a.kind != "money" or a.minor or a.scale != 1 or a.value != int(a.value):
        return None
    cents = _cents(text, a, b) if _AMOUNT_AND_RE.fullmatch(text, a.end, b.start) else None
    if cents is None:
        return None
    a.value, a.end = a.value + cents, b.end
    return a


def _cents(text: str, a: Measure, b: Measure) -> float | None:
    if b.minor:
        return b.value if b.unit == a.unit and b.value < 1 else None
    whole = b.kind == "count" and b.value == int(b.value) and 0 < b.value < 100
    if whole and a.unit not in NO_CENTS and _ENDS_AMOUNT_RE.match(text, b.end):
        return b.value / 100
    return None


def _range(text: str, a: Measure, b: Measure) -> Measure | None:
    """"5-7%", "between 5 and 7 tons", "from $2 to $3 bln" (the scale applies to both)."""
    gap = _RANGE_GAP_RE.fullmatch(text, a.end, b.lead)
    if gap is None or a.value_max is not None or b.qualifier is not None:
        return None
    word = gap.group().strip()
    if word in "-–—" and a.words and b.words:
        return None  # "three-nought-four" is read digit by digit
    if word == "and" and not _BETWEEN_RE.search(text, max(0, a.lead - 12), a.lead):
        return None
    if word in ("to", "through") and (_BY_RE.search(text, max(0, a.lead - 6), a.lead)
                                      or _CHANGED_FROM_RE.search(text, max(0, a.lead - 60),
                                                                 a.lead)):
        return None
    unit = _common_unit(a, b)
    if unit is None:
        return None
    low = a.value / 100 if b.minor and a.kind == "count" else a.value  # "5 to 10 cents"
    if a.scale == 1 and b.scale > 1 and low < b.value / b.scale:
        low *= b.scale
    if not low < b.value:
        return None
    return Measure(a.start, b.end, low, unit[0], unit[1], b.value, a.qualifier, a.lead,
                    b.scale, a.plain and b.plain, a.words and b.words, a.minor or b.minor)


def _common_unit(a: Measure, b: Measure) -> tuple[str, str | None] | None:
    if (a.kind, a.unit) == (b.kind, b.unit):
        return a.kind, a.unit
    if a.kind == "count":
        return b.kind, b.unit
    if b.kind == "count":
        return a.kind, a.unit
    return None


def _qualify(text: str, m: Measure) -> None:
    m.lead = m.start
    hit = _QUALIFIER_RE.search(text, max(0, m.start - 30), m.start)
    if hit is not None:
        name = _QUALIFIER_OF[re.sub(r"\s+", " ", hit.group(1).lower())]
        if not (name == "more_than" and m.unit in TIME_UNITS):  # "over 3 years": a duration
            m.qualifier, m.lead = name, hit.start()
    elif hit := _PAST_RE.search(text, max(0, m.start - 30), m.start):
        m.qualifier, m.lead = "more_than", hit.start(1)
    if m.kind == "count" and (hit := _PERCENT_OF_RE.search(text, max(0, m.start - 30), m.start)):
        m.kind, m.unit, m.start, m.lead = "percent", "%", hit.start(), hit.start()


# --- what is not a figure ----------------------------------------------------------------------

def _is_figure(m: Measure, text: str, doc) -> bool:
    tokens = _tokens(doc, m.start, m.end)
    if _in_title_name(m, text):
        return False
    if m.kind != "count":
        return not (m.unit == "day" and _is_pronoun_one(m, text, tokens))
    checks = (_is_year, _is_day_of_month, _is_label, _is_list_mark, _is_pronoun_one, _in_name)
    return not any(check(m, text, tokens) for check in checks)


_TITLE_WORD_RE = re.compile(r"[ \u00a0-](?:[A-Z][a-z'’]{1,20}|of|the)\b")
_SENTENCE_OPEN_RE = re.compile(r"(?:^|[.!?:;\"“‘(\n])[ \u00a0]*$")


def _in_title_name(m: Measure, text: str) -> bool:
    """Capitalised number words inside the sentence, with a capitalised word after them,
    are a name: "Ninety Mile Beach", "the Twelve Apostles", "Three Gorges Dam"."""
    if not m.words or m.qualifier or not text[m.start:m.start + 1].isupper():
        return False
    if _SENTENCE_OPEN_RE.search(text, max(0, m.start - 4), m.start):
        return False
    words = text[m.start:m.end].split()
    if not all(w[:1].isupper() for w in words):
        return False
    return bool(_TITLE_WORD_RE.match(text, m.end)) and text[m.end + 1:m.end + 2].isupper()


def _tokens(doc, start: int, end: int):
    span = doc.char_span(start, end, alignment_mode="expand")
    return span if span is not None and len(span) else doc[0:0]


def _is_year(m: Measure, text: str, tokens) -> bool:
    if m.plain and _ERA_RE.match(text, m.end):
        return True
    if not (m.plain and 1800 <= m.value <= 2100):
        return False
    tok = tokens[-1] if len(tokens) else None
    counted = (tok is not None and tok.ent_type_ == "CARDINAL" and tok.dep_ == "nummod"
               and tok.head.tag_ == "NNS")
    return not counted


def _is_day_of_month(m: Measure, text: str, tokens) -> bool:
    if not (m.plain and 1 <= m.value <= 31):
        return False
    return bool(_MONTH_BEFORE_RE.search(text, max(0, m.start - 12), m.start)
                or _MONTH_AFTER_RE.match(text, m.end))


def _is_label(m: Measure, text: str, tokens) -> bool:
    """"Article 5", "section 119.3", "No. 7", "Flight 370", "CTF 50": numbers naming things."""
    written = text[m.start:m.end]
    if m.qualifier or not (_BARE_RE.fullmatch(written) or (m.words and m.value == int(m.value))):
        return False
    if _LABEL_RE.search(text, max(0, m.start - 16), m.start):
        return True
    tok = tokens[0] if len(tokens) else None
    prev = tok.nbor(-1) if tok is not None and tok.i > 0 else None
    if prev is None or prev.pos_ != "PROPN" or not prev.text[:1].isupper():
        return False
    return not (tok.dep_ == "nummod" and tok.head.i > tok.i)


def _is_list_mark(m: Measure, text: str, tokens) -> bool:
    line_start = text.rfind("\n", 0, m.start) + 1
    return (m.plain and not text[line_start:m.start].strip()
            and bool(_LIST_MARK_RE.match(text, m.end)))


def _is_pronoun_one(m: Measure, text: str, tokens) -> bool:
    """"one of", "one another", "the one", "one day" (some day): not a count."""
    if not (m.words and m.value == 1 and text[m.start:m.start + 3].lower() == "one"):
        return False
    if _ONE_DAY_RE.match(text, m.start + 3):
        return not _DURATION_BEFORE_RE.search(text, max(0, m.lead - 12), m.lead)
    if m.end != m.start + 3:
        return False
    if len(tokens) and tokens[0].pos_ == "PRON":
        return True
    return bool(_ONE_AFTER_RE.match(text, m.end)
                or _ONE_BEFORE_RE.search(text, max(0, m.start - 8), m.start))


def _is_rate(m: Measure, prev: Measure | None, text: str) -> bool:
    """"64.2 cents a dozen": after an amount, "a dozen" is a rate, not a count."""
    return (m.kind == "count" and prev is not None and prev.kind != "count"
            and bool(_RATE_WORD_RE.match(text, m.start)) and not text[prev.end:m.start].strip())


def _in_name(m: Measure, text: str, tokens) -> bool:
    """Whole numbers inside names ("Boeing 737", "Ocean's Eleven"), dates or times."""
    if m.plain and m.value_max is None and any(t.ent_type_ in ("DATE", "TIME") for t in tokens):
        return True
    whole = m.plain or (m.words and m.value == int(m.value))
    return whole and any(t.ent_type_ in _NAME_ENTS for t in tokens)

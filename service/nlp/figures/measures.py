"""Every amount in a text: numbers read as amounts, joined into ranges and qualified."""

from __future__ import annotations

import re

from service.nlp.figures import numbers
from service.nlp.figures.amounts import Measure, measure_of
from service.nlp.figures.units import (
    NO_CENTS,
    TIME_UNITS,
)
from service.nlp.preceding import Preceding

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
# "cut at least by 10%", "up to a 90 percent cut"
_QUALIFIER = Preceding(
    r"(?<![\w-])(?i:(" + "|".join(re.escape(p).replace(r"\ ", r"\s+")
                                  for p in sorted(_QUALIFIER_OF, key=len, reverse=True))
    + r"))(?:[ \u00a0]+(?i:by|an?))?[ \u00a0]+$", 34, r"[ \u00a0]")
# "surpassed $2 bln", "had exceeded 45,000": a level gone beyond.
_SURPASSED = Preceding(
    r"(?i)\b(?:surpass|exceed|outstrip|overt[ao]k)\w{0,3}[ \u00a0]+(?:the[ \u00a0]+)?$", 24,
    r"[ \u00a0]")
# "pushed past 5%", "climbed above 90": a level crossed upwards.
_PAST = Preceding(
    r"(?i)\b(?:push|rise|rose|risen|climb|move|surge|jump|break|broke|creep|crept|edge|went"
    r"|gone|shot|shoot|soar|race|rac|spik)\w{0,3}[ \u00a0]+(past|beyond)[ \u00a0]+$", 30,
    r"[ \u00a0]")
_RANGE_GAP_RE = re.compile(r"\s*(?:[-–—]|to|through|and)\s*")
_BETWEEN = Preceding(r"(?i)\bbetween\s+$", 12)
_BY = Preceding(r"(?i)\bby\s+$", 6)
_CHANGED_FROM = Preceding(
    r"(?i)\b(?:rose|ris\w*|increas\w*|grew|grow\w*|fell|fall\w*|dropp?\w*|declin\w*|climb\w*|"
    r"jump\w*|surg\w*|slump\w*|decreas\w*|cut|reduc\w*|rais\w*|lower\w*|went|chang\w*|"
    r"mov\w*|up|down)\s+(?:[\w,]+\s+){0,3}from\s+$", 60)
_AMOUNT_AND_RE = re.compile(r"[ \u00a0]+(?:and[ \u00a0]+)?")
_ENDS_AMOUNT_RE = re.compile(r"\s*(?:$|[^\w\s]|(?:and|or)\b)")
_PERCENT_OF = Preceding(r"(?i)(?<![\w])(?:percents?|per[ ]?cents?|percentages?)[ ]+of[ ]+$", 30,
                        "[ ]")
_SENTENCE_END_RE = re.compile(r"[.!?][\"'”’)]*\s+(?=[A-Z\"“])|\n")
# URLs, e-mail addresses, phone numbers, dotted or dashed codes (possessive: linear time).
_NOISE_RE = re.compile(
    r"https?://\S++|www\.\S++|(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)++"
    r"|\+\d{1,3}(?:[ .-]?\(?\d++\)?){2,}+|\(\d{2,5}\)[ ]?\d++(?:[ .-]\d++)++"
    # (not a range of decimals: "2.6-3.9 billion")
    r"|(?<![\d.,-])(?!\d{1,4}\.\d{1,4}[-–]\d{1,4}(?:\.\d{1,4})?(?![.,-]?\d))"
    r"\d{1,4}(?:[.-]\d{1,4}){2,}+(?![.,]?\d)"
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


def read_measures(text: str, skip: list[tuple[int, int]] = ()) -> list[Measure]:
    """Every amount in ``text`` outside the ``skip`` spans (dates), without any syntax."""
    masked = _mask(text, skip)
    toks = numbers.tokenize(masked)
    measures = [m for n in numbers.read_numbers(toks) if (m := measure_of(masked, n)) is not None]
    _resolve_minor(masked, measures)
    measures = _join(masked, measures, _add_cents)
    for measure in measures:
        _qualify(masked, measure)
    return _join(masked, _join(masked, measures, _score), _range)


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


# A result: "won 4-1", "a 2-0 lead", "passed 69-30", "the 3-3 draw".
_SCORE_GAP_RE = re.compile(r"[-–]")
_SCORE_BEFORE = Preceding(
    r"(?i)\b(?:won|wins?|winning|beat|beats|beaten|beating|defeat\w{0,3}|lost|lose|loses"
    r"|losing|led|leads?|leading|trail\w{0,3}|drew|draws?|drawn|tied|ties?|passed|pass(?:es)?"
    r"|approved?|approves|rejected|rejects?|voted|votes?|score[ds]?|victory|edged|edges?"
    r"|thrash\w{0,3}|routed?|crushed|downed|stunned|upset|held|holds?|finished|ended"
    r"|margin\s+of)(?:[ \u00a0]+(?:it|them|him|her|\w+ly|(?:the|its|their|his|her)"
    r"(?:[ \u00a0]+\w+)?))?[ \u00a0]+(?:an?[ \u00a0]+)?$", 48, r"[ \u00a0]")
# "won its last 3-4 games": a range of things counted
_COUNTED_AFTER_RE = re.compile(r"[ \u00a0]+[a-z]+s\b")
_SCORE_AFTER_RE = re.compile(
    r"(?i)[ \u00a0]+(?:\w+[ \u00a0]+)?(?:win|wins|victory|victories|lead|defeat|loss|vote"
    r"|votes|draw|tie|margin|decision|triumph|scoreline|result|tally|advantage|thrashing"
    r"|rout|drubbing|aggregate|home\s+win|away\s+win)\b")


def _score(text: str, a: Measure, b: Measure) -> Measure | None:
    """"won 4-1", "a 2-0 lead", "the bill passed 69-30": one result, both sides as written
    (``value`` and ``value_max``), not two counts or a range."""
    if not (a.plain and b.plain and a.kind == b.kind == "count" and b.qualifier is None
            and a.value < 1000 and b.value < 1000
            and _SCORE_GAP_RE.fullmatch(text, a.end, b.start)):
        return None
    if not _SCORE_AFTER_RE.match(text, b.end) and (
            not _SCORE_BEFORE.before(text, a.lead) or _COUNTED_AFTER_RE.match(text, b.end)):
        return None
    return Measure(a.start, b.end, a.value, "score", None, b.value, a.qualifier, a.lead)


def _range(text: str, a: Measure, b: Measure) -> Measure | None:
    """"5-7%", "between 5 and 7 tons", "from $2 to $3 bln" (the scale applies to both)."""
    gap = _RANGE_GAP_RE.fullmatch(text, a.end, b.lead)
    if gap is None or a.value_max is not None or b.qualifier is not None:
        return None
    word = gap.group().strip()
    if word in "-–—" and a.words and b.words:
        return None  # "three-nought-four" is read digit by digit
    if word == "and" and not _BETWEEN.before(text, a.lead):
        return None
    if word in ("to", "through") and (_BY.before(text, a.lead)
                                      or _CHANGED_FROM.before(text, a.lead)):
        return None
    unit = _common_unit(a, b)
    if unit is None or (a.unit in TIME_UNITS and b.kind == "count"):
        return None  # "for three weeks to 16.8 million": a duration, then an amount
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
    hit = _QUALIFIER.before(text, m.start)
    if hit is not None:
        name = _QUALIFIER_OF[re.sub(r"\s+", " ", hit.group(1).lower())]
        if not (name == "more_than" and m.unit in TIME_UNITS):  # "over 3 years": a duration
            m.qualifier, m.lead = name, hit.start()
    elif hit := _PAST.before(text, m.start):
        m.qualifier, m.lead = "more_than", hit.start(1)
    elif m.unit not in TIME_UNITS and _SURPASSED.before(text, m.start):
        m.qualifier = "more_than"
    if m.kind == "count" and (hit := _PERCENT_OF.before(text, m.start)):
        m.kind, m.unit, m.start, m.lead = "percent", "%", hit.start(), hit.start()

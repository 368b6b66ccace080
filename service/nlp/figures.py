"""Key figures in an article: money, percentages, counts and quantities, with what they measure."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

import pycountry

from service.nlp import numbers
from service.nlp.types import Structure

# --- currencies --------------------------------------------------------------------------------

_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₽": "RUB", "₹": "INR", "₩": "KRW",
            "₺": "TRY", "₴": "UAH", "₦": "NGN", "₱": "PHP", "₪": "ILS", "₫": "VND", "฿": "THB",
            "₭": "LAK", "₮": "MNT", "₸": "KZT", "₼": "AZN", "₾": "GEL", "₡": "CRC", "₲": "PYG",
            "₵": "GHS", "₨": "INR", "௹": "INR", "₣": "FRF", "₤": "ITL", "元": "CNY", "円": "JPY",
            "៛": "KHR"}
_DOLLAR_PREFIXES = {"us": "USD", "c": "CAD", "ca": "CAD", "can": "CAD", "a": "AUD", "au": "AUD",
                    "aus": "AUD", "hk": "HKD", "nz": "NZD", "s": "SGD", "sg": "SGD", "nt": "TWD",
                    "r": "BRL", "mex": "MXN", "mx": "MXN"}
_CODE_WORDS = {"Rs": "INR", "Rs.": "INR", "Rp": "IDR", "RM": "MYR", "RMB": "CNY", "SFr": "CHF",
               "NIS": "ILS", "nis": "ILS", "rmb": "CNY"}
# Codes also written in lower case ("usd 5"); the others are too often English words.
_LOWER_CODES = frozenset({"usd", "eur", "gbp", "jpy", "cny", "chf", "aud", "nzd", "hkd", "inr",
                          "rub", "krw", "sgd", "sek", "nok", "dkk", "pln", "czk", "huf", "brl",
                          "mxn", "zar", "aed", "ils", "twd", "thb", "idr", "myr", "vnd", "uah",
                          "kzt", "egp", "ngn", "pkr", "lkr", "bdt", "byn"})
# ISO codes that are also English words, as in a headline "ALL 5 ...".
_NOT_CODES = frozenset({"ALL", "TOP", "CUP", "MOP", "BOB", "PEN", "SOS", "TRY", "MAD"})
# Euro predecessors and other withdrawn ISO 4217 currencies that pycountry does not list.
_HISTORIC = {"FIM": "Finnish Markka", "NLG": "Dutch Guilder", "DEM": "Deutsche Mark",
             "FRF": "French Franc", "BEF": "Belgian Franc", "LUF": "Luxembourg Franc",
             "ITL": "Italian Lira", "ESP": "Spanish Peseta", "ATS": "Austrian Schilling",
             "GRD": "Greek Drachma", "PTE": "Portuguese Escudo", "IEP": "Irish Pound",
             "SIT": "Slovenian Tolar", "SKK": "Slovak Koruna", "EEK": "Estonian Kroon",
             "LVL": "Latvian Lats", "LTL": "Lithuanian Litas", "CYP": "Cypriot Pound",
             "MTL": "Maltese Lira"}
_ALIASES = {"USD": ("american dollar", "greenback", "buck", "dlr"),
            "GBP": ("sterling", "british pound", "quid", "stg"), "ITL": ("lire",),
            "CNY": ("yuan", "renminbi", "rmb", "chinese yuan"),
            "KRW": ("south korean won",), "DEM": ("german mark", "deutschmark"),
            "ILS": ("shekel", "israeli shekel"), "XOF": ("cfa franc",)}
# The usual reading of a bare currency word that several countries use.
_DEFAULTS = {"dollar": "USD", "pound": "GBP", "franc": "CHF", "rupee": "INR", "peso": "MXN",
             "dinar": "IQD", "krone": "NOK", "krona": "SEK", "shilling": "KES", "rial": "IRR",
             "riyal": "SAR", "lira": "TRY", "ruble": "RUB", "won": "KRW", "dirham": "AED",
             "guilder": "NLG", "kwacha": "ZMW", "leu": "RON", "manat": "AZN", "escudo": "CVE",
             "florin": "AWG", "yuan": "CNY", "mark": "DEM"}
# Currency words that are ordinary English words unless a country qualifies them.
_NEEDS_QUALIFIER = frozenset({"mark", "real", "sol", "som", "sum", "colon", "guarani", "dram",
                              "lev", "leone", "cordoba", "balboa", "tala", "lari", "kina"})
_INVERTED = frozenset({"rial", "peso", "cordoba", "bolivar", "yuan"})  # "Rial Omani"
_IRREGULAR = {"pence": "penny", "kronor": "krona", "kroner": "krone", "kronur": "krona",
              "reais": "real", "lei": "leu", "leva": "lev", "rouble": "ruble",
              "roubles": "ruble", "markkaa": "markka", "sheqel": "shekel", "sheqalim": "shekel",
              "shekels": "shekel"}
_DEMONYMS = {"dutch": "NL", "british": "GB", "french": "FR", "swiss": "CH", "danish": "DK",
             "american": "US", "emirati": "AE", "filipino": "PH", "greek": "GR", "irish": "IE",
             "turkish": "TR", "german": "DE", "deutsche": "DE", "korean": "KR"}
_NO_CENTS = frozenset({"GBP", "RUB", "INR", "JPY", "KRW", "CNY"})  # minor units are not cents
_MINOR_CODES = {"pence": "GBP", "penny": "GBP", "pennies": "GBP", "p": "GBP", "kopeck": "RUB",
                "kopecks": "RUB", "kopek": "RUB", "kopeks": "RUB", "paise": "INR"}

_SYMBOL_CLASS = re.escape("".join(_SYMBOLS))
_PREFIX_RE = re.compile(
    rf"(?:(?<![\w.'’])(?P<letter>[ASRcsr]))?(?P<sym>[{_SYMBOL_CLASS}])[ \u00a0]?$"
    r"|(?<![\w.])(?P<code>[A-Za-z]{3}|Rs\.?|Rp|RM|SFr)[ \u00a0]?$"
)
_DOLLAR_NAME_RE = re.compile(
    r"(?<![\w.'’])((?:[^\W\d_][\w.'’]*[ \u00a0])?[^\W\d_][\w.'’]*)[ \u00a0]?$")
_POSTFIX_RE = re.compile(
    rf"[ \u00a0]?(?:(?P<sym>[{_SYMBOL_CLASS}])|(?P<code>[A-Za-z]{{3}})\b)(?![ \u00a0]?\d)")
_WORDS_AFTER_RE = re.compile(
    r"(?:[ \u00a0]{1,3}|-)?([^\W\d_][\w.'’]*(?:[ \u00a0]+[^\W\d_][\w.'’]*){0,3})")
_WORD_RE = re.compile(r"[^\W\d_][\w.'’]*")
_MINOR_RE = re.compile(
    r"(?:[ \u00a0]{0,2}|[ ]?-[ ]?)(?:(?P<euro>(?i:euro)[ -])?"
    r"(?P<word>(?i:cents?|pence|penny|pennies|kopecks?|kopeks?|paise))\b|(?P<sym>¢))"
    r"|(?<=\d)(?P<p>p)(?![\w'’])")
_LETTER_SCALE_RE = re.compile(r"[ \u00a0]?(?P<s>[mbB])(?![\w'’²³])")
# After "1.5m", a plural noun means million ("1.5m people"); "100m sprint" is in metres.
_MILLION_FOLLOWS_RE = re.compile(
    r"[ \u00a0]+(?:of|[a-z]+s|people|children|men|women|staff|cattle|police)\b")

# --- percentages and units ---------------------------------------------------------------------

_PERCENT_RE = re.compile(
    r"(?:[ \u00a0]{0,2}|-)(?:"
    r"(?P<pp>(?i:percentage[ -]points?|per[ -]?cent(?:age)?[ -]points?)|pp\b|p\.p\.|ppts?\b)"
    r"|(?P<bp>(?i:basis[ -]points?)|bps?\b)"
    r"|(?P<pct>%|(?i:per[ ]?cent(?:ages?|s)?|pct)\b))")
_UNITS = {
    "t": "t|ton|tons|tonne|tonnes|metric ton|metric tons|metric tonne|metric tonnes",
    "kt": "kt|kiloton|kilotons|kilotonne|kilotonnes",
    "Mt": "Mt|megaton|megatons|megatonne|megatonnes",
    "kg": "kg|kgs|kilogram|kilograms|kilogramme|kilogrammes|kilo|kilos",
    "g": "g|gram|grams|gramme|grammes", "mg": "mg|milligram|milligrams",
    "lb": "lb|lbs", "oz": "oz|ounce|ounces|troy ounce|troy ounces",
    "km": "km|kilometre|kilometres|kilometer|kilometers",
    "m": "m|metre|metres|meter|meters", "cm": "cm|centimetre|centimetres|centimeter|centimeters",
    "mm": "mm|millimetre|millimetres|millimeter|millimeters",
    "mi": "mi|mile|miles", "nmi": "nautical mile|nautical miles", "ft": "ft|foot|feet",
    "in": "inch|inches",
    "km2": "km2|km²|sq km|sq. km|square kilometre|square kilometres|square kilometer"
           "|square kilometers",
    "m2": "m2|m²|sq m|square metre|square metres|square meter|square meters",
    "mi2": "sq mi|square mile|square miles", "ha": "ha|hectare|hectares", "acre": "acre|acres",
    "l": "litre|litres|liter|liters", "ml": "ml|millilitre|millilitres|milliliter|milliliters",
    "m3": "m3|m³|cubic metre|cubic metres|cubic meter|cubic meters", "bcm": "bcm",
    "barrel/d": "bpd|b/d|barrels per day|barrels a day", "barrel": "barrel|barrels|bbl",
    "gal": "gallon|gallons",
    "kW": "kW|kilowatt|kilowatts", "MW": "MW|megawatt|megawatts", "GW": "GW|gigawatt|gigawatts",
    "kWh": "kWh|kilowatt-hour|kilowatt-hours|kilowatt hour|kilowatt hours",
    "MWh": "MWh|megawatt-hour|megawatt-hours|megawatt hour|megawatt hours",
    "GWh": "GWh|gigawatt-hour|gigawatt-hours|gigawatt hour|gigawatt hours",
    "TWh": "TWh|terawatt-hour|terawatt-hours|terawatt hour|terawatt hours",
    "km/h": "km/h|kph|kmh|kilometres per hour|kilometers per hour",
    "mph": "mph|miles per hour", "kn": "knot|knots",
    "°C": "°C|ºC|degrees Celsius|degrees C", "°F": "°F|degrees Fahrenheit|degrees F",
    "°": "°|degree|degrees",
    "year": "year|years|yr|yrs", "month": "month|months", "week": "week|weeks",
    "day": "day|days", "h": "hour|hours|hr|hrs", "min": "minute|minutes|min|mins",
    "s": "second|seconds|sec|secs", "decade": "decade|decades", "century": "century|centuries",
    "point": "point|points|pts", "GB": "GB|gigabyte|gigabytes", "TB": "TB|terabyte|terabytes",
    "MB": "MB|megabyte|megabytes", "TEU": "TEU|TEUs",
}
def _unit_spellings() -> list[tuple[str, str, bool]]:
    """(spelling, unit, case-sensitive): symbols and abbreviations match only as written."""
    out = []
    for unit, alternatives in _UNITS.items():
        for spelling in alternatives.split("|"):
            cased = len(spelling) <= 3 or spelling != spelling.lower() or "/" in spelling
            out.append((spelling, unit, cased))
    return sorted(out, key=lambda entry: len(entry[0]), reverse=True)


_UNIT_OF = {(s if cased else s.lower()): unit for s, unit, cased in _unit_spellings()}
_UNIT_RE = re.compile(
    r"(?:[ \u00a0]{0,2}|[ ]?-[ ]?)(?P<u>"
    + "|".join(re.escape(s) if cased else f"(?i:{re.escape(s)})"
               for s, _, cased in _unit_spellings())
    + r")(?![\w²³])")


_TIME_UNITS = frozenset({"year", "month", "week", "day", "h", "min", "s", "decade", "century"})

# --- qualifiers and context --------------------------------------------------------------------

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
    + r"))[ \u00a0]+$")
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
    r"|(?<![\d.,-])\d{1,4}(?:[.-]\d{1,4}){2,}+(?![.,]?\d)")
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
_UP_DOWN_RE = re.compile(r"(?i)(?<![\w])(up|down)[ \u00a0]+$")
_POSSESSIVE_RE = re.compile(r"\s*['’]s?$")
_RATE_WORD_RE = re.compile(r"(?i)an?\b")
_EQUIVALENT_GAP_RE = re.compile(
    r"\s*(?:[(\[]\s*(?:or\b)?|,?\s*or\b|,?\s*(?:equivalent|equal)\s+to\b|[–—])\s*")
_OR_RE = re.compile(r"\s*,?\s*or\b")
_COMPARED_RE = re.compile(
    r"(?i)\b(?:compared\s+(?:to|with)|as\s+against|versus|vs\.?|against|than|from)"
    r"\s+(?:\S+\s+){0,3}$")
_PERIOD_RE = re.compile(
    r"(?i)\b(?:in|during|for|over|since|throughout|through|by|as\s+of|until|within|of)"
    r"\s+(?:the\s+)?(?:\S+\s+)?$")
_YEAR_ON_YEAR_RE = re.compile(
    r"(?i)\b(?:year[- ]on[- ]year|year[- ]over[- ]year|y/y|yoy|from\s+a\s+year\s+(?:earlier|ago)"
    r"|than\s+a\s+year\s+(?:earlier|ago))\b")

# --- spaCy: what a figure measures -------------------------------------------------------------

_NAME_ENTS = frozenset({"ORG", "PERSON", "PRODUCT", "LAW", "FAC", "WORK_OF_ART", "EVENT",
                        "GPE", "LOC", "NORP", "LANGUAGE"})
_UP = frozenset({"rise", "grow", "increase", "climb", "gain", "jump", "surge", "soar", "rally",
                 "advance", "expand", "swell", "spike", "rebound", "accelerate", "double",
                 "add", "boost", "raise", "hike", "lift", "up"})
_DOWN = frozenset({"fall", "drop", "decrease", "decline", "slump", "slide", "sink", "plunge",
                   "tumble", "dip", "shrink", "contract", "slip", "ease", "plummet", "retreat",
                   "lose", "shed", "cut", "reduce", "lower", "slash", "down", "crash", "sag"})
# Verbs that take the amount as their object ("cut 500 jobs"): a change only of a rate.
_TRANSITIVE = frozenset({"add", "boost", "raise", "hike", "lift", "lose", "shed", "cut",
                         "reduce", "lower", "slash", "gain"})
_CHANGE_NOUNS = {"increase": "increase", "rise": "increase", "growth": "increase",
                 "gain": "increase", "jump": "increase", "hike": "increase",
                 "surge": "increase", "boost": "increase", "climb": "increase",
                 "decrease": "decrease", "decline": "decrease", "drop": "decrease",
                 "fall": "decrease", "reduction": "decrease", "cut": "decrease",
                 "loss": "decrease", "slump": "decrease", "contraction": "decrease",
                 "dip": "decrease", "slide": "decrease"}
_LEVEL_VERBS = frozenset({"be", "cost", "total", "reach", "amount", "stand", "exceed", "top",
                          "hit", "equal", "account", "represent", "hover", "remain", "stay",
                          "near", "approach", "surpass", "come"})
_COMPARATIVES = {"high": "increase", "more": "increase", "great": "increase",
                 "large": "increase", "big": "increase", "low": "decrease",
                 "less": "decrease", "small": "decrease", "few": "decrease",
                 "cheap": "decrease"}
_TIME_NOUNS = frozenset({"year", "month", "week", "day", "quarter", "period", "time", "decade"})
# Nouns that only carry an amount: "to the tune of", "worth", "a total of".
_CARRIERS = frozenset({"tune", "worth", "value", "total", "sum", "amount", "figure", "tally",
                       "level", "mark"})
_AMOUNT_ENTS = frozenset({"MONEY", "PERCENT", "QUANTITY", "CARDINAL"})
_PHRASE_DEPS = frozenset({"compound", "amod", "poss", "nmod", "case", "flat"})


@dataclass
class _Measure:
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
    found = read_measures(text, [(d["start"], d["end"]) for d in dates])
    measures = [m for k, m in enumerate(found)
                if _is_figure(m, text, doc) and not _is_rate(m, found[k - 1] if k else None, text)]
    figures = []
    for n, measure in enumerate(measures, 1):
        figures.append(_describe(f"f{n}", measure, doc, structure, dates))
    _link_equivalents(text, measures, figures)
    return figures


def read_measures(text: str, skip: list[tuple[int, int]] = ()) -> list[_Measure]:
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
    spans = [*skip, *((m.start(), m.end()) for m in _NOISE_RE.finditer(text))]
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


# --- one measure -------------------------------------------------------------------------------

def _measure(text: str, number: numbers.Number) -> _Measure | None:
    m = _Measure(number.start, number.end, number.value, lead=number.start, scale=number.scale,
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
    hit = _PREFIX_RE.search(text, max(0, start - 12), start)
    if hit is None:
        return None
    if hit.group("code"):
        code = _iso_code(hit.group("code"))
        return (code, hit.start()) if code else None
    symbol, letter = hit.group("sym"), hit.group("letter")
    if symbol != "$":
        return _SYMBOLS[symbol], hit.start("sym")
    if letter:
        return _DOLLAR_PREFIXES[letter.lower()], hit.start()
    return _dollar_country(text, hit.start("sym")) or ("USD", hit.start("sym"))


def _dollar_country(text: str, symbol: int) -> tuple[str, int] | None:
    """"US$", "u.s $", "hk $", "c $", "hong kong $", "canadian $": whose dollar it is."""
    hit = _DOLLAR_NAME_RE.search(text, max(0, symbol - 24), symbol)
    if hit is None:
        return None
    words = list(_WORD_RE.finditer(text, hit.start(1), hit.end(1)))
    for k in (2, 1):
        tail = tuple(_normal(w.group()) for w in words[-k:])
        if len(tail) < k:
            continue
        code = _named_dollar(tail)
        if k == 1 and (len(tail[0]) > 1 or tail[0] == "c"):  # "a $5 bill" is no Australian
            code = code or _DOLLAR_PREFIXES.get(tail[0])
        if code:
            return code, words[-k].start()
    return None


def _named_dollar(words: tuple[str, ...]) -> str | None:
    for quals, code in _currency_index()["dollar"]:
        if quals == words or (len(words) == 1 and _DEMONYMS.get(words[0]) == code[:2]):
            return code
    return None


def _iso_code(word: str) -> str | None:
    """The ISO code written as ``word``: "USD", "usd", "NIS", "Rs"."""
    if word in _CODE_WORDS:
        return _CODE_WORDS[word]
    if word.islower():
        return word.upper() if word in _LOWER_CODES else None
    return word if word.isupper() and word in _iso_codes() and word not in _NOT_CODES else None


@functools.cache
def _iso_codes() -> frozenset[str]:
    return frozenset({c.alpha_3 for c in pycountry.currencies} | set(_HISTORIC))


def _letter_scale(text: str, m: _Measure) -> int:
    """Apply "m"/"b" after digits when they mean million/billion ("$5m", "5b euros")."""
    hit = _LETTER_SCALE_RE.match(text, m.end)
    if hit is None or m.scale != 1 or m.words:
        return m.end
    if m.kind == "money" or _means_scale(text, hit):
        factor = 1e6 if hit.group("s") == "m" else 1e9
        m.value, m.scale, m.end = m.value * factor, factor, hit.end()
    return m.end


def _means_scale(text: str, hit: re.Match) -> bool:
    """Money or a plural noun after "5m" make it million; "a 100m sprint" is in metres."""
    end = hit.end()
    if _currency_after(text, end) or _POSTFIX_RE.match(text, end):
        return True
    if hit.group("s") != "m":
        return False
    unit = _UNIT_RE.match(text, end)
    return bool(_MILLION_FOLLOWS_RE.match(text, end) or (unit and unit.group().startswith(" ")))


def _attach_suffix(text: str, m: _Measure, pos: int) -> None:
    if hit := _PERCENT_RE.match(text, pos):
        m.kind, m.end = "percent", hit.end()
        m.unit = "pp" if hit.group("pp") else "bp" if hit.group("bp") else "%"
    elif hit := _MINOR_RE.match(text, pos):
        word = (hit.group("word") or hit.group("p") or "").lower()
        m.kind, m.end, m.minor = "money", hit.end(), True
        m.unit = "EUR" if hit.group("euro") else _MINOR_CODES.get(word, m.unit)
        m.value /= 100
    elif m.kind == "money":
        return
    elif currency := _currency_after(text, pos, m.scale >= 1000 or m.value != int(m.value)):
        m.kind, m.unit, m.end = "money", currency[0], currency[1]
    elif hit := _UNIT_RE.match(text, pos):
        spelling = hit.group("u")
        m.kind, m.end = "quantity", hit.end()
        m.unit = _UNIT_OF.get(spelling) or _UNIT_OF.get(spelling.lower())


def _currency_after(text: str, pos: int, sizable: bool = False) -> tuple[str, int] | None:
    """ISO code and end of a currency symbol, code or name right after ``pos``.

    ``sizable`` amounts ("200 million marks", "1.8470 marks") may take currency words
    that are otherwise ordinary nouns ("80 marks" in an exam).
    """
    if hit := _POSTFIX_RE.match(text, pos):
        code = _SYMBOLS.get(hit.group("sym")) if hit.group("sym") else _iso_code(hit.group("code"))
        if code:
            return code, hit.end()
    hit = _WORDS_AFTER_RE.match(text, pos)
    if hit is None:
        return None
    words = list(_WORD_RE.finditer(text, hit.start(1), hit.end(1)))
    found = _currency_name([_normal(w.group()) for w in words], sizable)
    if not found:
        return None
    last = words[found[1] - 1]
    return found[0], last.end() - (last.group().count(".") == 1 and last.group().endswith("."))


def _normal(word: str) -> str:
    """Lower case without dots or accents: "U.S." -> "us", "Bolívar" -> "bolivar"."""
    plain = unicodedata.normalize("NFKD", word.lower().replace("’", "'").replace(".", ""))
    return "".join(ch for ch in plain if not unicodedata.combining(ch))


def _currency_name(words: list[str], sizable: bool) -> tuple[str, int] | None:
    """ISO code and length of the longest currency name opening ``words``."""
    for n in range(min(len(words), 4), 0, -1):
        *quals, core = words[:n]
        code = _match_currency(_core(core), quals, sizable and core != _core(core))
        if code:
            return code, n
    return None


def _core(word: str) -> str:
    index = _currency_index()
    for form in (word, _IRREGULAR.get(word), word[:-1], word[:-2]):
        if form and form in index:
            return form
    return word


def _match_currency(core: str, quals: list[str], sizable_plural: bool) -> str | None:
    entries = _currency_index().get(core)
    if not entries:
        return None
    if not quals:
        if core in _NEEDS_QUALIFIER and not sizable_plural:
            return None
        codes = sorted({code for _, code in entries})
        return _DEFAULTS.get(core) or codes[0]
    for entry_quals, code in entries:
        if all(_qualifies(q, entry_quals, code) for q in quals):
            return code
    return None


def _qualifies(word: str, entry_quals: tuple[str, ...], code: str) -> bool:
    if word == code[:2].lower() or _DEMONYMS.get(word) == code[:2]:
        return True
    return any(word == t or (len(word) >= 3 and word[:3] == t[:3])
               for t in (*entry_quals, *_country_words(code[:2])))


@functools.cache
def _country_words(alpha_2: str) -> tuple[str, ...]:
    country = pycountry.countries.get(alpha_2=alpha_2)
    if country is None:
        return ()
    names = " ".join(getattr(country, key, "") for key in ("name", "common_name", "official_name"))
    return tuple(w for w in re.split(r"[\s,()]+", names.lower()) if len(w) > 2)


@functools.cache
def _currency_index() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Core currency word ("dollar") -> [(qualifying words, ISO code)], from ISO 4217 names."""
    names = [(c.alpha_3, c.name) for c in pycountry.currencies if _usable(c.alpha_3, c.name)]
    names += list(_HISTORIC.items())
    names += [(code, alias) for code, aliases in _ALIASES.items() for alias in aliases]
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for code, name in names:
        words = [_normal(w) for w in name.split()]
        at = 0 if len(words) > 1 and words[0] in _INVERTED else len(words) - 1
        core = _IRREGULAR.get(words[at], words[at])
        index.setdefault(core, []).append((tuple(words[:at] + words[at + 1:]), code))
    return index


def _usable(code: str, name: str) -> bool:
    if code.startswith("X") and code not in ("XAF", "XOF", "XPF", "XCD"):
        return False
    return not re.search(r"\(|Unidad|WIR|Mvdol|Bond|Codes", name)


def _resolve_minor(text: str, measures: list[_Measure]) -> None:
    """Cents take the currency named before them in the sentence, else US dollars."""
    for k, m in enumerate(measures):
        if not m.minor or m.unit is not None:
            continue
        m.unit = "USD"
        for prev in reversed(measures[:k]):
            if _SENTENCE_END_RE.search(text, prev.end, m.start):
                break
            if prev.kind == "money" and not prev.minor and prev.unit not in _NO_CENTS:
                m.unit = prev.unit
                break


# --- joining measures --------------------------------------------------------------------------

def _join(text: str, measures: list[_Measure], joiner) -> list[_Measure]:
    out: list[_Measure] = []
    for m in measures:
        joined = joiner(text, out[-1], m) if out else None
        if joined is None:
            out.append(m)
        else:
            out[-1] = joined
    return out


def _add_cents(text: str, a: _Measure, b: _Measure) -> _Measure | None:
    """"thirteen dollars and forty-five cents", "thirteen dollars forty five"."""
    if a.kind != "money" or a.minor or a.scale != 1 or a.value != int(a.value):
        return None
    cents = _cents(text, a, b) if _AMOUNT_AND_RE.fullmatch(text, a.end, b.start) else None
    if cents is None:
        return None
    a.value, a.end = a.value + cents, b.end
    return a


def _cents(text: str, a: _Measure, b: _Measure) -> float | None:
    if b.minor:
        return b.value if b.unit == a.unit and b.value < 1 else None
    whole = b.kind == "count" and b.value == int(b.value) and 0 < b.value < 100
    if whole and a.unit not in _NO_CENTS and _ENDS_AMOUNT_RE.match(text, b.end):
        return b.value / 100
    return None


def _range(text: str, a: _Measure, b: _Measure) -> _Measure | None:
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
    return _Measure(a.start, b.end, low, unit[0], unit[1], b.value, a.qualifier, a.lead,
                    b.scale, a.plain and b.plain, a.words and b.words, a.minor or b.minor)


def _common_unit(a: _Measure, b: _Measure) -> tuple[str, str | None] | None:
    if (a.kind, a.unit) == (b.kind, b.unit):
        return a.kind, a.unit
    if a.kind == "count":
        return b.kind, b.unit
    if b.kind == "count":
        return a.kind, a.unit
    return None


def _qualify(text: str, m: _Measure) -> None:
    m.lead = m.start
    hit = _QUALIFIER_RE.search(text, max(0, m.start - 30), m.start)
    if hit is not None:
        name = _QUALIFIER_OF[re.sub(r"\s+", " ", hit.group(1).lower())]
        if not (name == "more_than" and m.unit in _TIME_UNITS):  # "over 3 years": a duration
            m.qualifier, m.lead = name, hit.start()
    if m.kind == "count" and (hit := _PERCENT_OF_RE.search(text, max(0, m.start - 30), m.start)):
        m.kind, m.unit, m.start, m.lead = "percent", "%", hit.start(), hit.start()


# --- what is not a figure ----------------------------------------------------------------------

def _is_figure(m: _Measure, text: str, doc) -> bool:
    tokens = _tokens(doc, m.start, m.end)
    if m.kind != "count":
        return not (m.unit == "day" and _is_pronoun_one(m, text, tokens))
    checks = (_is_year, _is_day_of_month, _is_label, _is_list_mark, _is_pronoun_one, _in_name)
    return not any(check(m, text, tokens) for check in checks)


def _tokens(doc, start: int, end: int):
    span = doc.char_span(start, end, alignment_mode="expand")
    return span if span is not None and len(span) else doc[0:0]


def _is_year(m: _Measure, text: str, tokens) -> bool:
    if m.plain and _ERA_RE.match(text, m.end):
        return True
    if not (m.plain and 1800 <= m.value <= 2100):
        return False
    tok = tokens[-1] if len(tokens) else None
    counted = (tok is not None and tok.ent_type_ == "CARDINAL" and tok.dep_ == "nummod"
               and tok.head.tag_ == "NNS")
    return not counted


def _is_day_of_month(m: _Measure, text: str, tokens) -> bool:
    if not (m.plain and 1 <= m.value <= 31):
        return False
    return bool(_MONTH_BEFORE_RE.search(text, max(0, m.start - 12), m.start)
                or _MONTH_AFTER_RE.match(text, m.end))


def _is_label(m: _Measure, text: str, tokens) -> bool:
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


def _is_list_mark(m: _Measure, text: str, tokens) -> bool:
    line_start = text.rfind("\n", 0, m.start) + 1
    return (m.plain and not text[line_start:m.start].strip()
            and bool(_LIST_MARK_RE.match(text, m.end)))


def _is_pronoun_one(m: _Measure, text: str, tokens) -> bool:
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


def _is_rate(m: _Measure, prev: _Measure | None, text: str) -> bool:
    """"64.2 cents a dozen": after an amount, "a dozen" is a rate, not a count."""
    return (m.kind == "count" and prev is not None and prev.kind != "count"
            and bool(_RATE_WORD_RE.match(text, m.start)) and not text[prev.end:m.start].strip())


def _in_name(m: _Measure, text: str, tokens) -> bool:
    """Whole numbers inside names ("Boeing 737", "Ocean's Eleven"), dates or times."""
    if m.plain and m.value_max is None and any(t.ent_type_ in ("DATE", "TIME") for t in tokens):
        return True
    whole = m.plain or (m.words and m.value == int(m.value))
    return whole and any(t.ent_type_ in _NAME_ENTS for t in tokens)


# --- description -------------------------------------------------------------------------------

def _describe(fid: str, m: _Measure, doc, structure: Structure, dates: list[dict]) -> dict:
    text = structure.text
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    sentence = span.sent if span is not None and len(span) else None
    period, compared = _periods(text, m, sentence, dates)
    section, paragraph = structure.locate(m.start)
    return {
        "id": fid, "kind": m.kind, "text": text[m.start:m.end], "value": _json_number(m.value),
        "value_max": _json_number(m.value_max), "unit": m.unit, "qualifier": m.qualifier,
        "change": _change(m, span, text), "of": _of(m, span), "period": period,
        "compared_with": compared, "equivalent_of": None,
        "sentence": sentence.text.strip() if sentence is not None else text.strip(),
        "start": m.start, "end": m.end, "section": section, "paragraph": paragraph,
    }


def _json_number(value: float | None) -> int | float | None:
    if value is None:
        return None
    value = float(f"{value:.15g}")  # 56.7 * 1e9 is 56700000000.00001 in binary
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def _link_equivalents(text: str, measures: list[_Measure], figures: list[dict]) -> None:
    """"56.7 bln rubles (over $734 mln)": the second figure restates the first.

    A restatement in another kind ("gained 120 points, or 1.5%") shares the change.
    """
    for k in range(1, len(measures)):
        a, b = measures[k - 1], measures[k]
        if not _EQUIVALENT_GAP_RE.fullmatch(text, a.end, b.lead):
            continue
        first, second = figures[k - 1], figures[k]
        if a.kind == b.kind and a.kind in ("money", "quantity") and a.unit != b.unit:
            second["equivalent_of"] = first["id"]
        elif a.kind == b.kind or not _OR_RE.match(text, a.end):
            continue
        second["of"] = second["of"] or first["of"]
        second["change"] = second["change"] or first["change"]


def _root(span):
    """The token standing for the figure: "7.5 per cent year-on-year" is about the percent."""
    root = span.root
    while root.dep_ in ("compound", "nummod") and root.head.lemma_ in _TIME_NOUNS:
        root = root.head
    return root


def _change(m: _Measure, span, text: str) -> str | None:
    if hit := _UP_DOWN_RE.search(text, max(0, m.lead - 8), m.lead):
        return "increase" if hit.group(1).lower() == "up" else "decrease"
    if span is None or not len(span):
        return None
    root = _root(span)
    head = root.head
    if head.tag_ in ("JJR", "RBR") and head.lemma_ in _COMPARATIVES:
        return _COMPARATIVES[head.lemma_]
    if root.dep_ == "pobj" and head.lower_ == "by":
        return _direction(head.head.lemma_)
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
        return _CHANGE_NOUNS.get(head.head.lemma_)
    if head.pos_ == "NOUN" and root.dep_ in ("compound", "amod", "nummod", "nmod", "quantmod"):
        return _CHANGE_NOUNS.get(head.lemma_)
    if head.pos_ in ("VERB", "ADV", "ADP") and root.dep_ in ("dobj", "npadvmod", "advmod",
                                                              "attr", "obj", "oprd"):
        if head.lemma_ in _TRANSITIVE and m.kind != "percent" and m.unit != "point":
            return None
        return _direction(head.lemma_)
    return None


def _direction(lemma: str) -> str | None:
    return "increase" if lemma in _UP else "decrease" if lemma in _DOWN else None


def _of(m: _Measure, span) -> str | None:
    """The noun phrase measured or counted, from the dependency parse."""
    if span is None or not len(span):
        return None
    root = _root(span)
    # "$48 billion in assets" names what the money is; "5 people in Moscow" does not.
    preps = ("of", "in") if m.kind == "money" else ("of",)
    rules = (_modified_noun, functools.partial(_prep_object, preps=preps), _prep_head, _worth,
             _comparative, _verb_subject)
    for rule in rules:
        tok = rule(root, span)
        if tok is not None:
            return _phrase(tok, span)
    return None


def _modified_noun(root, span):
    head = root.head
    if root.dep_ not in ("nummod", "compound", "amod", "nmod", "quantmod"):
        return None
    if head.pos_ not in ("NOUN", "PROPN") or head in span or head.lemma_ in _CHANGE_NOUNS:
        return None
    if head.lemma_ in _TIME_NOUNS:
        return None
    return None if head.ent_type_ in _AMOUNT_ENTS else head


def _changed_thing(noun, span):
    """"an increase in sales of 5%": what the change noun is about."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "of"):
            objects = [c for c in child.children if c.dep_ == "pobj" and c not in span]
            if objects and objects[0].pos_ in ("NOUN", "PROPN"):
                return objects[0]
    return None


def _prep_object(root, span, preps=("of",)):
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ in preps and child.i >= span.end:
            objects = [c for c in child.children if c.dep_ == "pobj" and c.pos_ != "PRON"]
            if objects:
                return objects[0]
    return None


def _prep_head(root, span):
    if root.dep_ != "pobj":
        return None
    prep, holder = root.head, root.head.head
    if prep.lower_ == "of" and holder.pos_ == "NOUN":
        if holder.lemma_ in _CARRIERS:
            return _carried(holder)
        if holder.lemma_ in _CHANGE_NOUNS:
            return _changed_thing(holder, span)
        return holder
    if holder.lower_ == "worth" and holder.head.pos_ in ("NOUN", "PROPN"):
        return holder.head
    if prep.lower_ in ("by", "to", "from", "at", "around") and holder.pos_ in ("VERB", "AUX"):
        return _object(holder, span) or _subject(holder)
    return None


def _object(verb, span):
    """"bringing our total contribution to £59.5 million": what the verb moves."""
    objects = [c for c in verb.children if c.dep_ == "dobj" and c not in span]
    return objects[0] if objects and objects[0].pos_ in ("NOUN", "PROPN") else None


def _worth(root, span):
    """"deals worth $5bn", "the fund is worth 2.3 trln rubles"."""
    worth = root.head
    if worth.lower_ != "worth":
        return None
    if worth.head.pos_ in ("NOUN", "PROPN"):
        return worth.head
    return _subject(worth.head) if worth.head.pos_ in ("VERB", "AUX") else None


def _comparative(root, span):
    """"Sales were 20% higher": the subject of the comparison."""
    head = root.head
    if head.tag_ not in ("JJR", "RBR") or head.head.pos_ not in ("VERB", "AUX"):
        return None
    return _subject(head.head)


def _carried(holder):
    """"programs to the tune of ...": climb from the carrier noun to what it belongs to."""
    if holder.dep_ == "pobj" and holder.head.head.pos_ in ("NOUN", "PROPN"):
        return holder.head.head
    if holder.dep_ == "pobj" and holder.head.head.pos_ in ("VERB", "AUX"):
        return _subject(holder.head.head)
    return None


def _verb_subject(root, span):
    verb = root.head
    if root.dep_ not in ("dobj", "attr", "npadvmod", "advmod", "oprd", "obj"):
        return None
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    if verb.lemma_ in _LEVEL_VERBS or _direction(verb.lemma_):
        return _subject(verb)
    return None


def _subject(verb):
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            if child.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
                return _antecedent(verb.head)
            return None if child.pos_ == "PRON" else child
    if verb.dep_ in ("xcomp", "conj", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
        return _subject(verb.head)
    return None


def _antecedent(noun):
    """"turnover between the countries, which increased": the relative clause is on turnover."""
    while (noun.dep_ == "pobj" and noun.head.lower_ not in ("of",)
           and noun.head.head.pos_ in ("NOUN", "PROPN")):
        noun = noun.head.head
    return noun


def _phrase(head, span) -> str | None:
    if head.pos_ == "PRON":
        return None
    keep = {head.i}
    _gather(head, keep, span)
    of = [c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"]
    if of:
        objects = [c for c in of[0].children if c.dep_ == "pobj" and c.pos_ != "NUM"]
        if objects and not any(t.i in range(span.start, span.end) for t in objects[0].subtree):
            keep |= {of[0].i, objects[0].i}
            _gather(objects[0], keep, span)
    doc = head.doc
    _join_hyphens(doc, keep)
    words = sorted(keep)
    out = "".join(doc[i].text + (doc[i].whitespace_ if i + 1 in keep else " ") for i in words)
    return _POSSESSIVE_RE.sub("", out.strip(" ,.;:\"")) or None


def _join_hyphens(doc, keep: set[int]) -> None:
    """Keep "ISIL-held" whole when the parse kept only "held"."""
    for i in sorted(keep):
        while i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ \
                and not doc[i - 2].whitespace_:
            keep.update((i - 1, i - 2))
            i -= 2


def _gather(tok, keep: set[int], span) -> None:
    for child in tok.children:
        if (child.dep_ in _PHRASE_DEPS and child.pos_ not in ("NUM", "PRON")
                and not span.start <= child.i < span.end):
            keep.add(child.i)
            _gather(child, keep, span)


def _periods(text: str, m: _Measure, sentence, dates: list[dict]) -> tuple[dict | None, ...]:
    """The period a figure covers and the one it is compared with, from dates in its sentence."""
    if sentence is None:
        return None, None
    lo, hi = sentence.start_char, sentence.end_char
    near = sorted((d for d in dates if lo <= d["start"] < hi),
                  key=lambda d: abs(d["start"] - m.start))
    period = compared = None
    for d in near:
        before = text[max(lo, d["start"] - 60):d["start"]]
        if compared is None and _COMPARED_RE.search(before):
            compared = _period_of(d)
        elif period is None and _PERIOD_RE.search(before):
            period = _period_of(d)
    if compared is None and period is not None and _YEAR_ON_YEAR_RE.search(text, lo, hi):
        compared = _year_before(period)
    return period, compared


def _period_of(date: dict) -> dict:
    return {"label": date["value"], "start": date["start_date"], "end": date["end_date"]}


def _year_before(period: dict) -> dict | None:
    def shift(value: str | None) -> str | None:
        if not value or not value[:4].isdigit():
            return value
        shifted = f"{int(value[:4]) - 1}{value[4:]}"
        return shifted.replace("-02-29", "-02-28")

    return {key: shift(value) for key, value in period.items()}

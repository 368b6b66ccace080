"""Currency and unit tables: symbols, ISO codes, names, scale words and quantity units."""

from __future__ import annotations

import functools
import re
import unicodedata

import pycountry

from service.nlp.preceding import Preceding

# --- currencies --------------------------------------------------------------------------------

SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₽": "RUB", "₹": "INR", "₩": "KRW",
            "₺": "TRY", "₴": "UAH", "₦": "NGN", "₱": "PHP", "₪": "ILS", "₫": "VND", "฿": "THB",
            "₭": "LAK", "₮": "MNT", "₸": "KZT", "₼": "AZN", "₾": "GEL", "₡": "CRC", "₲": "PYG",
            "₵": "GHS", "₨": "INR", "௹": "INR", "₣": "FRF", "₤": "ITL", "元": "CNY", "円": "JPY",
            "៛": "KHR"}
DOLLAR_PREFIXES = {"us": "USD", "c": "CAD", "ca": "CAD", "can": "CAD", "a": "AUD", "au": "AUD",
                    "aus": "AUD", "hk": "HKD", "nz": "NZD", "s": "SGD", "sg": "SGD", "nt": "TWD",
                    "r": "BRL", "mex": "MXN", "mx": "MXN"}
_CODE_WORDS = {"R": "ZAR", "Rs": "INR", "Rs.": "INR", "Rp": "IDR", "RM": "MYR", "RMB": "CNY",
               "SFr": "CHF", "NIS": "ILS", "nis": "ILS", "rmb": "CNY"}
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
NO_CENTS = frozenset({"GBP", "RUB", "INR", "JPY", "KRW", "CNY"})  # minor units are not cents
MINOR_CODES = {"pence": "GBP", "penny": "GBP", "pennies": "GBP", "p": "GBP", "kopeck": "RUB",
                "kopecks": "RUB", "kopek": "RUB", "kopeks": "RUB", "paise": "INR"}

_SYMBOL_CLASS = re.escape("".join(SYMBOLS))
PREFIX = Preceding(
    rf"(?:(?<![\w.'’])(?P<letter>[ASRcsr]))?(?P<sym>[{_SYMBOL_CLASS}])[ \u00a0]?$"
    r"|(?<![\w.])(?P<code>[A-Za-z]{3}|Rs\.?|Rp|RM|SFr|R(?=$))[ \u00a0]?$", 12,
    rf"[{_SYMBOL_CLASS}A-Za-z. \u00a0]")
DOLLAR_NAME = Preceding(
    r"(?<![\w.'’])((?:[^\W\d_][\w.'’]*[ \u00a0])?[^\W\d_][\w.'’]*)[ \u00a0]?$", 24)
POSTFIX_RE = re.compile(
    rf"[ \u00a0]?(?:(?P<sym>[{_SYMBOL_CLASS}])|(?P<code>[A-Za-z]{{3}})\b)(?![ \u00a0]?\d)")
WORDS_AFTER_RE = re.compile(
    r"(?:[ \u00a0]{1,3}|-)?([^\W\d_][\w.'’]*(?:[ \u00a0]+[^\W\d_][\w.'’]*){0,3})")
WORD_RE = re.compile(r"[^\W\d_][\w.'’]*")
MINOR_RE = re.compile(
    r"(?:[ \u00a0]{0,2}|[ ]?-[ ]?)(?:(?P<euro>(?i:euro)[ -])?"
    r"(?P<word>(?i:cents?|pence|penny|pennies|kopecks?|kopeks?|paise))\b|(?P<sym>¢))"
    r"|(?<=\d)(?P<p>p)(?![\w'’])")
LETTER_SCALE_RE = re.compile(r"[ \u00a0]?(?P<s>[mbB])(?![\w'’²³])")
# After "1.5m", a plural noun means million ("1.5m people"); "100m sprint" is in metres.
MILLION_FOLLOWS_RE = re.compile(
    r"[ \u00a0]+(?:of|[a-z]+s|people|children|men|women|staff|cattle|police)\b")

# --- percentages and units ---------------------------------------------------------------------

PERCENT_RE = re.compile(
    r"(?:[ \u00a0]{0,2}|-)(?:"
    r"(?P<pp>(?i:percentage[ -]points?|per[ -]?cent(?:age)?[ -]points?)|pp\b|p\.p\.|ppts?\b)"
    r"|(?P<bp>(?i:basis[ -]points?)|bps?\b)"
    r"|(?P<pct>%|(?i:per[ ]?cent(?:ages?|s)?|pct)\b))")


def _plural(*names: str) -> str:
    """Each name alone and with a plural "s": "ton|tons|tonne|tonnes"."""
    return "|".join(f"{name}{s}" for name in names for s in ("", "s"))


_UNITS = {
    "t": "t|" + _plural("ton", "tonne", "metric ton", "metric tonne"),
    "kt": "kt|" + _plural("kiloton", "kilotonne"), "Mt": "Mt|" + _plural("megaton", "megatonne"),
    "kg": _plural("kg", "kilogram", "kilogramme", "kilo"),
    "g": "g|" + _plural("gram", "gramme"), "mg": "mg|" + _plural("milligram"),
    "lb": "lb|lbs", "oz": "oz|" + _plural("ounce", "troy ounce"),
    "km": "km|" + _plural("kilometre", "kilometer"), "m": "m|" + _plural("metre", "meter"),
    "cm": "cm|" + _plural("centimetre", "centimeter"),
    "mm": "mm|" + _plural("millimetre", "millimeter"),
    "mi": "mi|" + _plural("mile"), "nmi": _plural("nautical mile"), "ft": "ft|foot|feet",
    "in": "inch|inches",
    "km2": "km2|km²|sq km|sq. km|" + _plural("square kilometre", "square kilometer"),
    "m2": "m2|m²|sq m|" + _plural("square metre", "square meter"),
    "mi2": "sq mi|" + _plural("square mile"), "ha": "ha|" + _plural("hectare"),
    "acre": _plural("acre"),
    "l": _plural("litre", "liter"), "ml": "ml|" + _plural("millilitre", "milliliter"),
    "m3": "m3|m³|" + _plural("cubic metre", "cubic meter"), "bcm": "bcm",
    "barrel/d": "bpd|b/d|barrels per day|barrels a day", "barrel": "barrel|barrels|bbl",
    "gal": _plural("gallon"),
    "kW": "kW|" + _plural("kilowatt"), "MW": "MW|" + _plural("megawatt"),
    "GW": "GW|" + _plural("gigawatt"),
    **{f"{p}Wh": f"{p}Wh|" + _plural(f"{name}watt-hour", f"{name}watt hour")
       for p, name in (("k", "kilo"), ("M", "mega"), ("G", "giga"), ("T", "tera"))},
    "km/h": "km/h|kph|kmh|kilometres per hour|kilometers per hour",
    "mph": "mph|miles per hour", "kn": _plural("knot"),
    "°C": "°C|ºC|degrees Celsius|degrees C", "°F": "°F|degrees Fahrenheit|degrees F",
    "°": "°|" + _plural("degree"),
    "year": _plural("year", "yr"), "month": _plural("month"),
    "week": _plural("week"), "day": _plural("day"), "h": _plural("hour", "hr"),
    "min": _plural("minute", "min"), "s": _plural("second", "sec"),
    "decade": _plural("decade"), "century": "century|centuries",
    "point": "point|points|pts", "GB": "GB|" + _plural("gigabyte"),
    "TB": "TB|" + _plural("terabyte"), "MB": "MB|" + _plural("megabyte"), "TEU": _plural("TEU"),
}


def _unit_spellings() -> list[tuple[str, str, bool]]:
    """(spelling, unit, case-sensitive): symbols and abbreviations match only as written."""
    out = []
    for unit, alternatives in _UNITS.items():
        for spelling in alternatives.split("|"):
            cased = len(spelling) <= 3 or spelling != spelling.lower() or "/" in spelling
            out.append((spelling, unit, cased))
    return sorted(out, key=lambda entry: len(entry[0]), reverse=True)


UNIT_OF = {(s if cased else s.lower()): unit for s, unit, cased in _unit_spellings()}


def _first_letters(cased: bool) -> str:
    return re.escape("".join(sorted({s[0] for s, _, c in _unit_spellings() if c == cased})))


# The first letter of some spelling comes: a look that spares trying them all at most places.
UNIT_START = rf"(?=[ \u00a0-]{{0,3}}(?:[{_first_letters(True)}]|(?i:[{_first_letters(False)}])))"
UNIT_RE = re.compile(
    UNIT_START + r"(?:[ \u00a0]{0,2}|[ ]?-[ ]?)(?P<u>"
    + "|".join(re.escape(s) if cased else f"(?i:{re.escape(s)})"
               for s, _, cased in _unit_spellings())
    + r")(?![\w²³])")


TIME_UNITS = frozenset({"year", "month", "week", "day", "h", "min", "s", "decade", "century"})


def named_dollar(words: tuple[str, ...]) -> str | None:
    for quals, code in _currency_index()["dollar"]:
        if quals == words or (len(words) == 1 and _DEMONYMS.get(words[0]) == code[:2]):
            return code
    return None


def iso_code(word: str) -> str | None:
    """The ISO code written as ``word``: "USD", "usd", "NIS", "Rs"."""
    if word in _CODE_WORDS:
        return _CODE_WORDS[word]
    if word.islower():
        return word.upper() if word in _LOWER_CODES else None
    return word if word.isupper() and word in _iso_codes() and word not in _NOT_CODES else None


@functools.cache
def _iso_codes() -> frozenset[str]:
    return frozenset({c.alpha_3 for c in pycountry.currencies} | set(_HISTORIC))


def normal(word: str) -> str:
    """Lower case without dots or accents: "U.S." -> "us", "Bolívar" -> "bolivar"."""
    plain = unicodedata.normalize("NFKD", word.lower().replace("’", "'").replace(".", ""))
    return "".join(ch for ch in plain if not unicodedata.combining(ch))


def currency_name(words: list[str], sizable: bool) -> tuple[str, int] | None:
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
        words = [normal(w) for w in name.split()]
        at = 0 if len(words) > 1 and words[0] in _INVERTED else len(words) - 1
        core = _IRREGULAR.get(words[at], words[at])
        index.setdefault(core, []).append((tuple(words[:at] + words[at + 1:]), code))
    return index


def _usable(code: str, name: str) -> bool:
    if code.startswith("X") and code not in ("XAF", "XOF", "XPF", "XCD"):
        return False
    return not re.search(r"\(|Unidad|WIR|Mvdol|Bond|Codes", name)

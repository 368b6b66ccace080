"""Mentions of one thing gathered in a cluster: one key, a surname, an acronym, a repeated name."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from service.nlp.entities import gazetteer
from service.nlp.entities.entity_types import LEGAL_FORM
from service.nlp.entities.mentions import (
    LOCATIVE,
    NON_ENTITY_LABELS,
    TITLE_WORDS,
    Mention,
    is_acronym,
)
from service.nlp.entities.org_forms import first_word


@dataclass(eq=False)
class Cluster:
    mentions: list[Mention] = field(default_factory=list)
    acronym_of: Cluster | None = None


def _key(doc: Doc, m: Mention) -> str:
    """Same key, same entity: country codes, nationalities, or the case-folded name."""
    text = m.text(doc)
    if text.isupper() and len(text) > 4:
        text = text.title()  # "KENYA" in a headline in capitals
    if m.type in {"LOCATION", "ORGANIZATION", "PERSON"} and (code := gazetteer.country_code(text)):
        return "country:" + code
    if code := gazetteer.demonym_code(text):
        return "people:" + code
    text = _without_legal_form(text)
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace(".", "")
    return " ".join(text.casefold().split())


def _without_legal_form(text: str) -> str:
    """"Northwind Robotics, Inc." -> "Northwind Robotics"; a name that is only the form stays."""
    bare = LEGAL_FORM.sub("", text)
    return bare if bare != text and bare[-1:].isalnum() else text


def short_form(doc: Doc, c: Cluster) -> str | None:
    """The first word of a company's name given with its legal form ("Northwind" of
    "Northwind Robotics, Inc."): the company when used alone. None when the first word is
    also a place, a people, a first name, a title or too short to tell."""
    for m in c.mentions:
        text = m.text(doc)
        words = _without_legal_form(text).split()
        if text == " ".join(words) or len(words) < 2:
            continue
        word = words[0]
        if len(word) > 2 and word.isalpha() and word[0].isupper() and not word.isupper() \
                and word.lower() not in TITLE_WORDS and not gazetteer.is_place(word) \
                and not gazetteer.demonym_code(word) and not gazetteer.is_given_name(word):
            return word
    return None


def cluster_mentions(doc: Doc, mentions: list[Mention]) -> list[Cluster]:
    mentions = sorted(mentions, key=lambda m: m.start)
    for m in mentions:
        m.key = _key(doc, m)
    surnames = _surname_index(doc, mentions)
    clusters: dict[str, Cluster] = {}
    for m in mentions:
        if m.long_form is None and (owner := _surname_owner(doc, m, surnames)):
            m.type, m.fixed_type, m.key = "PERSON", True, owner.key
        clusters.setdefault(m.key, Cluster()).mentions.append(m)
    for m in mentions:
        if m.long_form is not None and m.long_form.key in clusters:
            clusters[m.key].acronym_of = clusters[m.long_form.key]
    for key, c in list(clusters.items()):
        if c.acronym_of is not None and c.acronym_of is not c:
            c.acronym_of.mentions.extend(c.mentions)
            c.mentions = []
            clusters[key] = c.acronym_of
    _merge_derived_acronyms(doc, clusters)
    _merge_short_forms(doc, clusters)
    unique = {id(c): c for c in clusters.values() if c.mentions}
    for c in unique.values():
        c.mentions.sort(key=lambda m: m.start)
    return list(unique.values())


def _surname_index(doc: Doc, mentions: list[Mention]) -> dict[str, list[Mention]]:
    """Family name of every full PERSON name -> the mentions that carry it: the last word,
    and the last two words of a longer name ("bin Laden" of "Osama bin Laden"), case-folded."""
    index: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.type == "PERSON" and m.end - m.start >= 2:
            index.setdefault(doc[m.end - 1].text.casefold(), []).append(m)
            if m.end - m.start >= 3:
                index.setdefault(doc[m.end - 2:m.end].text.casefold(), []).append(m)
    return index


def _surname_owner(doc: Doc, m: Mention, surnames: dict[str, list[Mention]]) -> Mention | None:
    """The full name a lone surname refers to (the nearest one before it), whatever its label.

    A family name shared by people with different given names ("Anna Berg" and her son
    "Erik Berg") goes to the nearest of them before it; each full name stays its own person.
    """
    if m.end - m.start > 2 or m.type not in {"PERSON", "ORGANIZATION", "PRODUCT", "OTHER",
                                             "LOCATION"}:
        return None
    text = doc[m.start:m.end].text
    full = [f for f in surnames.get(text.casefold(), ()) if f.end - f.start > m.end - m.start]
    if not full or gazetteer.country_code(text) or gazetteer.demonym_code(text):
        return None
    if m.type == "LOCATION" and gazetteer.is_place(text):
        return None
    before = [f for f in full if f.start < m.start]
    return before[-1] if before else full[0]


# Words an acronym leaves out: "International Monetary Fund" is IMF.
ACRONYM_SKIPS = frozenset({"of", "and", "the", "for", "on", "in", "&", "de", "du", "des"})


def _merge_derived_acronyms(doc: Doc, clusters: dict[str, Cluster]) -> None:
    """An acronym used alone joins the one name in the article whose initials it spells
    ("IMF" and "International Monetary Fund", no brackets needed)."""
    owners: dict[str, set[int]] = {}
    by_id = {id(c): c for c in clusters.values()}
    for c in by_id.values():
        for m in c.mentions:
            words = [w for w in m.text(doc).split() if w.lower() not in ACRONYM_SKIPS]
            if len(words) >= 2 and all(w[:1].isupper() for w in words):
                owners.setdefault("".join(w[0] for w in words), set()).add(id(c))
    for key, c in list(clusters.items()):
        forms = {m.text(doc).replace(".", "") for m in c.mentions}
        if len(forms) != 1 or not all(is_acronym(f) and f.isalpha() for f in forms):
            continue
        found = owners.get(forms.pop(), set()) - {id(c)}
        if len(found) == 1:
            owner = by_id[found.pop()]
            owner.mentions.extend(c.mentions)
            c.mentions = []
            clusters[key] = owner


def _merge_short_forms(doc: Doc, clusters: dict[str, Cluster]) -> None:
    """A name's first word used alone joins the one name it begins: a company's short form
    ("Northwind" of "Northwind Robotics, Inc."; "Kestrel" of "Kestrel Research", but not
    after a locative word), a club's ("Kingsmere host Dunmore" of "Kingsmere United", but not
    "in Kingsmere", the town; also "scored for City" of "Harlow City"), a ground's after a
    locative word ("at Mossgate" of "Mossgate Stadium")."""
    by_id = {id(c): c for c in clusters.values()}
    owners: dict[tuple[str, str], set[int]] = {}
    for c in by_id.values():
        if (word := short_form(doc, c)) is not None:
            owners.setdefault((word, "company"), set()).add(id(c))
        for m in c.mentions:
            if (found := first_word(m.text(doc), m.type)) is not None:
                owners.setdefault(found, set()).add(id(c))
            if found is not None and found[1] == "club":  # "City" of "Harlow City"
                owners.setdefault((m.text(doc).split()[1], "club"), set()).add(id(c))
    for key, c in list(clusters.items()):
        forms = {m.text(doc) for m in c.mentions}
        if len(forms) != 1:
            continue
        word = forms.pop()
        if any(m.start > 0 and doc[m.start - 1].lower_ in LOCATIVE for m in c.mentions):
            kinds = ["facility"]
        else:
            kinds = ["club", "company"]
        found = {i for kind in kinds for i in owners.get((word, kind), ())} - {id(c)}
        if len(found) == 1:
            owner = by_id[found.pop()]
            owner.mentions.extend(c.mentions)
            c.mentions = []
            clusters[key] = owner


def propagate(doc: Doc, text: str, clusters: list[Cluster],
              titles: list[tuple[int, int]]) -> None:
    """Occurrences of a known name or alias that spaCy left unlabelled are mentions too."""
    forms: dict[str, Cluster] = {}
    short: set[str] = set()  # company short forms: only where spaCy reads a noun ("Global"
    # of "Global Payments Inc." is no company in "Global markets fell")
    lower = {t.text for t in doc if t.is_lower}
    for c in clusters:
        for m in c.mentions:
            form = m.text(doc)
            if len(form) > 1 and any(ch.isupper() for ch in form):
                forms.setdefault(form, c)
                forms.setdefault(_without_legal_form(form), c)  # "Northwind Robotics"
                if len(form) > 4 and not form.isupper():
                    forms.setdefault(form.upper(), c)  # the name in a headline in capitals
                elif " " in form and form.isupper() and form.replace(" ", "").isalpha():
                    forms.setdefault(form.title(), c)  # "Fjord Labs" after "FJORD LABS"
                last = form.split()[-1]
                if m.type == "PERSON" and " " in form and len(last) > 4 and last.isalpha():
                    forms.setdefault(last.upper(), c)  # "ODINGA VISITS NAIROBI"
                if m.type == "PERSON" and _surname_form(form, lower):
                    short.add(last)  # "Marsh joined Greenmart" after "Olivia Marsh"
                    forms.setdefault(last, c)
        if (word := short_form(doc, c)) is not None:
            short.add(word)
            forms.setdefault(word, c)
    if not forms:
        return
    occupied = bytearray(len(doc) + 1)
    spans = [(m.start, m.end) for c in clusters for m in c.mentions]
    spans += [(e.start, e.end) for e in doc.ents if e.label_ in NON_ENTITY_LABELS
              and not (e.text.isupper() and not any(t.like_num for t in e))]  # "REDCAR" no number
    for a, b in spans:
        occupied[a:b] = b"\1" * (b - a)
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    for match in re.finditer(rf"(?<![\w\-])(?:{alternatives})(?![\w]|-\w)", text):
        span = doc.char_span(match.start(), match.end())
        if span is None or any(occupied[span.start:span.end]):
            continue
        if match.group() in short and span[0].pos_ not in {"PROPN", "NOUN"}:
            continue
        if any(a <= match.start() < b for a, b in titles):
            continue
        cluster = forms[match.group()]
        cluster.mentions.append(Mention(span.start, span.end, cluster.mentions[0].type,
                                        votes=False))
        occupied[span.start:span.end] = b"\1" * len(span)
    for c in clusters:
        c.mentions.sort(key=lambda m: m.start)


def _surname_form(name: str, lower: set[str]) -> bool:
    """The family name of a given and a family name may stand alone for its person, unless
    it is a place, a people or a word the text also writes in lower case."""
    words = name.split()
    if len(words) != 2 or not gazetteer.is_given_name(words[0]):
        return False
    word = words[1]
    return len(word) > 2 and word.isalpha() and word.istitle() and word.lower() not in lower \
        and not gazetteer.is_place(word) and not gazetteer.demonym_code(word)


def common_noun(doc: Doc, text: str, c: Cluster) -> bool:
    """An acronym with "a"/"an" or in the plural ("a VBIED", "VBIEDs") names a kind of thing."""
    forms = {m.text(doc) for m in c.mentions}
    if not all(is_acronym(f) for f in forms):
        return False
    for m in c.mentions:
        if m.start > 0 and doc[m.start - 1].lower_ in {"a", "an"} and not _modifier(doc[m.end - 1]):
            return True
    return any(re.search(rf"\b{re.escape(f)}s\b", text) for f in forms)


def _modifier(token: Token) -> bool:
    """True for a name that only modifies a later noun ("Russian capital", "ISIL fighters")."""
    return token.head.i > token.i and token.head.pos_ in {"NOUN", "PROPN"}

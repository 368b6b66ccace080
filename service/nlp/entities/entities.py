"""Named entities: candidate mentions merged into one typed, described entity per thing."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from service.nlp.entities import gazetteer, salience
from service.nlp.entities.entity_types import acts_as_organization, company_suffix, ship_name
from service.nlp.entities.mentions import (
    LOCATIVE,
    NON_ENTITY_LABELS,
    ORG_HEADS,
    TITLE_WORDS,
    Mention,
    find_mentions,
    is_acronym,
    title_ranges,
)
from service.nlp.slug import slugify
from service.nlp.types import Structure

# Ties in the type vote go to the more specific reading.
TYPE_PRIORITY = ("PERSON", "LOCATION", "ORGANIZATION", "GROUP", "LAW", "EVENT", "WORK", "PRODUCT")
# The last word of a name says its type whatever spaCy said: "Union State Treaty" is a LAW.
HEAD_TYPES = {
    **dict.fromkeys(("treaty", "act", "agreement", "agreements", "accord", "accords",
                     "convention", "charter", "law", "protocol", "constitution", "resolution",
                     "directive", "regulation", "amendment", "pact", "code"), "LAW"),
    **dict.fromkeys(("summit", "conference", "war", "games", "olympics", "forum", "festival",
                     "championship", "championships", "election", "elections", "referendum"),
                    "EVENT"),
}
# Forms of address: no description on their own.
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "madam",
                        "monsieur", "madame", "herr", "frau", "señor", "señora"})
# After these a name is a place even without a gazetteer entry ("near Tal Afar").
NEAR = frozenset({"near", "outside", "around", "inside", "throughout"})
NP_ARTICLE_TYPES = frozenset({"ORGANIZATION", "LOCATION"})


@dataclass(eq=False)
class Cluster:
    mentions: list[Mention] = field(default_factory=list)
    acronym_of: Cluster | None = None


def extract_entities(doc: Doc, structure: Structure, *, articles: bool = False) -> list[dict]:
    """Entities of ``structure.text`` (parsed as ``doc``), most salient first.

    A mention is the name as a name: "the Bank of Japan" has the mention "Bank of Japan",
    unless the "The" is part of the name ("in The Hague"); ``articles=True`` starts an
    ORGANIZATION or LOCATION mention at the "the" of its noun phrase instead. No mention
    includes a possessive "'s".
    """
    text = doc.text
    clusters = _cluster(doc, find_mentions(doc, structure))
    _propagate(doc, text, clusters, title_ranges(structure))
    scored = [_entity(doc, structure, c, articles) for c in clusters
              if not _common_noun(doc, text, c)]
    return _finish(scored)


# --- merging ----------------------------------------------------------------------------------


def _key(doc: Doc, m: Mention) -> str:
    """Same key, same entity: country codes, nationalities, or the case-folded name."""
    text = m.text(doc)
    if text.isupper() and len(text) > 4:
        text = text.title()  # "KENYA" in a headline in capitals
    if m.type in {"LOCATION", "ORGANIZATION", "PERSON"} and (code := gazetteer.country_code(text)):
        return "country:" + code
    if code := gazetteer.demonym_code(text):
        return "people:" + code
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace(".", "")
    return " ".join(text.casefold().split())


def _cluster(doc: Doc, mentions: list[Mention]) -> list[Cluster]:
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


def _propagate(doc: Doc, text: str, clusters: list[Cluster],
               titles: list[tuple[int, int]]) -> None:
    """Occurrences of a known name or alias that spaCy left unlabelled are mentions too."""
    forms: dict[str, Cluster] = {}
    for c in clusters:
        for m in c.mentions:
            form = m.text(doc)
            if len(form) > 1 and any(ch.isupper() for ch in form):
                forms.setdefault(form, c)
                if len(form) > 4 and not form.isupper():
                    forms.setdefault(form.upper(), c)  # the name in a headline in capitals
                last = form.split()[-1]
                if m.type == "PERSON" and " " in form and len(last) > 4 and last.isalpha():
                    forms.setdefault(last.upper(), c)  # "ODINGA VISITS NAIROBI"
    if not forms:
        return
    occupied = bytearray(len(doc) + 1)
    spans = [(m.start, m.end) for c in clusters for m in c.mentions]
    spans += [(e.start, e.end) for e in doc.ents if e.label_ in NON_ENTITY_LABELS]
    for a, b in spans:
        occupied[a:b] = b"\1" * (b - a)
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    for match in re.finditer(rf"(?<![\w\-])(?:{alternatives})(?![\w]|-\w)", text):
        span = doc.char_span(match.start(), match.end())
        if span is None or any(occupied[span.start:span.end]):
            continue
        if any(a <= match.start() < b for a, b in titles):
            continue
        cluster = forms[match.group()]
        cluster.mentions.append(Mention(span.start, span.end, cluster.mentions[0].type,
                                        votes=False))
        occupied[span.start:span.end] = b"\1" * len(span)
    for c in clusters:
        c.mentions.sort(key=lambda m: m.start)


def _common_noun(doc: Doc, text: str, c: Cluster) -> bool:
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


# --- one entity -------------------------------------------------------------------------------


def _entity(doc: Doc, structure: Structure, c: Cluster, articles: bool) -> tuple[dict, float]:
    forms = [m.text(doc) for m in c.mentions]
    kind = _decide_type(doc, c)
    name = _canonical(doc, c, kind)
    mentions = [_mention_dict(doc, structure, m, kind, articles) for m in c.mentions]
    entity = {
        "id": "",
        "name": name,
        "type": kind,
        "salience": 0.0,
        "aliases": list(dict.fromkeys(f for f in forms if f != name)),
        "descriptions": _descriptions(doc, c) if kind == "PERSON" else [],
        "mention_count": len(mentions),
        "mentions": mentions,
        **gazetteer.identifiers(kind, list(dict.fromkeys([name, *forms]))),
    }
    return entity, _score(doc, c.mentions, mentions, kind)


def _decide_type(doc: Doc, c: Cluster) -> str:
    """The majority of spaCy's labels, corrected by what is known of places and names."""
    fixed = [m.type for m in c.mentions if m.fixed_type]
    if fixed:
        return Counter(fixed).most_common(1)[0][0]
    voting = [m for m in c.mentions if m.votes]
    votes = Counter(m.type for m in voting)
    kind = max(votes, key=lambda k: (votes[k], -TYPE_PRIORITY.index(k)
                                     if k in TYPE_PRIORITY else -len(TYPE_PRIORITY)))
    texts = {m.text(doc) for m in c.mentions}
    if any(ship_name(doc, m.start, m.end) for m in c.mentions):
        return "PRODUCT"
    if kind != "ORGANIZATION" and any(company_suffix(doc, m.start, m.end) for m in c.mentions):
        return "ORGANIZATION"
    if kind in {"ORGANIZATION", "PERSON", "PRODUCT", "LOCATION"} and any(
            doc[m.start].text == "Operation" and m.end - m.start >= 2 for m in c.mentions):
        return "EVENT"
    place = any(_place(t) for t in texts)
    if kind != "PERSON" and not place and any(_personal_name(doc, m) for m in voting):
        return "PERSON"
    demonym = any(gazetteer.demonym_code(t) for t in texts)
    if kind in {"ORGANIZATION", "GROUP"} and any(gazetteer.country_code(t) for t in texts):
        return "LOCATION"
    if kind != "GROUP" and all(gazetteer.demonym_code(t) for t in texts):
        return "GROUP"
    if kind == "GROUP" and place and not demonym:
        return "LOCATION"
    if kind in {"ORGANIZATION", "PERSON"} and place and (
            votes["LOCATION"] or any(_after(doc, m, LOCATIVE | {"of"}) for m in c.mentions)):
        return "LOCATION"
    if kind == "PERSON" and sum(_after(doc, m, NEAR) for m in voting) * 2 > len(voting):
        return "LOCATION"
    if kind in {"LOCATION", "GROUP", "PRODUCT"} and not place and all(map(is_acronym, texts)):
        return "ORGANIZATION"
    if kind == "LOCATION" and not any(gazetteer.country_code(t) for t in texts):
        acting = sum(acts_as_organization(doc[m.start:m.end]) for m in voting)
        if acting and (not place or acting * 2 > len(voting)):
            return "ORGANIZATION"  # a club or company named after a place, or no place
    if kind in {"ORGANIZATION", "LOCATION", "PRODUCT", "WORK", "OTHER"} and not place:
        return HEAD_TYPES.get(_canonical(doc, c, kind).split()[-1].lower(), kind)
    return kind


def _personal_name(doc: Doc, m: Mention) -> bool:
    """Two or three capitalised words, the first a given name, none an organization's or an
    event's head word: "Paul Durand", "Maria Lopez Vega"."""
    words = doc[m.start:m.end]
    if not 2 <= len(words) <= 3 or not gazetteer.is_given_name(words[0].text):
        return False
    return all(t.is_title and t.is_alpha and t.lower_ not in ORG_HEADS
               and t.lower_ not in HEAD_TYPES and t.lower_ not in TITLE_WORDS for t in words) \
        and not company_suffix(doc, m.start, m.end) and not gazetteer.is_place(words[1:].text)


def _place(text: str) -> bool:
    """A known place, also in capitals ("BAGHDAD") when too long to be an acronym."""
    return gazetteer.is_place(text) or (
        text.isupper() and len(text) > 4 and gazetteer.is_place(text.title()))


def _after(doc: Doc, m: Mention, words: frozenset[str]) -> bool:
    """True when the mention follows one of ``words`` and is no possessive."""
    possessive = m.end < len(doc) and doc[m.end].tag_ == "POS"
    return m.start > 0 and doc[m.start - 1].lower_ in words and not possessive


def _canonical(doc: Doc, c: Cluster, kind: str) -> str:
    """The long form of an acronym, a person's fullest name, else the commonest form."""
    long_forms = {id(m.long_form) for m in c.mentions if m.long_form is not None}
    for m in c.mentions:
        if id(m) in long_forms:
            return m.text(doc)
    forms = [m.text(doc) for m in c.mentions]
    forms = [f for f in forms if not f.isupper()] or forms
    counts = Counter(forms)
    if kind == "PERSON":
        return max(forms, key=lambda f: (len(f.split()), counts[f]))
    best = max(forms, key=lambda f: (counts[f], -forms.index(f)))
    if best.isupper() and gazetteer.is_place(best.title()):
        return best.title()
    return best


def _mention_dict(doc: Doc, structure: Structure, m: Mention, kind: str, articles: bool) -> dict:
    start, end = m.span(doc)
    if articles and kind in NP_ARTICLE_TYPES and m.start > 0 and doc[m.start - 1].lower_ == "the":
        after = doc[m.end] if m.end < len(doc) else None
        if after is None or (after.pos_ not in {"NOUN", "PROPN"} and after.text != "-"):
            start = doc[m.start - 1].idx
    section, paragraph = structure.locate(start)
    if kind == "LOCATION" and acts_as_organization(doc[m.start:m.end]):
        kind = "ORGANIZATION"
    return {"start": start, "end": end, "text": structure.text[start:end], "type": kind,
            "section": section, "paragraph": paragraph}


# --- descriptions -----------------------------------------------------------------------------


def _descriptions(doc: Doc, c: Cluster) -> list[str]:
    found: list[str] = []
    for m in c.mentions:
        for text in (_title_before(doc, m.start), _apposition(doc, m)):
            text = _without_honorific(text)
            if text and text not in found:
                found.append(text)
    return found


def _without_honorific(text: str | None) -> str | None:
    """A description without a trailing honorific ("President Mr" -> "President"); none
    when nothing else is left or what is left ends in a preposition ("departure of Mr")."""
    words = (text or "").split()
    while words and words[-1].lower().rstrip(".") in HONORIFICS:
        words.pop()
    if not words or words[-1].lower() in {"of", "for", "to", "by", "with", "the", "and"}:
        return None
    return " ".join(words)


def _title_before(doc: Doc, s: int) -> str | None:
    """The title words just before a name: "Russian Foreign Minister [Sergey Lavrov]", "his
    Belarusian counterpart [Sergey Aleynik]", "State Secretary of the Union State [...]"."""
    i, start, bridged = s - 1, s, False
    while i >= 0:
        if _title_part(doc[i]):
            start, i = i, i - 1
            continue
        j = i - 1 if doc[i].lower_ == "the" else i
        if start < s and j >= 1 and doc[j].lower_ in {"of", "for"} and _title_part(doc[j - 1]):
            start, i, bridged = j - 1, j - 2, True
            continue
        break
    words = doc[start:s]
    if not words or words[-1].pos_ not in {"NOUN", "PROPN"}:
        return None
    last = words[-1]
    named = last.ent_type_ in {"ORG", "GPE", "NORP", "LOC", "FAC"}
    if named and not bridged and last.lower_ not in TITLE_WORDS:
        return None  # "Kremlin Dmitry Peskov" is a missing comma, no title
    return _description(words)


def _description(words: Span) -> str | None:
    """A description as found, without what runs on into the next name ("head of the
    delegation and [Ceraova]", "chief executive [Nibor] Nelunov" when the model took only
    the surname) or a trailing conjunction; none when no word of it is a title or lower
    case (a name beside a name: "Saint Barthelemy, Senegal agree ...")."""
    doc, start, end = words.doc, words.start, words.end
    for t in words[1:]:
        after = doc[t.i + 1] if t.i + 1 < end else None
        if (t.pos_ == "CCONJ" and doc[t.i - 1].is_lower
                and (after is None or not (after.is_lower or after.lower_ in TITLE_WORDS))):
            end = t.i
            break
    i = end
    while i > start and doc[i - 1].pos_ == "PROPN" and doc[i - 1].text[:1].isupper() \
            and doc[i - 1].lower_ not in TITLE_WORDS:
        i -= 1
    if start < i < end and doc[i - 1].is_lower and doc[i - 1].pos_ == "NOUN":
        end = i
    while end > start and doc[end - 1].pos_ in {"CCONJ", "DET", "ADP", "PUNCT"}:
        end -= 1
    words = doc[start:end]
    if not any(t.lower_ in TITLE_WORDS or t.is_lower for t in words):
        return None
    return words.text


def _title_part(t: Token) -> bool:
    if t.ent_type_ in NON_ENTITY_LABELS or t.ent_type_ == "PERSON" or t.is_punct:
        return False
    if t.pos_ in {"DET", "ADP", "PRON", "VERB", "AUX", "CCONJ", "SCONJ", "PART", "NUM"}:
        return False
    if t.text[:1].isupper():
        return t.pos_ in {"PROPN", "NOUN", "ADJ"}
    return (t.pos_ == "NOUN" and t.tag_ == "NN") or t.pos_ == "ADJ"


def _apposition(doc: Doc, m: Mention) -> str | None:
    """"[John Smith], the chief executive of Acme," -> "chief executive of Acme"."""
    if m.end >= len(doc) or doc[m.end].text != ",":
        return None
    root = doc[m.start:m.end].root
    for child in root.rights:
        if child.dep_ == "appos" and child.i > m.end and child.ent_type_ != "PERSON":
            return _phrase(doc, child)
    return None


def _phrase(doc: Doc, head: Token) -> str | None:
    """The noun phrase of ``head`` without determiner, relative clause or trailing comma."""
    a = head.left_edge.i
    while a < head.i and doc[a].pos_ in {"DET", "PRON"}:
        a += 1
    b = head.i + 1
    for t in head.rights:
        if t.dep_ in {"relcl", "acl", "punct", "cc", "conj", "appos"}:
            break
        b = t.right_edge.i + 1
    end = next((i for i in range(a, b) if doc[i].text in {",", ";", "(", "—", "–"}), b)
    words = doc[a:end]
    if not words or len(words) > 10 or any(t.pos_ == "VERB" for t in words):
        return None
    return _description(words)


# --- salience, ids and order ------------------------------------------------------------------


def _score(doc: Doc, mentions: list[Mention], placed: list[dict], kind: str) -> float:
    """Mentions weighed by place and grammatical role, the paragraphs they cover, the type."""
    weights = [salience.mention_weight(doc, m.start, m.end, where["section"], where["paragraph"])
               for m, where in zip(mentions, placed, strict=True)]
    paragraphs = {(m["section"], m["paragraph"]) for m in placed}
    return salience.entity_score(kind, weights, len(paragraphs))


def _finish(scored: list[tuple[dict, float]]) -> list[dict]:
    """Salience is the score over the article's total, so saliences add up to 1."""
    entities = [entity for entity, _ in scored]
    for entity, value in zip(entities, salience.rank(entities, [s for _, s in scored]),
                             strict=True):
        entity["salience"] = round(value, 4)
    entities.sort(key=lambda e: (-e["salience"], e["mentions"][0]["start"]))
    used: Counter = Counter()
    for e in entities:
        base = slugify(e["name"]) or "entity"
        used[base] += 1
        e["id"] = base if used[base] == 1 else f"{base}-{used[base]}"
    return entities

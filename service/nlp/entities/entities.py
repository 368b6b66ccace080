"""Named entities: candidate mentions merged into one typed, described entity per thing."""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc

from service.nlp.entities import gazetteer, salience
from service.nlp.entities.acronyms import common_noun_acronyms, link_acronyms
from service.nlp.entities.cleaning import given_names_before, join_and_tail, spacy_mentions
from service.nlp.entities.clusters import Cluster, cluster_mentions, common_noun, propagate
from service.nlp.entities.coordination import listed_names
from service.nlp.entities.descriptions import person_descriptions
from service.nlp.entities.entity_types import (
    acts_as_organization,
    company_suffix,
    located_in,
    proper_group,
    ship_name,
    street_name,
    unknown_word,
)
from service.nlp.entities.headings import capitals_lines, heading_capitals
from service.nlp.entities.learned import CLASS_OF, TYPE_OF
from service.nlp.entities.long_names import long_names
from service.nlp.entities.mentions import (
    LOCATIVE,
    ORG_HEADS,
    TITLE_WORDS,
    Mention,
    is_acronym,
    title_ranges,
)
from service.nlp.entities.missed import (
    capitals_places,
    dateline_mentions,
    definite_names,
    given_and_family,
    place_mentions,
)
from service.nlp.entities.org_forms import club_mentions, described_as_organization
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
# The last word of a name that makes it a place, a ground or a street: "Mossgate Stadium".
FACILITY_HEADS = frozenset({"stadium", "arena", "airport", "road", "street", "avenue"})
# After these a name is a place even without a gazetteer entry ("near Tal Afar").
NEAR = frozenset({"near", "outside", "around", "inside", "throughout"})
NP_ARTICLE_TYPES = frozenset({"ORGANIZATION", "LOCATION"})
# Types a form of an organisation's name overrules ("Greenmart, the supermarket chain"); so
# does it a group or a work that is no nationality ("the charity Save Our Towns").
NAME_TYPES = frozenset({"PERSON", "ORGANIZATION", "LOCATION", "PRODUCT", "OTHER"})
# Without the learned tagger (NER_MODEL=fast), a mention's confidence is the precision of
# its type (CoNLL classes; every other type is MISC) on WikiGold's tuning half (docs/model.md).
FAST_CONFIDENCE = {"PERSON": 0.66, "ORGANIZATION": 0.47, "LOCATION": 0.77}
FAST_OTHER_CONFIDENCE = 0.63
# The tagger's mean evidence for a class above which it decides an entity's type.
TAGGER_DECIDES = 0.6
# Types that spaCy and the rules give better than the tagger: an entity whose mentions were
# mostly proposed with one of them is typed by the rules.
RULES_DECIDE = frozenset({"GROUP", "EVENT", "LAW", "OTHER"})


def extract_entities(doc: Doc, structure: Structure, *, articles: bool = False) -> list[dict]:
    """Entities of ``structure.text`` (parsed as ``doc``), most salient first.

    A mention is the name as a name: "the Bank of Japan" has the mention "Bank of Japan",
    unless the "The" is part of the name ("in The Hague"); ``articles=True`` starts an
    ORGANIZATION or LOCATION mention at the "the" of its noun phrase instead. No mention
    includes a possessive "'s".
    """
    text = doc.text
    clusters = cluster_mentions(doc, find_mentions(doc, structure))
    propagate(doc, text, clusters, title_ranges(structure))
    scored = [_entity(doc, structure, c, articles) for c in clusters
              if not common_noun(doc, text, c)]
    return _finish(scored)


def find_mentions(doc: Doc, structure: Structure) -> list[Mention]:
    """Every candidate mention outside section titles, acronyms linked to their long forms."""
    titles = title_ranges(structure)
    common = common_noun_acronyms(doc)
    cased = any(t.text != t.lower_ for t in doc)
    found = [m for m in spacy_mentions(doc, cased) if not _inside(m.span(doc)[0], titles)]
    found = heading_capitals(doc, structure, found)
    found = capitals_lines(doc, found)
    found = club_mentions(doc, found)
    found = given_names_before(doc, found)
    found = listed_names(doc, join_and_tail(doc, found))
    found = long_names(doc, found)
    found = [m for m in found if m.text(doc) not in common]
    found += dateline_mentions(doc, structure, found)
    found += place_mentions(doc, found)
    found += capitals_places(doc, found)
    found += definite_names(doc, found)
    found += given_and_family(doc, found)
    return link_acronyms(doc, found)


def _inside(offset: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= offset < b for a, b in ranges)


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
        "confidence": round(sum(m["confidence"] for m in mentions) / len(mentions), 3),
        "aliases": list(dict.fromkeys(f for f in forms if f != name)),
        "descriptions": person_descriptions(doc, c) if kind == "PERSON" else [],
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
    if any(ship_name(doc, m.start, m.end) for m in c.mentions):
        return "PRODUCT"
    texts = {m.text(doc) for m in c.mentions}
    named = all(m.type in NAME_TYPES or proper_group(doc, m) for m in c.mentions if m.votes)
    staff = all(m.type in NAME_TYPES for m in c.mentions if m.votes)  # not "Norwegian staff"
    if named and not any(_place(t) for t in texts) and any(
            company_suffix(doc, m.start, m.end) or described_as_organization(doc, m, staff)
            for m in c.mentions):
        return "ORGANIZATION"  # "Fjord Labs", "Greenmart, the supermarket chain"
    if named and (_canonical(doc, c, "").split()[-1].lower() in FACILITY_HEADS
                  or any(street_name(doc, m.start, m.end) for m in c.mentions)):
        return "LOCATION"  # "Harlow Park Stadium", "at 12 Mill Lane", whatever the model read
    if learned := _tagged_type(doc, c):
        return learned
    voting = [m for m in c.mentions if m.votes]
    votes = Counter(m.type for m in voting)
    kind = max(votes, key=lambda k: (votes[k], -TYPE_PRIORITY.index(k)
                                     if k in TYPE_PRIORITY else -len(TYPE_PRIORITY)))
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
    if kind in {"PERSON", "ORGANIZATION"} and unknown_word(doc, c.mentions) and all(
            located_in(doc, m.start, m.end) and not acts_as_organization(doc[m.start:m.end])
            for m in voting):
        return "LOCATION"  # "defeat in Storvik", "voters in Storvik and Lundby"
    if kind in {"LOCATION", "GROUP", "PRODUCT"} and not place and all(map(is_acronym, texts)):
        return "ORGANIZATION"
    if kind == "LOCATION" and not any(gazetteer.country_code(t) for t in texts):
        acting = sum(acts_as_organization(doc[m.start:m.end]) for m in c.mentions)
        if acting and (not place or acting * 2 > len(c.mentions)):
            return "ORGANIZATION"  # a club or company named after a place, or no place
    if kind in {"ORGANIZATION", "LOCATION", "PRODUCT", "WORK", "OTHER"} and not place:
        return HEAD_TYPES.get(_canonical(doc, c, kind).split()[-1].lower(), kind)
    return kind


def _tagged_type(doc: Doc, c: Cluster) -> str | None:
    """PERSON, ORGANIZATION or LOCATION when the learned tagger, over all the mentions of
    the entity, gives that class the most evidence and enough of it; None otherwise (no
    tagger, or a MISC-like name, typed by the rules)."""
    tagged = doc.user_data.get("tagged")
    if tagged is None:
        return None
    voting = [m for m in c.mentions if m.votes] or c.mentions
    if sum(m.type in RULES_DECIDE for m in voting) * 2 > len(voting):
        return None
    evidence = {cls: sum(tagged.raw_score(m.start, m.end, cls) for m in voting) / len(voting)
                for cls in ("PER", "ORG", "LOC", "MISC")}
    best = max(evidence, key=evidence.__getitem__)
    return TYPE_OF.get(best) if evidence[best] >= TAGGER_DECIDES else None


def _confidence(doc: Doc, m: Mention, kind: str) -> float:
    """How likely the mention is this name of this type: from the tagger's probabilities,
    or (without the tagger) the measured precision of the type."""
    tagged = doc.user_data.get("tagged")
    if tagged is None:
        return FAST_CONFIDENCE.get(kind, FAST_OTHER_CONFIDENCE)
    return tagged.confidence(m.start, m.end, CLASS_OF.get(kind, "MISC"))


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
    if best.isupper() and len(best) > 3 and gazetteer.is_place(best.title()):
        return best.title()  # "KENYA" in capitals; two or three ("UN", "ILO") are acronyms
    return best


def _mention_dict(doc: Doc, structure: Structure, m: Mention, kind: str, articles: bool) -> dict:
    start, end = m.span(doc)
    if articles and kind in NP_ARTICLE_TYPES and m.start > 0 and doc[m.start - 1].lower_ == "the":
        after = doc[m.end] if m.end < len(doc) else None
        if after is None or (after.pos_ not in {"NOUN", "PROPN"} and after.text != "-"):
            start = doc[m.start - 1].idx
    section, paragraph = structure.locate(start)
    if kind == "LOCATION" and not m.fixed_type and acts_as_organization(doc[m.start:m.end]):
        kind = "ORGANIZATION"
    return {"start": start, "end": end, "text": structure.text[start:end], "type": kind,
            "section": section, "paragraph": paragraph,
            "confidence": _confidence(doc, m, kind)}


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

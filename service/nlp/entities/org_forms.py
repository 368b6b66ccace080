"""Organisations told by the form of their name or of the words around it.

- A club: a place-like name ending in a club word ("Stonebridge Rovers", "Harlow City",
  "Portvale FC") is one ORGANIZATION, even when its first word alone is a known place;
  "Mexico City", a known place as a whole, stays a place.
- A description beside the name: "Greenmart, the supermarket chain", "the social network
  Chirper", "market-research firm Kantell Insights", "The company (Fjord Labs)"; a name in
  brackets after a person's ("Tom Aske (Kestrel Research)").
- A role held at it: "co-founder and CEO of Fjord Labs", "Numera analyst Kate Lowe".
"""

from __future__ import annotations

from spacy.tokens import Doc

from service.nlp.entities import gazetteer
from service.nlp.entities.mentions import TITLE_WORDS, Mention

# Last words of a club's name ("Harlow City", "Redcar United", "Portvale FC").
CLUB_WORDS = frozenset({"Rovers", "Rangers", "United", "City", "Town", "Athletic", "Wanderers",
                        "Albion", "Hotspur", "FC", "AFC", "CF"})
# Last words of a sports ground's name ("Mossgate Stadium").
GROUND_WORDS = frozenset({"Stadium", "Arena", "Park", "Ground", "Field", "Bowl"})
# Nouns that describe an organisation: "the supermarket chain", "research firm".
ORG_NOUNS = frozenset({
    "chain", "firm", "company", "network", "retailer", "supermarket", "grocer", "startup",
    "start-up", "maker", "manufacturer", "carrier", "airline", "insurer", "lender", "bank",
    "publisher", "broadcaster", "group", "club", "charity", "consultancy", "agency",
    "conglomerate", "brand", "platform", "operator", "developer", "producer", "supplier",
    "distributor", "outlet", "newspaper", "broker", "brokerage", "fund", "investor",
    "partnership", "co-operative", "cooperative", "store", "app", "website", "site",
    "marketplace", "exchange",
})
# Staff named after their employer: "Numera analyst Kate Lowe", "Valuebuy chief executive".
STAFF_NOUNS = frozenset({"analyst", "analysts", "economist", "economists", "researcher",
                         "researchers", "engineer", "engineers", "employee", "employees",
                         "staff", "shareholders", "investors", "customers", "boss",
                         "manager", "managers", "worker", "workers"})
CHIEF_ROLES = frozenset({"executive", "financial", "operating", "technology"})


def club_mentions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Club names as whole ORGANIZATION mentions, replacing the pieces spaCy found in them."""
    clubs: list[Mention] = []
    for t in doc:
        if t.text not in CLUB_WORDS or t.i == 0 or (
                t.i + 1 < len(doc) and doc[t.i + 1].is_title):
            continue  # "City Council", "United Nations": the word begins a longer name
        start = t.i
        while start > 0 and start > t.i - 2 and _name_word(doc[start - 1]):
            start -= 1
        if start == t.i or gazetteer.is_place(doc[start:t.i + 1].text) \
                or gazetteer.country_code(doc[start:t.i].text):
            continue  # "Mexico City"; "England United" is no club form worth the risk
        clubs.append(Mention(start, t.i + 1, "ORGANIZATION", fixed_type=True))
    if not clubs:
        return mentions
    kept = [m for m in mentions if m.chars or not any(
        c.start < m.end and m.start < c.end for c in clubs)]
    return kept + clubs


def first_word(name: str, kind: str) -> tuple[str, str] | None:
    """The word a two-word name is called by alone, and the kind of name: "Kingsmere" of the
    club "Kingsmere United", "Mossgate" of the ground "Mossgate Stadium", "Kestrel" of the
    company "Kestrel Research"; None for other names or a first word that is a place's, a
    people's, a given name or a title."""
    words = name.split()
    if len(words) != 2 or not words[0].istitle() or not words[0].isalpha():
        return None
    if words[1] in CLUB_WORDS:
        return words[0], "club"
    if words[1] in GROUND_WORDS:
        return words[0], "facility"
    if kind != "ORGANIZATION" or not words[1].istitle() or words[0].lower() in TITLE_WORDS \
            or gazetteer.is_place(words[0]) or gazetteer.demonym_code(words[0]) \
            or gazetteer.is_given_name(words[0]):
        return None
    return words[0], "company"


def _name_word(token) -> bool:
    return token.is_title and token.is_alpha and token.lower_ not in TITLE_WORDS \
        and token.text not in CLUB_WORDS and "\n" not in token.whitespace_


def described_as_organization(doc: Doc, m: Mention, staff: bool = True) -> bool:
    """"Greenmart, the supermarket chain", "the social network Chirper", "research firm
    Kantell Insights", "The company (Fjord Labs)", "Tom Aske (Kestrel Research)", "CEO of
    Fjord Labs"; with ``staff``, also "Numera analyst Kate Lowe"."""
    before = doc[m.start - 1] if m.start > 0 else None
    if before is not None and before.text == "(" and m.end < len(doc) and doc[m.end].text == ")":
        before = doc[m.start - 2] if m.start > 1 else None
        if before is not None and before.ent_type_ == "PERSON" and before.is_title:
            return True  # "Tom Aske (Kestrel Research)": where the person works
    if before is not None and before.lower_ in ORG_NOUNS and before.is_lower:
        return True
    if before is not None and before.lower_ == "of" and m.start > 1 \
            and doc[m.start - 2].lower_ in TITLE_WORDS | {"co-founder", "founder"}:
        return True
    return _appositive_noun(doc, m.end) or (staff and _staff_after(doc, m.end))


def _staff_after(doc: Doc, i: int) -> bool:
    """"Numera analyst", "Valuebuy chief executive": the name owns the staff after it."""
    if i >= len(doc) or not doc[i].is_lower:
        return False
    if doc[i].lower_ == "chief":
        return i + 1 < len(doc) and doc[i + 1].lower_ in CHIEF_ROLES
    if doc[i].lower_ == "co" and i + 2 < len(doc) and doc[i + 1].text == "-":
        return doc[i + 2].lower_ == "founder"  # "Coinpath co-founder"
    if doc[i].lower_ in {"executive", "founder"}:  # "Greenmart executive Alan Price", no
        return i + 1 < len(doc) and doc[i + 1].is_title  # "Trump executive order"
    return doc[i].lower_ in STAFF_NOUNS


def _appositive_noun(doc: Doc, i: int) -> bool:
    """", the supermarket chain," or ", a social network," right after the name."""
    if i + 2 >= len(doc) or doc[i].text != "," or doc[i + 1].lower_ not in {"the", "a", "an"}:
        return False
    for j in range(i + 2, min(i + 8, len(doc))):
        token = doc[j]
        if token.tag_ == "POS":
            return False  # "Anna Berg, the party's leader"
        if token.text == "-" or (doc[j - 1].text == "-" and not doc[j - 1].whitespace_) or (
                j + 1 < len(doc) and doc[j + 1].text == "-" and not token.whitespace_):
            continue  # "photo-sharing", "start-up"
        if token.text in {",", ".", ";", "(", ")"} or token.pos_ in {"VERB", "AUX", "ADP"}:
            last = doc[j - 1].lower_
            if j > i + 4 and doc[j - 2].text == "-":
                last = doc[j - 3].lower_ + "-" + last  # "start-up"
            return j > i + 2 and last in ORG_NOUNS
    return False

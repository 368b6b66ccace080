"""Names that run across function words: "Servant of the People" in quotes, "the band 30
Seconds to Mars". The model often cuts such a name at its first lower-case word ("Servant")
or keeps only a piece that is a name of its own ("Mars"); a run of capitalised words joined
by "of", "the", "to"... is one name when it fills a pair of quotes or follows a word that
says what it is ("the band", "the series", "the party")."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from service.nlp.entities.mentions import Mention

# Words inside a name; "and" is left out, as it lists names ("the band The Stands and Sean
# Payne").
JOINING = frozenset({"of", "the", "to", "in", "on", "for", "a", "an", "at", "from", "with",
                     "by"})
ORG_WORDS = frozenset({"band", "party", "group", "club", "team", "charity", "movement",
                       "firm", "company", "label", "orchestra", "choir"})
WORK_WORDS = frozenset({"series", "show", "film", "movie", "album", "song", "novel", "book",
                        "play", "programme", "program", "sitcom", "drama", "single",
                        "documentary", "musical", "opera", "poem", "game"})
OPENING, CLOSING = frozenset({'"', "“"}), frozenset({'"', "”"})


def long_names(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Each run of a described or quoted name replaces the mentions inside it."""
    for start in range(1, len(doc)):
        run = _run(doc, start)
        if run is None:
            continue
        end, kind, fixed = run
        inside = [m for m in mentions if start <= m.start and m.end <= end and not m.chars]
        if not inside and not fixed:
            continue
        if any(m.start < start < m.end or m.start < end < m.end for m in mentions):
            continue  # a name across the run's edge ("Kovel" in a longer name) stays
        mentions = [m for m in mentions if m not in inside]
        mentions.append(Mention(start, end, kind, fixed_type=fixed))
    return mentions


def _run(doc: Doc, start: int) -> tuple[int, str, bool] | None:
    """(end, type, whether the word before says the type) of a name starting at ``start``."""
    before = doc[start - 1]
    quoted = before.text in OPENING
    said = doc[start - 2] if quoted and start >= 2 else before
    if said.lower_ in ORG_WORDS and said.is_lower:
        kind, fixed = "ORGANIZATION", True
    elif said.lower_ in WORK_WORDS and said.is_lower:
        kind, fixed = "WORK", True
    elif quoted:
        kind, fixed = "WORK", False
    else:
        return None
    if not _capital(doc[start], first=True):
        return None
    end, joined = start + 1, False
    for i in range(start + 1, len(doc)):
        if _capital(doc[i]):
            end = i + 1
        elif doc[i].lower_ in JOINING and doc[i].is_lower:
            joined = True
        else:
            break
    if not joined:
        return None
    if quoted and (end >= len(doc) or doc[end].text not in CLOSING
                   or any(doc[i].is_lower and doc[i].lower_ not in JOINING
                          for i in range(start, end))):
        return None
    if sum(not t.is_lower for t in doc[start:end]) < 2 or not any(
            t.is_lower for t in doc[start:end]):
        return None  # two capitalised words with a lower-case one between
    return end, kind, fixed


def _capital(token: Token, first: bool = False) -> bool:
    return (token.is_alpha and token.text[:1].isupper()) or (first and token.like_num)

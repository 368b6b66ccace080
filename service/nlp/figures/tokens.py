"""What numbers are read from and into: tokens of the text, numbers, number words."""

from __future__ import annotations

from dataclasses import dataclass

VULGAR = "½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅐⅛⅜⅝⅞⅑⅒"

HYPHENS = frozenset("-‐‑–")


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int
    kind: str  # "num", "word" or "sym"
    gap: int  # characters of whitespace before the token
    newline: bool  # a line break separates it from the previous token
    comma_decimal: bool = False  # the document writes decimals with a comma ("1.234" = 1234)

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def glued(self) -> bool:
        return self.gap == 0


@dataclass(frozen=True, slots=True)
class Number:
    """One number: ``value`` with the trailing ``scale`` already applied."""

    start: int
    end: int
    value: float
    first: int  # token range [first, last)
    last: int
    scale: float = 1.0
    plain: bool = False  # bare digits without separators, sign or scale (a year? an id?)
    words: bool = False


@dataclass(frozen=True, slots=True)
class Item:
    cls: str
    value: float
    plural: bool
    tok: int
    joined: bool  # a hyphen joins it to the previous word


def is_int(tok: Token) -> bool:
    return tok.kind == "num" and tok.text.isdigit()


def token_at(toks: list[Token], i: int) -> Token | None:
    return toks[i] if 0 <= i < len(toks) else None

"""Vietnamese text folding and the search ranking: search ignores diacritics and case."""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

import msgspec

from backend.settings import ROOT

_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[a-z0-9]+")

RANKING_PATH = ROOT / "api_schema" / "search_ranking.json"

Rule = Literal[
    "name_is_query",
    "name_starts_with_phrase",
    "name_has_phrase",
    "name_has_words",
    "text_part_is_query",
    "text_has_phrase",
    "text_has_words",
    "name_has_words_nearly",
    "text_has_words_nearly",
    "text_misses_one_word",
]


class Tier(msgspec.Struct):
    rank: int
    rule: Rule


class Ranking(msgspec.Struct):
    """The ranking both the API and the PWA's offline search follow (see the JSON file's own words)."""

    typo_min_letters: int
    partial_min_words: int
    tiers: list[Tier]


RANKING = msgspec.json.decode(RANKING_PATH.read_bytes(), type=Ranking)


def fold(text: str) -> str:
    """Lowercase, drop every tone and vowel mark, đ→d, collapse spaces: "Cấp đổi" → "cap doi".

    Stored search columns and queries go through this same function, so matching ignores
    diacritics and case on any PostgreSQL without relying on the unaccent extension.
    """
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip()


def words(text: str) -> list[str]:
    """The searchable words of a text: "Nhận cha, mẹ" → ["nhan", "cha", "me"]."""
    return _WORD.findall(fold(text))


def search_name(name: str) -> str:
    """A name as the ranking compares and orders it: its words joined by one space."""
    return " ".join(words(name))


def search_text(*parts: str) -> str:
    """The text a search looks through: each part's words, parts apart so a phrase never spans two."""
    return " | ".join(search_name(part) for part in parts)


def near_pattern(word: str) -> str:
    """A regular expression (POSIX, as PostgreSQL's `~`) finding, in words joined by spaces, a word that `word`
    nearly matches: one it begins, or, once it has typo_min_letters letters, a whole word one edit away that
    begins with the same letter (the edits keep the first letter in place, which is the same thing)."""
    if len(word) < RANKING.typo_min_letters:
        return f"(^| ){word}"
    letter = "[a-z0-9]"
    edits = {word[:i] + letter + word[i + 1:] for i in range(1, len(word))}  # one letter replaced
    edits |= {word[:i] + letter + word[i:] for i in range(1, len(word) + 1)}  # one letter inserted
    edits |= {word[:i] + word[i + 1:] for i in range(1, len(word))}  # one letter deleted
    edits |= {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(1, len(word) - 1)}  # two swapped
    return f"(^| )({word}|({'|'.join(sorted(edits))})( |$))"

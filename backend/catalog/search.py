"""Vietnamese text folding: search ignores diacritics and case."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lowercase, drop every tone and vowel mark, đ→d, collapse spaces: "Cấp đổi" → "cap doi".

    Stored `search_text` columns and queries go through this same function, so matching ignores
    diacritics and case on any PostgreSQL without relying on the unaccent extension.
    """
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip()

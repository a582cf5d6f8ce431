"""Vietnamese folded in SQL for searches that run over live tables (a queue, the staff list), as
`backend.catalog.search.fold` does in Python: lowercase, tone and vowel marks dropped, đ → d."""

from __future__ import annotations

import unicodedata


def _fold_table() -> tuple[str, str]:
    """translate() arguments: each accented letter of Latin-1 to Vietnamese, and its bare lowercase letter."""
    source, target = [], []
    for code in range(0xC0, 0x1EFF + 1):
        ch = chr(code)
        base = unicodedata.normalize("NFD", ch)[0]
        if ch in "đĐ":
            base = "d"
        if base.isascii() and base.isalpha() and base.lower() != ch:
            source.append(ch)
            target.append(base.lower())
    return "".join(source), "".join(target)


_FOLD_FROM, _FOLD_TO = _fold_table()


def folded(expression: str) -> str:
    """The SQL expression `expression`, folded."""
    return f"translate(lower({expression}), '{_FOLD_FROM}', '{_FOLD_TO}')"

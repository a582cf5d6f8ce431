"""Vietnamese text folding and opaque keyset cursors, shared by every catalogue listing."""

from __future__ import annotations

import base64
import re
import unicodedata
from typing import Any

import msgspec

from backend.errors import Problem

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lowercase, drop every tone and vowel mark, đ→d, collapse spaces: "Cấp đổi" → "cap doi".

    Stored `search_text` columns and queries go through this same function, so matching ignores
    diacritics and case on any PostgreSQL without relying on the unaccent extension.
    """
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip()


def encode_cursor(*key: Any) -> str:
    return base64.urlsafe_b64encode(msgspec.json.encode(key)).decode().rstrip("=")


def decode_cursor(cursor: str | None, shape: tuple[type, ...]) -> tuple[Any, ...] | None:
    """The sort key of the last row seen, or a 422 when the cursor was not one of ours."""
    if not cursor:
        return None
    try:
        key = msgspec.json.decode(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if isinstance(key, list) and len(key) == len(shape) and all(
            isinstance(v, t) and not isinstance(v, bool) for v, t in zip(key, shape, strict=True)
        ):
            return tuple(key)
    except (ValueError, msgspec.DecodeError):
        pass
    raise Problem(
        422,
        "invalid_cursor",
        "Trang tiếp theo không hợp lệ",
        "Liên kết trang tiếp theo đã hỏng hoặc hết hạn. Hãy tìm kiếm lại từ đầu.",
    )

"""Opaque keyset cursors, the one way every list endpoint pages: the last row's sort key, base64 JSON."""

from __future__ import annotations

import base64
from typing import Any

import msgspec

from backend.errors import Problem
from backend.i18n import Text


def encode_cursor(*key: Any) -> str:
    return base64.urlsafe_b64encode(msgspec.json.encode(key)).decode().rstrip("=")


def decode_cursor(cursor: str | None, shape: Any) -> tuple[Any, ...] | None:
    """The sort key of the last row seen, typed by `shape` (e.g. `tuple[datetime, UUID]`), or a 422 when
    the cursor was not one of ours. None when there is no cursor (the first page)."""
    if not cursor:
        return None
    try:
        return msgspec.json.decode(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)), type=shape)
    except (ValueError, msgspec.DecodeError, msgspec.ValidationError):
        raise Problem(
            422,
            "invalid_cursor",
            Text("Trang tiếp theo không hợp lệ", "The next page is not valid"),
            Text(
                "Liên kết trang tiếp theo đã hỏng hoặc hết hạn. Hãy tải lại danh sách hoặc tìm kiếm lại từ đầu.",
                "The link to the next page is damaged or expired. Reload the list or search again from the start.",
            ),
        ) from None

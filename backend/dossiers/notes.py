"""Timeline notes the server writes, in the reader's language, from what an event records.

An officer's move stores its note (in Vietnamese, for the record and the messages sent) and, in the
event's `detail`, the parts it was made of: the due date, the papers asked for, the recipient, the
agency handed over to, the officer's own words (`message`). The timeline puts the sentence together
again in the reader's language. Events written before a part was recorded keep their stored note.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from backend.clock import dmy
from backend.i18n import Lang, Text, catalogue_text


def _with_message(sentence: Text, message: str | None, lang: Lang, joiner: str = " ") -> str:
    """The server's words, then the officer's own (the same sentence as moves.py stores in Vietnamese)."""
    return f"{sentence[lang]}{joiner}{message.strip()}" if message and message.strip() else sentence[lang]


def _received(detail: dict[str, Any], lang: Lang) -> str | None:
    if "due_date" not in detail or "message" not in detail:
        return None
    if detail["message"]:
        return detail["message"]
    day = dmy(detail["due_date"])
    return Text(f"Ngày hẹn trả kết quả: {day}", f"Result due on {day}")[lang]


def _supplement(detail: dict[str, Any], lang: Lang) -> str | None:
    if "missing" not in detail:
        return None
    missing = "; ".join(detail["missing"])
    asked = Text(f"Cần bổ sung: {missing}.", f"To add: {missing}.") if missing else Text("", "")
    return _with_message(asked, detail.get("message"), lang).strip() or None


def _returned(detail: dict[str, Any], lang: Lang) -> str | None:
    if "recipient_name" not in detail or "message" not in detail:
        return None
    name = detail["recipient_name"]
    return _with_message(Text(f"Người nhận: {name}", f"Collected by {name}"), detail["message"], lang, ". ")


def _handed_over(detail: dict[str, Any], lang: Lang) -> str | None:
    if "to_agency_name" not in detail or "message" not in detail:
        return None
    agency = catalogue_text(detail["to_agency_name"], detail.get("to_agency_name_en"))
    return _with_message(Text(f"Chuyển liên thông đến {agency.vi}", f"Handed over to {agency.en}"), detail["message"], lang, ": ")


def _apology(detail: dict[str, Any], lang: Lang) -> str | None:
    if "reason" not in detail or "new_due_date" not in detail:
        return None
    reason, day = detail["reason"], dmy(detail["new_due_date"])
    return Text(
        f"Xin lỗi vì hồ sơ chậm trả kết quả: {reason}. Ngày hẹn trả mới: {day}.",
        f"We apologise that the result is late: {reason}. New date for the result: {day}.",
    )[lang]


def _overdue(detail: dict[str, Any], lang: Lang) -> str | None:
    if "due_date" not in detail:
        return None
    day = dmy(detail["due_date"])
    return Text(f"Quá hạn trả kết quả (hẹn {day})", f"The result is overdue (it was due on {day})")[lang]


_COMPOSERS: dict[str, Callable[[dict[str, Any], Lang], str | None]] = {
    "receive": _received,
    "request_supplement": _supplement,
    "return_result": _returned,
    "hand_over": _handed_over,
    "apologise": _apology,
    "flag_overdue": _overdue,
}


def event_note(action: str, detail: dict[str, Any] | None, stored: str | None, lang: Lang) -> str | None:
    """The note of one timeline line: put together from `detail` when the server wrote it, else as stored."""
    composer = _COMPOSERS.get(action)
    composed = composer(detail or {}, lang) if composer else None
    return composed if composed is not None else stored

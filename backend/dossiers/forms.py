"""The procedure form's rules, applied to what a person typed. The PWA applies the same rules while
they type; this copy decides."""

from __future__ import annotations

from datetime import date
from typing import Any

import asyncpg
import msgspec

from backend.catalog import fees
from backend.catalog.fees import FeeAnswers, FeeQuote, FeeRule
from backend.errors import FieldError

TEXT_MAX = 500


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _check_value(field: dict[str, Any], value: Any) -> str | None:
    kind = field["type"]
    if kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            return "phải là một số nguyên"
        if field.get("min") is not None and value < field["min"]:
            return f"phải lớn hơn hoặc bằng {field['min']}"
        if field.get("max") is not None and value > field["max"]:
            return f"phải nhỏ hơn hoặc bằng {field['max']}"
        return None
    if not isinstance(value, str):
        return "phải là chữ"
    if kind == "date":
        try:
            date.fromisoformat(value)
        except ValueError:
            return "phải là ngày hợp lệ"
        return None
    if kind == "choice":
        return None if value in (field.get("choices") or []) else "phải chọn một trong các lựa chọn có sẵn"
    return f"không được dài quá {TEXT_MAX} ký tự" if len(value) > TEXT_MAX else None


def form_errors(definition: list[dict[str, Any]], answers: dict[str, Any]) -> list[FieldError]:
    known = {field["name"] for field in definition}
    errors = [FieldError(field=name, message="không có trong biểu mẫu") for name in answers if name not in known]
    for field in definition:
        value = answers.get(field["name"])
        if _is_blank(value):
            if field.get("required"):
                errors.append(FieldError(field=field["name"], message=f"“{field['label']}” là thông tin bắt buộc"))
            continue
        message = _check_value(field, value)
        if message:
            errors.append(FieldError(field=field["name"], message=f"“{field['label']}” {message}"))
    return errors


def fee_answers(form: dict[str, Any], channel: str) -> FeeAnswers:
    """What the fee rule needs to know, read from the form (copies, pages) and the filing channel."""
    copies = form.get("copies")
    pages = form.get("pages")
    return FeeAnswers(
        copies=copies if isinstance(copies, int) and copies >= 1 else 1,
        pages=pages if isinstance(pages, int) and pages >= 1 else msgspec.UNSET,
        channel=channel,  # type: ignore[arg-type]
    )


def fee_preview(row: asyncpg.Record) -> FeeQuote | None:
    """The fee for what the form says so far; None while the answers cannot be priced yet."""
    rule = msgspec.convert(row["procedure_fee"], FeeRule)
    try:
        return fees.quote(rule, fee_answers(row["form"], row["channel"]))
    except fees.FeeInputError:
        return None

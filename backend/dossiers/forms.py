"""The procedure form's rules, applied to what a person typed, and what submission needs. The PWA
applies the same rules while they type (formRules.ts); this copy decides."""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

import asyncpg
import msgspec

from backend.catalog import fees
from backend.catalog.fees import FeeAnswers, FeeQuote, FeeRule
from backend.dossiers.schemas import Applicant, Delivery, DocumentSlot
from backend.errors import FieldError

TEXT_MAX = 500


class _Problem(NamedTuple):
    """One answer the form refuses: `label` is None for an answer the form does not have, `rule`
    None for a required answer left blank."""

    field: str
    label: str | None
    rule: str | None


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _check_value(field: dict[str, Any], value: Any) -> str | None:
    kind = field["type"]
    if kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            return "phải là số nguyên viết bằng chữ số, ví dụ: 2"
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
            return "phải là ngày hợp lệ (dd/mm/yyyy)"
        return None
    if kind == "choice":
        return None if value in (field.get("choices") or []) else "phải chọn một trong các lựa chọn có sẵn"
    return f"không được dài quá {TEXT_MAX} ký tự" if len(value) > TEXT_MAX else None


def _form_problems(definition: list[dict[str, Any]], answers: dict[str, Any]) -> list[_Problem]:
    known = {field["name"] for field in definition}
    problems = [_Problem(name, None, "không có trong biểu mẫu") for name in answers if name not in known]
    for field in definition:
        value = answers.get(field["name"])
        if _is_blank(value):
            if field.get("required"):
                problems.append(_Problem(field["name"], field["label"], None))
            continue
        rule = _check_value(field, value)
        if rule:
            problems.append(_Problem(field["name"], field["label"], rule))
    return problems


def form_errors(definition: list[dict[str, Any]], answers: dict[str, Any]) -> list[FieldError]:
    """Each answer's problem in the words shown under its field."""
    errors = []
    for problem in _form_problems(definition, answers):
        if problem.label is None:
            message = problem.rule or ""
        elif problem.rule is None:
            message = f"“{problem.label}” là thông tin bắt buộc"
        else:
            message = f"“{problem.label}” {problem.rule}"
        errors.append(FieldError(field=problem.field, message=message))
    return errors


def _missing_words(problem: _Problem) -> str:
    if problem.label is None:
        return f"“{problem.field}” {problem.rule}"
    if problem.rule is None:
        return f"chưa có “{problem.label}”"
    return f"“{problem.label}” chưa đúng: {problem.rule}"


def submission_problems(
    definition: list[dict[str, Any]],
    answers: dict[str, Any],
    applicant: Applicant,
    delivery: Delivery,
    documents: list[DocumentSlot],
    *,
    commune_missing: bool,
) -> list[FieldError]:
    """What still stops submission, in the order of the filing screen and in the one voice of its
    list "Hồ sơ còn thiếu" (chưa có …). The PWA's formRules.submitProblems says the same, with the
    same cases (tests/dossiers/submission_cases.json)."""
    problems = []
    if commune_missing:
        problems.append(FieldError("commune_code", "chưa có xã/phường nơi nộp hồ sơ"))
    if _is_blank(applicant.full_name):
        problems.append(FieldError("applicant.full_name", "chưa có họ tên người nộp"))
    problems += [FieldError(p.field, _missing_words(p)) for p in _form_problems(definition, answers)]
    problems += [FieldError(f"documents.{s.code}", f"chưa có ảnh “{s.name}”") for s in documents if s.required and not s.complete]
    if delivery.method == "post" and (
        not delivery.province_code or not delivery.commune_code or _is_blank(delivery.street)
    ):
        problems.append(FieldError("delivery", "chưa có đủ địa chỉ nhận kết quả qua bưu điện"))
    return problems


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

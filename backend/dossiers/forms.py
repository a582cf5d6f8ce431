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
from backend.errors import FieldText
from backend.i18n import Text, catalogue_text

TEXT_MAX = 500


class _Problem(NamedTuple):
    """One answer the form refuses: `label` is None for an answer the form does not have, `rule`
    None for a required answer left blank."""

    field: str
    label: Text | None
    rule: Text | None


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def label_of(field: dict[str, Any]) -> Text:
    """A form field's label in both languages (the Vietnamese, marked, where nobody translated it)."""
    return catalogue_text(field["label"], field.get("label_en"))


def _check_value(field: dict[str, Any], value: Any) -> Text | None:
    kind = field["type"]
    if kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            return Text("phải là số nguyên viết bằng chữ số, ví dụ: 2", "must be a whole number written in digits, e.g. 2")
        if field.get("min") is not None and value < field["min"]:
            return Text(f"phải lớn hơn hoặc bằng {field['min']}", f"must be at least {field['min']}")
        if field.get("max") is not None and value > field["max"]:
            return Text(f"phải nhỏ hơn hoặc bằng {field['max']}", f"must be at most {field['max']}")
        return None
    if not isinstance(value, str):
        return Text("phải là chữ", "must be text")
    if kind == "date":
        try:
            date.fromisoformat(value)
        except ValueError:
            return Text("phải là ngày hợp lệ (dd/mm/yyyy)", "must be a valid date (dd/mm/yyyy)")
        return None
    if kind == "choice":
        if value in (field.get("choices") or []):
            return None
        return Text("phải chọn một trong các lựa chọn có sẵn", "must be one of the choices offered")
    if len(value) > TEXT_MAX:
        return Text(f"không được dài quá {TEXT_MAX} ký tự", f"must not be longer than {TEXT_MAX} characters")
    return None


def _form_problems(definition: list[dict[str, Any]], answers: dict[str, Any]) -> list[_Problem]:
    known = {field["name"] for field in definition}
    unknown = Text("không có trong biểu mẫu", "is not in the form")
    problems = [_Problem(name, None, unknown) for name in answers if name not in known]
    for field in definition:
        value = answers.get(field["name"])
        if _is_blank(value):
            if field.get("required"):
                problems.append(_Problem(field["name"], label_of(field), None))
            continue
        rule = _check_value(field, value)
        if rule:
            problems.append(_Problem(field["name"], label_of(field), rule))
    return problems


def _field_words(problem: _Problem) -> Text:
    label, rule = problem.label, problem.rule
    if label is None:
        return rule or Text("", "")
    if rule is None:
        return Text(f"“{label.vi}” là thông tin bắt buộc", f"“{label.en}” is required")
    return Text(f"“{label.vi}” {rule.vi}", f"“{label.en}” {rule.en}")


def form_errors(definition: list[dict[str, Any]], answers: dict[str, Any]) -> list[FieldText]:
    """Each answer's problem in the words shown under its field."""
    return [FieldText(problem.field, _field_words(problem)) for problem in _form_problems(definition, answers)]


def _missing_words(problem: _Problem) -> Text:
    label, rule = problem.label, problem.rule
    if label is None:
        rule = rule or Text("", "")
        return Text(f"“{problem.field}” {rule.vi}", f"“{problem.field}” {rule.en}")
    if rule is None:
        return Text(f"chưa có “{label.vi}”", f"no “{label.en}” yet")
    return Text(f"“{label.vi}” chưa đúng: {rule.vi}", f"“{label.en}” is not right: {rule.en}")


def submission_problems(
    definition: list[dict[str, Any]],
    answers: dict[str, Any],
    applicant: Applicant,
    delivery: Delivery,
    documents: list[DocumentSlot],
    *,
    commune_missing: bool,
) -> list[FieldText]:
    """What still stops submission, in the order of the filing screen and in the one voice of its
    list "Hồ sơ còn thiếu" (chưa có …). The PWA's formRules.submitProblems says the same, with the
    same cases (tests/dossiers/submission_cases.json)."""
    problems = []
    if commune_missing:
        problems.append(FieldText("commune_code", Text("chưa có xã/phường nơi nộp hồ sơ", "no commune or ward to file at yet")))
    if _is_blank(applicant.full_name):
        problems.append(FieldText("applicant.full_name", Text("chưa có họ tên người nộp", "no applicant's name yet")))
    problems += [FieldText(p.field, _missing_words(p)) for p in _form_problems(definition, answers)]
    for slot in documents:
        if slot.required and not slot.complete:
            name = catalogue_text(slot.name, slot.name_en)
            problems.append(FieldText(f"documents.{slot.code}", Text(f"chưa có ảnh “{name.vi}”", f"no photo of “{name.en}” yet")))
    if delivery.method == "post" and (
        not delivery.province_code or not delivery.commune_code or _is_blank(delivery.street)
    ):
        problems.append(FieldText("delivery", Text("chưa có đủ địa chỉ nhận kết quả qua bưu điện", "no full delivery address yet")))
    return problems


def fee_answers(form: dict[str, Any], channel: str) -> FeeAnswers:
    """What the fee rule needs to know, read from the form (copies, pages) and the filing channel."""
    copies = form.get("copies")
    pages = form.get("pages")
    return FeeAnswers(
        copies=copies if isinstance(copies, int) and copies >= 1 else 1,
        pages=pages if isinstance(pages, int) and pages >= 1 else msgspec.UNSET,
        # Filed by a volunteer, the dossier still goes in online; only the desk's own filing is a counter one.
        channel="counter" if channel == "counter" else "online",
    )


def fee_preview(row: asyncpg.Record) -> FeeQuote | None:
    """The fee for what the form says so far; None while the answers cannot be priced yet."""
    rule = msgspec.convert(row["procedure_fee"], FeeRule)
    try:
        return fees.quote(rule, fee_answers(row["form"], row["channel"]))
    except fees.FeeInputError:
        return None

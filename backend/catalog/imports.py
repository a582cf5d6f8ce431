"""A province's procedure list, read from a CSV or JSON export and checked line by line. Bytes in, procedures or
line errors out; no I/O (the caller hands in the codes the catalogue knows).

Policy:
- **All or nothing.** Every line is checked before anything is written; one wrong line and the caller writes
  nothing, answering with every error found, each with its line number, the column and what to do about it.
- **CSV** (UTF-8, with or without Excel's BOM; comma or semicolon separated): the first line names the columns, in
  any order. Required: `code, name, field, level, working_days, fee, online, result_by_post`; optional: `name_en,
  agency_code, same_day_cutoff, fee_stage, documents, form, keywords, note, note_en`. `fee` is a whole number of đồng
  (0: free) or a fee rule in JSON as the admin API takes it; `documents` and `form` are JSON lists as the admin API
  takes them; `keywords` are separated by `;`; `result_by_post` is true/false (also 1/0, có/không). Lines are numbered
  as a spreadsheet numbers them: the header is line 1.
- **JSON**: a list of procedures (or `{"procedures": [...]}`), each as the admin API's create body; the "line" of an
  error is the procedure's position in the list, from 1.
- A code may appear once per file; unknown fields (lĩnh vực) and agency codes are errors, not guesses.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from typing import Any

import msgspec

from backend.catalog.schemas import NewProcedure, ProcedureDefinition
from backend.errors import FieldText, validation_message
from backend.hygiene import clean_json
from backend.i18n import Text

REQUIRED_COLUMNS = ("code", "name", "field", "level", "working_days", "fee", "online", "result_by_post")
OPTIONAL_COLUMNS = (
    "name_en", "agency_code", "same_day_cutoff", "fee_stage", "documents", "form", "keywords", "note", "note_en",
)
_TRUE = {"true", "1", "yes", "có", "co", "x"}
_FALSE = {"false", "0", "no", "không", "khong", ""}
_MISSING = re.compile(r"Object missing required field `([^`]+)`")
_WHERE = re.compile(r"^(?P<message>.*?)(?: - at `\$(?:\.(?P<path>[^`]*))?`)?$", re.DOTALL)


@dataclass(frozen=True)
class Known:
    """What the catalogue has, for the checks that need it."""

    fields: frozenset[str]
    province_agencies: frozenset[str]


@dataclass(frozen=True)
class Line:
    number: int
    procedure: NewProcedure


class _CellError(Exception):
    def __init__(self, column: str, message: Text) -> None:
        super().__init__(column)
        self.column = column
        self.message = message


def read(body: bytes, content_type: str, known: Known) -> tuple[list[Line], list[FieldText]]:
    """The file's procedures, or every error found in it (then the procedures are not to be written)."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [FieldText("file", Text(
            "Tệp không phải UTF-8: hãy lưu lại dưới dạng “CSV UTF-8” hoặc JSON.",
            "The file is not UTF-8: save it again as “CSV UTF-8” or JSON.",
        ), 1)]
    is_json = "json" in content_type or text.lstrip()[:1] in ("[", "{")
    rows, errors = _json_items(text) if is_json else _csv_rows(text)
    lines: list[Line] = []
    first_line_of: dict[str, int] = {}
    for number, item in rows:
        procedure, line_errors = _procedure(item, known, flat=not is_json)
        if procedure is not None and procedure.code in first_line_of:
            line_errors.append(FieldText("code", Text(
                f"mã thủ tục đã có ở dòng {first_line_of[procedure.code]}; mỗi thủ tục chỉ một dòng.",
                f"this procedure code is already on line {first_line_of[procedure.code]}; one line per procedure.",
            )))
        errors += [FieldText(e.field, e.message, number) for e in line_errors]
        if procedure is not None and not line_errors:
            first_line_of[procedure.code] = number
            lines.append(Line(number, procedure))
    if not rows and not errors:
        errors.append(FieldText("file", Text("Tệp không có thủ tục nào.", "The file has no procedures."), 1))
    return lines, errors


def choice_errors(definition: ProcedureDefinition) -> list[FieldText]:
    return [
        FieldText(f"form[{index}].choices_en", Text(
            "phải có đúng một bản tiếng Anh cho mỗi lựa chọn, theo cùng thứ tự.",
            "must give exactly one English wording for each choice, in the same order.",
        ))
        for index, field in enumerate(definition.form)
        if field.choices_en is not None and len(field.choices_en) != len(field.choices or [])
    ]


def _json_items(text: str) -> tuple[list[tuple[int, Any]], list[FieldText]]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        return [], [FieldText("file", Text(
            f"JSON bị lỗi ở dòng {exc.lineno}, cột {exc.colno}.", f"The JSON is broken at line {exc.lineno}, column {exc.colno}.",
        ), exc.lineno)]
    items = document.get("procedures") if isinstance(document, dict) else document
    if not isinstance(items, list):
        return [], [FieldText("file", Text(
            "Tệp JSON phải là một danh sách thủ tục hoặc {\"procedures\": [...]}.",
            "The JSON file must be a list of procedures or {\"procedures\": [...]}.",
        ), 1)]
    return list(enumerate(items, start=1)), []


def _csv_rows(text: str) -> tuple[list[tuple[int, Any]], list[FieldText]]:
    header_line = text.partition("\n")[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [column.strip().lower() for column in next(reader, [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    unknown = [c for c in header if c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    errors = [FieldText(c, Text("cột bắt buộc bị thiếu ở dòng tiêu đề.", "this required column is missing from the header."), 1) for c in missing]
    errors += [FieldText(c or "?", Text("cột không có trong mẫu nhập; hãy kiểm tra tên cột.", "this column is not in the import format; check its name."), 1) for c in unknown]
    if errors:
        return [], errors
    rows: list[tuple[int, Any]] = []
    number = reader.line_num
    for cells in reader:
        start, number = number + 1, reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            errors.append(FieldText("line", Text(
                f"dòng có {len(cells)} ô nhưng tiêu đề có {len(header)} cột.",
                f"the line has {len(cells)} cells but the header has {len(header)} columns.",
            ), start))
            continue
        rows.append((start, dict(zip(header, (cell.strip() for cell in cells), strict=True))))
    return rows, errors


def _procedure(item: Any, known: Known, *, flat: bool) -> tuple[NewProcedure | None, list[FieldText]]:
    if hidden := clean_json(item):  # also brings the text to NFC, as for every JSON body
        return None, hidden
    errors: list[FieldText] = []
    if isinstance(item, dict) and item.get("field") and item["field"] not in known.fields:
        errors.append(FieldText("field", Text(
            f"lĩnh vực “{item['field']}” không có trong danh mục.", f"the field “{item['field']}” is not in the catalogue.",
        )))
    shaped, cell_errors = _from_cells(item) if flat else (item, [])
    if cell_errors:
        return None, cell_errors + errors
    try:
        procedure = msgspec.convert(shaped, NewProcedure)
    except msgspec.ValidationError as exc:
        return None, [_validation_error(str(exc), flat=flat), *errors]
    errors += choice_errors(procedure)
    if procedure.agency_code is not None and procedure.level == "province" and procedure.agency_code not in known.province_agencies:
        errors.append(FieldText("agency_code", Text(
            f"không có cơ quan cấp tỉnh mã {procedure.agency_code}.", f"no provincial agency has the code {procedure.agency_code}.",
        )))
    return procedure, errors


def _validation_error(message: str, *, flat: bool) -> FieldText:
    match = _WHERE.match(message)
    assert match is not None  # the pattern matches any text
    path = match.group("path") or ""
    if missing := _MISSING.match(match.group("message")):
        path = f"{path}.{missing.group(1)}" if path else missing.group(1)
    if flat:
        path = path.removeprefix("processing.")
    return FieldText(path or "line", validation_message(match.group("message")))


def _from_cells(cells: dict[str, str]) -> tuple[dict[str, Any], list[FieldText]]:
    """A CSV line in the shape of the admin API's create body (empty optional cells left out), or what is wrong
    with its cells."""
    shaped: dict[str, Any] = {
        key: cells[key] for key in ("code", "name", "field", "level", "online") + OPTIONAL_COLUMNS if cells.get(key)
    }
    errors: list[FieldText] = []

    def convert(column: str, read_cell: Any) -> Any:
        try:
            return read_cell()
        except _CellError as exc:
            errors.append(FieldText(exc.column, exc.message))
            return None

    processing: dict[str, Any] = {"working_days": convert("working_days", lambda: _working_days(cells))}
    if cutoff := shaped.pop("same_day_cutoff", None):
        processing["same_day_cutoff"] = cutoff
    shaped["processing"] = processing
    shaped["fee"] = convert("fee", lambda: _fee(cells["fee"]))
    shaped["result_by_post"] = convert("result_by_post", lambda: _yes_no(cells, "result_by_post"))
    for column in ("documents", "form"):
        if column in shaped:
            shaped[column] = convert(column, lambda column=column: _json_list(shaped[column], column))
    if "keywords" in shaped:
        shaped["keywords"] = [k.strip() for k in shaped["keywords"].split(";") if k.strip()]
    return shaped, errors


def _working_days(cells: dict[str, str]) -> int:
    try:
        days = int(cells["working_days"])
    except ValueError:
        raise _CellError("working_days", Text("phải là một số nguyên.", "must be a whole number.")) from None
    if days < 0:
        raise _CellError("working_days", Text("không được âm (0 là trong ngày).", "must not be negative (0 is the same day)."))
    return days


def _fee(cell: str) -> Any:
    plain = cell.replace(".", "").replace(",", "").replace(" ", "")
    if plain.isdigit():
        return {"kind": "free"} if int(plain) == 0 else {"kind": "flat", "amount": int(plain)}
    try:
        return json.loads(cell)
    except json.JSONDecodeError:
        raise _CellError("fee", Text(
            "phải là số tiền (đồng) hoặc quy tắc phí dạng JSON, ví dụ {\"kind\": \"flat\", \"amount\": 25000}.",
            "must be an amount (đồng) or a fee rule in JSON, e.g. {\"kind\": \"flat\", \"amount\": 25000}.",
        )) from None


def _yes_no(cells: dict[str, str], column: str) -> bool:
    value = cells[column].lower()
    if value in _TRUE or value in _FALSE:
        return value in _TRUE
    raise _CellError(column, Text("phải là true hoặc false (có/không).", "must be true or false (yes/no)."))


def _json_list(cell: str, column: str) -> Any:
    try:
        return json.loads(cell)
    except json.JSONDecodeError:
        raise _CellError(column, Text("phải là một danh sách JSON, ví dụ [{…}].", "must be a JSON list, e.g. [{…}].")) from None

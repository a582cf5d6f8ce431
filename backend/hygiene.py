"""Text hygiene at the edge: every string a request brings is checked once, before any handler runs.

PostgreSQL cannot store U+0000 (text or jsonb), and our PDFs cannot draw control characters or
non-characters. Rather than letting such a string reach the database as a 500, the request is answered
422 `invalid_characters`, naming each field. JSON bodies are also brought to Unicode NFC, so that a name
typed with combining marks ("Hòa" as o + U+0300) and one typed precomposed are the same name.

The hook runs after the guards (a caller who may not use a route learns nothing about its inputs) and
before the handler's parameters are parsed. It checks the path and query parameters, the headers we
store, and the JSON body; raw uploads (photos, PDFs) are bytes, not text, and are left alone.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePath
from typing import Any

from litestar import Request
from litestar.exceptions import SerializationException

from backend.errors import FieldText, Problem, malformed_json
from backend.i18n import Text, both

# C0 controls except tab, newline and carriage return; the non-characters U+FFFE/U+FFFF; lone surrogates
# (JSON cannot carry them: msgspec refuses them as malformed, but a query string decoded leniently might).
_FORBIDDEN = "\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
_FORBIDDEN_CHAR = re.compile(f"[{_FORBIDDEN}]")
# The same rule for the OpenAPI document (ECMA-262), without the surrogates no valid UTF-8 request can hold.
TEXT_PATTERN = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]*$"
# Headers that end up in our tables (sessions, audit log).
STORED_HEADERS = ("user-agent",)
# One answer need not list every bad string of a large body.
_MAX_ERRORS = 10


def _bad_char(text: str) -> str | None:
    match = _FORBIDDEN_CHAR.search(text)
    return f"U+{ord(match.group()):04X}" if match else None


def _value_error(field: str, char: str) -> FieldText:
    return FieldText(
        field,
        Text(
            f"chứa ký tự ẩn không được phép ({char}); hãy gõ lại nội dung này",
            f"holds a hidden character that is not allowed ({char}); please type it again",
        ),
    )


def _key_error(field: str, char: str) -> FieldText:
    return FieldText(
        field,
        Text(
            f"có tên mục chứa ký tự ẩn không được phép ({char})",
            f"has an item name holding a hidden character that is not allowed ({char})",
        ),
    )


def _join(parent: str, key: str) -> str:
    return f"{parent}.{key}" if parent else key


def _nfc(text: str) -> str:
    # Most text is already NFC; the quick check avoids building a new string for it.
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def clean_json(document: Any) -> list[FieldText]:
    """Bring every string of a decoded JSON document to NFC, in place; the fields that hold forbidden
    characters. Iterative, because a body may nest deeper than Python's recursion allows."""
    errors: list[FieldText] = []
    stack: list[tuple[Any, str]] = [(document, "")]
    while stack and len(errors) < _MAX_ERRORS:
        container, path = stack.pop()
        if isinstance(container, dict):
            for key, value in list(container.items()):
                if char := _bad_char(key):
                    errors.append(_key_error(path or "body", char))
                clean_key = _nfc(key)
                if clean_key != key:
                    del container[key]
                container[clean_key] = _clean_item(value, _join(path, clean_key), errors, stack)
        elif isinstance(container, list):
            for index, value in enumerate(container):
                container[index] = _clean_item(value, f"{path}[{index}]", errors, stack)
    return errors[:_MAX_ERRORS]


def _clean_item(value: Any, path: str, errors: list[FieldText], stack: list[tuple[Any, str]]) -> Any:
    if isinstance(value, str):
        if char := _bad_char(value):
            errors.append(_value_error(path, char))
        return _nfc(value)
    if isinstance(value, (dict, list)):
        stack.append((value, path))
    return value


def _parameter_errors(request: Request) -> list[FieldText]:
    errors = []
    for name, value in request.path_params.items():
        if isinstance(value, (str, PurePath)) and (char := _bad_char(str(value))):
            errors.append(_value_error(name, char))
    for name, values in request.query_params.dict().items():
        if char := _bad_char(name):
            errors.append(_key_error("query", char))
        for value in values:
            if char := _bad_char(value):
                errors.append(_value_error(name, char))
    for name in STORED_HEADERS:
        if char := _bad_char(request.headers.get(name, "")):
            errors.append(_value_error(name, char))
    return errors


def _takes_json_body(request: Request) -> bool:
    return "data" in request.route_handler.parsed_fn_signature.parameters


async def _body_errors(request: Request) -> list[FieldText]:
    if not _takes_json_body(request) or not await request.body():
        return []
    try:
        document = await request.json()
    except (SerializationException, RecursionError) as exc:
        raise malformed_json() from exc
    return clean_json(document)


def invalid_characters(errors: list[FieldText]) -> Problem:
    listed = both(lambda lang: "; ".join(f"`{e.field}` {e.message[lang]}" for e in errors))
    return Problem(
        422,
        "invalid_characters",
        Text("Có ký tự không hợp lệ", "Characters that are not allowed"),
        Text(
            f"Một số ô chứa ký tự ẩn (thường do sao chép từ nơi khác) mà hệ thống không lưu được: {listed.vi}.",
            f"Some boxes hold hidden characters (often copied from elsewhere) that cannot be saved: {listed.en}.",
        ),
        errors=errors,
    )


async def check_request(request: Request) -> None:
    """The app's `before_request` hook: 422 when any incoming string holds a forbidden character."""
    errors = _parameter_errors(request) + await _body_errors(request)
    if errors:
        raise invalid_characters(errors[:_MAX_ERRORS])

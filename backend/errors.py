"""RFC 9457 problem details for every error, with a stable `code` and copy in the reader's language
(Vietnamese unless the request's Accept-Language asks for English: backend/i18n.py)."""

from __future__ import annotations

import logging
import re
import uuid
from dataclasses import dataclass
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import (
    ClientException,
    HTTPException,
    SerializationException,
    ValidationException,
)

from backend.i18n import Lang, Text, both, request_language
from backend.observability import current_request_id
from backend.outages import RETRY_AFTER_S, is_outage
from backend.storage import StorageUnavailable

log = logging.getLogger("backend.errors")

PROBLEM_MEDIA_TYPE = "application/problem+json"


class Problem(Exception):
    """An error a person can act on. Raise it from services; it becomes problem+json in the reader's
    language. `errors` name the fields at fault, each with what to do about it."""

    def __init__(
        self,
        status: int,
        code: str,
        title: Text,
        detail: Text,
        *,
        headers: dict[str, str] | None = None,
        errors: list[FieldText] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(f"{code}: {detail.vi}")
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.headers = headers or {}
        self.errors = errors
        self.extra = extra


class FieldError(msgspec.Struct, omit_defaults=True):
    field: str
    message: str
    # The line of an uploaded file the field is on (a catalogue import), counted from 1.
    line: int | None = None


@dataclass(frozen=True, slots=True)
class FieldText:
    """A field's problem in both languages, before the reader's language picks one."""

    field: str
    message: Text
    line: int | None = None

    def __getitem__(self, lang: Lang) -> FieldError:
        return FieldError(self.field, self.message[lang], self.line)


class ProblemDetails(msgspec.Struct, omit_defaults=True):
    """The body of every error response (RFC 9457)."""

    type: str
    title: str
    status: int
    detail: str
    code: str
    instance: str | None = None
    request_id: str | None = None
    errors: list[FieldError] | None = None
    # Extension members some problems carry (RFC 9457 §3.2).
    retry_after: int | None = None  # 429: seconds to wait, as in the Retry-After header
    attempts_left: int | None = None  # code_wrong: tries left before the sign-in code locks
    state: str | None = None  # transition_not_allowed: the dossier's state
    allowed_actions: list[str] | None = None  # transition_not_allowed: what can be done from that state


# Generic copy for statuses raised by the framework itself.
_BY_STATUS: dict[int, tuple[str, Text, Text]] = {
    400: (
        "bad_request",
        Text("Yêu cầu không hợp lệ", "Invalid request"),
        Text("Yêu cầu gửi lên không đúng định dạng. Hãy thử lại.", "The request was not in the expected form. Please try again."),
    ),
    401: (
        "unauthenticated",
        Text("Cần đăng nhập", "Sign-in needed"),
        Text("Bạn cần đăng nhập để tiếp tục.", "Please sign in to continue."),
    ),
    403: (
        "forbidden",
        Text("Không có quyền", "Not allowed"),
        Text("Bạn không có quyền thực hiện thao tác này.", "You are not allowed to do this."),
    ),
    404: (
        "not_found",
        Text("Không tìm thấy", "Not found"),
        Text(
            "Không có trang hoặc dữ liệu nào ở địa chỉ này. Hãy kiểm tra lại đường dẫn.",
            "There is no page or data at this address. Please check the link.",
        ),
    ),
    405: (
        "method_not_allowed",
        Text("Thao tác không được hỗ trợ", "Operation not supported"),
        Text("Địa chỉ này không hỗ trợ thao tác vừa gửi.", "This address does not support that operation."),
    ),
    409: (
        "conflict",
        Text("Xung đột dữ liệu", "Data conflict"),
        Text("Dữ liệu đã thay đổi. Hãy tải lại và thử lại.", "The data has changed. Please reload and try again."),
    ),
    413: (
        "payload_too_large",
        Text("Dữ liệu quá lớn", "Too much data"),
        Text(
            "Dữ liệu gửi lên vượt quá giới hạn. Mỗi trang ảnh tối đa 15 MB: hãy chụp lại hoặc chọn ảnh nhỏ hơn.",
            "What was sent is over the limit. Each photographed page may be at most 15 MB: "
            "take the photo again or choose a smaller one.",
        ),
    ),
    415: (
        "unsupported_media_type",
        Text("Định dạng không được hỗ trợ", "Format not supported"),
        Text("Định dạng dữ liệu gửi lên không được hỗ trợ.", "The format of what was sent is not supported."),
    ),
    429: (
        "too_many_requests",
        Text("Quá nhiều yêu cầu", "Too many requests"),
        Text("Bạn đã thử quá nhiều lần. Hãy đợi một lúc rồi thử lại.", "Too many attempts. Please wait a while and try again."),
    ),
    503: (
        "service_unavailable",
        Text("Dịch vụ tạm thời gián đoạn", "Service briefly unavailable"),
        Text(
            "Hệ thống đang bận hoặc bảo trì. Hãy thử lại sau ít phút.",
            "The system is busy or under maintenance. Please try again in a few minutes.",
        ),
    ),
}

# msgspec's validation messages, in words a citizen can act on.
_MESSAGE_PATTERNS: list[tuple[re.Pattern[str], Text]] = [
    (re.compile(r"Expected `int`.*"), Text("phải là một số nguyên", "must be a whole number")),
    (re.compile(r"Expected `(float|number)`.*"), Text("phải là một số", "must be a number")),
    (re.compile(r"Expected `str`.*"), Text("phải là chữ", "must be text")),
    (re.compile(r"Expected `bool`.*"), Text("phải là đúng/sai", "must be true or false")),
    (re.compile(r"Expected `object`.*"), Text("phải là một đối tượng JSON", "must be a JSON object")),
    (re.compile(r"Expected `array`.*"), Text("phải là một danh sách", "must be a list")),
    (re.compile(r"Expected `int` >= (\S+)"), Text(r"phải lớn hơn hoặc bằng \1", r"must be at least \1")),
    (re.compile(r"Expected `int` <= (\S+)"), Text(r"phải nhỏ hơn hoặc bằng \1", r"must be at most \1")),
    (re.compile(r"Expected `str` of length >= (\d+)"), Text(r"phải có ít nhất \1 ký tự", r"must have at least \1 characters")),
    (re.compile(r"Expected `str` of length <= (\d+)"), Text(r"không được dài quá \1 ký tự", r"must not be longer than \1 characters")),
    (
        re.compile(r"Object missing required field `([^`]+)`"),
        Text(r"thiếu thông tin bắt buộc `\1`", r"required information `\1` is missing"),
    ),
    (re.compile(r"Expected `str` matching regex"), Text("không đúng định dạng", "is not in the expected form")),
    (
        re.compile(r"Invalid enum value (.*)"),
        Text(r"giá trị \1 không nằm trong danh sách cho phép", r"the value \1 is not one of the allowed values"),
    ),
    (
        re.compile(r"Invalid RFC3339 encoded (date|datetime).*"),
        Text("phải là ngày hợp lệ (yyyy-mm-dd)", "must be a valid date (yyyy-mm-dd)"),
    ),
    (re.compile(r"Invalid UUID.*"), Text("phải là mã định danh hợp lệ", "must be a valid identifier")),
]
_INVALID_VALUE = Text("có giá trị không hợp lệ", "has a value that is not valid")


def malformed_json() -> Problem:
    return Problem(
        400,
        "malformed_json",
        Text("Dữ liệu gửi lên bị lỗi", "What was sent is damaged"),
        Text(
            "Nội dung gửi lên không phải JSON hợp lệ. Hãy tải lại trang và thử lại.",
            "What was sent is not valid JSON. Please reload the page and try again.",
        ),
    )


def validation_message(message: str) -> Text:
    """msgspec's message about a value, in words a person can act on."""
    # Bounds first: they are more specific than the bare type patterns.
    for pattern, replacement in sorted(_MESSAGE_PATTERNS, key=lambda p: -len(p[0].pattern)):
        match = pattern.match(message)
        if match:
            return Text(match.expand(replacement.vi), match.expand(replacement.en))
    return _INVALID_VALUE


def _field_from_cause(exc: Exception, fallback: str) -> str:
    """msgspec says where the error is (`$.data.copies`); keep the part a person recognises."""
    cause = str(exc.__cause__ or "")
    match = re.search(r"at `\$\.(?:data\.?)?([^`]*)`", cause)
    if match and match.group(1):
        return match.group(1)
    return fallback


def problem_response(
    request: Request | None,
    status: int,
    code: str,
    title: Text,
    detail: Text,
    *,
    headers: dict[str, str] | None = None,
    errors: list[FieldText] | None = None,
    **extra: Any,
) -> Response[bytes]:
    # Unmatched routes fail before the request-id middleware runs; give them an id too.
    request_id = current_request_id() or uuid.uuid4().hex
    lang = request_language(request) if request is not None else "vi"
    body = msgspec.structs.asdict(
        ProblemDetails(
            type=f"https://motcua.gov.vn/problems/{code}",
            title=title[lang],
            status=status,
            detail=detail[lang],
            code=code,
            instance=request.url.path if request is not None else None,
            request_id=request_id,
            errors=[e[lang] for e in errors] if errors is not None else None,
        )
    )
    body = {k: v for k, v in body.items() if v is not None} | extra
    return Response(
        content=msgspec.json.encode(body),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers={
            **(headers or {}), "x-request-id": request_id, "content-language": lang, "vary": "Accept-Language",
        },
    )


def handle_problem(request: Request, exc: Problem) -> Response[bytes]:
    return problem_response(
        request, exc.status, exc.code, exc.title, exc.detail, headers=exc.headers, errors=exc.errors, **exc.extra
    )


_MISSING_PARAMETER = re.compile(r"Missing required \w+ parameter '([^']+)'")
_MISSING_FIELD = re.compile(r"Object missing required field `([^`]+)`")


def _wire_names(request: Request) -> dict[str, str]:
    """Handler parameter names → the names a client sends (`idempotency_key` → `Idempotency-Key`)."""
    names = {}
    for name, field in request.route_handler.parsed_fn_signature.parameters.items():
        if alias := getattr(field.kwarg_definition, "name", None):
            names[name] = alias
    return names


_REQUIRED = Text("là thông tin bắt buộc", "is required")


def _field_errors(request: Request, exc: ValidationException) -> list[FieldText]:
    if missing := _MISSING_PARAMETER.match(str(exc.detail)):
        return [FieldText(missing.group(1), _REQUIRED)]
    wire_names = _wire_names(request)
    errors = []
    for item in exc.extra or []:
        if not isinstance(item, dict):
            continue
        key = str(item.get("key") or "")
        field = _field_from_cause(exc, key) if key == "data" else wire_names.get(key, key)
        message = str(item.get("message", ""))
        if absent := _MISSING_FIELD.match(message):
            # Name the missing field itself, under the object that lacks it.
            field = absent.group(1) if field in ("", "data") else f"{field}.{absent.group(1)}"
        errors.append(FieldText(field or "body", validation_message(message)))
    return errors


INVALID_INPUT = Text("Thông tin chưa hợp lệ", "Some information is not valid")
_UNREADABLE = Text("dữ liệu gửi lên không hợp lệ", "what was sent is not valid")


def invalid_input(errors: list[FieldText], code: str = "validation_error", status: int = 422) -> Problem:
    """The 422 naming each field at fault: "Hãy sửa lại rồi gửi lại: `copies` phải là một số nguyên."."""
    listed = both(lambda lang: "; ".join(f"`{e.field}` {e.message[lang]}" for e in errors)) if errors else _UNREADABLE
    return Problem(
        status,
        code,
        INVALID_INPUT,
        Text(f"Hãy sửa lại rồi gửi lại: {listed.vi}.", f"Please correct this and send again: {listed.en}."),
        errors=errors,
    )


def handle_validation(request: Request, exc: ValidationException) -> Response[bytes]:
    return handle_problem(request, invalid_input(_field_errors(request, exc)))


def handle_http(request: Request, exc: HTTPException) -> Response[bytes]:
    status = exc.status_code
    fallback = _BY_STATUS[400] if status < 500 else _BY_STATUS[503]
    code, title, detail = _BY_STATUS.get(status, fallback)
    if isinstance(exc, ClientException) and isinstance(exc.__cause__, SerializationException):
        return handle_problem(request, malformed_json())
    if status >= 500:
        log.error("%s on %s %s: %s", status, request.method, request.url.path, exc.detail, exc_info=exc)
    return problem_response(request, status, code, title, detail, headers=exc.headers)


def handle_outage(request: Request, exc: Exception) -> Response[bytes]:
    """PostgreSQL or Redis is briefly away: the client may simply try again (the PWA does, on its own)."""
    log.warning("%s %s: a server we depend on is unreachable: %r", request.method, request.url.path, exc)
    return problem_response(
        request,
        503,
        "service_unavailable",
        _BY_STATUS[503][1],
        Text(
            "Hệ thống đang gián đoạn trong giây lát; dữ liệu bạn đã lưu không bị mất. Hãy thử lại sau vài giây.",
            "The system is interrupted for a moment; nothing you saved is lost. Please try again in a few seconds.",
        ),
        headers={"retry-after": str(RETRY_AFTER_S)},
    )


def handle_storage_unavailable(request: Request, exc: StorageUnavailable) -> Response[bytes]:
    """The object store is away: nothing was recorded (objects are written before the rows naming them)."""
    log.warning("%s %s: the object store is unreachable: %s", request.method, request.url.path, exc)
    return problem_response(
        request,
        503,
        "storage_unavailable",
        Text("Kho lưu trữ tạm thời gián đoạn", "File storage briefly unavailable"),
        Text(
            "Kho lưu trữ tạm thời gián đoạn, hãy thử lại sau ít phút. Dữ liệu bạn đã lưu không bị mất.",
            "File storage is briefly unavailable; please try again in a few minutes. Nothing you saved is lost.",
        ),
        headers={"retry-after": str(RETRY_AFTER_S)},
    )


def handle_unexpected(request: Request, exc: Exception) -> Response[bytes]:
    if is_outage(exc):
        return handle_outage(request, exc)
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return problem_response(
        request,
        500,
        "internal_error",
        Text("Đã có lỗi hệ thống", "System error"),
        Text(
            "Hệ thống gặp sự cố ngoài ý muốn; dữ liệu bạn đã lưu không bị mất. "
            "Hãy thử lại sau ít phút và báo mã yêu cầu nếu lỗi lặp lại.",
            "Something unexpected went wrong; nothing you saved is lost. "
            "Please try again in a few minutes, and give the request id if it happens again.",
        ),
    )


EXCEPTION_HANDLERS = {
    Problem: handle_problem,
    ValidationException: handle_validation,
    HTTPException: handle_http,
    StorageUnavailable: handle_storage_unavailable,
    Exception: handle_unexpected,
}

"""RFC 9457 problem details for every error, with a stable `code` and Vietnamese copy."""

from __future__ import annotations

import logging
import re
import uuid
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import (
    ClientException,
    HTTPException,
    SerializationException,
    ValidationException,
)

from backend.observability import current_request_id
from backend.outages import RETRY_AFTER_S, is_outage

log = logging.getLogger("backend.errors")

PROBLEM_MEDIA_TYPE = "application/problem+json"


class Problem(Exception):
    """An error a person can act on. Raise it from services; it becomes problem+json."""

    def __init__(
        self,
        status: int,
        code: str,
        title: str,
        detail: str,
        *,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(f"{code}: {detail}")
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.headers = headers or {}
        self.extra = extra


class FieldError(msgspec.Struct):
    field: str
    message: str


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


# Generic Vietnamese copy for statuses raised by the framework itself.
_BY_STATUS: dict[int, tuple[str, str, str]] = {
    400: ("bad_request", "Yêu cầu không hợp lệ", "Yêu cầu gửi lên không đúng định dạng. Hãy thử lại."),
    401: ("unauthenticated", "Cần đăng nhập", "Bạn cần đăng nhập để tiếp tục."),
    403: ("forbidden", "Không có quyền", "Bạn không có quyền thực hiện thao tác này."),
    404: (
        "not_found",
        "Không tìm thấy",
        "Không có trang hoặc dữ liệu nào ở địa chỉ này. Hãy kiểm tra lại đường dẫn.",
    ),
    405: (
        "method_not_allowed",
        "Thao tác không được hỗ trợ",
        "Địa chỉ này không hỗ trợ thao tác vừa gửi.",
    ),
    409: ("conflict", "Xung đột dữ liệu", "Dữ liệu đã thay đổi. Hãy tải lại và thử lại."),
    413: (
        "payload_too_large",
        "Dữ liệu quá lớn",
        "Dữ liệu gửi lên vượt quá giới hạn. Mỗi trang ảnh tối đa 15 MB: hãy chụp lại hoặc chọn ảnh nhỏ hơn.",
    ),
    415: (
        "unsupported_media_type",
        "Định dạng không được hỗ trợ",
        "Định dạng dữ liệu gửi lên không được hỗ trợ.",
    ),
    429: (
        "too_many_requests",
        "Quá nhiều yêu cầu",
        "Bạn đã thử quá nhiều lần. Hãy đợi một lúc rồi thử lại.",
    ),
    503: (
        "service_unavailable",
        "Dịch vụ tạm thời gián đoạn",
        "Hệ thống đang bận hoặc bảo trì. Hãy thử lại sau ít phút.",
    ),
}

# msgspec's validation messages, in words a citizen can act on.
_MESSAGE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"Expected `int`.*"), "phải là một số nguyên"),
    (re.compile(r"Expected `(float|number)`.*"), "phải là một số"),
    (re.compile(r"Expected `str`.*"), "phải là chữ"),
    (re.compile(r"Expected `bool`.*"), "phải là đúng/sai"),
    (re.compile(r"Expected `object`.*"), "phải là một đối tượng JSON"),
    (re.compile(r"Expected `array`.*"), "phải là một danh sách"),
    (re.compile(r"Expected `int` >= (\S+)"), r"phải lớn hơn hoặc bằng \1"),
    (re.compile(r"Expected `int` <= (\S+)"), r"phải nhỏ hơn hoặc bằng \1"),
    (re.compile(r"Expected `str` of length >= (\d+)"), r"phải có ít nhất \1 ký tự"),
    (re.compile(r"Expected `str` of length <= (\d+)"), r"không được dài quá \1 ký tự"),
    (re.compile(r"Object missing required field `([^`]+)`"), r"thiếu thông tin bắt buộc `\1`"),
    (re.compile(r"Expected `str` matching regex"), "không đúng định dạng"),
    (re.compile(r"Invalid enum value (.*)"), r"giá trị \1 không nằm trong danh sách cho phép"),
    (re.compile(r"Invalid RFC3339 encoded (date|datetime).*"), "phải là ngày hợp lệ (yyyy-mm-dd)"),
    (re.compile(r"Invalid UUID.*"), "phải là mã định danh hợp lệ"),
]


def malformed_json() -> Problem:
    return Problem(
        400,
        "malformed_json",
        "Dữ liệu gửi lên bị lỗi",
        "Nội dung gửi lên không phải JSON hợp lệ. Hãy tải lại trang và thử lại.",
    )


def vietnamese_message(message: str) -> str:
    # Bounds first: they are more specific than the bare type patterns.
    for pattern, replacement in sorted(_MESSAGE_PATTERNS, key=lambda p: -len(p[0].pattern)):
        match = pattern.match(message)
        if match:
            return match.expand(replacement)
    return "có giá trị không hợp lệ"


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
    title: str,
    detail: str,
    *,
    headers: dict[str, str] | None = None,
    errors: list[FieldError] | None = None,
    **extra: Any,
) -> Response[bytes]:
    # Unmatched routes fail before the request-id middleware runs; give them an id too.
    request_id = current_request_id() or uuid.uuid4().hex
    body = msgspec.structs.asdict(
        ProblemDetails(
            type=f"https://motcua.gov.vn/problems/{code}",
            title=title,
            status=status,
            detail=detail,
            code=code,
            instance=request.url.path if request is not None else None,
            request_id=request_id,
            errors=errors,
        )
    )
    body = {k: v for k, v in body.items() if v is not None} | extra
    return Response(
        content=msgspec.json.encode(body),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers={**(headers or {}), "x-request-id": request_id},
    )


def handle_problem(request: Request, exc: Problem) -> Response[bytes]:
    return problem_response(
        request, exc.status, exc.code, exc.title, exc.detail, headers=exc.headers, **exc.extra
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


def _field_errors(request: Request, exc: ValidationException) -> list[FieldError]:
    if missing := _MISSING_PARAMETER.match(str(exc.detail)):
        return [FieldError(field=missing.group(1), message="là thông tin bắt buộc")]
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
        errors.append(FieldError(field=field or "body", message=vietnamese_message(message)))
    return errors


def handle_validation(request: Request, exc: ValidationException) -> Response[bytes]:
    errors = _field_errors(request, exc)
    detail = "; ".join(f"`{e.field}` {e.message}" for e in errors) or "Dữ liệu gửi lên không hợp lệ."
    return problem_response(
        request,
        422,
        "validation_error",
        "Thông tin chưa hợp lệ",
        f"Hãy sửa lại rồi gửi lại: {detail}.",
        errors=errors,
    )


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
        "Dịch vụ tạm thời gián đoạn",
        "Hệ thống đang gián đoạn trong giây lát; dữ liệu bạn đã lưu không bị mất. Hãy thử lại sau vài giây.",
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
        "Đã có lỗi hệ thống",
        "Hệ thống gặp sự cố ngoài ý muốn; dữ liệu bạn đã lưu không bị mất. "
        "Hãy thử lại sau ít phút và báo mã yêu cầu nếu lỗi lặp lại.",
    )


EXCEPTION_HANDLERS = {
    Problem: handle_problem,
    ValidationException: handle_validation,
    HTTPException: handle_http,
    Exception: handle_unexpected,
}

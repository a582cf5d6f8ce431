"""Who is calling, and may they? Conventions every domain follows:

1. **Every route is public or guarded.** A public route is listed in `PUBLIC_ROUTES` in
   tests/accounts/test_authorization_matrix.py (health, config, catalogue reads, sign-in, …).
   Any other route carries one of these guards (on the handler or its controller), otherwise the
   authorisation matrix test fails:
       guards=[require_citizen]                    # a signed-in citizen
       guards=[require_staff(Role.RECEPTION_OFFICER, Role.LEADER)]   # staff with one of these roles
       guards=[require_staff()]                    # any staff member
       guards=[require_signed_in]                  # anyone signed in (citizen or staff)
   Guards answer 401 `unauthenticated` without a live session, 401 `second_factor_required` for a
   staff session opened by the password alone (its second factor still pending), 403 `wrong_role` for
   the wrong kind of account, and 403 `csrf_failed` for a cookie-authenticated write without a matching
   `X-CSRF-Token` header (see backend/accounts/sessions.py).

2. **Handlers get the caller as `current_user: CurrentUser`** (an app-level named dependency;
   only valid behind a guard). It is a `Principal`: kind, id, role, agency_code, team_code.

3. **Object-level checks live in the service**, after loading the object, with `deny_unless`:
       deny_unless(allowed=dossier.citizen_id == user.id, may_know_it_exists=False)
   An object the caller may not know exists answers 404 (another citizen's dossier: its very
   existence is personal data); an object they may know of but not touch answers 403 (a dossier of
   their own agency that is assigned to a colleague). When in doubt, 404. Never return a partial body.

4. **Staff reads and writes of a dossier are audited** with `backend.accounts.audit.record(...)`.

5. **Acting for a citizen.** A volunteer or reception officer holding an acting-for grant (issued by the
   volunteers domain after the person's consent) sends its token in `X-Acting-For` beside their own staff session.
   Only on routes marked `opt={ACTING_FOR: True}` (the citizen filing routes) does the caller then become the
   citizen, with `acting_staff_id` set: the dossier rules stay the citizen's, and the dossiers domain narrows what
   such a caller may open to the drafts of their grant. Elsewhere the header is ignored. A grant that ended (the
   dossier was submitted) or expired answers 403 `acting_grant_ended`.

6. **Staff sign in with two factors.** The password opens a short session with its second factor pending;
   every guard above refuses it (401 `second_factor_required`) except `require_second_factor_pending`, which
   guards only the routes that complete it (a TOTP code, a recovery code, the first enrolment).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Literal, TypeAlias
from uuid import UUID

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.di import NamedDependency
from litestar.handlers.base import BaseRouteHandler
from litestar.types import Scope

from backend.accounts import queries, sessions
from backend.accounts.schemas import STAFF_ROLES, Role
from backend.errors import Problem
from backend.i18n import Text
from backend.settings import Settings

_PRINCIPAL_KEY = "motcua.principal"
ACTING_FOR = "acting_for"  # route opt: the route serves a staff member acting for a citizen
ACTING_HEADER = "x-acting-for"


@dataclass(frozen=True)
class Principal:
    kind: Literal["citizen", "staff"]
    id: UUID
    # Role.CITIZEN for citizens, so audit rows always say in what capacity someone acted.
    role: Role
    # The phone (citizens) or username (staff): what the person signs in with.
    label: str
    display_name: str | None
    language: str = "vi"
    agency_code: str | None = None
    team_code: str | None = None
    session_hash: bytes = b""
    # Set when a staff member acts for this citizen under a grant (see 5. above).
    acting_staff_id: UUID | None = None
    acting_staff_role: Role | None = None
    acting_grant_id: UUID | None = None
    # A staff session opened by the password alone: it may only complete the second factor (6.).
    second_factor_pending: bool = False

    @property
    def is_citizen(self) -> bool:
        return self.kind == "citizen"

    def has_role(self, *roles: Role) -> bool:
        return self.kind == "staff" and self.role in roles


CurrentUser: TypeAlias = NamedDependency[Principal]

Guard: TypeAlias = Callable[[ASGIConnection, BaseRouteHandler], Awaitable[None]]


def unauthenticated() -> Problem:
    return Problem(
        401, "unauthenticated", Text("Cần đăng nhập", "Sign-in needed"), Text("Bạn cần đăng nhập để tiếp tục.", "Please sign in to continue.")
    )


def wrong_role() -> Problem:
    return Problem(
        403, "wrong_role", Text("Không có quyền", "Not allowed"),
        Text("Tài khoản của bạn không có quyền thực hiện thao tác này.", "Your account is not allowed to do this."),
    )


def not_found() -> Problem:
    return Problem(
        404, "not_found", Text("Không tìm thấy", "Not found"), Text("Không tìm thấy dữ liệu bạn yêu cầu.", "What you asked for was not found.")
    )


def deny_unless(allowed: bool, *, may_know_it_exists: bool) -> None:
    """Object-level check: 404 when the caller may not know the object exists, otherwise 403."""
    if allowed:
        return
    if may_know_it_exists:
        raise wrong_role()
    raise not_found()


def _principal_from_row(row) -> Principal:
    if row["citizen_id"] is not None:
        return Principal(
            kind="citizen",
            id=row["citizen_id"],
            role=Role.CITIZEN,
            label=row["phone"],
            display_name=row["citizen_name"],
            language=row["language"],
            session_hash=row["token_hash"],
        )
    return Principal(
        kind="staff",
        id=row["staff_id"],
        role=Role(row["role"]),
        label=row["username"],
        display_name=row["staff_name"],
        agency_code=row["agency_code"],
        team_code=row["team_code"],
        session_hash=row["token_hash"],
        second_factor_pending=row["second_factor_pending"],
    )


def second_factor_required() -> Problem:
    return Problem(
        401, "second_factor_required", Text("Cần mã xác thực", "Verification code needed"),
        Text(
            "Hãy nhập mã 6 số trong ứng dụng xác thực (hoặc một mã khôi phục) để hoàn tất đăng nhập.",
            "Enter the 6-digit code from your authenticator app (or a recovery code) to finish signing in.",
        ),
    )


def second_factor_not_pending() -> Problem:
    return Problem(
        403, "second_factor_not_pending", Text("Không cần mã xác thực", "No verification code is needed"),
        Text(
            "Phiên này không chờ mã xác thực. Hãy đăng nhập lại bằng tên đăng nhập và mật khẩu.",
            "This session is not waiting for a verification code. Sign in again with your username and password.",
        ),
    )


def acting_grant_ended() -> Problem:
    return Problem(
        403, "acting_grant_ended", Text("Đã hết quyền nộp thay", "Filing on their behalf has ended"),
        Text(
            "Quyền nộp hồ sơ thay cho người này đã kết thúc (hồ sơ đã được nộp hoặc đã quá thời gian). "
            "Xem trạng thái ở mục “Hồ sơ hôm nay”, hoặc bắt đầu giúp lại nếu người đó đồng ý.",
            "Filing for this person has ended (the dossier was submitted, or the time ran out). See its status under "
            "“Today's dossiers”, or start helping again if the person agrees.",
        ),
    )


async def _acting_for(connection: ASGIConnection, staff: Principal, token: str) -> Principal:
    """The citizen a staff member acts for under the grant with this token; 403 when it is not theirs or ended."""
    if staff.role not in (Role.VOLUNTEER, Role.RECEPTION_OFFICER):
        raise wrong_role()
    grant = await queries.acting_grant(connection.app.state.db, sessions.token_hash(token), staff.id)
    if grant is None or not grant["live"]:
        raise acting_grant_ended()
    return Principal(
        kind="citizen",
        id=grant["citizen_id"],
        role=Role.CITIZEN,
        label=grant["phone"] or "",
        display_name=grant["full_name"],
        language=grant["language"],
        session_hash=staff.session_hash,
        acting_staff_id=staff.id,
        acting_staff_role=staff.role,
        acting_grant_id=grant["id"],
    )


def _serves_acting(connection: ASGIConnection) -> bool:
    handler = connection.scope.get("route_handler")
    return bool(handler and handler.opt.get(ACTING_FOR))


async def _slide(connection: ASGIConnection, settings: Settings, row, token: str) -> None:
    if not row["sliding"]:
        return
    if datetime.now(timezone.utc) - row["last_seen_at"] < sessions.SLIDE_EVERY:
        return
    await queries.extend_session(connection.app.state.db, row["token_hash"], sessions.CITIZEN_LIFETIME)
    sessions.ask_cookie_refresh(connection.scope, token, sessions.CITIZEN_LIFETIME)


async def authenticate(connection: ASGIConnection) -> Principal | None:
    """The caller behind the session cookie, or None. Enforces CSRF on unsafe methods. Cached per request."""
    scope_state = connection.scope.setdefault("state", {})  # type: ignore[typeddict-item]
    if _PRINCIPAL_KEY in scope_state:
        return scope_state[_PRINCIPAL_KEY]
    settings: Settings = connection.app.state.settings
    token = connection.cookies.get(sessions.SESSION_COOKIE)
    principal = None
    if token:
        row = await queries.live_session(connection.app.state.db, sessions.token_hash(token))
        if row is not None:
            method = connection.scope.get("method", "GET")
            if method not in sessions.SAFE_METHODS and not sessions.csrf_matches(
                settings, token, connection.headers.get(sessions.CSRF_HEADER)
            ):
                raise Problem(
                    403,
                    "csrf_failed",
                    Text("Yêu cầu không hợp lệ", "Invalid request"),
                    Text(
                        "Phiên làm việc không khớp. Hãy tải lại trang rồi thử lại.",
                        "Your session does not match. Please reload the page and try again.",
                    ),
                )
            await _slide(connection, settings, row, token)
            principal = _principal_from_row(row)
            acting = connection.headers.get(ACTING_HEADER)
            if acting and principal.kind == "staff" and _serves_acting(connection):
                principal = await _acting_for(connection, principal, acting)
    scope_state[_PRINCIPAL_KEY] = principal
    return principal


def principal_in(scope: Scope) -> Principal | None:
    return scope.get("state", {}).get(_PRINCIPAL_KEY)  # type: ignore[union-attr]


async def _fully_signed_in(connection: ASGIConnection) -> Principal:
    principal = await authenticate(connection)
    if principal is None:
        raise unauthenticated()
    if principal.second_factor_pending:
        raise second_factor_required()
    return principal


async def require_signed_in(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    await _fully_signed_in(connection)


async def require_citizen(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    principal = await _fully_signed_in(connection)
    if not principal.is_citizen:
        raise wrong_role()


def require_staff(*roles: Role) -> Guard:
    """A guard letting through staff with one of `roles` (any staff member when none are given)."""
    unknown = set(roles) - set(STAFF_ROLES)
    if unknown:
        raise ValueError(f"unknown role(s): {sorted(unknown)}")
    allowed = frozenset(roles or STAFF_ROLES)

    async def guard(connection: ASGIConnection, _: BaseRouteHandler) -> None:
        principal = await _fully_signed_in(connection)
        if principal.kind != "staff" or principal.role not in allowed:
            raise wrong_role()

    guard.allowed_roles = allowed  # type: ignore[attr-defined]  # read by the authorisation matrix test
    guard.__name__ = f"require_staff({', '.join(sorted(allowed))})"
    return guard


async def require_second_factor_pending(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    """Only a staff session opened by the password, whose second factor is still to come."""
    principal = await authenticate(connection)
    if principal is None:
        raise unauthenticated()
    if not principal.second_factor_pending:
        raise second_factor_not_pending()


# What each guard lets through, for the authorisation matrix test.
require_citizen.allowed_roles = frozenset({Role.CITIZEN})  # type: ignore[attr-defined]
require_signed_in.allowed_roles = frozenset(Role)  # type: ignore[attr-defined]
# No fully signed-in caller: only a session halfway through the staff sign-in.
require_second_factor_pending.allowed_roles = frozenset()  # type: ignore[attr-defined]


def provide_current_user(request: Request) -> Principal:
    """The `current_user` dependency. Only valid behind one of the guards above."""
    principal = principal_in(request.scope)
    if principal is None:
        # A handler asked for the user without a guard: fail closed rather than act anonymously.
        raise unauthenticated()
    return principal

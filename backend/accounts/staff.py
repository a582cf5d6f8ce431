"""Staff accounts, managed by the admin: list, create, change role or desk, disable, reset a password.

The admin never chooses nor sees a password: creating an account and resetting its password both hand over a
one-time link, with which the person chooses their own. Every change is audited with what it was before.
"""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import asyncpg
from redis.asyncio import Redis

from backend.accounts import audit, limits, queries, sessions
from backend.accounts.audit import Origin
from backend.accounts.guards import Principal
from backend.accounts.identity import invalid, normalize_phone
from backend.accounts.schemas import (
    NewPassword,
    PasswordLink,
    PasswordLinkOwner,
    PASSWORD_MIN_LENGTH,
    Role,
    StaffChange,
    StaffCreated,
    StaffInput,
    StaffMember,
    StaffPage,
    StaffTeam,
    TEAM_ROLES,
)
from backend.accounts.service import hash_password
from backend.cursors import decode_cursor, encode_cursor
from backend.errors import Problem
from backend.i18n import Text
from backend.ids import new_id
from backend.settings import Settings

PASSWORD_LINK_LIFETIME = timedelta(hours=72)
PASSWORD_LINK_ROUTE = "#/can-bo/dat-mat-khau/"


def _staff_not_found() -> Problem:
    return Problem(
        404, "not_found", Text("Không tìm thấy", "Not found"),
        Text("Không tìm thấy cán bộ này.", "This staff member was not found."),
    )


def _staff_member(row: asyncpg.Record) -> StaffMember:
    return StaffMember(**dict(row))


def _snapshot(row: asyncpg.Record) -> dict[str, object]:
    """What an audit row keeps of an account before and after a change."""
    return {k: row[k] for k in ("full_name", "role", "agency_code", "team_code", "phone", "active")}


async def staff_page(
    db: asyncpg.Pool, *, q: str | None, role: str | None, after: str | None, limit: int
) -> StaffPage:
    cursor = decode_cursor(after, tuple[str, UUID])
    text = " ".join(q.split()) if q and q.strip() else None
    rows = await queries.staff_page(db, q=text, role=role, after=cursor, limit=limit + 1)
    items = [_staff_member(r) for r in rows[:limit]]
    return StaffPage(
        items=items, next=encode_cursor(items[-1].full_name, items[-1].id) if len(rows) > limit else None
    )


async def staff_member(db: asyncpg.Pool, staff_id: UUID) -> StaffMember:
    row = await queries.staff_member(db, staff_id)
    if row is None:
        raise _staff_not_found()
    return _staff_member(row)


async def staff_teams(db: asyncpg.Pool) -> list[StaffTeam]:
    return [StaffTeam(code=r["code"], name=r["name"], kind=r["kind"]) for r in await queries.teams(db)]


async def _checked_unit(
    conn: asyncpg.Connection, role: str, agency_code: str | None, team_code: str | None
) -> tuple[str | None, str | None]:
    """The agency or team the role needs (the table's rule), each one that exists."""
    agency_code = (agency_code or "").strip() or None
    team_code = (team_code or "").strip() or None
    if Role(role) in TEAM_ROLES:
        if team_code is None or agency_code is not None:
            raise invalid(
                "team_code",
                Text(
                    "Bưu tá và tình nguyện viên thuộc một đội: hãy chọn đội, không chọn cơ quan.",
                    "Couriers and volunteers belong to a team: choose a team, not an agency.",
                ),
                "unit_mismatch",
            )
        if not await queries.team_exists(conn, team_code):
            raise invalid(
                "team_code",
                Text("Đội đã chọn không có trong danh sách.", "The chosen team is not in the list."),
                "unknown_team",
            )
        return None, team_code
    if agency_code is None or team_code is not None:
        raise invalid(
            "agency_code",
            Text(
                "Cán bộ tiếp nhận, chuyên viên, lãnh đạo và quản trị viên thuộc một cơ quan: hãy chọn cơ quan "
                "(với cán bộ tiếp nhận là bộ phận một cửa của họ), không chọn đội.",
                "Reception officers, specialists, leaders and administrators belong to an agency: choose an agency "
                "(for a reception officer, their one-stop desk), not a team.",
            ),
            "unit_mismatch",
        )
    if not await queries.agency_exists(conn, agency_code):
        raise invalid(
            "agency_code",
            Text("Cơ quan đã chọn không có trong danh mục.", "The chosen agency is not in the list."),
            "unknown_agency",
        )
    return agency_code, None


def _staff_phone(phone: str | None) -> str | None:
    return normalize_phone(phone) if phone and phone.strip() else None


def _name(full_name: str) -> str:
    name = " ".join(full_name.split()) or None
    if name is None:
        raise invalid("full_name", Text("Hãy nhập họ và tên.", "Enter the full name."), "invalid_name")
    return name


async def _issue_password_link(conn: asyncpg.Connection, admin: Principal, staff_id: UUID) -> PasswordLink:
    token = sessions.new_token()
    expires_at = await queries.insert_password_link(
        conn, new_id(), staff_id, sessions.token_hash(token), admin.id, PASSWORD_LINK_LIFETIME
    )
    return PasswordLink(token=token, path=PASSWORD_LINK_ROUTE + token, expires_at=expires_at)


async def create_staff(db: asyncpg.Pool, admin: Principal, data: StaffInput, origin: Origin) -> StaffCreated:
    username = data.username.strip().lower()
    full_name = _name(data.full_name)
    phone = _staff_phone(data.phone)
    staff_id = new_id()
    async with db.acquire() as conn, conn.transaction():
        agency_code, team_code = await _checked_unit(conn, data.role, data.agency_code, data.team_code)
        if not await queries.insert_staff(
            conn, staff_id, username=username, full_name=full_name, role=data.role, agency_code=agency_code,
            team_code=team_code, phone=phone,
        ):
            raise Problem(
                409, "username_taken", Text("Tên đăng nhập đã có người dùng", "Username taken"),
                Text(
                    f"Tên đăng nhập “{username}” đã có người dùng. Hãy chọn tên khác, ví dụ thêm chữ số.",
                    f"The username “{username}” is taken. Choose another, e.g. add a digit.",
                ),
            )
        link = await _issue_password_link(conn, admin, staff_id)
        row = await queries.staff_member(conn, staff_id)
        await audit.record(
            conn, admin, "staff.created", origin, object_type="staff", object_id=staff_id,
            detail={"username": username, "after": _snapshot(row), "password_link_expires_at": link.expires_at.isoformat()},
        )
    return StaffCreated(staff=_staff_member(row), password_link=link)


async def _locked_staff(conn: asyncpg.Connection, staff_id: UUID) -> asyncpg.Record:
    row = await queries.staff_member(conn, staff_id)
    if row is None:
        raise _staff_not_found()
    return row


def _refuse_own(code: str, detail: Text) -> Problem:
    return Problem(409, code, Text("Không thể tự thay đổi", "Not on your own account"), detail)


async def change_staff(
    db: asyncpg.Pool, admin: Principal, staff_id: UUID, data: StaffChange, origin: Origin
) -> StaffMember:
    full_name = _name(data.full_name)
    phone = _staff_phone(data.phone)
    async with db.acquire() as conn, conn.transaction():
        before = await _locked_staff(conn, staff_id)
        if staff_id == admin.id and data.role != Role.ADMIN:
            raise _refuse_own(
                "cannot_change_own_role",
                Text(
                    "Bạn không thể tự bỏ vai trò quản trị của mình. Hãy nhờ một quản trị viên khác.",
                    "You cannot take the administrator role from your own account. Ask another administrator.",
                ),
            )
        agency_code, team_code = await _checked_unit(conn, data.role, data.agency_code, data.team_code)
        await queries.update_staff(
            conn, staff_id, full_name=full_name, role=data.role, agency_code=agency_code, team_code=team_code,
            phone=phone,
        )
        after = await queries.staff_member(conn, staff_id)
        await audit.record(
            conn, admin, "staff.updated", origin, object_type="staff", object_id=staff_id,
            detail={"username": before["username"], "before": _snapshot(before), "after": _snapshot(after)},
        )
    return _staff_member(after)


async def set_staff_active(
    db: asyncpg.Pool, admin: Principal, staff_id: UUID, active: bool, origin: Origin
) -> StaffMember:
    """Disabling ends the person's sessions at once and kills their set-password link; enabling lets them sign in
    again with their password (or the admin resets it)."""
    async with db.acquire() as conn, conn.transaction():
        before = await _locked_staff(conn, staff_id)
        if not active and staff_id == admin.id:
            raise _refuse_own(
                "cannot_disable_yourself",
                Text(
                    "Bạn không thể tự khoá tài khoản của mình. Hãy nhờ một quản trị viên khác.",
                    "You cannot disable your own account. Ask another administrator.",
                ),
            )
        await queries.set_staff_active(conn, staff_id, active)
        if not active:
            await queries.revoke_staff_sessions(conn, staff_id)
            await queries.retire_password_links(conn, staff_id)
        await audit.record(
            conn, admin, "staff.enabled" if active else "staff.disabled", origin, object_type="staff",
            object_id=staff_id, detail={"username": before["username"], "before": {"active": before["active"]},
                                        "after": {"active": active}},
        )
        after = await queries.staff_member(conn, staff_id)
    return _staff_member(after)


async def reset_password(db: asyncpg.Pool, admin: Principal, staff_id: UUID, origin: Origin) -> PasswordLink:
    """The old password stops working and the person's sessions end; the new link lets them choose another."""
    async with db.acquire() as conn, conn.transaction():
        staff = await _locked_staff(conn, staff_id)
        if not staff["active"]:
            raise Problem(
                409, "staff_disabled", Text("Tài khoản đang bị khoá", "The account is disabled"),
                Text(
                    "Tài khoản này đang bị khoá. Hãy mở lại tài khoản trước khi đặt lại mật khẩu.",
                    "This account is disabled. Enable it before resetting its password.",
                ),
            )
        await queries.clear_password(conn, staff_id)
        await queries.revoke_staff_sessions(conn, staff_id)
        link = await _issue_password_link(conn, admin, staff_id)
        await audit.record(
            conn, admin, "staff.password_reset", origin, object_type="staff", object_id=staff_id,
            detail={"username": staff["username"], "password_link_expires_at": link.expires_at.isoformat()},
        )
    return link


def _link_problem(code: str, detail: Text) -> Problem:
    return Problem(400, code, Text("Liên kết đặt mật khẩu không dùng được", "The set-password link cannot be used"), detail)


_ASK_ADMIN = Text(
    "Hãy nhờ quản trị viên gửi liên kết mới.", "Ask the administrator for a new link."
)


async def _live_link(db: asyncpg.Pool, redis: Redis, settings: Settings, token: str, origin: Origin) -> asyncpg.Record:
    await limits.hit(redis, settings.redis_prefix, limits.PASSWORD_LINKS_PER_IP, origin.rate_key, limits.TRIED_TOO_OFTEN)
    link = await queries.password_link(db, sessions.token_hash(token))
    if link is None or not link["active"]:
        raise _link_problem(
            "password_link_invalid",
            Text(f"Liên kết này không đúng hoặc không còn dùng được. {_ASK_ADMIN.vi}",
                 f"This link is not right or can no longer be used. {_ASK_ADMIN.en}"),
        )
    if link["used_at"] is not None or link["retired_at"] is not None:
        raise _link_problem(
            "password_link_used",
            Text(f"Liên kết này đã được dùng, hoặc đã có liên kết mới hơn thay thế. {_ASK_ADMIN.vi}",
                 f"This link was already used, or a newer link replaced it. {_ASK_ADMIN.en}"),
        )
    if link["expired"]:
        raise _link_problem(
            "password_link_expired",
            Text(f"Liên kết này đã hết hạn sau 72 giờ. {_ASK_ADMIN.vi}",
                 f"This link expired after 72 hours. {_ASK_ADMIN.en}"),
        )
    return link


async def password_link_owner(
    db: asyncpg.Pool, redis: Redis, settings: Settings, token: str, origin: Origin
) -> PasswordLinkOwner:
    link = await _live_link(db, redis, settings, token, origin)
    return PasswordLinkOwner(username=link["username"], full_name=link["full_name"], expires_at=link["expires_at"])


async def set_own_password(
    db: asyncpg.Pool, redis: Redis, settings: Settings, data: NewPassword, origin: Origin
) -> None:
    """The person behind a live link chooses their password; the link dies, and any session of theirs ends."""
    link = await _live_link(db, redis, settings, data.token, origin)
    password = data.password
    if len(password.strip()) < PASSWORD_MIN_LENGTH or link["username"] in password.lower():
        raise invalid(
            "password",
            Text(
                f"Mật khẩu cần ít nhất {PASSWORD_MIN_LENGTH} ký tự (không tính khoảng trắng ở hai đầu) và không "
                "chứa tên đăng nhập.",
                f"The password needs at least {PASSWORD_MIN_LENGTH} characters (not counting spaces at either end) "
                "and must not contain the username.",
            ),
            "password_too_weak",
        )
    password_hash = await hash_password(password)
    async with db.acquire() as conn, conn.transaction():
        if not await queries.use_password_link(conn, link["id"]):
            raise _link_problem(
                "password_link_used",
                Text(f"Liên kết này vừa được dùng. {_ASK_ADMIN.vi}", f"This link was just used. {_ASK_ADMIN.en}"),
            )
        await queries.set_password_hash(conn, link["staff_id"], password_hash)
        await queries.revoke_staff_sessions(conn, link["staff_id"])
        await audit.record(
            conn, None, "staff.password_set", origin, object_type="staff", object_id=link["staff_id"],
            actor_label=link["username"],
        )
    await limits.clear_failures(redis, settings.redis_prefix, link["username"])

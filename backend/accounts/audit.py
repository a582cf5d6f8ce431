"""The audit log: who did what to which object, when and from where (Decree 13/2023 on personal data).

Later domains call `record(...)` for every staff read or write of a dossier, e.g.

    await audit.record(db, user, "dossier.read", Origin.of(request), object_type="dossier", object_id=dossier_id)

in the same transaction as the write when there is one (pass the connection, not the pool).
The table refuses UPDATE, DELETE and TRUNCATE (a trigger raises), so entries cannot be rewritten.
"""

from __future__ import annotations

import csv
import io
import ipaddress
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

import asyncpg
import msgspec
from litestar.connection import ASGIConnection

from backend import clock
from backend.accounts import queries
from backend.accounts.identity import normalize_phone
from backend.accounts.schemas import AuditEntry, AuditPage
from backend.cursors import decode_cursor, encode_cursor
from backend.errors import Problem
from backend.i18n import Text
from backend.ids import new_id

if TYPE_CHECKING:
    from backend.accounts.guards import Principal

_USER_AGENT_MAX = 300


@dataclass(frozen=True)
class Origin:
    """Where a request came from. Behind a reverse proxy, configure it to pass the client address
    to the ASGI server (granian's forwarded-allow-ips); we never trust X-Forwarded-For ourselves."""

    ip: str | None
    user_agent: str | None

    @classmethod
    def of(cls, connection: ASGIConnection) -> Origin:
        host = connection.client.host if connection.client else None
        try:
            ip = str(ipaddress.ip_address(host)) if host else None
        except ValueError:
            ip = None  # e.g. the test client's "testclient"
        agent = connection.headers.get("user-agent")
        return cls(ip=ip, user_agent=agent[:_USER_AGENT_MAX] if agent else None)

    @property
    def rate_key(self) -> str:
        return self.ip or "unknown"


async def record(
    conn: queries.Conn,
    actor: Principal | None,
    action: str,
    origin: Origin,
    *,
    object_type: str | None = None,
    object_id: UUID | str | None = None,
    actor_label: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Append one entry. `actor` None means an anonymous caller (e.g. a failed sign-in)."""
    await queries.insert_audit(
        conn,
        new_id(),
        {
            "actor_kind": actor.kind if actor else "anonymous",
            "actor_id": actor.id if actor else None,
            "actor_role": actor.role if actor else None,
            "actor_label": actor_label or (actor.label if actor else None),
            "action": action,
            "object_type": object_type,
            "object_id": str(object_id) if object_id is not None else None,
            "ip": origin.ip,
            "user_agent": origin.user_agent,
            "detail": detail,
        },
    )


# Reading the log: the admin's audit screen and its CSV


@dataclass(frozen=True)
class AuditFilter:
    """What the admin narrows the audit log to (every field optional): an object, a person by id or as typed
    (username, phone, part of a name), a dossier by code or id, an action or its prefix, Vietnam days."""

    object_type: str | None = None
    object_id: str | None = None
    actor_id: UUID | None = None
    actor: str | None = None
    dossier: str | None = None
    action: str | None = None
    first_day: date | None = None
    last_day: date | None = None

    def checked(self) -> AuditFilter:
        """Blank text is no filter; a phone is taken as people type it; a range must not end before it starts."""
        if self.first_day and self.last_day and self.first_day > self.last_day:
            raise Problem(
                422, "invalid_date_range", Text("Khoảng ngày không hợp lệ", "Invalid date range"),
                Text("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.", "The first day must not be after the last."),
            )
        actor = (self.actor or "").strip() or None
        if actor and _LOOKS_LIKE_PHONE.match(actor):
            try:
                actor = normalize_phone(actor)
            except Problem:
                pass  # not a mobile number after all: matched as typed
        return replace(
            self, actor=actor, dossier=(self.dossier or "").strip() or None, action=(self.action or "").strip() or None,
        )


_LOOKS_LIKE_PHONE = re.compile(r"^\+?[0-9 .]{9,}$")
AUDIT_CSV_BATCH = 500
_AUDIT_CSV_COLUMNS = [
    "Thời điểm", "Người thực hiện", "Tài khoản", "Vai trò", "Hành động", "Loại đối tượng", "Mã đối tượng",
    "Đối tượng", "Địa chỉ IP", "Trình duyệt", "Chi tiết",
]


def _audit_entry(row: asyncpg.Record) -> AuditEntry:
    fields = dict(row)
    fields["detail"] = msgspec.json.decode(fields["detail"] or "{}")
    return AuditEntry(**fields)


async def _audit_rows(db: asyncpg.Pool, where: AuditFilter, before: UUID | None, limit: int) -> list[asyncpg.Record]:
    return await queries.audit_page(
        db, object_type=where.object_type, object_id=where.object_id, actor_id=where.actor_id, before=before,
        limit=limit, dossier=where.dossier, actor=where.actor, action=where.action, first_day=where.first_day,
        last_day=where.last_day,
    )


async def audit_page(
    db: asyncpg.Pool,
    *,
    object_type: str | None,
    object_id: str | None,
    actor_id: UUID | None,
    before: str | None,
    limit: int,
    where: AuditFilter | None = None,
) -> AuditPage:
    (cursor,) = decode_cursor(before, tuple[UUID]) or (None,)
    where = replace(where or AuditFilter(), object_type=object_type, object_id=object_id, actor_id=actor_id).checked()
    rows = await _audit_rows(db, where, cursor, limit + 1)
    items = [_audit_entry(row) for row in rows[:limit]]
    return AuditPage(items=items, next=encode_cursor(items[-1].id) if len(rows) > limit else None)


def audit_csv(db: asyncpg.Pool, where: AuditFilter) -> AsyncIterator[str]:
    """The filtered log as CSV, newest first, streamed a batch at a time (each its own query, so no connection is held
    while the client reads): UTF-8 with a byte order mark so that Excel reads the diacritics; times in Vietnam."""
    where = where.checked()  # refused before the first byte, while an error can still be a problem+json

    async def lines() -> AsyncIterator[str]:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(_AUDIT_CSV_COLUMNS)
        yield "\ufeff" + out.getvalue()
        before = None
        while True:
            rows = await _audit_rows(db, where, before, AUDIT_CSV_BATCH)
            if not rows:
                return
            out.seek(0)
            out.truncate()
            for row in rows:
                entry = _audit_entry(row)
                writer.writerow([
                    entry.at.astimezone(clock.VIETNAM).strftime("%d/%m/%Y %H:%M:%S"), entry.actor_name or "",
                    entry.actor_label or "", entry.actor_role or "", entry.action, entry.object_type or "",
                    entry.object_id or "", entry.object_label or "", entry.ip or "", entry.user_agent or "",
                    msgspec.json.encode(entry.detail).decode() if entry.detail else "",
                ])
            yield out.getvalue()
            if len(rows) < AUDIT_CSV_BATCH:
                return
            before = rows[-1]["id"]

    return lines()

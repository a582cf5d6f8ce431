"""The audit log: who did what to which object, when and from where (Decree 13/2023 on personal data).

Later domains call `record(...)` for every staff read or write of a dossier, e.g.

    await audit.record(db, user, "dossier.read", Origin.of(request), object_type="dossier", object_id=dossier_id)

in the same transaction as the write when there is one (pass the connection, not the pool).
The table refuses UPDATE, DELETE and TRUNCATE (a trigger raises), so entries cannot be rewritten.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from litestar.connection import ASGIConnection

from backend.accounts import queries
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

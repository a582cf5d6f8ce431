from datetime import datetime
from typing import Literal
from uuid import UUID

import msgspec


class Health(msgspec.Struct):
    status: Literal["ok"]


class Readiness(msgspec.Struct):
    status: Literal["ready", "not_ready"]
    database: bool
    redis: bool
    migrations: bool
    pending_migrations: list[str]


class RuntimeConfig(msgspec.Struct):
    """What the PWA needs at run time; fetched, never baked into the precached page."""

    app_name: str
    environment: str
    version: str
    # The province whose one-stop centre this is (DEMO_PROVINCE_CODE): its communes are where
    # commune-level dossiers are filed, so the PWA keeps their list for offline filing.
    province_code: str


class Heartbeat(msgspec.Struct):
    id: UUID
    requested_at: datetime
    processed_at: datetime | None
    processed_by: str | None

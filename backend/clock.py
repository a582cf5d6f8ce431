"""The one time zone people live in: timestamps are stored in UTC, days are counted in Vietnam."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def today() -> date:
    """Today's date in Vietnam (a due date, a birth date, a dossier code's day)."""
    return datetime.now(VIETNAM).date()


def now() -> datetime:
    """The current instant, aware (UTC), as stored."""
    return datetime.now(UTC)


def dmy(day: str | date) -> str:
    """A day as people write it in Vietnam (and in the app, whatever its language): dd/mm/yyyy."""
    return f"{date.fromisoformat(day) if isinstance(day, str) else day:%d/%m/%Y}"

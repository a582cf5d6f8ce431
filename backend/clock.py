"""The one time zone people live in: timestamps are stored in UTC, days are counted in Vietnam."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def today() -> date:
    """Today's date in Vietnam (a due date, a birth date, a dossier code's day)."""
    return datetime.now(VIETNAM).date()

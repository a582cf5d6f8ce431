"""Demo accounts (development and test only): one per role in the demo province, and a citizen."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

import asyncpg
import pyotp

from backend.accounts import queries, second_factor
from backend.accounts.schemas import Role
from backend.accounts.service import hash_password, password_matches
from backend.agency_codes import commune_agency_code, department_code
from backend.ids import new_id
from backend.settings import Settings

log = logging.getLogger(__name__)

# The first commune's People's Committee; in the demo its desk receives for every commune of the
# province (backend/processing/demo.py), so a dossier filed in any commune finds an officer.
FIRST_COMMUNE = "commune"


@dataclass(frozen=True)
class DemoStaff:
    username: str
    password: str
    full_name: str
    role: Role
    # A department number of the demo province (`agency_codes.department_code`), FIRST_COMMUNE,
    # or None for staff of a team.
    agency: str | None = None
    team: str | None = None
    # How `just up` describes the account.
    label: str = ""


DEMO_CITIZEN_PHONE = "+84912345678"
DEMO_CITIZEN_NAME = "Nguyễn Văn An"
DEMO_CITIZEN_CCCD = "056090000123"  # Khánh Hòa (056), a man born in the 1900s (0), in 1990 (90)
DEMO_CITIZEN_BIRTH = date(1990, 5, 17)
DEMO_CITIZEN_STREET = "12 Trần Phú"
# Fixed because they exist only in demo data, which is never loaded in production.
DEMO_STAFF = (
    DemoStaff("tiepnhan", "demo-tiepnhan-2026", "Trần Thị Bình", Role.RECEPTION_OFFICER, agency="02"),
    DemoStaff("chuyenvien", "demo-chuyenvien-2026", "Lê Văn Cường", Role.SPECIALIST, agency="06"),
    DemoStaff("lanhdao", "demo-lanhdao-2026", "Phạm Thị Dung", Role.LEADER, agency="06"),
    DemoStaff("buuta", "demo-buuta-2026", "Hoàng Văn Em", Role.COURIER, team="BCCI"),
    DemoStaff("tinhnguyen", "demo-tinhnguyen-2026", "Vũ Thị Giang", Role.VOLUNTEER, team="DTN"),
    DemoStaff("quantri", "demo-quantri-2026", "Đỗ Văn Hùng", Role.ADMIN, agency="00"),
    DemoStaff(
        "tiepnhanxa", "demo-tiepnhanxa-2026", "Ngô Thị Hoa", Role.RECEPTION_OFFICER, agency=FIRST_COMMUNE,
        label="commune desk",
    ),
)


def demo_staff(username: str) -> DemoStaff:
    return next(account for account in DEMO_STAFF if account.username == username)


def team_code(settings: Settings, suffix: str) -> str:
    return f"{suffix}-H{int(settings.demo_province_code):02d}"


async def _seed_teams(conn: asyncpg.Connection, settings: Settings) -> None:
    unit = f"{int(settings.demo_province_code):02d}"
    province = await queries.admin_unit_name(conn, unit)
    centre = department_code(settings.demo_province_code, "02")
    await queries.upsert_team(conn, team_code(settings, "BCCI"), f"Bưu điện {province}", "postal_unit", unit, centre)
    await queries.upsert_team(
        conn, team_code(settings, "DTN"), f"Đội tình nguyện Đoàn Thanh niên {province}", "youth_union", unit, centre
    )


async def _demo_password_hash(conn: asyncpg.Connection, account: DemoStaff) -> str:
    """Keep the stored hash when it still matches, so seeding twice changes nothing."""
    staff = await queries.staff_by_username(conn, account.username)
    existing = staff["password_hash"] if staff else None
    if existing and await password_matches(existing, account.password):
        return existing
    return await hash_password(account.password)


def demo_authenticator_key(settings: Settings, username: str) -> str:
    """The demo account's TOTP key (base32), derived from SECRET_KEY: `just up` prints it for an authenticator app."""
    return second_factor.demo_secret(settings.signing_key, username)


def demo_code(settings: Settings, username: str) -> str:
    """The demo account's current 6-digit code (`just code USERNAME`), for a newcomer without an authenticator app."""
    return pyotp.TOTP(demo_authenticator_key(settings, username)).now()


async def _enrol_demo_authenticator(conn: asyncpg.Connection, settings: Settings, account: DemoStaff) -> None:
    staff = await queries.staff_by_username(conn, account.username)
    sealed = second_factor.encrypt(settings.signing_key, staff["id"], demo_authenticator_key(settings, account.username))
    await queries.enrol_demo_second_factor(conn, staff["id"], sealed)


async def commune_desk_code(conn: asyncpg.Connection, settings: Settings) -> str | None:
    """The agency of the demo commune desk (`tiepnhanxa`): the first commune's People's Committee."""
    province = settings.demo_province_code
    commune = await queries.first_commune(conn, f"{int(province):02d}")
    return commune_agency_code(province, int(commune)) if commune else None


async def _agency_code(conn: asyncpg.Connection, settings: Settings, account: DemoStaff) -> str | None:
    if account.agency == FIRST_COMMUNE:
        return await commune_desk_code(conn, settings)
    return department_code(settings.demo_province_code, account.agency) if account.agency else None


async def seed_accounts(conn: asyncpg.Connection, settings: Settings) -> None:
    """One account per role in the demo province. Never in production."""
    if settings.environment == "production":
        log.warning("demo accounts are not created in production")
        return
    await _seed_teams(conn, settings)
    for account in DEMO_STAFF:
        await queries.upsert_staff(
            conn, new_id(), username=account.username, full_name=account.full_name, role=account.role,
            agency_code=await _agency_code(conn, settings, account),
            team_code=team_code(settings, account.team) if account.team else None,
            password_hash=await _demo_password_hash(conn, account),
        )
        await _enrol_demo_authenticator(conn, settings, account)
    # A whole profile, with a commune of the demo province, so the demo can file straight away.
    province = f"{int(settings.demo_province_code):02d}"
    await queries.upsert_demo_citizen(
        conn, new_id(), DEMO_CITIZEN_PHONE, DEMO_CITIZEN_NAME, DEMO_CITIZEN_CCCD, DEMO_CITIZEN_BIRTH,
        province, await queries.first_commune(conn, province), DEMO_CITIZEN_STREET,
    )

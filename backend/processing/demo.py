"""The back office's demo data: who receives which dossiers in the demo province."""

from __future__ import annotations

import asyncpg

from backend.accounts.demo import commune_desk_code
from backend.agency_codes import department_code
from backend.processing import queries
from backend.settings import Settings

# What `just up` prints under the demo accounts: where each kind of dossier is received, and who processes it.
WHERE_DOSSIERS_GO = (
    "province-level (e.g. Cấp Phiếu lý lịch tư pháp): received by tiepnhan at the service centre desk",
    "  (Trung tâm Phục vụ hành chính công), which receives for every department; Sở Tư pháp's dossiers",
    "  are then processed by chuyenvien and approved by lanhdao (other departments have no demo officers)",
    "commune-level (e.g. Đăng ký khai sinh), in any commune of the province: received by tiepnhanxa at the",
    "  commune desk, which receives for every commune; same-day procedures (khai sinh, kết hôn, chứng thực)",
    "  are resolved on the spot there; the others wait for the commune's own specialists (no demo accounts)",
)


async def seed_processing(conn: asyncpg.Connection, settings: Settings) -> None:
    """Reception desks of the demo province: the service centre (department 02) receives the
    province-level dossiers of every department; the demo commune desk (the first commune's People's
    Committee, where `tiepnhanxa` works) receives for every commune's People's Committee, so a
    newcomer filing a commune-level procedure in any commune finds an officer. Demo only: a real
    province configures its own desks."""
    province = f"{int(settings.demo_province_code):02d}"
    await queries.seed_service_centre(conn, department_code(settings.demo_province_code, "02"), province)
    commune_desk = await commune_desk_code(conn, settings)
    if commune_desk and settings.environment != "production":
        await queries.seed_commune_desk(conn, commune_desk, province)

"""Assisted filing over HTTP: a volunteer or reception officer helps a person (code, consent, acting-for grant),
then sees today's assisted dossiers by code; the dashboard of assisted filing."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.di import Provide
from litestar.params import FromPath, JSONBody

from backend.accounts.audit import Origin
from backend.accounts.guards import CurrentUser, require_staff
from backend.accounts.routes import provide_sms
from backend.accounts.schemas import Role
from backend.accounts.sms import Sms
from backend.contract import PROBLEMS
from backend.deps import AppSettings, Db, Language, Redis
from backend.volunteers import service
from backend.volunteers.schemas import ActingGrant, AssistedSession, AssistedToday, ConsentInput, AssistedDashboard, PersonInput

HELPERS = (Role.VOLUNTEER, Role.RECEPTION_OFFICER)


class AssistedController(Controller):
    path = "/api/assisted"
    tags = ["volunteers"]
    dependencies = {"sms": Provide(provide_sms, sync_to_thread=False)}

    @post(
        "/people", status_code=201, guards=[require_staff(*HELPERS)],
        summary="Start helping a person: their name and phone; the phone gets the SMS code that will be their consent",
        opt={PROBLEMS: {422: ["invalid_phone"], 429: ["too_many_requests"], 503: ["sms_unavailable"]}},
    )
    async def start(
        self, request: Request, db: Db, redis: Redis, settings: AppSettings, sms: Sms, lang: Language,
        current_user: CurrentUser, data: JSONBody[PersonInput],
    ) -> AssistedSession:
        return await service.start(db, redis, settings, sms, current_user, data, Origin.of(request), lang)

    @post(
        "/people/{session_id:uuid}/consent", status_code=201, guards=[require_staff(*HELPERS)],
        summary="Record the person's consent (the code they received) and get the acting-for grant to file for them",
        opt={PROBLEMS: {
            400: ["code_expired", "code_locked", "code_not_found", "code_wrong"], 404: ["assisted_session_not_found"],
            409: ["consent_already_given"], 422: ["consent_method_mismatch"], 429: ["too_many_requests"],
        }},
    )
    async def consent(
        self, request: Request, db: Db, redis: Redis, settings: AppSettings, current_user: CurrentUser,
        session_id: FromPath[UUID], data: JSONBody[ConsentInput],
    ) -> ActingGrant:
        return await service.consent(db, redis, settings, current_user, session_id, data, Origin.of(request))

    @get(
        "/today", guards=[require_staff(*HELPERS)],
        summary="The caller's assisted dossiers submitted today: code and status only",
    )
    async def today(self, db: Db, lang: Language, current_user: CurrentUser) -> AssistedToday:
        return await service.today(db, current_user, lang)

    @get(
        "/dashboard", guards=[require_staff(*HELPERS, Role.LEADER, Role.ADMIN)],
        summary="Today's assisted dossiers, counts per helper and per day (14 days): own, the agency's, or all",
    )
    async def dashboard(self, db: Db, lang: Language, current_user: CurrentUser) -> AssistedDashboard:
        return await service.dashboard(db, current_user, lang)


volunteer_route_handlers = [AssistedController]

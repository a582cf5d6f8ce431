"""Accounts HTTP: sign-in (citizen code, staff password then second factor), sign-out, me, profile, audit log,
staff accounts managed by the admin (and the one-time links with which staff choose their passwords)."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from litestar import Controller, Request, Response, delete, get, post, put
from litestar.di import Provide
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.response import Stream

from backend.accounts import audit, service, sessions, staff
from backend.accounts.audit import Origin
from backend.accounts.guards import (
    CurrentUser,
    require_citizen,
    require_second_factor_pending,
    require_signed_in,
    require_staff,
)
from backend.accounts.schemas import (
    AuditPage,
    CitizenSignIn,
    CodeRequest,
    CodeSent,
    Enrolment,
    EnrolmentConfirmation,
    Me,
    NewPassword,
    PasswordLink,
    PasswordLinkCheck,
    PasswordLinkOwner,
    Profile,
    ProfileUpdate,
    Role,
    SecondFactorProof,
    SecondFactorStep,
    StaffChange,
    StaffCreated,
    StaffInput,
    StaffMember,
    StaffPage,
    StaffRoleName,
    StaffSignIn,
    StaffTeam,
)
from backend.accounts.sms import Sms, SmsSender
from backend import clock
from backend.contract import PROBLEMS
from backend.deps import AppSettings, Db, Language, Redis
from backend.settings import Settings

Limit = Annotated[int, QueryParameter(ge=1, le=100)]


async def _signed_in_response(
    request: Request, db: Db, settings: Settings, signed_in: service.SignedIn
) -> Response[Me]:
    # Signing in on a device that still holds a session replaces it rather than leaving it alive.
    await service.revoke_token(db, request.cookies.get(sessions.SESSION_COOKIE))
    return Response(
        signed_in.me,
        status_code=200,
        cookies=sessions.session_cookies(settings, signed_in.token, signed_in.lifetime),
    )


def provide_sms(request: Request) -> SmsSender:
    return request.app.state.sms


class AuthController(Controller):
    path = "/api/auth"
    tags = ["accounts"]
    dependencies = {"sms": Provide(provide_sms, sync_to_thread=False)}

    @post(
        "/citizen/code", status_code=202, summary="Send a one-time sign-in code by SMS",
        opt={PROBLEMS: {422: ["invalid_phone"], 429: ["too_many_requests"], 503: ["sms_unavailable"]}},
    )
    async def send_code(
        self, request: Request, db: Db, redis: Redis, settings: AppSettings, sms: Sms, lang: Language,
        data: JSONBody[CodeRequest],
    ) -> CodeSent:
        return await service.request_code(db, redis, settings, sms, data.phone, Origin.of(request), lang)

    @post(
        "/citizen/session", status_code=200, summary="Sign a citizen in with the code; sets the session cookies",
        opt={PROBLEMS: {
            400: ["code_expired", "code_locked", "code_not_found", "code_wrong"], 422: ["invalid_phone"],
            429: ["too_many_requests"],
        }},
    )
    async def citizen_sign_in(
        self, request: Request, db: Db, redis: Redis, settings: AppSettings, data: JSONBody[CitizenSignIn]
    ) -> Response[Me]:
        signed_in = await service.sign_in_citizen(db, redis, settings, data.phone, data.code, Origin.of(request))
        return await _signed_in_response(request, db, settings, signed_in)

    @post(
        "/staff/session", status_code=200,
        summary="Check a staff member's username and password; sets the cookies of a session awaiting the second factor",
        opt={PROBLEMS: {401: ["invalid_credentials"], 429: ["account_locked", "too_many_requests"]}},
    )
    async def staff_sign_in(
        self, request: Request, db: Db, redis: Redis, settings: AppSettings, data: JSONBody[StaffSignIn]
    ) -> Response[SecondFactorStep]:
        accepted = await service.sign_in_staff(db, redis, settings, data.username, data.password, Origin.of(request))
        await service.revoke_token(db, request.cookies.get(sessions.SESSION_COOKIE))
        return Response(
            accepted.step, status_code=200, cookies=sessions.session_cookies(settings, accepted.token, accepted.lifetime)
        )

    @post(
        "/staff/totp/enrolment", status_code=201, guards=[require_second_factor_pending],
        summary="First sign-in: a new authenticator key (otpauth URI, QR code) and 10 recovery codes, shown once",
        opt={PROBLEMS: {409: ["second_factor_enrolled"], 429: ["second_factor_locked"]}},
    )
    async def start_enrolment(
        self, request: Request, db: Db, redis: Redis, settings: AppSettings, current_user: CurrentUser
    ) -> Enrolment:
        return await service.start_enrolment(db, redis, settings, current_user, Origin.of(request))

    @post(
        "/staff/totp/confirm", status_code=200, guards=[require_second_factor_pending],
        summary="Confirm the new authenticator with its current code; completes the sign-in (new session cookies)",
        opt={PROBLEMS: {
            400: ["second_factor_wrong"], 409: ["enrolment_not_started", "second_factor_unreadable"],
            429: ["second_factor_locked"],
        }},
    )
    async def confirm_enrolment(
        self, request: Request, db: Db, redis: Redis, settings: AppSettings, current_user: CurrentUser,
        data: JSONBody[EnrolmentConfirmation],
    ) -> Response[Me]:
        signed_in = await service.confirm_enrolment(db, redis, settings, current_user, data.code, Origin.of(request))
        return await _signed_in_response(request, db, settings, signed_in)

    @post(
        "/staff/totp", status_code=200, guards=[require_second_factor_pending],
        summary="Complete a staff sign-in with the authenticator's code or one recovery code (new session cookies)",
        opt={PROBLEMS: {
            400: ["second_factor_wrong"], 409: ["second_factor_not_enrolled", "second_factor_unreadable"],
            422: ["second_factor_missing"], 429: ["second_factor_locked"],
        }},
    )
    async def verify_second_factor(
        self, request: Request, db: Db, redis: Redis, settings: AppSettings, current_user: CurrentUser,
        data: JSONBody[SecondFactorProof],
    ) -> Response[Me]:
        signed_in = await service.verify_second_factor(db, redis, settings, current_user, data, Origin.of(request))
        return await _signed_in_response(request, db, settings, signed_in)

    @post(
        "/staff/password-link", status_code=200,
        summary="Whose account a one-time set-password link is for, while it is live (the token stays out of URLs)",
        opt={PROBLEMS: {
            400: ["password_link_expired", "password_link_invalid", "password_link_used"], 429: ["too_many_requests"],
        }},
    )
    async def password_link(
        self, request: Request, db: Db, redis: Redis, settings: AppSettings, data: JSONBody[PasswordLinkCheck]
    ) -> PasswordLinkOwner:
        return await staff.password_link_owner(db, redis, settings, data.token, Origin.of(request))

    @post(
        "/staff/password", status_code=204,
        summary="Choose one's password with a one-time link (at least 10 characters, not containing the username); "
        "the link dies and the person signs in as usual",
        opt={PROBLEMS: {
            400: ["password_link_expired", "password_link_invalid", "password_link_used"],
            422: ["password_too_weak"], 429: ["too_many_requests"],
        }},
    )
    async def set_password(
        self, request: Request, db: Db, redis: Redis, settings: AppSettings, data: JSONBody[NewPassword]
    ) -> None:
        await staff.set_own_password(db, redis, settings, data, Origin.of(request))

    @delete("/session", guards=[require_signed_in], summary="Sign out: revoke this session and clear its cookies")
    async def sign_out(self, request: Request, db: Db, settings: AppSettings, current_user: CurrentUser) -> Response[None]:
        await service.sign_out(db, current_user, Origin.of(request))
        sessions.cancel_cookie_refresh(request.scope)
        return Response(None, status_code=204, cookies=sessions.expired_cookies(settings))


class MeController(Controller):
    path = "/api/me"
    tags = ["accounts"]

    @get("/", guards=[require_signed_in], summary="Who is signed in", cache_control=None)
    async def me(self, db: Db, current_user: CurrentUser) -> Me:
        return await service.me(db, current_user)

    @get("/profile", guards=[require_citizen], summary="The citizen's profile", opt={PROBLEMS: {404: ["not_found"]}})
    async def profile(self, db: Db, current_user: CurrentUser) -> Profile:
        return await service.profile(db, current_user)

    @put(
        "/profile", guards=[require_citizen], summary="Replace the citizen's profile",
        opt={PROBLEMS: {
            404: ["not_found"],
            422: ["cccd_birth_year_mismatch", "invalid_cccd", "invalid_commune", "invalid_date_of_birth", "invalid_province"],
        }},
    )
    async def update_profile(self, db: Db, current_user: CurrentUser, data: JSONBody[ProfileUpdate]) -> Profile:
        return await service.update_profile(db, current_user, data)


AuditActor = Annotated[
    str | None, QueryParameter(max_length=100, description="A username or phone as signed in with, or part of a staff name"),
]
AuditDossier = Annotated[str | None, QueryParameter(max_length=100, description="A dossier's code or id")]
AuditAction = Annotated[
    str | None, QueryParameter(max_length=100, description='An action or its beginning ("dossier." is every dossier action)'),
]
AuditFirst = Annotated[date | None, QueryParameter(name="from", description="The first day (Vietnam time)")]
AuditLast = Annotated[date | None, QueryParameter(name="to", description="The last day, included (Vietnam time)")]
AUDIT_PROBLEMS = {422: ["invalid_date_range"]}


class AuditController(Controller):
    path = "/api/admin/audit"
    tags = ["accounts"]
    guards = [require_staff("admin")]

    @get(
        "/", summary="Audit entries by object or by person, newest first",
        opt={PROBLEMS: {422: ["invalid_cursor", *AUDIT_PROBLEMS[422]]}},
    )
    async def entries(
        self,
        db: Db,
        object_type: FromQuery[str | None] = None,
        object_id: FromQuery[str | None] = None,
        actor_id: FromQuery[UUID | None] = None,
        before: FromQuery[str | None] = None,
        limit: Limit = 50,
        actor: AuditActor = None,
        dossier: AuditDossier = None,
        action: AuditAction = None,
        first: AuditFirst = None,
        last: AuditLast = None,
    ) -> AuditPage:
        where = audit.AuditFilter(actor=actor, dossier=dossier, action=action, first_day=first, last_day=last)
        return await audit.audit_page(
            db, object_type=object_type, object_id=object_id, actor_id=actor_id, before=before, limit=limit, where=where
        )

    @get(
        "/export.csv", summary="The same entries as CSV, every page (UTF-8 with a byte order mark, for Excel)",
        media_type="text/csv", opt={PROBLEMS: AUDIT_PROBLEMS},
    )
    async def export(
        self,
        db: Db,
        object_type: FromQuery[str | None] = None,
        object_id: FromQuery[str | None] = None,
        actor_id: FromQuery[UUID | None] = None,
        actor: AuditActor = None,
        dossier: AuditDossier = None,
        action: AuditAction = None,
        first: AuditFirst = None,
        last: AuditLast = None,
    ) -> Stream:
        where = audit.AuditFilter(
            object_type=object_type, object_id=object_id, actor_id=actor_id, actor=actor, dossier=dossier,
            action=action, first_day=first, last_day=last,
        )
        filename = f"nhat-ky-{clock.today():%Y%m%d}.csv"
        return Stream(
            audit.audit_csv(db, where), media_type="text/csv; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="{filename}"'},
        )


class StaffSecondFactorController(Controller):
    path = "/api/admin/staff"
    tags = ["accounts"]
    guards = [require_staff(Role.ADMIN)]

    @get(
        "/", summary="Staff accounts by name; q searches names and usernames (diacritics and case ignored)",
        opt={PROBLEMS: {422: ["invalid_cursor"]}},
    )
    async def staff(
        self,
        db: Db,
        q: Annotated[str | None, QueryParameter(max_length=100)] = None,
        role: FromQuery[StaffRoleName | None] = None,
        after: FromQuery[str | None] = None,
        limit: Limit = 50,
    ) -> StaffPage:
        return await staff.staff_page(db, q=q, role=role, after=after, limit=limit)

    @post(
        "/", status_code=201,
        summary="Create a staff account; the answer carries the one-time link with which the person sets a password",
        opt={PROBLEMS: {
            409: ["username_taken"],
            422: ["invalid_name", "invalid_phone", "unit_mismatch", "unknown_agency", "unknown_team"],
        }},
    )
    async def create(
        self, request: Request, db: Db, current_user: CurrentUser, data: JSONBody[StaffInput]
    ) -> StaffCreated:
        return await staff.create_staff(db, current_user, data, Origin.of(request))

    @get("/teams", summary="The teams couriers and volunteers belong to")
    async def teams(self, db: Db) -> list[StaffTeam]:
        return await staff.staff_teams(db)

    @get("/{staff_id:uuid}", summary="One staff account", opt={PROBLEMS: {404: ["not_found"]}})
    async def member(self, db: Db, staff_id: FromPath[UUID]) -> StaffMember:
        return await staff.staff_member(db, staff_id)

    @put(
        "/{staff_id:uuid}", summary="Change a staff account's name, role, agency (a reception officer's desk), team "
        "or phone",
        opt={PROBLEMS: {
            404: ["not_found"], 409: ["cannot_change_own_role"],
            422: ["invalid_name", "invalid_phone", "unit_mismatch", "unknown_agency", "unknown_team"],
        }},
    )
    async def change(
        self, request: Request, db: Db, current_user: CurrentUser, staff_id: FromPath[UUID],
        data: JSONBody[StaffChange],
    ) -> StaffMember:
        return await staff.change_staff(db, current_user, staff_id, data, Origin.of(request))

    @post(
        "/{staff_id:uuid}/disable", status_code=200,
        summary="Disable a staff account: their sessions end at once and their set-password link dies",
        opt={PROBLEMS: {404: ["not_found"], 409: ["cannot_disable_yourself"]}},
    )
    async def disable(self, request: Request, db: Db, current_user: CurrentUser, staff_id: FromPath[UUID]) -> StaffMember:
        return await staff.set_staff_active(db, current_user, staff_id, False, Origin.of(request))

    @post(
        "/{staff_id:uuid}/enable", status_code=200, summary="Enable a disabled staff account again",
        opt={PROBLEMS: {404: ["not_found"]}},
    )
    async def enable(self, request: Request, db: Db, current_user: CurrentUser, staff_id: FromPath[UUID]) -> StaffMember:
        return await staff.set_staff_active(db, current_user, staff_id, True, Origin.of(request))

    @post(
        "/{staff_id:uuid}/password/reset", status_code=201,
        summary="Reset a staff member's password: the old one stops working, their sessions end, and the answer is a "
        "new one-time link (72 h) with which they choose another",
        opt={PROBLEMS: {404: ["not_found"], 409: ["staff_disabled"]}},
    )
    async def reset_password(
        self, request: Request, db: Db, current_user: CurrentUser, staff_id: FromPath[UUID]
    ) -> PasswordLink:
        return await staff.reset_password(db, current_user, staff_id, Origin.of(request))

    @post(
        "/{staff_id:uuid}/totp/reset", status_code=204,
        summary="Reset a staff member's second factor (a lost phone): their sessions end; the next sign-in enrols anew",
    )
    async def reset_second_factor(self, request: Request, db: Db, current_user: CurrentUser, staff_id: FromPath[UUID]) -> None:
        await service.reset_second_factor(db, current_user, staff_id, Origin.of(request))


def account_route_handlers(settings: Settings) -> list[type[Controller]]:
    return [AuthController, MeController, AuditController, StaffSecondFactorController]

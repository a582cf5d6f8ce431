"""Filing for others: a volunteer (youth union) or a reception officer at the counter helps a person file in the
person's own account.

The life of one "help a person":
1. `start`: the helper types the person's name and phone; the person gets the sign-in SMS code (the same code
   machinery a citizen signs in with). A person without a phone gets no code.
2. `consent`: the person reads the code out, or types it on their own phone — that code is their consent, kept
   with its time, method and helper. The person's citizen account (the one signing in with that phone gives) is
   created if new. A person without a phone consents face to face ("no_phone"): they get an account without a
   phone, which nobody can sign in to and which owns only their dossiers; they follow them by code at the counter
   or through the contact phone written on the dossier (the public look-up reads it).
3. The helper files with the citizen filing routes under the returned acting-for grant (accounts.guards, 5.): the
   dossier records the channel ('assisted' or 'counter') and the helper. Submission ends the grant; afterwards the
   helper sees only the status of today's assisted dossiers by code (`today`).
No password and no VNeID credential is ever asked for or stored.
"""

from __future__ import annotations

from uuid import UUID

import asyncpg
from redis.asyncio import Redis

from backend import clock
from backend.accounts import audit
from backend.accounts import service as accounts
from backend.accounts.audit import Origin
from backend.accounts.guards import Principal
from backend.accounts.identity import normalize_phone
from backend.accounts.schemas import Role
from backend.accounts.sms import SmsSender
from backend.dossiers.lifecycle import CITIZEN_WORDS, NATIONAL_STATUS, State
from backend.errors import FieldText, Problem
from backend.i18n import Lang, Text
from backend.ids import new_id
from backend.settings import Settings
from backend.volunteers import queries
from backend.volunteers.schemas import (
    ActingGrant, AssistedDossier, AssistedSession, AssistedToday, ConsentInput, AssistedDashboard, DayCount, HelperCount,
    PersonInput,
)


def _channel(helper: Principal) -> str:
    return "counter" if helper.role is Role.RECEPTION_OFFICER else "assisted"


async def start(
    db: asyncpg.Pool, redis: Redis, settings: Settings, sms: SmsSender, helper: Principal, data: PersonInput,
    origin: Origin, lang: Lang,
) -> AssistedSession:
    """Open a "help a person" and, when the person has a phone, send them the code that will be their consent."""
    full_name = " ".join(data.full_name.split())
    phone = normalize_phone(data.phone) if data.phone else None
    contact = normalize_phone(data.contact_phone) if data.contact_phone and not phone else None
    sent = await accounts.request_code(db, redis, settings, sms, phone, origin, lang) if phone else None
    session_id = new_id()
    await queries.insert_session(db, session_id, helper.id, _channel(helper), phone, full_name, contact)
    return AssistedSession(
        id=session_id, full_name=full_name, phone=phone, channel=_channel(helper), code_sent=sent is not None,  # type: ignore[arg-type]
        expires_in=sent.expires_in if sent else None, resend_after=sent.resend_after if sent else None,
    )


def _session_not_found() -> Problem:
    return Problem(
        404, "assisted_session_not_found", Text("Không tìm thấy lượt hỗ trợ", "This help session was not found"),
        Text(
            "Không tìm thấy lượt hỗ trợ này trong tài khoản của bạn. Hãy bắt đầu lại từ “Giúp một người nộp hồ sơ”.",
            "This help session is not in your account. Start again from “Help a person file”.",
        ),
    )


def _consent_given() -> Problem:
    return Problem(
        409, "consent_already_given", Text("Đã có sự đồng ý", "Consent was already given"),
        Text(
            "Người này đã đồng ý cho lượt hỗ trợ này. Để nộp thêm hồ sơ, hãy bắt đầu một lượt mới và xin lại mã.",
            "This person already agreed for this help session. To file another dossier, start a new session and ask "
            "for a new code.",
        ),
    )


def _method_mismatch(has_phone: bool) -> Problem:
    if has_phone:
        detail = Text(
            "Người này có số điện thoại: hãy nhập mã 6 số trong tin nhắn họ nhận được.",
            "This person has a phone: enter the 6-digit code from the message they received.",
        )
        field = FieldText("code", Text("hãy nhập mã 6 số", "enter the 6-digit code"))
    else:
        detail = Text(
            "Người này không có điện thoại: hãy ghi nhận sự đồng ý trực tiếp (không dùng mã).",
            "This person has no phone: record their consent given in person (no code).",
        )
        field = FieldText("method", Text("chọn “không có điện thoại”", "choose “no phone”"))
    return Problem(422, "consent_method_mismatch", Text("Cách đồng ý không phù hợp", "Wrong way of consenting"), detail, errors=[field])


async def consent(
    db: asyncpg.Pool, redis: Redis, settings: Settings, helper: Principal, session_id: UUID, data: ConsentInput,
    origin: Origin,
) -> ActingGrant:
    """Record the person's consent (a wrong code changes nothing) and open the helper's acting-for grant."""
    async with db.acquire() as conn, conn.transaction():
        session = await queries.session_for_update(conn, session_id, helper.id)
        if session is None:
            raise _session_not_found()
        if session["consented_at"] is not None:
            raise _consent_given()
        has_phone = session["phone"] is not None
        if has_phone != (data.method != "no_phone") or (has_phone and data.code is None):
            raise _method_mismatch(has_phone)
        if has_phone:
            phone = await accounts.confirm_phone(db, conn, redis, settings, session["phone"], data.code or "", origin)
            citizen_id = await accounts.citizen_for_phone(conn, phone)
            await accounts.keep_name_if_missing(conn, citizen_id, session["full_name"])
        else:
            citizen_id = await accounts.citizen_without_phone(conn, session["full_name"])
        grant = await accounts.open_acting_grant(conn, helper.id, citizen_id)
        consented = await queries.record_consent(conn, session_id, citizen_id, data.method, grant.id)
        await audit.record(
            conn, helper, "assisted.consent", origin, object_type="citizen", object_id=citizen_id,
            detail={"session_id": str(session_id), "method": data.method},
        )
    return ActingGrant(
        session_id=session_id, token=grant.token, expires_at=grant.expires_at, citizen_name=consented["full_name"],
        phone=consented["phone"], contact_phone=consented["contact_phone"], channel=consented["channel"],
        consent_method=consented["consent_method"], consented_at=consented["consented_at"],
    )


def _assisted(row: asyncpg.Record, lang: Lang) -> AssistedDossier:
    state = State(row["state"])
    return AssistedDossier(
        code=row["code"], person_name=row["person_name"], procedure_name=row["procedure_name"],
        procedure_name_en=row["procedure_name_en"], state=state.value, state_words=CITIZEN_WORDS[state][lang],
        national_status=NATIONAL_STATUS[state], submitted_at=row["submitted_at"], channel=row["channel"],
        filed_by=row["filed_by"],
    )


async def today(db: asyncpg.Pool, helper: Principal, lang: Lang) -> AssistedToday:
    """The helper's dossiers submitted today, by code and status only."""
    rows = await queries.submitted_on(db, helper.id, None, clock.today())
    return AssistedToday(items=[_assisted(row, lang) for row in rows])


async def dashboard(db: asyncpg.Pool, viewer: Principal, lang: Lang) -> AssistedDashboard:
    """Today's assisted dossiers and the counts per helper and per day (14 days): a volunteer's or officer's own,
    a leader's agency's (its desk and the volunteer teams working with it), or everyone's for an administrator."""
    if viewer.role is Role.ADMIN:
        scope, staff_id, agency = "all", None, None
    elif viewer.role is Role.LEADER:
        scope, staff_id, agency = "team", None, viewer.agency_code
    else:
        scope, staff_id, agency = "own", viewer.id, None
    day = clock.today()
    return AssistedDashboard(
        scope=scope,  # type: ignore[arg-type]
        today=[_assisted(row, lang) for row in await queries.submitted_on(db, staff_id, agency, day)],
        per_helper=[HelperCount(**dict(row)) for row in await queries.counts_per_helper(db, staff_id, agency, day)],
        per_day=[DayCount(**dict(row)) for row in await queries.counts_per_day(db, staff_id, agency, day)],
    )

"""Account rules: one-time codes, staff passwords and second factor, sessions, profiles, acting for a person.

Staff administration is in staff.py; reading the audit log in audit.py."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import NoReturn
from uuid import UUID

import asyncpg
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from cryptography.exceptions import InvalidTag
from redis.asyncio import Redis

from backend.accounts import audit, limits, queries, second_factor, sessions
from backend.accounts.audit import Origin
from backend.accounts.guards import Principal
from backend.accounts.identity import check_cccd, check_date_of_birth, invalid, normalize_phone
from backend.accounts.schemas import (
    Address,
    CodeSent,
    Enrolment,
    Me,
    Profile,
    ProfileUpdate,
    Role,
    SecondFactorProof,
    SecondFactorStep,
)
from backend.accounts.sms import SmsSender
from backend import clock
from backend.errors import Problem
from backend.i18n import Lang, Text
from backend.ids import new_id
from backend.settings import Settings

log = logging.getLogger(__name__)

CODE_LIFETIME = timedelta(minutes=5)
# Long enough to photograph a person's papers and submit, short enough that a forgotten tablet holds nothing.
ACTING_GRANT_LIFETIME = timedelta(hours=2)
CODE_MAX_ATTEMPTS = 5

_passwords = PasswordHasher()
# Verified against when the username is unknown, so a miss costs as much time as a wrong password.
_DUMMY_HASH = _passwords.hash(secrets.token_hex(16))


@dataclass(frozen=True)
class SignedIn:
    me: Me
    token: str
    lifetime: timedelta


@dataclass(frozen=True)
class PasswordAccepted:
    """A staff password was right: a session with its second factor pending, and what comes next."""

    step: SecondFactorStep
    token: str
    lifetime: timedelta


# One-time codes


def _code_hash(settings: Settings, phone: str, code: str) -> bytes:
    return hmac.new(settings.signing_key, f"otp:{phone}:{code}".encode(), hashlib.sha256).digest()


async def request_code(
    db: asyncpg.Pool, redis: Redis, settings: Settings, sms: SmsSender, raw_phone: str, origin: Origin, lang: Lang
) -> CodeSent:
    phone = normalize_phone(raw_phone)
    prefix = settings.redis_prefix
    await limits.hit(redis, prefix, limits.CODES_PER_IP, origin.rate_key, Text("Thiết bị này đã yêu cầu quá nhiều mã.", "This device asked for too many codes."))
    await limits.start_cooldown(
        redis, prefix, "otp-cooldown", phone, limits.CODE_RESEND_COOLDOWN_S, Text("Mã vừa được gửi tới số này.", "A code was just sent to this number.")
    )
    await limits.hit(redis, prefix, limits.CODES_PER_PHONE, phone, Text("Số điện thoại này đã nhận quá nhiều mã.", "This phone number has received too many codes."))
    code = f"{secrets.randbelow(1_000_000):06d}"
    await queries.insert_code(db, new_id(), phone, _code_hash(settings, phone, code), CODE_LIFETIME)
    await sms.send_code(phone, code, lang)
    return CodeSent(
        phone=phone,
        expires_in=int(CODE_LIFETIME.total_seconds()),
        resend_after=limits.CODE_RESEND_COOLDOWN_S,
    )




def _code_problem(code: str, detail: Text, **extra: object) -> Problem:
    return Problem(400, code, Text("Mã xác thực không đúng", "The sign-in code is not right"), detail, **extra)


async def _check_code(db: asyncpg.Pool, settings: Settings, phone: str, code: str) -> UUID:
    """The id of the live code matching `code`; raises a Problem saying what went wrong otherwise."""
    latest = await queries.latest_code(db, phone)
    if latest is None or latest["consumed_at"] is not None:
        raise _code_problem(
            "code_not_found",
            Text(
                "Không có mã nào đang chờ cho số này. Hãy bấm “Gửi mã” để nhận mã mới.",
                "No code is waiting for this number. Press “Send code” to get a new one.",
            ),
        )
    if latest["expired"]:
        raise _code_problem(
            "code_expired",
            Text(
                "Mã đã hết hạn sau 5 phút. Hãy bấm “Gửi lại mã” để nhận mã mới.",
                "The code expired after 5 minutes. Press “Send the code again” to get a new one.",
            ),
        )
    attempts = await queries.count_attempt(db, latest["id"], CODE_MAX_ATTEMPTS)
    if attempts is None:
        raise _code_problem(
            "code_locked",
            Text(
                "Bạn đã nhập sai quá 5 lần nên mã này bị khoá. Hãy bấm “Gửi lại mã”.",
                "The code was entered wrongly more than 5 times, so it is locked. Press “Send the code again”.",
            ),
        )
    if not hmac.compare_digest(latest["code_hash"], _code_hash(settings, phone, code)):
        left = CODE_MAX_ATTEMPTS - attempts
        if left == 0:
            raise _code_problem(
                "code_locked",
                Text(
                    "Bạn đã nhập sai 5 lần nên mã này bị khoá. Hãy bấm “Gửi lại mã”.",
                    "The code was entered wrongly 5 times, so it is locked. Press “Send the code again”.",
                ),
            )
        tries = "try" if left == 1 else "tries"
        raise _code_problem(
            "code_wrong",
            Text(f"Mã chưa đúng. Bạn còn {left} lần thử.", f"The code is not right. You have {left} {tries} left."),
            attempts_left=left,
        )
    return latest["id"]


def _code_just_used() -> Problem:
    return _code_problem(
        "code_not_found",
        Text(
            "Mã này vừa được dùng. Hãy bấm “Gửi lại mã” để nhận mã mới.",
            "This code was just used. Press “Send the code again” to get a new one.",
        ),
    )


async def confirm_phone(
    db: asyncpg.Pool, conn: asyncpg.Connection, redis: Redis, settings: Settings, raw_phone: str, code: str,
    origin: Origin,
) -> str:
    """The phone (E.164) someone proved they hold with a code from `request_code`, without signing them in (feedback
    from a person without an account). Attempts count on `db` whatever happens; the code is used up on `conn`, in the
    caller's transaction, so a failed write leaves it for the retry."""
    phone = normalize_phone(raw_phone)
    await limits.hit(redis, settings.redis_prefix, limits.VERIFICATIONS_PER_IP, origin.rate_key, limits.TRIED_TOO_OFTEN)
    code_id = await _check_code(db, settings, phone, code)
    if not await queries.consume_code(conn, code_id):
        raise _code_just_used()
    return phone


async def check_phone_code(
    db: asyncpg.Pool, redis: Redis, settings: Settings, raw_phone: str, code: str, origin: Origin,
) -> str:
    """The phone (E.164) when `code` is its live code, which is left for the action it was asked for (feedback photos
    are uploaded with the code the feedback's send then uses up, `confirm_phone`). A right code spends nothing; a
    wrong one spends an attempt and says what is wrong, exactly as the sign-in does."""
    phone = normalize_phone(raw_phone)
    await limits.hit(redis, settings.redis_prefix, limits.VERIFICATIONS_PER_IP, origin.rate_key, limits.TRIED_TOO_OFTEN)
    latest = await queries.latest_code(db, phone)
    live = (
        latest is not None and latest["consumed_at"] is None and not latest["expired"]
        and latest["attempts"] < CODE_MAX_ATTEMPTS
    )
    if live and hmac.compare_digest(latest["code_hash"], _code_hash(settings, phone, code)):
        return phone
    await _check_code(db, settings, phone, code)
    return phone


async def sign_in_citizen(
    db: asyncpg.Pool, redis: Redis, settings: Settings, raw_phone: str, code: str, origin: Origin
) -> SignedIn:
    phone = normalize_phone(raw_phone)
    await limits.hit(
        redis, settings.redis_prefix, limits.VERIFICATIONS_PER_IP, origin.rate_key,
        limits.TRIED_TOO_OFTEN,
    )
    try:
        code_id = await _check_code(db, settings, phone, code)
    except Problem as problem:
        await audit.record(db, None, "citizen.sign_in_failed", origin, actor_label=phone, detail={"reason": problem.code})
        raise
    async with db.acquire() as conn, conn.transaction():
        if not await queries.consume_code(conn, code_id):
            raise _code_just_used()
        citizen = await queries.upsert_citizen(conn, new_id(), phone)
        principal = Principal(
            kind="citizen",
            id=citizen["id"],
            role=Role.CITIZEN,
            label=phone,
            display_name=citizen["full_name"],
            language=citizen["language"],
        )
        token = await _open_session(conn, principal, origin)
        await audit.record(conn, principal, "citizen.sign_in", origin, object_type="citizen", object_id=principal.id)
    return SignedIn(me=await me(db, principal), token=token, lifetime=sessions.CITIZEN_LIFETIME)


# Staff


def _wrong_password() -> Problem:
    return Problem(
        401, "invalid_credentials", Text("Đăng nhập không thành công", "Sign-in failed"),
        Text("Tên đăng nhập hoặc mật khẩu không đúng.", "The username or password is not right."),
    )


def _locked(seconds: int) -> Problem:
    minutes = (seconds + 59) // 60
    return limits.too_many(
        seconds,
        Text(
            f"Tài khoản tạm khoá do nhập sai mật khẩu nhiều lần. Hãy thử lại sau {minutes} phút "
            "hoặc liên hệ quản trị viên.",
            f"The account is locked for a while after too many wrong passwords. Try again in {minutes} minutes "
            "or contact the administrator.",
        ),
        code="account_locked",
    )


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(_passwords.hash, password)


async def password_matches(password_hash: str, password: str) -> bool:
    # argon2 is deliberately slow; keep it off the event loop.
    try:
        return await asyncio.to_thread(_passwords.verify, password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


async def sign_in_staff(
    db: asyncpg.Pool, redis: Redis, settings: Settings, raw_username: str, password: str, origin: Origin
) -> SignedIn:
    username = raw_username.strip().lower()
    prefix = settings.redis_prefix
    await limits.hit(redis, prefix, limits.STAFF_SIGN_INS_PER_IP, origin.rate_key, limits.TRIED_TOO_OFTEN)
    locked = await limits.locked_for(redis, prefix, username)
    if locked:
        await audit.record(db, None, "staff.sign_in_failed", origin, actor_label=username, detail={"reason": "locked"})
        raise _locked(locked)
    staff = await queries.staff_by_username(db, username)
    # No password yet (a new account, or one an admin reset): none matches, in the time a wrong one takes.
    stored = staff["password_hash"] if staff else None
    matches = await password_matches(stored or _DUMMY_HASH, password) and stored is not None
    if staff is None or not staff["active"] or not matches:
        now_locked = await limits.count_failure(redis, prefix, username) == 0
        await audit.record(
            db, None, "staff.sign_in_failed", origin, actor_label=username,
            detail={"reason": "locked_now" if now_locked else "wrong_credentials"},
        )
        raise _locked(limits.STAFF_LOCK_S) if now_locked else _wrong_password()
    await limits.clear_failures(redis, prefix, username)
    if _passwords.check_needs_rehash(staff["password_hash"]):
        await queries.set_password_hash(db, staff["id"], await hash_password(password))
    principal = Principal(
        kind="staff",
        id=staff["id"],
        role=Role(staff["role"]),
        label=staff["username"],
        display_name=staff["full_name"],
        agency_code=staff["agency_code"],
        team_code=staff["team_code"],
    )
    factor = await queries.second_factor(db, principal.id)
    enrolled = factor is not None and factor["enrolled_at"] is not None
    async with db.acquire() as conn, conn.transaction():
        token = await _open_session(conn, principal, origin, second_factor_pending=True)
        await audit.record(
            conn, principal, "staff.password_accepted", origin, object_type="staff", object_id=principal.id
        )
    step = SecondFactorStep(
        second_factor="code" if enrolled else "enrolment",
        expires_in=int(sessions.SECOND_FACTOR_LIFETIME.total_seconds()),
    )
    return PasswordAccepted(step=step, token=token, lifetime=sessions.SECOND_FACTOR_LIFETIME)


# The second factor (second_factor.py says the policy)


def _second_factor_locked(seconds: int) -> Problem:
    minutes = (seconds + 59) // 60
    return limits.too_many(
        seconds,
        Text(
            f"Bạn đã nhập sai mã xác thực 5 lần nên tài khoản tạm khoá. Hãy thử lại sau {minutes} phút, "
            "hoặc nhờ quản trị viên đặt lại xác thực hai lớp nếu bạn mất điện thoại.",
            f"A wrong verification code was entered 5 times, so the account is locked for a while. Try again in "
            f"{minutes} minutes, or ask the administrator to reset your two-step verification if you lost your phone.",
        ),
        code="second_factor_locked",
    )


def _wrong_second_factor(left: int, recovery: bool, replayed: bool = False) -> Problem:
    tries = "try" if left == 1 else "tries"
    what = Text("Mã khôi phục không đúng hoặc đã được dùng.", "The recovery code is not right or was used before.") if recovery else Text(
        "Mã xác thực chưa đúng. Hãy nhập mã 6 số đang hiện trong ứng dụng xác thực.",
        "The verification code is not right. Enter the 6-digit code your authenticator app shows now.",
    )
    if replayed:
        what = Text(
            "Mã này đã được dùng để đăng nhập. Hãy đợi ứng dụng xác thực hiện mã mới rồi nhập mã đó.",
            "This code was already used to sign in. Wait for your authenticator app to show a new code and enter that.",
        )
    return Problem(
        400, "second_factor_wrong", Text("Mã xác thực không đúng", "The verification code is not right"),
        Text(f"{what.vi} Bạn còn {left} lần thử.", f"{what.en} You have {left} {tries} left."),
        attempts_left=left,
    )


def _enrolment_problem(code: str, detail: Text) -> Problem:
    return Problem(409, code, Text("Chưa thể xác thực", "Verification cannot go on"), detail)


async def _refuse_when_locked(redis: Redis, settings: Settings, principal: Principal) -> None:
    locked = await limits.second_factor_locked_for(redis, settings.redis_prefix, str(principal.id))
    if locked:
        raise _second_factor_locked(locked)


async def _secret(db: asyncpg.Pool, settings: Settings, staff_id: UUID, *, enrolled: bool) -> tuple[str, int | None]:
    """The staff member's TOTP secret and the time step of the last code accepted."""
    factor = await queries.second_factor(db, staff_id)
    if enrolled and (factor is None or factor["enrolled_at"] is None):
        raise _enrolment_problem(
            "second_factor_not_enrolled",
            Text(
                "Tài khoản chưa cài xác thực hai lớp. Hãy cài đặt ứng dụng xác thực trước.",
                "This account has no two-step verification yet. Set up the authenticator app first.",
            ),
        )
    if not enrolled and (factor is None or factor["enrolled_at"] is not None):
        raise _enrolment_problem(
            "enrolment_not_started",
            Text(
                "Chưa có mã QR nào đang chờ xác nhận. Hãy bắt đầu cài đặt lại.",
                "No QR code is waiting to be confirmed. Start the set-up again.",
            ),
        )
    try:
        return second_factor.decrypt(settings.signing_key, staff_id, factor["secret_encrypted"]), factor["last_time_step"]
    except InvalidTag:
        log.error("the second-factor secret of staff %s cannot be opened (SECRET_KEY changed?)", staff_id)
        raise _enrolment_problem(
            "second_factor_unreadable",
            Text(
                "Không đọc được khoá xác thực của tài khoản. Hãy nhờ quản trị viên đặt lại xác thực hai lớp.",
                "Your account's verification key cannot be read. Ask the administrator to reset your two-step "
                "verification.",
            ),
        ) from None


async def _complete(
    db: asyncpg.Pool, redis: Redis, settings: Settings, principal: Principal, origin: Origin, how: str,
) -> SignedIn:
    """The pending session ends and a full one, with a new token, begins."""
    await limits.clear_second_factor_failures(redis, settings.redis_prefix, str(principal.id))
    async with db.acquire() as conn, conn.transaction():
        await queries.revoke_session(conn, principal.session_hash)
        token = await _open_session(conn, replace(principal, second_factor_pending=False), origin)
        await audit.record(
            conn, principal, "staff.sign_in", origin, object_type="staff", object_id=principal.id, detail={"by": how}
        )
    return SignedIn(me=await me(db, principal), token=token, lifetime=sessions.STAFF_LIFETIME)


async def _refuse(
    db: asyncpg.Pool, redis: Redis, settings: Settings, principal: Principal, origin: Origin, recovery: bool,
    replayed: bool = False,
) -> NoReturn:
    left = await limits.count_second_factor_failure(redis, settings.redis_prefix, str(principal.id))
    reason = "wrong_recovery_code" if recovery else ("replayed_code" if replayed else "wrong_code")
    await audit.record(
        db, principal, "staff.second_factor_failed", origin, object_type="staff", object_id=principal.id,
        detail={"reason": "locked_now" if left == 0 else reason},
    )
    if left == 0:
        raise _second_factor_locked(limits.SECOND_FACTOR_LOCK_S)
    raise _wrong_second_factor(left, recovery, replayed)


async def _accept_totp(
    db: asyncpg.Pool, redis: Redis, settings: Settings, principal: Principal, origin: Origin, secret: str,
    last_step: int | None, code: str,
) -> None:
    """The code is the authenticator's, and of a later time step than the last code accepted (a code works once)."""
    step = second_factor.matching_step(secret, code, after=last_step)
    if step is None:
        replayed = last_step is not None and second_factor.matching_step(secret, code) is not None
        await _refuse(db, redis, settings, principal, origin, recovery=False, replayed=replayed)
    if not await queries.accept_time_step(db, principal.id, step):
        await _refuse(db, redis, settings, principal, origin, recovery=False, replayed=True)


async def start_enrolment(
    db: asyncpg.Pool, redis: Redis, settings: Settings, principal: Principal, origin: Origin,
) -> Enrolment:
    """A new secret and recovery codes for a staff member without a factor; shown this once."""
    await _refuse_when_locked(redis, settings, principal)
    secret = second_factor.new_secret()
    recovery_codes = second_factor.new_recovery_codes()
    hashes = [(new_id(), second_factor.recovery_hash(settings.signing_key, principal.id, c)) for c in recovery_codes]
    async with db.acquire() as conn, conn.transaction():
        sealed = second_factor.encrypt(settings.signing_key, principal.id, secret)
        if not await queries.start_enrolment(conn, principal.id, sealed, hashes):
            raise _enrolment_problem(
                "second_factor_enrolled",
                Text(
                    "Tài khoản đã cài xác thực hai lớp. Hãy nhập mã 6 số trong ứng dụng xác thực.",
                    "This account already has two-step verification. Enter the 6-digit code from the authenticator app.",
                ),
            )
        await audit.record(
            conn, principal, "staff.second_factor_enrolment_started", origin, object_type="staff", object_id=principal.id
        )
    uri = second_factor.otpauth_uri(secret, principal.label)
    return Enrolment(otpauth_uri=uri, secret=secret, qr_svg=second_factor.qr_svg(uri), recovery_codes=recovery_codes)


async def confirm_enrolment(
    db: asyncpg.Pool, redis: Redis, settings: Settings, principal: Principal, code: str, origin: Origin,
) -> SignedIn:
    """The first right code from the new authenticator finishes enrolment and the sign-in."""
    await _refuse_when_locked(redis, settings, principal)
    secret, last_step = await _secret(db, settings, principal.id, enrolled=False)
    await _accept_totp(db, redis, settings, principal, origin, secret, last_step, code)
    if not await queries.confirm_enrolment(db, principal.id):
        raise _enrolment_problem(
            "enrolment_not_started",
            Text("Việc cài đặt vừa được xác nhận ở nơi khác. Hãy đăng nhập lại.", "The set-up was just confirmed elsewhere. Sign in again."),
        )
    await audit.record(db, principal, "staff.second_factor_enrolled", origin, object_type="staff", object_id=principal.id)
    return await _complete(db, redis, settings, principal, origin, "enrolment")


async def verify_second_factor(
    db: asyncpg.Pool, redis: Redis, settings: Settings, principal: Principal, proof: SecondFactorProof, origin: Origin,
) -> SignedIn:
    """A TOTP code, or a recovery code (each works once), finishes the sign-in of an enrolled staff member."""
    if (proof.code is None) == (proof.recovery_code is None):
        raise invalid(
            "code",
            Text("Hãy nhập mã 6 số hoặc một mã khôi phục (chỉ một trong hai).", "Enter the 6-digit code or one recovery code (only one of them)."),
            "second_factor_missing",
        )
    await _refuse_when_locked(redis, settings, principal)
    secret, last_step = await _secret(db, settings, principal.id, enrolled=True)
    if proof.recovery_code is not None:
        code_hash = second_factor.recovery_hash(settings.signing_key, principal.id, proof.recovery_code)
        if not await queries.use_recovery_code(db, principal.id, code_hash):
            await _refuse(db, redis, settings, principal, origin, recovery=True)
        return await _complete(db, redis, settings, principal, origin, "recovery_code")
    if proof.code is None:
        await _refuse(db, redis, settings, principal, origin, recovery=False)
    await _accept_totp(db, redis, settings, principal, origin, secret, last_step, proof.code)
    return await _complete(db, redis, settings, principal, origin, "totp")


async def reset_second_factor(db: asyncpg.Pool, admin: Principal, staff_id: UUID, origin: Origin) -> None:
    """An admin clears a staff member's factor (a lost phone): their open sessions end, and their next sign-in
    enrols a new authenticator."""
    async with db.acquire() as conn, conn.transaction():
        staff = await queries.staff_by_id(conn, staff_id)
        if staff is None:
            raise Problem(
                404, "not_found", Text("Không tìm thấy", "Not found"),
                Text("Không tìm thấy cán bộ này.", "This staff member was not found."),
            )
        await queries.delete_second_factor(conn, staff_id)
        await queries.revoke_staff_sessions(conn, staff_id)
        await audit.record(
            conn, admin, "staff.second_factor_reset", origin, object_type="staff", object_id=staff_id,
            detail={"username": staff["username"]},
        )


# Sessions


async def _open_session(
    conn: asyncpg.Connection, principal: Principal, origin: Origin, *, second_factor_pending: bool = False
) -> str:
    token = sessions.new_token()
    citizen = principal.is_citizen
    if citizen:
        lifetime = sessions.CITIZEN_LIFETIME
    else:
        lifetime = sessions.SECOND_FACTOR_LIFETIME if second_factor_pending else sessions.STAFF_LIFETIME
    await queries.insert_session(
        conn,
        sessions.token_hash(token),
        citizen_id=principal.id if citizen else None,
        staff_id=None if citizen else principal.id,
        lifetime=lifetime,
        sliding=citizen,
        ip=origin.ip,
        user_agent=origin.user_agent,
        second_factor_pending=second_factor_pending,
    )
    return token


async def revoke_token(db: asyncpg.Pool, token: str | None) -> None:
    if token:
        await queries.revoke_session(db, sessions.token_hash(token))


async def sign_out(db: asyncpg.Pool, principal: Principal, origin: Origin) -> None:
    async with db.acquire() as conn, conn.transaction():
        await queries.revoke_session(conn, principal.session_hash)
        await audit.record(conn, principal, f"{principal.kind}.sign_out", origin)


async def me(db: asyncpg.Pool, principal: Principal) -> Me:
    staff = principal.kind == "staff"
    names = await queries.unit_names(db, principal.agency_code, principal.team_code) if staff else None
    return Me(
        kind=principal.kind,
        id=principal.id,
        display_name=principal.display_name,
        language="en" if principal.language == "en" else "vi",
        phone=None if staff else principal.label,
        username=principal.label if staff else None,
        role=principal.role if staff else None,  # type: ignore[arg-type]
        agency_code=principal.agency_code,
        agency_name=names["agency_name"] if names else None,
        agency_name_en=names["agency_name_en"] if names else None,
        team_code=principal.team_code,
        team_name=names["team_name"] if names else None,
    )


# Profile


def _profile_from_row(row: asyncpg.Record) -> Profile:
    address = None
    if row["province_code"]:
        address = Address(
            province_code=row["province_code"],
            commune_code=row["commune_code"],
            street=row["street"],
            province_name=row["province_name"],
            commune_name=row["commune_name"],
        )
    return Profile(
        phone=row["phone"],
        full_name=row["full_name"],
        cccd=row["cccd"],
        date_of_birth=row["date_of_birth"],
        address=address,
        language=row["language"],
    )


async def profile(db: asyncpg.Pool, principal: Principal) -> Profile:
    row = await queries.citizen_profile(db, principal.id)
    if row is None:
        raise Problem(404, "not_found", Text("Không tìm thấy", "Not found"), Text("Không tìm thấy hồ sơ cá nhân.", "The profile was not found."))
    return _profile_from_row(row)


async def _check_address(db: asyncpg.Pool, data: ProfileUpdate) -> None:
    if data.address is None:
        return
    province = await queries.admin_unit(db, data.address.province_code)
    if province is None or province["level"] != "province":
        raise invalid(
            "address.province_code",
            Text("Tỉnh, thành phố đã chọn không có trong danh mục.", "The chosen province or city is not in the list."),
            "invalid_province",
        )
    if data.address.commune_code is None:
        return
    commune = await queries.admin_unit(db, data.address.commune_code)
    if commune is None or commune["province_code"] != province["code"]:
        raise invalid(
            "address.commune_code",
            Text("Xã, phường đã chọn không thuộc tỉnh, thành phố này.", "The chosen commune or ward is not in this province or city."),
            "invalid_commune",
        )


def _clean(text: str | None) -> str | None:
    text = " ".join(text.split()) if text else None
    return text or None


async def update_profile(db: asyncpg.Pool, principal: Principal, data: ProfileUpdate) -> Profile:
    if data.date_of_birth is not None:
        check_date_of_birth(data.date_of_birth, clock.today())
    if data.cccd is not None:
        check_cccd(data.cccd, data.date_of_birth)
    await _check_address(db, data)
    address = data.address
    await queries.update_citizen_profile(
        db,
        principal.id,
        full_name=_clean(data.full_name),
        cccd=data.cccd,
        date_of_birth=data.date_of_birth,
        province_code=address.province_code if address else None,
        commune_code=address.commune_code if address else None,
        street=_clean(address.street) if address else None,
        language=data.language,
    )
    return await profile(db, principal)


async def keep_name_if_missing(conn: asyncpg.Connection, citizen_id: UUID, full_name: str | None) -> None:
    """The name a citizen typed while filing becomes their profile's name when it has none yet."""
    name = _clean(full_name)
    if name:
        await queries.set_name_if_missing(conn, citizen_id, name)


# Filing for others: the person's account and the staff member's grant to act in it


async def citizen_for_phone(conn: asyncpg.Connection, phone: str) -> UUID:
    """The account a citizen signing in with this phone (E.164) gets, created if new."""
    return (await queries.upsert_citizen(conn, new_id(), phone))["id"]


async def citizen_without_phone(conn: asyncpg.Connection, full_name: str) -> UUID:
    """An account for a person without a phone: nobody can sign in to it; it only owns their dossiers."""
    citizen_id = new_id()
    await queries.insert_citizen_without_phone(conn, citizen_id, " ".join(full_name.split()))
    return citizen_id


@dataclass(frozen=True)
class ActingGrant:
    id: UUID
    token: str
    expires_at: datetime


async def open_acting_grant(conn: asyncpg.Connection, staff_id: UUID, citizen_id: UUID) -> ActingGrant:
    """A grant for `staff_id` to file in `citizen_id`'s account (guards, 5.); only its hash is kept."""
    grant_id, token = new_id(), sessions.new_token()
    expires_at = await queries.insert_acting_grant(
        conn, grant_id, sessions.token_hash(token), staff_id, citizen_id, ACTING_GRANT_LIFETIME
    )
    return ActingGrant(grant_id, token, expires_at)


async def end_acting_grant(conn: asyncpg.Connection, grant_id: UUID) -> None:
    await queries.end_acting_grant(conn, grant_id)

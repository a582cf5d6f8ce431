"""Fixed-window counters and cool-downs in Redis; every key starts with `settings.redis_prefix`."""

from __future__ import annotations

from dataclasses import dataclass

from redis.asyncio import Redis

from backend.errors import Problem
from backend.i18n import Text


@dataclass(frozen=True)
class Limit:
    name: str
    max_hits: int
    window_s: int


# Sign-in codes: an SMS costs money and can be used to harass someone, so both the phone and the
# sender's address are capped. A centre's shared Wi-Fi serves many people, hence the IP headroom.
CODES_PER_PHONE = Limit("otp-phone", 5, 3600)
CODES_PER_IP = Limit("otp-ip", 30, 3600)
CODE_RESEND_COOLDOWN_S = 60
VERIFICATIONS_PER_IP = Limit("verify-ip", 60, 900)
STAFF_SIGN_INS_PER_IP = Limit("staff-ip", 60, 900)
# Public dossier look-up by code and the phone's last four digits: wrong guesses are capped per address and per
# code, so nobody walks the codes of a day or the 10,000 endings of one code.
LOOKUP_FAILURES_PER_IP = Limit("lookup-ip", 20, 900)
LOOKUP_FAILURES_PER_CODE = Limit("lookup-code", 10, 900)
# Staff lockout: this many wrong passwords within the window lock the username for LOCK_S.
STAFF_FAILURES = Limit("staff-fail", 5, 900)
STAFF_LOCK_S = 900
# Second factor: this many wrong TOTP or recovery codes within the window lock the staff member's second factor
# (subject: their id) for SECOND_FACTOR_LOCK_S; the password alone then gets nowhere.
SECOND_FACTOR_FAILURES = Limit("totp-fail", 5, 900)
SECOND_FACTOR_LOCK_S = 900


def key(prefix: str, *parts: str) -> str:
    return ":".join((prefix, "accounts", *parts))


def too_many(retry_after: int, detail: Text, code: str = "too_many_requests") -> Problem:
    retry_after = max(retry_after, 1)
    return Problem(
        429,
        code,
        Text("Quá nhiều yêu cầu", "Too many requests"),
        detail,
        headers={"Retry-After": str(retry_after)},
        retry_after=retry_after,
    )


def _wait_text(seconds: int) -> Text:
    minutes = (seconds + 59) // 60
    if seconds <= 90:
        return Text(f"{seconds} giây", f"{seconds} seconds")
    return Text(f"{minutes} phút", f"{minutes} minutes")


async def hit(redis: Redis, prefix: str, limit: Limit, subject: str, detail: Text) -> None:
    """Count one hit; raise 429 with Retry-After once the window's budget is spent."""
    name = key(prefix, limit.name, subject)
    async with redis.pipeline(transaction=True) as pipe:
        pipe.incr(name)
        pipe.expire(name, limit.window_s, nx=True)
        pipe.ttl(name)
        count, _, ttl = await pipe.execute()
    if count > limit.max_hits:
        wait = ttl if ttl > 0 else limit.window_s
        later = _wait_text(wait)
        raise too_many(wait, Text(f"{detail.vi} Hãy thử lại sau {later.vi}.", f"{detail.en} Please try again in {later.en}."))


async def refuse_when_spent(redis: Redis, prefix: str, limit: Limit, subject: str, detail: Text) -> None:
    """429 when the window's budget is already spent, counting nothing (the caller counts failures with `hit`)."""
    name = key(prefix, limit.name, subject)
    async with redis.pipeline(transaction=True) as pipe:
        pipe.get(name)
        pipe.ttl(name)
        count, ttl = await pipe.execute()
    if count is not None and int(count) >= limit.max_hits:
        wait = ttl if ttl > 0 else limit.window_s
        later = _wait_text(wait)
        raise too_many(wait, Text(f"{detail.vi} Hãy thử lại sau {later.vi}.", f"{detail.en} Please try again in {later.en}."))


async def start_cooldown(redis: Redis, prefix: str, name: str, subject: str, seconds: int, detail: Text) -> None:
    """Allow one action per `seconds`; raise 429 with the time left otherwise."""
    cooldown_key = key(prefix, name, subject)
    if await redis.set(cooldown_key, "1", ex=seconds, nx=True):
        return
    wait = await redis.ttl(cooldown_key)
    wait = wait if wait > 0 else seconds
    later = _wait_text(wait)
    raise too_many(wait, Text(f"{detail.vi} Hãy đợi {later.vi}.", f"{detail.en} Please wait {later.en}."))


async def locked_for(redis: Redis, prefix: str, subject: str, lock: str = "staff-lock") -> int:
    """Seconds left on a staff lock, 0 when not locked."""
    ttl = await redis.ttl(key(prefix, lock, subject))
    return ttl if ttl > 0 else 0


async def count_failure(
    redis: Redis, prefix: str, subject: str, limit: Limit = STAFF_FAILURES, lock: str = "staff-lock",
    lock_s: int = STAFF_LOCK_S,
) -> int:
    """Record a wrong password (or second-factor code); the tries left before the lock, 0 when this one locks."""
    name = key(prefix, limit.name, subject)
    async with redis.pipeline(transaction=True) as pipe:
        pipe.incr(name)
        pipe.expire(name, limit.window_s, nx=True)
        count, _ = await pipe.execute()
    if count < limit.max_hits:
        return limit.max_hits - count
    async with redis.pipeline(transaction=True) as pipe:
        pipe.set(key(prefix, lock, subject), "1", ex=lock_s)
        pipe.delete(name)
        await pipe.execute()
    return 0


async def clear_failures(redis: Redis, prefix: str, subject: str, limit: Limit = STAFF_FAILURES) -> None:
    await redis.delete(key(prefix, limit.name, subject))


SECOND_FACTOR_LOCK = "totp-lock"


async def second_factor_locked_for(redis: Redis, prefix: str, staff_id: str) -> int:
    return await locked_for(redis, prefix, staff_id, SECOND_FACTOR_LOCK)


async def count_second_factor_failure(redis: Redis, prefix: str, staff_id: str) -> int:
    """Record a wrong TOTP or recovery code; the tries left, 0 when this one locks the second factor."""
    return await count_failure(
        redis, prefix, staff_id, SECOND_FACTOR_FAILURES, SECOND_FACTOR_LOCK, SECOND_FACTOR_LOCK_S
    )


async def clear_second_factor_failures(redis: Redis, prefix: str, staff_id: str) -> None:
    await clear_failures(redis, prefix, staff_id, SECOND_FACTOR_FAILURES)


# Set-password links: the token is 256 random bits, so this only keeps a scanner off the endpoint.
PASSWORD_LINKS_PER_IP = Limit("pwlink-ip", 30, 900)


# Public look-ups (a dossier, a shipment, feedback) by a code and a phone's last four digits: wrong guesses are
# capped per address, across all of them, and per code.
TRIED_TOO_OFTEN = Text("Thiết bị này đã thử quá nhiều lần.", "This device has tried too many times.")
LOOKUP_TRIES = Text("Đã thử tra cứu quá nhiều lần.", "Too many look-ups were tried.")


async def refuse_spent_lookups(redis: Redis, prefix: str, rate_key: str, code_key: str) -> None:
    """429 before a look-up when this address or this code has used up its wrong guesses."""
    await refuse_when_spent(redis, prefix, LOOKUP_FAILURES_PER_IP, rate_key, LOOKUP_TRIES)
    await refuse_when_spent(redis, prefix, LOOKUP_FAILURES_PER_CODE, code_key, LOOKUP_TRIES)


async def count_failed_lookup(redis: Redis, prefix: str, rate_key: str, code_key: str) -> None:
    """One wrong guess against the address and the code (429 once either budget is spent)."""
    await hit(redis, prefix, LOOKUP_FAILURES_PER_IP, rate_key, LOOKUP_TRIES)
    await hit(redis, prefix, LOOKUP_FAILURES_PER_CODE, code_key, LOOKUP_TRIES)

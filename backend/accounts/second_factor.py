"""The staff's second factor: TOTP secrets (RFC 6238, through pyotp), kept encrypted, and one-time recovery codes.

Policy:
- Codes are 6 digits over 30-second steps (what every authenticator app shows by default); the step before and the
  one after are accepted too, for a phone's clock that drifts and the seconds it takes to type.
- The secret (160 random bits, base32) is encrypted with AES-256-GCM under a key derived from SECRET_KEY, the staff
  id bound as associated data. Changing SECRET_KEY therefore means resetting every factor (an admin action).
- Recovery codes: 10 per enrolment, 10 base32 characters each (50 random bits) shown as `xxxxx-xxxxx`; only an HMAC
  (keyed by SECRET_KEY, bound to the staff id) is kept. Typing ignores case, spaces and dashes.
- A code works once (RFC 6238 §5.2): the step of the last accepted code is kept, and only a later step's code is
  accepted after it; a replayed code counts as a wrong one.
- Wrong codes are counted by the caller (`limits.SECOND_FACTOR_FAILURES`): 5 lock the account's second factor
  for 15 minutes, recovery codes included.

Demo accounts get a secret derived from SECRET_KEY and the username (`demo_secret`), so seeding twice changes
nothing, no secret sits in the repository, and `just up` can print it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import time
from uuid import UUID

import pyotp
import segno
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

ISSUER = "Một Cửa"
RECOVERY_CODES = 10
_NONCE_BYTES = 12
_RECOVERY_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"


def _key(signing_key: bytes) -> bytes:
    return hmac.new(signing_key, b"staff-totp-secret-encryption", hashlib.sha256).digest()


def new_secret() -> str:
    return pyotp.random_base32(32)


def demo_secret(signing_key: bytes, username: str) -> str:
    digest = hmac.new(signing_key, f"demo-totp:{username}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest[:20]).decode()


def encrypt(signing_key: bytes, staff_id: UUID, secret: str) -> bytes:
    nonce = os.urandom(_NONCE_BYTES)
    return nonce + AESGCM(_key(signing_key)).encrypt(nonce, secret.encode(), staff_id.bytes)


def decrypt(signing_key: bytes, staff_id: UUID, sealed: bytes) -> str:
    """The secret; raises cryptography's InvalidTag when SECRET_KEY changed or the row is not this staff member's."""
    nonce, body = sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:]
    return AESGCM(_key(signing_key)).decrypt(nonce, body, staff_id.bytes).decode()


def matching_step(secret: str, code: str, *, after: int | None = None, now: float | None = None) -> int | None:
    """The time step (unix time // 30) whose code `code` is, among the step before, this one and the one after,
    and later than `after` (the step of the last code accepted: RFC 6238 §5.2, a code works once); None otherwise."""
    totp = pyotp.TOTP(secret)
    current = int((time.time() if now is None else now) // totp.interval)
    for step in (current + 1, current, current - 1):
        if after is not None and step <= after:
            continue
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def otpauth_uri(secret: str, username: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """The otpauth URI as an inline SVG QR code (vectors, as the receipts and VietQR draw theirs)."""
    return segno.make(uri, error="m", micro=False).svg_inline(scale=4, border=4)


def new_recovery_codes() -> list[str]:
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    return codes


def recovery_hash(signing_key: bytes, staff_id: UUID, code: str) -> bytes:
    typed = "".join(code.lower().split()).replace("-", "")
    return hmac.new(signing_key, f"recovery:{staff_id}:{typed}".encode(), hashlib.sha256).digest()

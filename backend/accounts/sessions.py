"""Session tokens, their cookies and the CSRF token bound to them.

Cookie conventions (the PWA and every later domain rely on these):

- `motcua_session`: the opaque random token, HttpOnly, SameSite=Lax, Path=/, Secure when
  `Settings.cookie_secure` (default on). The server keeps only its SHA-256.
- `motcua_csrf`: readable by scripts (not HttpOnly), same attributes. Its value is
  HMAC(secret, "csrf:" + session token), so it is bound to the session: a cookie planted by a
  sibling subdomain cannot match. Every cookie-authenticated request with an unsafe method
  (anything but GET/HEAD/OPTIONS) must echo it in the `X-CSRF-Token` header, or it is refused
  with 403 `csrf_failed`. We chose this double-submit over an Origin check because Origin is
  absent from some same-origin requests and differs behind the Vite dev proxy.
- Citizens' sessions slide: used at least every 30 days they stay alive, and the cookies are
  re-sent with a fresh Max-Age when the server extends them. Staff sessions end 12 h after
  sign-in (one working day), used or not. The staff password alone opens a session of 15 minutes whose
  second factor is pending (guards.py, 6.); the right code replaces it with a new token and the full session.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Any

from litestar.datastructures import Cookie
from litestar.types import Message, Scope

from backend.settings import Settings

SESSION_COOKIE = "motcua_session"
CSRF_COOKIE = "motcua_csrf"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

CITIZEN_LIFETIME = timedelta(days=30)
STAFF_LIFETIME = timedelta(hours=12)
# A staff session opened by the password alone, waiting for the second factor: time to open the authenticator app
# (or, the first time, to install one and save the recovery codes), no more.
SECOND_FACTOR_LIFETIME = timedelta(minutes=15)
# Extending a sliding session writes a row; once in this interval is plenty.
SLIDE_EVERY = timedelta(minutes=10)

# Key in the ASGI scope state asking `refresh_session_cookies` to re-send the cookies.
_REFRESH_KEY = "motcua.session_refresh"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> bytes:
    # The token is 256 random bits, so a fast hash is enough (unlike one-time codes or passwords).
    return hashlib.sha256(token.encode()).digest()


def csrf_token(settings: Settings, token: str) -> str:
    return hmac.new(settings.signing_key, f"csrf:{token}".encode(), hashlib.sha256).hexdigest()


def csrf_matches(settings: Settings, token: str, supplied: str | None) -> bool:
    return bool(supplied) and hmac.compare_digest(csrf_token(settings, token), supplied or "")


def session_cookies(settings: Settings, token: str, lifetime: timedelta) -> list[Cookie]:
    max_age = int(lifetime.total_seconds())
    common: dict[str, Any] = {"path": "/", "samesite": "lax", "secure": settings.cookie_secure, "max_age": max_age}
    return [
        Cookie(key=SESSION_COOKIE, value=token, httponly=True, **common),
        Cookie(key=CSRF_COOKIE, value=csrf_token(settings, token), httponly=False, **common),
    ]


def expired_cookies(settings: Settings) -> list[Cookie]:
    common: dict[str, Any] = {"path": "/", "samesite": "lax", "secure": settings.cookie_secure, "max_age": 0}
    return [
        Cookie(key=SESSION_COOKIE, value="", httponly=True, **common),
        Cookie(key=CSRF_COOKIE, value="", httponly=False, **common),
    ]


def ask_cookie_refresh(scope: Scope, token: str, lifetime: timedelta) -> None:
    scope.setdefault("state", {})[_REFRESH_KEY] = (token, lifetime)  # type: ignore[typeddict-item]


def cancel_cookie_refresh(scope: Scope) -> None:
    scope.setdefault("state", {}).pop(_REFRESH_KEY, None)  # type: ignore[typeddict-item]


async def refresh_session_cookies(message: Message, scope: Scope) -> None:
    """`before_send` hook: re-send the cookies of a session the server just extended."""
    if message["type"] != "http.response.start":
        return
    pending = scope.get("state", {}).get(_REFRESH_KEY)
    if not pending:
        return
    settings: Settings = scope["app"].state.settings
    token, lifetime = pending
    headers = list(message.get("headers", []))
    headers.extend(cookie.to_encoded_header() for cookie in session_cookies(settings, token, lifetime))
    message["headers"] = headers  # type: ignore[typeddict-unknown-key]

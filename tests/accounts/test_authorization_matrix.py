"""The authorisation matrix, generated from the app's route table.

A new route fails here until it is either listed in PUBLIC_ROUTES or carries a guard (see the
conventions in backend/accounts/guards.py). For every guarded route and every kind of caller the
guard does not admit, the answer is 401/403/404 problem+json with no object data. Routes a caller
is admitted to must not show another citizen's data; object routes (path parameters) are called with
objects that belong to someone else, registered in FOREIGN_OBJECTS by the domain that owns them.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import pytest
from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from litestar.routes import HTTPRoute
from litestar.testing import AsyncTestClient

from backend.accounts.schemas import STAFF_ROLES
from tests.support import DEMO, SignedIn, sign_in_citizen, sign_in_staff

# Routes anyone may call, signed in or not. Keep it short and say why.
PUBLIC_ROUTES: set[tuple[str, str]] = {
    ("GET", "/health"),  # liveness probe
    ("GET", "/ready"),  # readiness probe
    ("GET", "/metrics"),  # Prometheus scrape (network-restricted in production)
    ("GET", "/api/config"),  # runtime config for the PWA
    # The public procedure catalogue.
    ("GET", "/api/catalog/procedures"),
    ("GET", "/api/catalog/procedures/{code:str}"),
    ("POST", "/api/catalog/procedures/{code:str}/fee"),  # a fee quote computes, it stores nothing
    ("GET", "/api/catalog/procedure-versions/{version_id:uuid}"),
    ("GET", "/api/catalog/fields"),
    ("GET", "/api/catalog/provinces"),
    ("GET", "/api/catalog/provinces/{province_code:str}/communes"),
    ("GET", "/api/catalog/agencies"),
    ("GET", "/api/stats/popular-procedures"),  # the home screen's most filed procedures: counts, no one's data
    # The public dashboard of every agency (issue 15): counts and shares per agency, no one's data.
    ("GET", "/api/stats/dashboard"),
    ("GET", "/api/stats/dashboard.csv"),
    # Signing in.
    ("POST", "/api/auth/citizen/code"),
    ("POST", "/api/auth/citizen/session"),
    ("POST", "/api/auth/staff/session"),
    # A new staff member's (or reset) password, chosen with the one-time link the admin handed over: the link's
    # 256-bit token is the key; calls are rate-limited per address.
    ("POST", "/api/auth/staff/password-link"),
    ("POST", "/api/auth/staff/password"),
    # Public verification of issued e-results (the QR code on each result; the code is unguessable).
    ("GET", "/api/verify/{verification_code:str}"),
    ("POST", "/api/verify/{verification_code:str}"),  # checks an uploaded copy, stores nothing
    # Tra cứu hồ sơ: the code and the phone's last 4 digits are the key; wrong guesses are rate-limited.
    ("POST", "/api/lookup/dossier"),
    # The VAPID public key browsers subscribe with (public by design).
    ("GET", "/api/push/key"),
    # SMS gateways' delivery receipts: authenticated by each gateway's token in the callback URL, not a session.
    ("GET", "/api/notifications/receipts/{provider:str}"),
    ("POST", "/api/notifications/receipts/{provider:str}"),
    # Payment gateways' notices, each authenticated by the gateway's signature (VNPay's HMAC, Casso's), and the
    # browser's way back from VNPay, which only reads.
    ("GET", "/api/payments/vnpay/ipn"),
    ("GET", "/api/payments/vnpay/return"),
    ("POST", "/api/payments/bank/notices"),
    # The postage tariff, so the app shows the postage before filing (and offline): public prices.
    ("GET", "/api/delivery/tariff"),
    # Public tracking: the tracking code and the recipient's phone's last 4 digits are the key; rate-limited.
    ("POST", "/api/lookup/shipment"),
    # VNPost's signed status webhook.
    ("POST", "/api/delivery/vnpost/callback"),
    # Feedback (phản ánh, kiến nghị) from anyone: signed out, the phone is proved by a one-time code (rate-limited);
    # its look-up takes the tracking code and the phone's last 4 digits (wrong guesses rate-limited); the Q&A shows
    # only answers an agency published, anonymised.
    ("POST", "/api/feedback"),
    # Its photos, uploaded before the send by the same sender (signed in, or with the phone's live code); counted
    # per address and sender, at most 15 MB, checked from their headers; only the agency's officers fetch them back.
    ("POST", "/api/feedback/photos"),
    ("POST", "/api/feedback/lookup"),
    ("GET", "/api/feedback/published"),
}
# Static files and the API's own documentation.
PUBLIC_PREFIXES = ("/schema",)
PUBLIC_STATIC = {"/", "/{file_path:path}", "/assets/{file_path:path}"}

# Path parameter name → an object id belonging to someone other than the caller. Domains add theirs
# (e.g. "dossier_id": a dossier of another citizen in another agency) through the `foreign` fixture.
FOREIGN_OBJECTS: dict[str, str] = {}

# Calling these as an admitted caller would end the session the rest of the matrix uses.
SIGNS_OUT = {("DELETE", "/api/auth/session")}

CALLERS = ("anonymous", "citizen", *STAFF_ROLES)
PROBLEM_KEYS = {"type", "title", "status", "detail", "code", "instance", "request_id", "errors", "retry_after"}
_PARAM = re.compile(r"\{(\w+):(\w+)\}")


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    handler: HTTPRouteHandler

    @property
    def guarded(self) -> bool:
        return bool(self.handler.resolve_guards())

    @property
    def admitted(self) -> frozenset[str]:
        """Callers every guard lets through (guards without `allowed_roles`, like the operator token, admit none)."""
        admitted = frozenset(CALLERS) - {"anonymous"}
        for guard in self.handler.resolve_guards():
            admitted &= getattr(guard, "allowed_roles", frozenset())
        return admitted

    @property
    def has_object(self) -> bool:
        return bool(_PARAM.search(self.path))

    def url(self) -> str:
        def fill(match: re.Match[str]) -> str:
            name, kind = match.groups()
            if name in FOREIGN_OBJECTS:
                return FOREIGN_OBJECTS[name]
            return {"uuid": str(uuid.uuid4()), "int": "1"}.get(kind, "khong-co")

        return _PARAM.sub(fill, self.path)

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def endpoints(app: Litestar) -> Iterator[Endpoint]:
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            for method in sorted(handler.http_methods - {"OPTIONS", "HEAD"}):
                yield Endpoint(method, route.path, handler)


def is_public(endpoint: Endpoint) -> bool:
    return (
        (endpoint.method, endpoint.path) in PUBLIC_ROUTES
        or endpoint.path.startswith(PUBLIC_PREFIXES)
        or endpoint.path in PUBLIC_STATIC
    )


def test_every_route_is_public_or_guarded(app: Litestar) -> None:
    unruled = [str(e) for e in endpoints(app) if not is_public(e) and not e.guarded]
    assert not unruled, f"routes without a guard and not in PUBLIC_ROUTES: {unruled}"
    guarded_but_listed = [str(e) for e in endpoints(app) if is_public(e) and e.guarded]
    assert not guarded_but_listed, f"listed as public but guarded (remove from PUBLIC_ROUTES): {guarded_but_listed}"
    present = {(e.method, e.path) for e in endpoints(app)}
    stale = PUBLIC_ROUTES - present
    assert not stale, f"PUBLIC_ROUTES names routes that no longer exist: {sorted(stale)}"


@pytest.fixture(scope="module")
async def callers(client: AsyncTestClient, seeded: None) -> dict[str, SignedIn | None]:
    sessions: dict[str, SignedIn | None] = {"anonymous": None, "citizen": await sign_in_citizen(client)}
    for role, (username, password) in DEMO.items():
        sessions[role] = await sign_in_staff(client, username, password)
    return sessions


@pytest.fixture(scope="module")
async def other_citizen(client: AsyncTestClient) -> dict[str, str]:
    """Someone whose data no other caller may ever see."""
    session = await sign_in_citizen(client)
    me = (await client.get("/api/me", headers=session.headers())).json()
    await client.put(
        "/api/me/profile",
        json={"full_name": "Người Khác Hoàn Toàn", "cccd": "079188001234", "date_of_birth": "1988-02-03"},
        headers=session.headers(),
    )
    return {"id": me["id"], "phone": me["phone"], "cccd": "079188001234", "name": "Người Khác Hoàn Toàn"}


@pytest.fixture(scope="module", autouse=True)
async def foreign_dossier(db, seeded: None, other_citizen: dict[str, str]) -> AsyncIterator[str]:
    """A submitted dossier of the other citizen at a commune's one-stop desk no demo caller works at."""
    dossier_id = str(uuid.uuid4())
    await db.execute(
        """
        insert into dossiers (id, code, procedure_version_id, procedure_code, agency_code, citizen_id, state,
                              applicant, submitted_at)
        select $1::uuid, a.code || '-000000-' || substr($1::text, 1, 8), p.current_version_id, p.code, a.code, $2::uuid,
               'submitted', jsonb_build_object('full_name', $3::text, 'phone', $4::text), now()
        from procedures p, agencies a
        where p.code = '1.001193' and a.level = 'commune' order by a.code desc limit 1
        """,
        dossier_id, other_citizen["id"], other_citizen["name"], other_citizen["phone"],
    )
    FOREIGN_OBJECTS["dossier_id"] = dossier_id
    yield dossier_id
    FOREIGN_OBJECTS.pop("dossier_id", None)


@pytest.fixture(scope="module", autouse=True)
async def foreign_assisted_session(db, seeded: None) -> AsyncIterator[str]:
    """Another helper's "help a person" (a volunteer of another team): no demo helper may consent in it."""
    session_id, staff_id = str(uuid.uuid4()), uuid.uuid4()
    await db.execute(
        """
        insert into staff_users (id, username, full_name, role, team_code, password_hash)
        select $1, $2, 'Tình nguyện viên Khác', 'volunteer', code, 'x' from teams
        where kind = 'youth_union' limit 1
        """,
        staff_id, f"tnv-{session_id[:8]}",
    )
    await db.execute(
        "insert into assisted_sessions (id, staff_id, channel, phone, full_name) "
        "values ($1::uuid, $2, 'assisted', '+84912000005', $3)",
        session_id, staff_id, "Người Được Giúp Khác",
    )
    FOREIGN_OBJECTS["session_id"] = session_id
    yield session_id
    FOREIGN_OBJECTS.pop("session_id", None)
async def foreign_feedback(db, seeded: None, other_citizen: dict[str, str], foreign_dossier: str) -> AsyncIterator[str]:
    """The other citizen's feedback, with a photo, to the agency of their dossier (no demo caller's queue)."""
    feedback_id, photo_id = str(uuid.uuid4()), str(uuid.uuid4())
    await db.execute(
        """
        insert into feedback (id, tracking_code, agency_code, citizen_id, phone, body, due_on)
        select $1::uuid, 'PA-000000-' || substr($1::text, 1, 8), d.agency_code, $2::uuid, $3, 'Phản ánh của người khác.',
               current_date + 10
        from dossiers d where d.id = $4::uuid
        """,
        feedback_id, other_citizen["id"], other_citizen["phone"], foreign_dossier,
    )
    await db.execute(
        """
        insert into feedback_photos (id, citizen_id, storage_key, media_type, bytes, feedback_id, position)
        values ($1::uuid, $2::uuid, 'feedback/' || $1, 'image/jpeg', 1, $3::uuid, 0)
        """,
        photo_id, other_citizen["id"], feedback_id,
    )
    FOREIGN_OBJECTS.update(feedback_id=feedback_id, photo_id=photo_id)
    yield feedback_id
    FOREIGN_OBJECTS.pop("feedback_id", None)
    FOREIGN_OBJECTS.pop("photo_id", None)


async def _call(client: AsyncTestClient, endpoint: Endpoint, session: SignedIn | None):
    headers = session.headers() if session else {}
    client.cookies.clear()
    return await client.request(endpoint.method, endpoint.url(), headers=headers, json={} if endpoint.method != "GET" else None)


def _assert_no_data(response, context: str, statuses: tuple[int, ...] = (401, 403, 404)) -> None:
    assert response.status_code in statuses, f"{context}: {response.status_code} {response.text}"
    assert response.headers["content-type"].startswith("application/problem+json"), context
    assert set(response.json()) <= PROBLEM_KEYS, f"{context}: unexpected fields {set(response.json()) - PROBLEM_KEYS}"


async def test_callers_a_guard_refuses_get_no_data(
    app: Litestar, client: AsyncTestClient, callers: dict[str, SignedIn | None]
) -> None:
    checked = 0
    for endpoint in endpoints(app):
        if not endpoint.guarded:
            continue
        for caller in CALLERS:
            if caller in endpoint.admitted:
                continue
            response = await _call(client, endpoint, callers[caller])
            _assert_no_data(response, f"{endpoint} as {caller}")
            checked += 1
    assert checked > 0


async def test_admitted_callers_never_see_another_citizens_data(
    app: Litestar, client: AsyncTestClient, callers: dict[str, SignedIn | None], other_citizen: dict[str, str]
) -> None:
    for endpoint in endpoints(app):
        if not endpoint.guarded:
            continue
        for caller in sorted(endpoint.admitted):
            if caller == "admin" and endpoint.path.startswith("/api/admin/audit"):
                continue  # the audit log is exactly where an admin reads who did what
            if (endpoint.method, endpoint.path) in SIGNS_OUT:
                continue  # would end the caller's session for the rest of the matrix
            response = await _call(client, endpoint, callers[caller])
            context = f"{endpoint} as {caller}"
            if endpoint.has_object:
                # Someone else's object (or one that does not exist), with an empty body: refused
                # (a PUT that creates may answer 422 for the empty body), never with data.
                _assert_no_data(response, context, statuses=(400, 401, 403, 404, 409, 415, 422))
                continue
            assert response.status_code < 500, f"{context}: {response.status_code} {response.text}"
            for secret in other_citizen.values():
                assert secret not in response.text, f"{context} shows another citizen's {secret!r}"

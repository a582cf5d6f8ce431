"""Filing for others through the API: a volunteer helps a person with the person's SMS code as consent, files in
the person's own account under an acting-for grant, and loses access once the dossier is submitted; a reception
officer does the same at the counter, receives at once and resolves a same-day procedure on the spot."""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg
import pytest
from litestar.testing import AsyncTestClient

from backend.ids import new_id
from backend.settings import Settings
from tests.support import (
    BIRTH_FORM, BIRTH_REGISTRATION, CERTIFIED_COPY, CERTIFIED_COPY_FORM, COMMUNE_DESK, SignedIn, act, clear_rate_limits,
    detail, e164, random_phone, ready_to_submit, sign_in_citizen, sign_in_demo, sign_in_staff, sms_code, submit,
)


@dataclass(frozen=True)
class ActingFor(SignedIn):
    """A helper's session sending the acting-for grant, as the PWA does on the filing routes."""

    grant: str = ""

    def headers(self, *, csrf: bool = True, **extra: str) -> dict[str, str]:
        return super().headers(csrf=csrf, **{"X-Acting-For": self.grant, **extra})


@pytest.fixture
async def volunteer(client: AsyncTestClient, seeded: None, settings: Settings) -> SignedIn:
    await clear_rate_limits(settings)  # every test asks for codes from one address; limits are tested elsewhere
    return await sign_in_demo(client, "volunteer")


async def start_helping(client: AsyncTestClient, helper: SignedIn, phone: str | None, name: str = "Nguyễn Văn An", **extra: str) -> dict:
    body = {"full_name": name, **({"phone": phone} if phone else {}), **extra}
    response = await client.post("/api/assisted/people", json=body, headers=helper.headers())
    assert response.status_code == 201, response.text
    return response.json()


async def consent(client: AsyncTestClient, helper: SignedIn, session: dict, **body: str):
    return await client.post(f"/api/assisted/people/{session['id']}/consent", json=body, headers=helper.headers())


async def helped(client: AsyncTestClient, helper: SignedIn, phone: str, name: str = "Nguyễn Văn An") -> tuple[ActingFor, dict]:
    """The helper, acting for the person who read out their code, and the grant."""
    session = await start_helping(client, helper, phone, name)
    response = await consent(client, helper, session, code=await sms_code(session["phone"]))
    assert response.status_code == 201, response.text
    grant = response.json()
    return ActingFor(token=helper.token, csrf=helper.csrf, grant=grant["token"]), grant


async def test_consent_is_recorded_with_its_time_and_volunteer_and_a_new_phone_gets_its_account_once(
    client: AsyncTestClient, db: asyncpg.Pool, settings: Settings, volunteer: SignedIn,
) -> None:
    phone = random_phone()
    session = await start_helping(client, volunteer, phone, "  Nguyễn   Văn An ")
    assert session["code_sent"] is True and session["phone"] == e164(phone) and session["full_name"] == "Nguyễn Văn An"
    assert session["channel"] == "assisted"

    response = await consent(client, volunteer, session, code=await sms_code(e164(phone)), method="sms_code_read_out")
    assert response.status_code == 201, response.text
    grant = response.json()
    assert grant["citizen_name"] == "Nguyễn Văn An" and grant["consent_method"] == "sms_code_read_out"
    assert grant["token"] and grant["expires_at"] > grant["consented_at"]

    row = await db.fetchrow("select * from assisted_sessions where id = $1", session["id"])
    assert row["consent_method"] == "sms_code_read_out" and row["consented_at"] is not None
    citizens = await db.fetch("select id, full_name from citizens where phone = $1", e164(phone))
    assert len(citizens) == 1 and citizens[0]["full_name"] == "Nguyễn Văn An"
    assert row["citizen_id"] == citizens[0]["id"]

    # The person signing in later with that phone lands in the same account, which now shows the name given.
    await clear_rate_limits(settings)  # a code went to this phone a moment ago
    person = await sign_in_citizen(client, phone)
    me = (await client.get("/api/me", headers=person.headers())).json()
    assert me["id"] == str(citizens[0]["id"]) and me["display_name"] == "Nguyễn Văn An"

    # A second "help" for the same person reuses the account.
    await clear_rate_limits(settings)
    _, again = await helped(client, volunteer, phone)
    assert await db.fetchval("select count(*) from citizens where phone = $1", e164(phone)) == 1
    second = await db.fetchrow("select citizen_id from assisted_sessions where id = $1", again["session_id"])
    assert second["citizen_id"] == citizens[0]["id"]

    # The same session cannot be consented twice.
    response = await consent(client, volunteer, session, code="000000")
    assert response.status_code == 409 and response.json()["code"] == "consent_already_given"


async def test_the_consent_recorded_names_the_volunteer(client: AsyncTestClient, db: asyncpg.Pool, volunteer: SignedIn) -> None:
    _, grant = await helped(client, volunteer, random_phone())
    row = await db.fetchrow(
        "select u.username, s.consented_at, s.created_at from assisted_sessions s join staff_users u on u.id = s.staff_id "
        "where s.id = $1", grant["session_id"],
    )
    me = (await client.get("/api/me", headers=volunteer.headers())).json()
    assert row["username"] == me["username"] and row["consented_at"] >= row["created_at"]


async def test_a_wrong_code_is_refused_and_grants_nothing(client: AsyncTestClient, db: asyncpg.Pool, volunteer: SignedIn) -> None:
    phone = random_phone()
    session = await start_helping(client, volunteer, phone)
    right = await sms_code(e164(phone))
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = await consent(client, volunteer, session, code=wrong)
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "code_wrong" and response.json()["attempts_left"] == 4
    row = await db.fetchrow("select consented_at, grant_id, citizen_id from assisted_sessions where id = $1", session["id"])
    assert row["consented_at"] is None and row["grant_id"] is None and row["citizen_id"] is None
    assert await db.fetchval("select count(*) from citizens where phone = $1", e164(phone)) == 0

    # Without a code, a person with a phone cannot be "consented" as if they had none.
    response = await consent(client, volunteer, session, method="no_phone")
    assert response.status_code == 422 and response.json()["code"] == "consent_method_mismatch"


async def test_another_helpers_session_is_not_found(client: AsyncTestClient, volunteer: SignedIn) -> None:
    session = await start_helping(client, volunteer, random_phone())
    desk = await sign_in_staff(client, *COMMUNE_DESK)
    response = await consent(client, desk, session, code="123456")
    assert response.status_code == 404 and response.json()["code"] == "assisted_session_not_found"


async def test_a_known_phone_keeps_its_account_and_the_volunteer_sees_none_of_its_other_dossiers(
    client: AsyncTestClient, db: asyncpg.Pool, settings: Settings, volunteer: SignedIn, citizen: SignedIn,
) -> None:
    me = (await client.get("/api/me", headers=citizen.headers())).json()
    own = await client.put(f"/api/dossiers/{new_id()}", json={"procedure_code": BIRTH_REGISTRATION}, headers=citizen.headers())
    assert own.status_code == 200, own.text

    await clear_rate_limits(settings)  # the person signed in a moment ago
    acting, grant = await helped(client, volunteer, me["phone"])
    row = await db.fetchrow("select citizen_id from assisted_sessions where id = $1", grant["session_id"])
    assert str(row["citizen_id"]) == me["id"]
    # The profile's name stays what the person wrote.
    assert grant["citizen_name"] == "Nguyễn Văn An"
    assert await db.fetchval("select full_name from citizens where id = $1", row["citizen_id"]) == "Nguyễn Thị Lan"

    listed = await client.get("/api/dossiers", headers=acting.headers())
    assert listed.status_code == 200 and listed.json()["items"] == []
    response = await client.get(f"/api/dossiers/{own.json()['id']}", headers=acting.headers())
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    # The grant opens the filing routes only: the profile stays the person's.
    response = await client.get("/api/me/profile", headers=acting.headers())
    assert response.status_code == 403 and response.json()["code"] == "wrong_role"


async def test_the_volunteer_files_in_the_persons_account_and_loses_access_after_submitting(
    client: AsyncTestClient, db: asyncpg.Pool, settings: Settings, volunteer: SignedIn, demo_commune: str,
) -> None:
    phone = random_phone()
    acting, grant = await helped(client, volunteer, phone, "Lê Thị Mai")
    dossier = await ready_to_submit(client, settings, acting, BIRTH_REGISTRATION, BIRTH_FORM, commune_code=demo_commune)
    assert dossier["channel"] == "assisted" and dossier["applicant"]["full_name"] == "Lê Thị Mai"
    assert [d["id"] for d in (await client.get("/api/dossiers", headers=acting.headers())).json()["items"]] == [dossier["id"]]

    response = await submit(client, acting, dossier["id"], str(new_id()))
    assert response.status_code == 200, response.text
    submitted = response.json()
    assert submitted["state"] == "submitted" and submitted["channel"] == "assisted" and submitted["code"]

    row = await db.fetchrow(
        "select d.channel, d.filed_by_staff_id, c.phone from dossiers d join citizens c on c.id = d.citizen_id where d.id = $1",
        dossier["id"],
    )
    me = (await client.get("/api/me", headers=volunteer.headers())).json()
    assert row["channel"] == "assisted" and str(row["filed_by_staff_id"]) == me["id"] and row["phone"] == e164(phone)

    # The grant ended with the submission: the dossier is closed to the volunteer, with or without it.
    for headers in (acting.headers(), volunteer.headers()):
        response = await client.get(f"/api/dossiers/{dossier['id']}", headers=headers)
        assert response.status_code == 403, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["code"] in ("acting_grant_ended", "wrong_role")
        assert "Lê Thị Mai" not in response.text
    response = await client.put(f"/api/dossiers/{new_id()}", json={"procedure_code": BIRTH_REGISTRATION}, headers=acting.headers())
    assert response.status_code == 403 and response.json()["code"] == "acting_grant_ended"

    # What stays: today's status by code.
    today = (await client.get("/api/assisted/today", headers=volunteer.headers())).json()["items"]
    mine = next(item for item in today if item["code"] == submitted["code"])
    assert mine["person_name"] == "Lê Thị Mai" and mine["state"] == "submitted" and mine["channel"] == "assisted"
    assert set(mine) == {
        "code", "person_name", "procedure_name", "procedure_name_en", "state", "state_words", "national_status",
        "submitted_at", "channel", "filed_by",
    }

    # The person signs in and finds it in their account, filed for them.
    await clear_rate_limits(settings)
    person = await sign_in_citizen(client, phone)
    theirs = await detail(client, person, dossier["id"])
    assert theirs["code"] == submitted["code"] and theirs["channel"] == "assisted"
    events = await db.fetch("select actor_kind, detail from dossier_events where dossier_id = $1 and action = 'submit'", dossier["id"])
    assert events[0]["detail"]["filed_by_staff_id"] == me["id"]


async def test_the_dashboard_counts_per_volunteer_and_per_day(
    client: AsyncTestClient, settings: Settings, volunteer: SignedIn, demo_commune: str, admin: SignedIn,
) -> None:
    before = (await client.get("/api/assisted/dashboard", headers=volunteer.headers())).json()
    acting, _ = await helped(client, volunteer, random_phone())
    dossier = await ready_to_submit(client, settings, acting, BIRTH_REGISTRATION, BIRTH_FORM, commune_code=demo_commune)
    assert (await submit(client, acting, dossier["id"], str(new_id()))).status_code == 200

    after = (await client.get("/api/assisted/dashboard", headers=volunteer.headers())).json()
    assert after["scope"] == "own" and len(after["per_day"]) == 14
    assert after["per_day"][-1]["count"] == before["per_day"][-1]["count"] + 1
    assert sum(d["count"] for d in after["per_day"]) == sum(h["last_14_days"] for h in after["per_helper"])
    assert len(after["per_helper"]) == 1 and after["per_helper"][0]["today"] == after["per_day"][-1]["count"]
    assert len(after["today"]) == after["per_day"][-1]["count"]

    everyone = (await client.get("/api/assisted/dashboard", headers=admin.headers())).json()
    assert everyone["scope"] == "all" and everyone["per_day"][-1]["count"] >= after["per_day"][-1]["count"]
    citizen = await sign_in_citizen(client)
    response = await client.get("/api/assisted/dashboard", headers=citizen.headers())
    assert response.status_code == 403 and response.json()["code"] == "wrong_role"


async def test_a_person_without_a_phone_gets_an_account_nobody_signs_in_to(
    client: AsyncTestClient, db: asyncpg.Pool, settings: Settings, volunteer: SignedIn, demo_commune: str,
) -> None:
    relative = random_phone()
    session = await start_helping(client, volunteer, None, "Phạm Văn Bốn", contact_phone=relative)
    assert session["code_sent"] is False and session["phone"] is None
    response = await consent(client, volunteer, session, code="123456")
    assert response.status_code == 422 and response.json()["code"] == "consent_method_mismatch"
    response = await consent(client, volunteer, session, method="no_phone")
    assert response.status_code == 201, response.text
    grant = response.json()
    assert grant["consent_method"] == "no_phone" and grant["contact_phone"] == e164(relative) and grant["phone"] is None

    acting = ActingFor(token=volunteer.token, csrf=volunteer.csrf, grant=grant["token"])
    applicant = {"full_name": "Phạm Văn Bốn", "phone": relative}
    dossier = await ready_to_submit(
        client, settings, acting, BIRTH_REGISTRATION, BIRTH_FORM, commune_code=demo_commune, applicant=applicant,
    )
    response = await submit(client, acting, dossier["id"], str(new_id()))
    assert response.status_code == 200, response.text
    owner = await db.fetchrow(
        "select c.phone, c.full_name from dossiers d join citizens c on c.id = d.citizen_id where d.id = $1", dossier["id"]
    )
    assert owner["phone"] is None and owner["full_name"] == "Phạm Văn Bốn"
    # The relative's phone follows it in the public look-up.
    found = await client.post("/api/lookup/dossier", json={"code": response.json()["code"], "phone_last4": relative[-4:]})
    assert found.status_code == 200, found.text


async def test_the_counter_files_a_walk_in_dossier_receives_it_and_resolves_it_on_the_spot(
    client: AsyncTestClient, db: asyncpg.Pool, settings: Settings, seeded: None, demo_commune: str,
) -> None:
    await clear_rate_limits(settings)
    desk = await sign_in_staff(client, *COMMUNE_DESK)
    phone = random_phone()
    session = await start_helping(client, desk, phone, "Trần Văn Tư")
    assert session["channel"] == "counter"
    response = await consent(client, desk, session, code=await sms_code(e164(phone)), method="confirmed_on_own_phone")
    assert response.status_code == 201, response.text
    acting = ActingFor(token=desk.token, csrf=desk.csrf, grant=response.json()["token"])
    dossier = await ready_to_submit(client, settings, acting, CERTIFIED_COPY, CERTIFIED_COPY_FORM, commune_code=demo_commune)
    response = await submit(client, acting, dossier["id"], str(new_id()))
    assert response.status_code == 200, response.text
    assert response.json()["channel"] == "counter"

    seen = (await client.get(f"/api/office/dossiers/{dossier['id']}", headers=desk.headers())).json()
    if seen["state"] == "awaiting_payment":
        paid = await client.post(
            f"/api/office/dossiers/{dossier['id']}/payments/cash", headers=desk.headers(),
            json={"amount": seen["fee"]["total"], "cash_receipt_number": "BL-000123"},
        )
        assert paid.status_code == 200, paid.text
        seen = (await client.get(f"/api/office/dossiers/{dossier['id']}", headers=desk.headers())).json()
    received = await act(client, desk, dossier["id"], "receive", seen["lock_version"])
    assert received.status_code == 200, received.text
    resolved = await act(client, desk, dossier["id"], "resolve_on_the_spot", received.json()["lock_version"])
    assert resolved.status_code == 200, resolved.text
    assert resolved.json()["state"] in ("result_ready", "result_awaiting_payment")
    receipt = await client.get(f"/api/office/dossiers/{dossier['id']}/receipt", headers=desk.headers())
    assert receipt.status_code == 200 and receipt.content.startswith(b"%PDF")
    assert await db.fetchval("select channel from dossiers where id = $1", dossier["id"]) == "counter"

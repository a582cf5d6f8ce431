"""Tra cứu hồ sơ: anyone with the receipt's code and the applicant's phone's last four digits sees the status in plain
words, nothing personal; a wrong pair answers exactly like an unknown code; wrong guesses are capped."""

from __future__ import annotations

from litestar.testing import AsyncTestClient

from backend.settings import Settings
from tests.support import BIRTH_FORM, BIRTH_REGISTRATION, SignedIn, clear_rate_limits, submitted_dossiers


async def _dossier_and_phone(client: AsyncTestClient, settings: Settings, citizen: SignedIn) -> tuple[dict, str]:
    (dossier,) = await submitted_dossiers(client, settings, citizen, BIRTH_REGISTRATION, BIRTH_FORM, 1)
    phone = (await client.get("/api/me", headers=citizen.headers())).json()["phone"]
    return dossier, phone


async def _look(client: AsyncTestClient, code: str, last4: str, request_id: str = "lookup-test") -> object:
    return await client.post(
        "/api/lookup/dossier", json={"code": code, "phone_last4": last4}, headers={"X-Request-ID": request_id},
    )


async def test_the_code_and_the_last_four_digits_show_the_status_and_nothing_personal(
    client: AsyncTestClient, settings: Settings, citizen: SignedIn,
) -> None:
    dossier, phone = await _dossier_and_phone(client, settings, citizen)
    answer = await _look(client, dossier["code"].lower(), phone[-4:])
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["code"] == dossier["code"] and body["state"] == "submitted" and body["national_status"] == 1
    assert body["state_words"] == "Đã gửi, chờ cán bộ một cửa kiểm tra"
    assert set(body) == {
        "code", "procedure_name", "procedure_name_en", "agency_name", "agency_name_en", "state", "state_words",
        "national_status", "submitted_at", "due_date",
    }
    english = await client.post(
        "/api/lookup/dossier", json={"code": dossier["code"], "phone_last4": phone[-4:]}, headers={"Accept-Language": "en"},
    )
    assert english.json()["state_words"] == "Sent, waiting for the one-stop officer to check it"


async def test_a_wrong_pair_answers_byte_for_byte_like_an_unknown_code(
    client: AsyncTestClient, settings: Settings, citizen: SignedIn,
) -> None:
    await clear_rate_limits(settings)
    dossier, phone = await _dossier_and_phone(client, settings, citizen)
    wrong = f"{(int(phone[-4:]) + 1) % 10_000:04d}"
    wrong_pair = await _look(client, dossier["code"], wrong)
    unknown = await _look(client, "000.00.06.H56-000101-9999", wrong)
    assert wrong_pair.status_code == unknown.status_code == 404
    assert wrong_pair.json()["code"] == "lookup_not_found"
    assert wrong_pair.content == unknown.content
    assert wrong_pair.headers["content-type"] == unknown.headers["content-type"]


async def test_twenty_wrong_tries_from_one_address_then_a_429(
    client: AsyncTestClient, settings: Settings, citizen: SignedIn,
) -> None:
    await clear_rate_limits(settings)
    dossier, phone = await _dossier_and_phone(client, settings, citizen)
    for number in range(20):
        assert (await _look(client, f"000.00.06.H56-000101-{number:04d}", "0000")).status_code == 404
    refused = await _look(client, dossier["code"], phone[-4:])  # even the right pair, from this address, for now
    assert refused.status_code == 429 and refused.json()["code"] == "too_many_requests"
    assert int(refused.headers["retry-after"]) > 0


async def test_ten_wrong_endings_lock_that_code(client: AsyncTestClient, settings: Settings, citizen: SignedIn) -> None:
    await clear_rate_limits(settings)
    dossier, phone = await _dossier_and_phone(client, settings, citizen)
    wrong = [ending for ending in (f"{n:04d}" for n in range(11)) if ending != phone[-4:]][:10]
    for ending in wrong:  # ten tries: under the address's cap of twenty, at the code's cap of ten
        assert (await _look(client, dossier["code"], ending)).status_code == 404
    refused = await _look(client, dossier["code"], phone[-4:])
    assert refused.status_code == 429
    other = await _look(client, "000.00.06.H56-000101-0001", "0000")
    assert other.status_code == 404, "other codes are still answered from this address"

"""The catalogue carries English beside the Vietnamese — the same answer whatever the reader's language, so
the phone's offline copy serves both — and every demo procedure is translated."""

from __future__ import annotations

import json

import pytest
from litestar.testing import AsyncTestClient

from backend.catalog.demo import DATA_FILE

pytestmark = pytest.mark.usefixtures("seeded")

DATA = json.loads(DATA_FILE.read_text("utf-8"))


def test_every_demo_procedure_is_translated() -> None:
    assert all(field.get("name_en") for field in DATA["fields"])
    assert all(agency.get("name_en") for agency in DATA["demo_departments"]["agencies"])
    for procedure in DATA["procedures"]:
        assert procedure.get("name_en"), procedure["code"]
        assert not procedure.get("note") or procedure.get("note_en"), procedure["code"]
        assert all(document.get("name_en") for document in procedure["documents"]), procedure["code"]
        for field in procedure["form"]:
            assert field.get("label_en"), (procedure["code"], field["name"])
            assert not field.get("choices") or len(field.get("choices_en") or []) == len(field["choices"])


async def test_a_procedure_in_both_languages(client: AsyncTestClient) -> None:
    birth = (await client.get("/api/catalog/procedures/1.001193")).json()
    assert (birth["name"], birth["name_en"]) == ("Đăng ký khai sinh", "Birth registration")
    assert birth["processing"]["text_en"] == "The same day (received after 15:00: the next working day)"
    assert (birth["fee"]["summary_en"], birth["fee"]["example"]["explanation_en"]) == ("Free.", "No fee or charge.")
    assert (birth["online_label"], birth["online_label_en"]) == ("Trực tuyến toàn trình", "Fully online")
    assert birth["agency_description_en"] == "The People's Committee of the commune or ward where you live"
    assert birth["note_en"] == "No charge when registered on time; copies of the extract cost ₫8,000 each."
    assert birth["documents"][1]["name_en"] == "Medical certificate of birth"
    sex = next(field for field in birth["form"] if field["name"] == "child_sex")
    assert (sex["label_en"], sex["choices"], sex["choices_en"]) == ("Sex", ["Nam", "Nữ"], ["Male", "Female"])
    record = (await client.get("/api/catalog/procedures/2.000488")).json()
    assert record["name_en"] == "Issuance of a judicial record certificate to a Vietnamese citizen"
    assert record["agency"]["name_en"] == record["agency_description_en"] == "Department of Justice, Khánh Hòa Province"
    assert record["fee"]["summary_en"] == (
        "₫200,000 per dossier; pupils and students, people with meritorious service to the revolution: ₫100,000."
    )


async def test_catalogue_answers_do_not_depend_on_the_reader_s_language(client: AsyncTestClient) -> None:
    """Phones keep these answers and search them offline, in whichever language the person switches to."""
    for path in ("/api/catalog/procedures/1.001193", "/api/catalog/procedures?q=khai%20sinh", "/api/catalog/fields"):
        vi = await client.get(path, headers={"Accept-Language": "vi"})
        en = await client.get(path, headers={"Accept-Language": "en"})
        assert vi.content == en.content and vi.headers["etag"] == en.headers["etag"], path
    summary = (await client.get("/api/catalog/procedures", params={"q": "khai sinh"})).json()["items"][0]
    assert (summary["name_en"], summary["fee_summary_en"], summary["field"]["name_en"]) == (
        "Birth registration", "Free.", "Civil status",
    )


async def test_places_and_agencies_in_english(client: AsyncTestClient) -> None:
    provinces = (await client.get("/api/catalog/provinces")).json()["items"]
    names = {unit["name"]: unit["name_en"] for unit in provinces}
    assert (names["Khánh Hòa"], names["Thành phố Huế"]) == ("Khánh Hòa Province", "Huế City")
    communes = (await client.get("/api/catalog/provinces/56/communes", params={"q": "nha trang"})).json()["items"]
    assert {"name": "Phường Nha Trang", "name_en": "Nha Trang Ward"}.items() <= next(
        c for c in communes if c["name"] == "Phường Nha Trang"
    ).items()
    agencies = (await client.get("/api/catalog/agencies", params={"q": "phuong nha trang"})).json()["items"]
    assert agencies[0]["name_en"] == "People's Committee of Nha Trang Ward"


async def test_a_fee_problem_in_english(client: AsyncTestClient) -> None:
    response = await client.post("/api/catalog/procedures/2.000815/fee", json={"copies": 1}, headers={"Accept-Language": "en"})
    body = response.json()
    assert response.status_code == 422 and body["code"] == "invalid_fee_answers"
    assert body["title"] == "The answers for the fee are not valid"
    assert body["errors"] == [{"field": "pages", "message": "Enter the number of pages of the paper to work out the fee."}]
    missing = await client.get("/api/catalog/procedures/9.999999", headers={"Accept-Language": "en"})
    assert missing.json()["detail"] == "No procedure has the code 9.999999. Search again by the procedure's name."

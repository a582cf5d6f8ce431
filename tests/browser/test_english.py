"""English is more than the frame: a person who switches the app to English files a whole dossier — search,
the procedure's page, sign-in, the profile, the form, the papers, delivery, review, submission, the dossier's
page — and reads no Vietnamese but the names of places and people (and catalogue text marked "(tiếng Việt)",
of which the demo catalogue has none); the server's own refusals arrive in English too."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import asyncpg
import httpx
from playwright.async_api import Browser, Page, expect

from backend.settings import Settings
from tests.support import (
    BIRTH_REGISTRATION, DEMO, clear_rate_limits, document_photo, e164, random_phone, sign_in_staff, sms_code,
)

SMALL_PHONE = {"width": 360, "height": 740}
APPLICANT, CHILD, MOTHER, STREET = "Nguyễn Thị Lan", "Nguyễn Minh An", "Trần Thị Hoa", "12 Trần Phú"
DOSSIER_URL = re.compile(r"#/ho-so/([0-9a-f-]{36})/nop$")

# Every visible text node and the words screen readers read (labels, placeholders, alt text), leaving out
# what is marked as Vietnamese (lang="vi": the language switch's "Tiếng Việt", untranslated catalogue text).
_READABLE_TEXT = """() => {
  const out = [];
  const marked = (el) => el.closest('[lang="vi"], script, style, noscript');
  const shown = (el) => (el.closest('select') ?? el).checkVisibility({ visibilityProperty: true });
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (el && !marked(el) && shown(el)) out.push(node.textContent);
  }
  for (const el of document.body.querySelectorAll('[aria-label], [placeholder], [alt], [title]')) {
    if (marked(el) || !shown(el)) continue;
    for (const name of ['aria-label', 'placeholder', 'alt', 'title']) out.push(el.getAttribute(name) ?? '');
  }
  return out.join('\\n');
}"""


def _vietnamese_words(text: str) -> list[str]:
    """Lines that hold a letter only Vietnamese writes: đ, or a vowel with a tone or vowel mark."""
    decomposed = unicodedata.normalize("NFD", text)
    found = []
    for line in decomposed.splitlines():
        if "đ" in line.lower() or any(unicodedata.combining(ch) for ch in line):
            found.append(unicodedata.normalize("NFC", line.strip()))
    return found


async def _allowed_names(live_url: str, province: str) -> list[str]:
    """Names of places and people, in either language, longest first (a name inside another goes after it)."""
    async with httpx.AsyncClient(base_url=live_url) as http:
        provinces = (await http.get("/api/catalog/provinces", params={"limit": 100})).json()["items"]
        communes = (await http.get(f"/api/catalog/provinces/{province}/communes", params={"limit": 500})).json()["items"]
    places = [name for unit in provinces + communes for name in (unit["name"], unit["name_en"])]
    # The app's own name, the people and the street of this filing.
    names = [*places, "Một Cửa", APPLICANT, CHILD, MOTHER, "Trần Phú", "Khánh Hòa"]
    return sorted(set(names), key=len, reverse=True)


async def _assert_english(page: Page, names: list[str], screen: str, tmp_path: Path) -> None:
    text = unicodedata.normalize("NFC", await page.evaluate(_READABLE_TEXT))
    for name in names:
        text = text.replace(name, "")
    await page.screenshot(path=str(tmp_path / f"english-{screen}.png"), full_page=True)
    assert not _vietnamese_words(text), f"Vietnamese on the English {screen} screen: {_vietnamese_words(text)}"


async def _sign_in(page: Page, live_url: str) -> None:
    phone = random_phone()
    await page.get_by_role("banner").get_by_role("link", name="Sign in", exact=True).click()
    await page.get_by_label("Mobile phone number").fill(phone)
    await page.get_by_role("button", name="Send code").click()
    code_input = page.get_by_label("Verification code (6 digits)")
    await expect(code_input).to_be_visible()
    code = await sms_code(e164(phone))  # as the SMS reached the gateway simulator
    # A wrong code: the server's refusal, in English.
    await code_input.fill("000000" if code != "000000" else "111111")
    await page.get_by_role("button", name="Sign in", exact=True).click()
    await expect(page.get_by_text("The code is not right. You have 4 tries left.")).to_be_visible()
    await code_input.fill(code)
    await page.get_by_role("button", name="Sign in", exact=True).click()
    await expect(page.get_by_role("heading", name="My account")).to_be_visible()


async def _fill_profile(page: Page, province: str, commune: str, names: list[str], tmp_path: Path) -> None:
    await page.get_by_role("button", name="Edit").click()
    await page.get_by_label("Full name").fill(APPLICANT)
    await page.get_by_label("Province or city").select_option(province)
    await page.get_by_label("Commune or ward").select_option(commune)
    await page.get_by_label("House number, street, village").fill(STREET)
    await _assert_english(page, names, "profile-form", tmp_path)
    # A citizen ID whose first digits are no province: only the server knows, and says so in English.
    await page.get_by_label("Citizen ID (12 digits)").fill("999123456789")
    await page.get_by_role("button", name="Save").click()
    await expect(
        page.get_by_text("This citizen ID number is not right: its first 3 digits are not a province code.")
    ).to_be_visible()
    await page.get_by_label("Citizen ID (12 digits)").fill("")
    await page.get_by_role("button", name="Save").click()
    await expect(page.get_by_text("Saved.")).to_be_visible()
    await _assert_english(page, names, "account", tmp_path)


async def _find_and_open(page: Page, live_url: str, names: list[str], tmp_path: Path) -> str:
    await page.goto(f"{live_url}/#/")
    popular = page.get_by_role("region", name=re.compile("^(Most filed|Common) procedures$"))
    await expect(popular.get_by_role("link")).to_have_count(6)
    await expect(page.get_by_role("region", name="Browse by field").get_by_role("link", name="Civil status")).to_be_visible()
    await _assert_english(page, names, "home", tmp_path)
    await page.get_by_label("Search administrative procedures").fill("khai sinh")
    # Vietnamese names are what the search reads (the hint says so); the results are in English.
    await expect(page.get_by_role("status")).to_have_text(re.compile(r"^\d+ procedures found\."))
    result = page.locator(".result__name").first
    await expect(result).to_have_text("Birth registration")
    await _assert_english(page, names, "search", tmp_path)
    await result.click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Birth registration")
    await expect(page.get_by_text("The same day (received after 15:00: the next working day)")).to_be_visible()
    await _assert_english(page, names, "procedure", tmp_path)
    await page.get_by_role("link", name="File a dossier").click()
    await expect(page).to_have_url(DOSSIER_URL)
    return DOSSIER_URL.search(page.url).group(1)  # type: ignore[union-attr]


async def _fill_form(page: Page) -> None:
    await expect(page.get_by_label("Applicant's full name")).to_have_value(APPLICANT)
    await page.get_by_label(re.compile(r"^Child's family, middle and given names")).fill(CHILD)
    await page.get_by_label(re.compile(r"^Child's date of birth \(required\)")).fill("01/11/2026")
    await page.get_by_label(re.compile(r"^Sex")).select_option(label="Male")
    await page.get_by_label(re.compile(r"^Place of birth")).fill("Nha Trang")
    mother = page.get_by_label(re.compile(r"^Mother's full name"))
    await mother.fill("")
    await mother.blur()
    await expect(page.get_by_text("“Mother's full name” is required")).to_be_visible()
    await mother.fill(MOTHER)
    copies = page.get_by_label(re.compile(r"^Number of copies of the birth extract"))
    await copies.fill("11")
    await expect(page.get_by_text("“Number of copies of the birth extract requested” must be at most 10")).to_be_visible()
    await copies.fill("1")


async def _attach_photos(page: Page, live_url: str, tmp_path: Path) -> None:
    async with httpx.AsyncClient(base_url=live_url) as http:
        documents = (await http.get(f"/api/catalog/procedures/{BIRTH_REGISTRATION}")).json()["documents"]
    required = [d for d in documents if d.get("required", True)]
    for index, document in enumerate(required):
        photo = tmp_path / f"page-{index}.jpg"
        photo.write_bytes(document_photo(text=f"PAGE {index}"))
        slot = page.locator(f'section.doc-slot[data-document="{document["code"]}"]')
        await expect(slot.get_by_role("heading")).to_have_text(document["name_en"])
        await slot.locator('input[type="file"]:not([capture])').set_input_files(str(photo))
        use_anyway = slot.get_by_role("button", name="Use this photo anyway")
        page_item = slot.locator(".page-item")
        await expect(page_item.or_(use_anyway).first).to_be_visible()
        if await use_anyway.count():
            await use_anyway.click()
        await expect(page_item).to_have_count(1)
    await expect(page.locator('.page-item[data-page-status="ready"]')).to_have_count(len(required), timeout=30_000)


async def test_a_whole_filing_in_english_shows_no_vietnamese_but_names(
    browser: Browser, live_url: str, settings: Settings, demo_commune: str, tmp_path: Path
) -> None:
    await clear_rate_limits(settings)
    province = settings.demo_province_code
    names = await _allowed_names(live_url, province)
    # The browser speaks Vietnamese: English is the person's choice in the app, and the app's choice wins.
    context = await browser.new_context(viewport=SMALL_PHONE, locale="vi-VN", is_mobile=True, has_touch=True)
    page = await context.new_page()
    try:
        await page.goto(live_url)
        await page.get_by_role("banner").get_by_role("button", name="English").click()
        await expect(page.get_by_label("Search administrative procedures")).to_be_visible()
        await _sign_in(page, live_url)
        await _fill_profile(page, province, demo_commune, names, tmp_path)
        dossier_id = await _find_and_open(page, live_url, names, tmp_path)

        await _fill_form(page)
        await _attach_photos(page, live_url, tmp_path)
        await page.get_by_label("Deliver to my address by public post").check()
        await expect(page.get_by_label("House number, street, village")).to_have_value(STREET)
        await expect(page.locator(".fee-total")).to_have_text("Free")
        await _assert_english(page, names, "filing", tmp_path)

        await page.get_by_role("button", name="Submit dossier").click()
        await expect(page.get_by_role("heading", name="Dossier submitted")).to_be_visible()
        code = (await page.locator(".dossier-code").text_content() or "").strip()
        await _assert_english(page, names, "submitted", tmp_path)

        await page.get_by_role("link", name="See my dossiers").click()
        await expect(page.get_by_role("link", name=re.compile(re.escape(code)))).to_be_visible()
        await _assert_english(page, names, "dossiers", tmp_path)
        await page.get_by_role("link", name=re.compile(re.escape(code))).click()
        await expect(page.get_by_role("heading", level=1)).to_have_text("Birth registration")
        await expect(page.get_by_text("Sent, waiting for the one-stop officer to check it").first).to_be_visible()
        await _assert_english(page, names, "dossier", tmp_path)

        # The choice was shown in English and stored as the catalogue's value.
        conn = await asyncpg.connect(settings.database_url)
        try:
            form = await conn.fetchval("select form from dossiers where id = $1", dossier_id)
        finally:
            await conn.close()
        assert '"child_sex": "Nam"' in form
    finally:
        await context.close()


# A procedure an administrator added without English; its words sort after every demo procedure's.
UNTRANSLATED = {
    "code": "9.900001", "name": "Yêu cầu thử nghiệm chưa dịch", "field": "bao_tro_xa_hoi", "level": "commune",
    "processing": {"working_days": 3}, "fee": {"kind": "free"}, "online": "full", "result_by_post": False,
    "documents": [{"code": "don", "name": "Đơn yêu cầu thử nghiệm"}],
    "form": [{"name": "ly_do", "label": "Lý do yêu cầu", "type": "text", "required": True}],
    "note": "Ghi chú chưa dịch.",
}


async def test_catalogue_text_nobody_translated_shows_in_vietnamese_marked(
    browser: Browser, live_url: str, settings: Settings, seeded_live: None, tmp_path: Path
) -> None:
    await clear_rate_limits(settings)
    async with httpx.AsyncClient(base_url=live_url) as http:
        admin = await sign_in_staff(http, *DEMO["admin"])
        created = await http.post("/api/catalog/admin/procedures", json=UNTRANSLATED, headers=admin.headers())
        assert created.status_code == 201, created.text
        published = await http.post(f"/api/catalog/admin/procedure-versions/{created.json()['id']}/publish", headers=admin.headers())
        assert published.status_code == 200, published.text
    context = await browser.new_context(viewport=SMALL_PHONE, locale="en-GB", is_mobile=True, has_touch=True)
    page = await context.new_page()
    try:
        await page.goto(live_url)
        await page.get_by_role("banner").get_by_role("button", name="English").click()
        await page.goto(f"{live_url}/#/thu-tuc/{UNTRANSLATED['code']}")
        heading = page.get_by_role("heading", level=1)
        await expect(heading).to_have_text("Yêu cầu thử nghiệm chưa dịch (tiếng Việt)")
        await expect(heading.locator('[lang="vi"]')).to_have_count(1)
        await expect(page.get_by_text("Đơn yêu cầu thử nghiệm (tiếng Việt)")).to_be_visible()
        # The words the server puts together are English all the same.
        await expect(page.get_by_text("3 working days")).to_be_visible()
        await _assert_english(page, await _allowed_names(live_url, settings.demo_province_code), "untranslated", tmp_path)
    finally:
        await context.close()

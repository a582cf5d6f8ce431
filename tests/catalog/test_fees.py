"""The fee engine: every fee kind in the data file, properties, and the API's 422s."""

from __future__ import annotations

import json

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st
from litestar.testing import AsyncTestClient

from backend.catalog import fees
from backend.catalog.fees import FeeAnswers, FeeInputError, FeeRule, quote
from backend.catalog.demo import DATA_FILE

DATA = json.loads(DATA_FILE.read_text("utf-8"))
RULES = {p["code"]: msgspec.convert(p["fee"], FeeRule) for p in DATA["procedures"]}


def test_data_file_covers_every_fee_kind() -> None:
    assert {type(r).__name__ for r in RULES.values()} == {
        "FreeFee", "FlatFee", "PerCopyFee", "PerPageFee", "ByChannelFee"
    }


def test_free() -> None:
    result = quote(RULES["1.001193"], FeeAnswers())
    assert (result.total, result.explanation) == (0, "Không thu phí, lệ phí.")


def test_flat_with_reduced_amount() -> None:
    rule = RULES["2.000488"]
    assert quote(rule, FeeAnswers()).total == 200_000
    reduced = quote(rule, FeeAnswers(exemptions=["hoc_sinh_sinh_vien"]))
    assert reduced.total == 100_000
    assert reduced.explanation == "100.000 ₫ (giảm từ 200.000 ₫ cho học sinh, sinh viên)."
    assert quote(rule, FeeAnswers(exemptions=["ho_ngheo"])).total == 200_000


def test_flat_with_variants() -> None:
    rule = RULES["XNC.HC"]
    assert quote(rule, FeeAnswers()).total == 200_000
    lost = quote(rule, FeeAnswers(variant="lost_or_damaged"))
    assert lost.total == 400_000 and lost.lines[0].label == "Lệ phí (cấp lại do mất, hỏng)"
    with pytest.raises(FeeInputError) as caught:
        quote(rule, FeeAnswers(variant="express"))
    assert caught.value.field == "variant"


def test_per_copy_with_exemptions() -> None:
    rule = RULES["2.000635"]
    assert quote(rule, FeeAnswers(copies=3)).total == 24_000
    assert quote(rule, FeeAnswers(copies=3)).explanation == "8.000 ₫ mỗi bản × 3 bản = 24.000 ₫."
    exempt = quote(rule, FeeAnswers(copies=3, exemptions=["ho_ngheo"]))
    assert exempt.total == 0 and exempt.lines[0].label == "Miễn phí cho hộ nghèo"


def test_per_page_tiers_and_cap() -> None:
    rule = RULES["2.000815"]
    assert quote(rule, FeeAnswers(pages=1)).total == 2_000
    assert quote(rule, FeeAnswers(pages=2)).total == 4_000
    assert quote(rule, FeeAnswers(pages=5, copies=2)).total == (4_000 + 3 * 1_000) * 2
    capped = quote(rule, FeeAnswers(pages=1_000, copies=3))
    assert capped.total == 200_000 * 3
    assert capped.explanation == "200.000 ₫ mỗi bản (1000 trang, tối đa 200.000 ₫ mỗi bản) × 3 bản = 600.000 ₫."
    with pytest.raises(FeeInputError) as caught:
        quote(rule, FeeAnswers())
    assert caught.value.field == "pages" and "số trang" in caught.value.message


def test_by_channel() -> None:
    rule = RULES["1.004222"]
    assert quote(rule, FeeAnswers(channel="online")).total == 10_000
    counter = quote(rule, FeeAnswers(channel="counter"))
    assert counter.total == 20_000 and counter.explanation == "Nộp tại quầy: 20.000 ₫ (nộp trực tuyến: 10.000 ₫)."
    assert quote(RULES["2.001610"], FeeAnswers(channel="online")).total == 0


def test_describe_every_rule_in_words() -> None:
    assert fees.describe(RULES["2.000815"]) == (
        "trang 1–2: 2.000 ₫/trang, từ trang 3: 1.000 ₫/trang; tối đa 200.000 ₫ mỗi bản."
    )
    assert fees.describe(RULES["2.000635"]) == (
        "8.000 ₫ mỗi bản; miễn cho người có công với cách mạng, hộ nghèo, người khuyết tật."
    )
    for rule in RULES.values():
        assert fees.describe(rule).endswith(".")


# ---- properties ----------------------------------------------------------------------------------

amounts = st.integers(min_value=0, max_value=2_000_000)
groups = st.lists(st.sampled_from(["ho_ngheo", "nguoi_co_cong", "hoc_sinh_sinh_vien", "khac"]), max_size=3)


@st.composite
def per_page_rules(draw: st.DrawFn) -> fees.PerPageFee:
    starts = sorted(set(draw(st.lists(st.integers(1, 50), min_size=1, max_size=4))) | {1})
    tiers = [
        fees.PageTier(from_page=a, to_page=(b - 1 if b is not None else None), amount=draw(amounts))
        for a, b in zip(starts, [*starts[1:], None], strict=True)
    ]
    return fees.PerPageFee(tiers=tiers, cap_per_copy=draw(st.none() | amounts), exemptions=draw(groups))


rules = st.one_of(
    st.sampled_from(list(RULES.values())),
    st.builds(fees.FreeFee, exemptions=groups),
    st.builds(
        fees.FlatFee,
        amount=amounts,
        reduced=st.none() | st.builds(fees.Reduced, amount=amounts, for_=groups),
        variants=st.dictionaries(st.just("lost_or_damaged"), amounts),
        exemptions=groups,
    ),
    st.builds(fees.PerCopyFee, amount=amounts, exemptions=groups),
    per_page_rules(),
    st.builds(fees.ByChannelFee, counter=amounts, online=amounts, exemptions=groups),
)
answers = st.builds(
    FeeAnswers,
    copies=st.integers(1, 50),
    pages=st.integers(1, 500),
    channel=st.sampled_from(["counter", "online"]),
    exemptions=groups,
)


@given(rules, answers, st.integers(0, 20), st.integers(0, 200))
def test_monotonic_in_copies_and_pages(rule: FeeRule, base: FeeAnswers, more_copies: int, more_pages: int) -> None:
    bigger = msgspec.structs.replace(base, copies=base.copies + more_copies, pages=base.pages + more_pages)
    assert quote(rule, bigger).total >= quote(rule, base).total


@given(rules, answers)
def test_never_negative_and_lines_add_up(rule: FeeRule, given_answers: FeeAnswers) -> None:
    result = quote(rule, given_answers)
    assert result.total >= 0
    assert sum(line.amount for line in result.lines) == result.total


@given(per_page_rules(), answers)
def test_cap_per_copy_holds(rule: fees.PerPageFee, given_answers: FeeAnswers) -> None:
    if rule.cap_per_copy is not None:
        assert quote(rule, given_answers).total <= rule.cap_per_copy * given_answers.copies


@given(rules, answers, groups)
def test_claiming_exemptions_never_increases_the_fee(rule: FeeRule, base: FeeAnswers, claimed: list[str]) -> None:
    more = msgspec.structs.replace(base, exemptions=[*base.exemptions, *claimed])
    assert quote(rule, more).total <= quote(rule, base).total


# ---- the API -------------------------------------------------------------------------------------



@pytest.mark.usefixtures("seeded")
async def test_fee_endpoint_itemises(client: AsyncTestClient) -> None:
    response = await client.post("/api/catalog/procedures/2.000815/fee", json={"pages": 3, "copies": 2})
    assert response.status_code == 200
    assert response.json() == {
        "total": 10_000,
        "lines": [{"label": "2 bản × 3 trang", "amount": 10_000, "label_en": "2 copies × 3 pages"}],
        "explanation": "5.000 ₫ mỗi bản (3 trang) × 2 bản = 10.000 ₫.",
        "currency": "VND",
        "explanation_en": "₫5,000 per copy (3 pages) × 2 copies = ₫10,000.",
    }


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"pages": -1}, "pages", "phải lớn hơn hoặc bằng 1"),
        ({"pages": 2, "copies": 0}, "copies", "phải lớn hơn hoặc bằng 1"),
        ({"pages": "ba"}, "pages", "phải là một số nguyên"),
        ({"copies": "hai", "pages": 1}, "copies", "phải là một số nguyên"),
        ({"channel": "fax", "pages": 1}, "channel", "không nằm trong danh sách cho phép"),
        ({"copies": 1}, "pages", "Hãy nhập số trang của giấy tờ để tính lệ phí."),
    ],
)
async def test_bad_answers_are_vietnamese_422s(client: AsyncTestClient, body: dict, field: str, message: str) -> None:
    response = await client.post("/api/catalog/procedures/2.000815/fee", json=body)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["errors"][0]["field"] == field
    assert message in problem["errors"][0]["message"]
    assert message in problem["detail"]


@pytest.mark.usefixtures("seeded")
async def test_unknown_variant_is_a_vietnamese_422(client: AsyncTestClient) -> None:
    response = await client.post("/api/catalog/procedures/XNC.HC/fee", json={"variant": "express"})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_fee_answers"
    assert response.json()["detail"] == "Trường hợp đã chọn không áp dụng cho thủ tục này."
